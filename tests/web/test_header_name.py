"""The header names the signed-in member as the directory has them now: a rename on /me shows
on the next page, whether the page is rendered afresh or kept (the project page)."""

from __future__ import annotations

import re

import pytest

from tests.web.test_pages_members import hire, join, post, sign_in


def header_name(html: str) -> str:
    header = html.split('<header class="bar">', 1)[1].split("</header>", 1)[0]
    found = re.search(r'<span class="muted">([^<]*)</span>', header)
    assert found, header
    return found.group(1)


@pytest.mark.parametrize("htmx", [False, True])
def test_after_a_rename_the_header_reads_the_new_name(web, filmhouse, htmx):
    director = join(filmhouse, "Director Lee", roles=("director",))
    project_id = hire(filmhouse, director, join(filmhouse, "Editor Choi"))
    sign_in(web, "Director Lee")
    assert header_name(web.get("/me").text) == "Director Lee"
    assert header_name(web.get(f"/projects/{project_id}").text) == "Director Lee"
    saved = post(web, "/me/profile", {"name": "Director Lee-Han", "city": "Seoul"}, htmx=htmx)
    assert saved.status_code == (200 if htmx else 303)
    assert header_name(web.get("/me").text) == "Director Lee-Han"
    assert header_name(web.get(f"/projects/{project_id}").text) == "Director Lee-Han"
    assert header_name(web.get("/projects").text) == "Director Lee-Han"
