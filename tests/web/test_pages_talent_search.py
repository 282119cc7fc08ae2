"""Talent search for scouts: directors and crew filtered by skill, level, genre, university,
verified credits and free dates, each result saying why it matched; a search can be saved to
hear of new members who fit it."""

from __future__ import annotations

from datetime import date

import pytest

from domain.context import Context
from domain.vocabulary import SearchKind
from projections.views.directory import Directory
from projections.views.inbox import Inbox
from tests.web.test_pages_bridge import bridge  # noqa: F401  (fixture)
from tests.web.test_pages_projects import HX, member, post, project, role_of, sign_in


@pytest.fixture
def talent(filmhouse, bridge):  # noqa: F811
    camera = member(filmhouse, "cam@filmhouse.test", "Jung Camera", ["crew"])
    filmhouse.claim_skill(Context(camera), skill="cinematography", level=4)
    junior = member(filmhouse, "junior@filmhouse.test", "Oh Junior", ["crew"])
    filmhouse.claim_skill(Context(junior), skill="cinematography", level=2)
    editor = member(filmhouse, "edit@filmhouse.test", "Seo Editor", ["crew"])
    filmhouse.claim_skill(Context(editor), skill="editing", level=5)
    project(filmhouse, bridge["director"], title="Night Bus")
    return {**bridge, "camera": camera, "junior": junior, "editor": editor}


@pytest.mark.parametrize("htmx", [False, True])
def test_talent_search_filters_by_skill_and_level_and_says_why(web, talent, htmx):
    sign_in(web, "partner@filmhouse.test")
    found = web.get(
        "/scout/talent",
        params={"skill": "cinematography", "level": "3"},
        headers=HX if htmx else {},
    )
    assert found.status_code == 200
    assert ("<html" in found.text) is not htmx
    assert "Jung Camera" in found.text
    assert "Oh Junior" not in found.text and "Seo Editor" not in found.text
    assert "Cinematography at level 4 (claimed)" in found.text
    assert 'data-label="Why they match"' in found.text


def test_talent_search_by_genre_finds_the_director_of_a_project_in_it(web, talent):
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/scout/talent", params={"role": "director", "genre": "drama"}).text
    assert "Kim Director" in page and "Has worked in Drama" in page
    assert "Jung Camera" not in page
    assert "Kim Director" not in web.get("/scout/talent", params={"genre": "horror"}).text


def test_talent_search_leaves_out_crew_hired_in_the_period(web, filmhouse, talent):
    shoot = project(filmhouse, talent["director"], title="Harbour Song")
    role = role_of(filmhouse, shoot)
    invitation = filmhouse.invite(Context(talent["director"]), shoot, role, talent["camera"])
    filmhouse.accept_invitation(Context(talent["camera"]), invitation)
    sign_in(web, "partner@filmhouse.test")
    busy = {"skill": "cinematography", "from": "2026-05-03", "to": "2026-05-04"}
    page = web.get("/scout/talent", params=busy).text
    assert "Jung Camera" not in page
    assert "Oh Junior" in page and "Free between 2026-05-03 and 2026-05-04" in page
    later = {**busy, "from": "2026-06-01", "to": "2026-06-02"}
    assert "Jung Camera" in web.get("/scout/talent", params=later).text


def test_talent_search_leaves_out_crew_who_declared_the_days_away(web, filmhouse, talent):
    filmhouse.add_unavailable(Context(talent["camera"]), date(2026, 5, 4), date(2026, 5, 6))
    sign_in(web, "partner@filmhouse.test")
    busy = {"skill": "cinematography", "from": "2026-05-01", "to": "2026-05-04"}
    page = web.get("/scout/talent", params=busy).text
    assert "Jung Camera" not in page
    assert "Oh Junior" in page
    assert "Free between 2026-05-01 and 2026-05-04: no hire, no day declared away" in page
    later = {**busy, "from": "2026-05-07", "to": "2026-05-09"}
    assert "Jung Camera" in web.get("/scout/talent", params=later).text


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"from": "2026-05-04", "to": "2026-05-01"}, "The period ends before it starts."),
        ({"from": "2026-05-04"}, "Give both dates of the period, or neither."),
        ({"level": "9", "skill": "editing"}, "A skill level is from 1 to 5."),
        ({"level": "3"}, "Choose the skill the level or certificate is for."),
        ({"role": "admin"}, "Choose directors or crew."),
    ],
)
def test_a_talent_search_that_cannot_be_answered_says_why(web, talent, params, words):
    sign_in(web, "partner@filmhouse.test")
    answer = web.get("/scout/talent", params=params)
    assert answer.status_code == 422 and words in answer.text


