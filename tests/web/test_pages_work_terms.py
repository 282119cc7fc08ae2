"""Crew state a day rate and genre interests on /me, shown on their profile (the rate to
signed-in members only); a director gives a paid role its budget on the role form."""

from __future__ import annotations

import pytest

from projections.views.directory import Directory
from tests.web import test_pages_members as members
from tests.web.test_pages_members import join, post, sign_in
from tests.web.test_pages_projects import project

people = members.people  # the member pages' people, as a fixture here


@pytest.mark.parametrize("htmx", [False, True])
def test_crew_state_day_rate_and_genres_inline(web, filmhouse, people, htmx):
    sign_in(web, "Editor Choi")
    editor = web.get("/me").text
    assert 'id="me-work"' in editor and 'name="day_rate_krw"' in editor
    response = post(
        web,
        "/me/work-terms",
        {"day_rate_krw": "₩250,000", "genres": ["thriller", "drama"]},
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert 'id="me-work"' in response.text and "<html" not in response.text
        assert 'value="250000"' in response.text
    member = filmhouse.member(people["editor"])
    assert (member.day_rate_krw, member.genre_interests) == (250_000, ["drama", "thriller"])
    with web.app.state.projector.db.read() as tx:
        card = Directory.member(tx, people["editor"])
    assert card is not None and (card.day_rate_krw, card.genres) == (250_000, ("drama", "thriller"))


def test_work_terms_refusals_land_next_to_their_fields(web, people):
    sign_in(web, "Editor Choi")
    typed = post(web, "/me/work-terms", {"day_rate_krw": "a lot"}, htmx=True)
    assert typed.status_code == 422 and 'id="me-day-rate-error"' in typed.text
    dear = post(web, "/me/work-terms", {"day_rate_krw": "99000000"}, htmx=True)
    assert dear.status_code == 422 and 'id="me-day-rate-error"' in dear.text
    genre = post(web, "/me/work-terms", {"genres": "space opera"}, htmx=True)
    assert genre.status_code == 422 and 'id="me-genres-error"' in genre.text


def test_profile_shows_genres_to_all_and_the_rate_to_members(web, filmhouse, people):
    sign_in(web, "Editor Choi")
    post(web, "/me/work-terms", {"day_rate_krw": "180000", "genres": ["comedy"]})
    web.cookies.clear()
    public = web.get(f"/members/{people['editor']}").text
    assert "Wants to work on" in public and "₩180,000" not in public
    join(filmhouse, "Director Yun", roles=("director",))
    sign_in(web, "Director Yun")
    assert "₩180,000" in web.get(f"/members/{people['editor']}").text


def test_director_sets_a_paid_roles_budget_on_the_role_form(web, filmhouse):
    director = join(filmhouse, "Director Yun", roles=("director",))
    project_id = project(filmhouse, director, pitch=False)
    sign_in(web, "Director Yun")
    fields = {"role": "gaffer", "count": "1", "start": "2026-05-01", "end": "2026-05-10"}
    unpaid = post(web, f"/projects/{project_id}/roles", {**fields, "budget_krw": "500000"}, True)
    assert unpaid.status_code == 422 and 'id="new-role-budget-error"' in unpaid.text
    added = post(
        web,
        f"/projects/{project_id}/roles",
        {**fields, "paid": "on", "budget_krw": "3,000,000"},
        htmx=True,
    )
    assert added.status_code == 200
    gaffer = next(r for r in filmhouse.project(project_id).roles.values() if r.role == "gaffer")
    assert (gaffer.paid, gaffer.budget_krw) == (True, 3_000_000)
    assert 'value="3000000"' in web.get(f"/projects/{project_id}/edit").text
