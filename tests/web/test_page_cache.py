"""The project page's article is kept rendered (web/pages/project_page.py `project_article`): kept
articles must never show a change late, nor one member's page to another."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from domain.context import Context
from tests.web.test_pages_projects import HX, member, project, role_of, sign_in

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
def people(filmhouse):
    director = member(filmhouse, "dir@filmhouse.test", "Kim Director", ["director"])
    crew = member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    filmhouse.claim_skill(Context(crew), skill="cinematography", level=4)
    return {"director": director, "crew": crew}


def page(web, project_id, *, htmx: bool = False) -> str:
    response = web.get(f"/projects/{project_id}", headers=HX if htmx else {})
    assert response.status_code == 200
    return response.text


def kept(web, kind: str = "article") -> int:
    """How many articles (keyed by project id first) or whole pages are kept."""
    keys = list(web.app.state.fragments._kept)
    if kind == "article":
        return sum(1 for key in keys if key[0] not in ("nav roles", "whole page"))
    return sum(1 for key in keys if key[0] == kind)


def marked(kept: tuple[str, ...], mark: str) -> tuple[str, ...]:
    return tuple(part.replace("Lee Camera", mark) for part in kept)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_second_view_is_served_from_the_kept_article_and_is_the_same(
    web, filmhouse, people, htmx
):
    project_id = project(filmhouse, people["director"])
    sign_in(web, "dir@filmhouse.test")
    first = page(web, project_id, htmx=htmx)
    assert kept(web) == 1 and kept(web, "whole page") == (0 if htmx else 1)
    assert page(web, project_id, htmx=htmx) == first
    assert "Recommended crew" in first and "Lee Camera" in first
    # what is served is what was kept: marked there, the mark shows
    store = web.app.state.fragments._kept
    for key, value in list(store.items()):
        if key[0] == "whole page":
            store[key] = marked(value, "Whole Camera")
        elif key[0] != "nav roles":
            store[key] = replace(value, html=marked(value.html, "Article Camera"))
    assert ("Article Camera" if htmx else "Whole Camera") in page(web, project_id, htmx=htmx)


def test_a_revision_shows_on_the_next_view(web, filmhouse, people):
    project_id = project(filmhouse, people["director"], title="Night Bus")
    sign_in(web, "dir@filmhouse.test")
    assert "Night Bus" in page(web, project_id)
    filmhouse.update_project(Context(people["director"]), project_id, title="Day Tram")
    after = page(web, project_id)
    assert "Day Tram" in after and "Night Bus" not in after


def test_a_hire_shows_on_the_next_view_of_director_and_crew(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    sign_in(web, "dir@filmhouse.test")
    assert "0 of 1 hired" in page(web, project_id)
    application_id = filmhouse.apply_to_role(Context(people["crew"]), project_id, role_id, "hi")
    assert "Read the message" in page(web, project_id)
    filmhouse.accept_application(Context(people["director"]), application_id)
    director_view = page(web, project_id)
    assert "1 of 1 hired" in director_view and "Read the message" not in director_view
    sign_in(web, "crew@filmhouse.test")
    assert "You are hired in this role." in page(web, project_id)


@pytest.mark.parametrize("first", ["director", "crew"])
def test_owner_actions_never_reach_another_member(web, filmhouse, people, first):
    project_id = project(filmhouse, people["director"])
    role_id = role_of(filmhouse, project_id)
    views = {}
    for who in (first, "crew" if first == "director" else "director"):
        sign_in(web, f"{'dir' if who == 'director' else 'crew'}@filmhouse.test")
        views[who] = page(web, project_id)
    assert f"/projects/{project_id}/edit" in views["director"]
    assert "Crewing pipeline" in views["director"] and "/invite" in views["director"]
    assert f"/projects/{project_id}/edit" not in views["crew"]
    assert "Crewing pipeline" not in views["crew"] and "/invite" not in views["crew"]
    assert f'id="apply-{role_id}"' in views["crew"]
    assert f'id="apply-{role_id}"' not in views["director"]


def test_every_form_on_a_kept_page_carries_the_viewers_own_csrf_token(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    tokens = []
    for _session in range(2):  # a new session each time: a new CSRF cookie, the same article
        sign_in(web, "dir@filmhouse.test")
        text = page(web, project_id)
        header = re.search(r'"x-csrftoken": "([^"]+)"', text)
        assert header
        in_forms = set(TOKEN.findall(text))
        assert in_forms == {header.group(1)} and "<!--fh:" not in text
        assert '<span class="muted">Kim Director</span>' in text
        tokens.append(header.group(1))
    assert kept(web) == 1 and kept(web, "whole page") == 1
    assert tokens[0] != tokens[1]


def test_a_visitor_sees_no_crew_names_after_a_member_viewed(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    application_id = filmhouse.apply_to_role(
        Context(people["crew"]), project_id, role_of(filmhouse, project_id), "hi"
    )
    filmhouse.accept_application(Context(people["director"]), application_id)
    sign_in(web, "dir@filmhouse.test")
    assert "Lee Camera" in page(web, project_id)
    web.cookies.clear()
    visitor = page(web, project_id)
    assert "Lee Camera" not in visitor and "Sign in to apply" in visitor


def test_recommendations_on_a_kept_page_are_counted_each_time_they_are_shown(
    web, filmhouse, people
):
    project_id = project(filmhouse, people["director"])
    sign_in(web, "dir@filmhouse.test")
    for _view in range(3):
        assert "Lee Camera" in page(web, project_id)
    state = web.app.state
    state.impressions.flush()
    state.exposure.flush()
    with state.projector.db.read() as tx:
        shown = tx.scalar(
            "SELECT shown FROM exposure_counts WHERE member_id = ?", (people["crew"].hex,)
        )
    assert shown == 3


def test_a_page_kept_in_english_is_not_served_in_korean(web, filmhouse, people):
    project_id = project(filmhouse, people["director"])
    sign_in(web, "dir@filmhouse.test")
    english = page(web, project_id)
    web.cookies.set("fh_lang", "ko")
    korean = page(web, project_id)
    assert '<html lang="en">' in english and '<html lang="ko">' in korean
    assert "Crew roles" in english and "Crew roles" not in korean