def test_talent_search_is_for_verified_partners(web, filmhouse, talent):
    assert web.get("/scout/talent").status_code == 401
    sign_in(web, "cam@filmhouse.test")
    assert web.get("/scout/talent").status_code == 403
    member(filmhouse, "pending@filmhouse.test", "Pending Scout", ["partner"])
    sign_in(web, "pending@filmhouse.test")
    page = web.get("/scout/talent")
    assert page.status_code == 200 and "Register your organisation first" in page.text
    assert "Jung Camera" not in page.text


@pytest.mark.parametrize("htmx", [False, True])
def test_saving_a_talent_search_keeps_its_filters(web, filmhouse, talent, htmx):
    sign_in(web, "partner@filmhouse.test")
    answer = post(
        web,
        "/scout/talent/save",
        {
            "skill": "editing",
            "level": "4",
            "credits": "1",
            "from": "2026-06-01",
            "to": "2026-06-09",
        },
        htmx=htmx,
    )
    assert answer.status_code == (200 if htmx else 303)
    if htmx:
        assert answer.text.lstrip().startswith('<section id="save"')
        assert "Your inbox will tell you" in answer.text
    else:
        assert answer.headers["location"].startswith("/scout/talent?skill=editing")
    with filmhouse_read(web) as tx:
        saved = Inbox.saved_searches(tx, talent["partner"])
    assert [(s.kind, s.skill) for s in saved] == [(SearchKind.TALENT.value, "editing")]


def test_saving_a_search_for_everyone_is_refused_in_words(web, talent):
    sign_in(web, "partner@filmhouse.test")
    answer = post(web, "/scout/talent/save", {}, htmx=True)
    assert answer.status_code == 422
    assert "Choose at least one filter first" in answer.text


def filmhouse_read(web):
    return web.app.state.projector.db.read()


def test_talent_search_by_genre_finds_crew_who_declare_it(web, filmhouse, talent):
    filmhouse.state_work_terms(Context(talent["editor"]), day_rate_krw=0, genres=["horror"])
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/scout/talent", params={"genre": "horror"}).text
    assert "Seo Editor" in page and "Wants to work in Horror" in page


def test_the_account_page_says_a_saved_talent_search_s_filters_in_words(web, filmhouse, talent):
    cau = next(u for u in filmhouse_universities(web) if u.name == "Chung-Ang University")
    sign_in(web, "partner@filmhouse.test")
    filters = {
        "role": "crew",
        "skill": "editing",
        "level": "3",
        "genre": "drama",
        "university": cau.university_id.hex,
        "credits": "1",
        "from": "2026-06-01",
        "to": "2026-06-09",
    }
    assert post(web, "/scout/talent/save", filters, htmx=True).status_code == 200
    assert (
        post(web, "/scout/talent/save", {"skill": "editing", "certified": "1"}).status_code == 303
    )
    page = web.get("/me/account").text
    assert (
        "Crew · Editing at level 3 or above · Genre: Drama · Studies at Chung-Ang University"
        " · With verified credits · Free from 2026-06-01 to 2026-06-09"
    ) in page
    assert "Editing, certified only" in page
    korean = web.get("/me/account", headers={"Accept-Language": "ko"}).text
    assert "레벨 3 이상" in korean and "장르: " in korean and "2026-06-01 ~ 2026-06-09" in korean
    assert "인증받은 사람만" in korean


def filmhouse_universities(web):
    with filmhouse_read(web) as tx:
        return Directory.universities(tx)
