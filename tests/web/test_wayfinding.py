"""Way-finding: the first steps a new member is led to by role, with what is done ticked off;
the navigation (every page a member uses is in it, folded into one menu line on a phone); the
site's icon; and directors of the same name told apart on the scouting board."""

from __future__ import annotations

import re
from datetime import date

import pytest

from domain.context import Context
from projections.views.directory import Directory
from tests.web.test_pages_bridge import BRN
from tests.web.test_pages_projects import HX, PASSWORD, member, project, sign_in


def steps(web) -> dict[str, bool]:
    """The first-steps page as {step: done}."""
    page = web.get("/welcome", headers=HX).text
    found = re.findall(r'<li class="card fh-step( fh-step-done)?">.*?<h2>(.*?) <span', page, re.S)
    return {title: bool(done) for done, title in found}


# -- first steps -------------------------------------------------------------------------------


def test_first_steps_need_a_member(web):
    assert web.get("/welcome", follow_redirects=False).status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
def test_crew_are_led_to_skills_and_availability_and_each_is_ticked_when_done(web, filmhouse, htmx):
    crew = member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    sign_in(web, "crew@filmhouse.test")
    page = web.get("/welcome", headers=HX if htmx else {})
    assert page.status_code == 200 and ("<html" in page.text) is not htmx
    assert 'href="/me#me-skills"' in page.text and 'href="/me#me-availability"' in page.text
    assert "0 of 5 done" in page.text
    assert steps(web) == {
        "Add your skills": False,
        "Mark the days you are away": False,
        "Apply for a role": False,
        "Say who you are": False,
        "Confirm your email address": False,
    }
    filmhouse.claim_skill(Context(crew), skill="cinematography", level=4)
    filmhouse.set_unavailable(Context(crew), [(date(2026, 6, 1), date(2026, 6, 7))])
    done = steps(web)
    assert done["Add your skills"] and done["Mark the days you are away"]
    assert not done["Apply for a role"]
    assert "2 of 5 done" in web.get("/welcome").text


def test_a_director_is_led_to_a_first_project_then_to_pitching_it(web, filmhouse):
    director = member(filmhouse, "dir@filmhouse.test", "Kim Director", ["director"])
    sign_in(web, "dir@filmhouse.test")
    assert steps(web) == {
        "Draft your first project": False,
        "Add crew roles and pitch it": False,
        "Say who you are": False,
        "Confirm your email address": False,
    }
    assert 'href="/projects/new"' in web.get("/welcome").text
    draft = project(filmhouse, director, pitch=False)
    assert f'href="/projects/{draft}/edit"' in web.get("/welcome").text
    assert steps(web)["Draft your first project"]
    filmhouse.pitch_project(Context(director), draft)
    assert steps(web)["Add crew roles and pitch it"]


def test_a_partner_is_led_to_register_the_organisation(web, filmhouse):
    member(filmhouse, "partner@filmhouse.test", "Park Studio", ["partner"])
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/welcome").text
    assert "Register your organisation" in page and 'href="/partner"' in page
    assert "Add your skills" not in page and "Draft your first project" not in page


def test_first_steps_speak_korean(web, filmhouse):
    member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    sign_in(web, "crew@filmhouse.test")
    web.cookies.set("fh_lang", "ko")
    page = web.get("/welcome").text
    assert "첫걸음" in page and "Add your skills" not in page


# -- the navigation ----------------------------------------------------------------------------


def nav_of(html: str) -> str:
    found = re.search(r'<nav aria-label="Main" class="main-nav">.*?</nav>', html, re.S)
    assert found
    return found.group(0)


@pytest.mark.parametrize(
    ("roles", "listed"), [(["crew"], True), (["director"], True), (["partner"], False)]
)
def test_my_invitations_is_in_the_navigation_of_who_can_be_invited(web, filmhouse, roles, listed):
    member(filmhouse, "someone@filmhouse.test", "Some One", roles)
    sign_in(web, "someone@filmhouse.test")
    nav = nav_of(web.get("/my/bookings").text)
    assert ('<a href="/my/invitations"' in nav) is listed


def test_the_phone_menu_names_the_page_and_holds_the_same_links(web, filmhouse):
    member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    sign_in(web, "crew@filmhouse.test")
    nav = nav_of(web.get("/my/invitations").text)
    wide = re.search(r'<ul class="nav-wide">(.*?)</ul>', nav, re.S).group(1)
    menu = re.search(r'<details class="nav-menu">.*?<ul>(.*?)</ul>', nav, re.S).group(1)
    assert wide == menu and wide.count("<li>") >= 10
    assert '<span class="nav-here"> · My invitations</span>' in nav
    assert '<a href="/my/invitations" aria-current="page">' in wide


# -- the site's icon ---------------------------------------------------------------------------


def test_every_page_links_an_icon_that_is_served(web):
    home = web.get("/").text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in home
    icon = web.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")
    legacy = web.get("/favicon.ico", follow_redirects=False)
    assert legacy.status_code == 301 and legacy.headers["location"] == "/static/favicon.svg"


# -- directors of the same name on the scouting board ------------------------------------------


def test_two_directors_of_the_same_name_are_told_apart_when_scouting(web, filmhouse):
    with web.app.state.projector.db.read() as tx:
        universities = Directory.universities(tx)
    arts = next(u for u in universities if "Arts" in u.name)
    other = next(u for u in universities if u.university_id != arts.university_id)
    first, second = (
        filmhouse.sign_up(
            Context(None),
            email=f"kim{n}@filmhouse.test",
            password=PASSWORD,
            name="Kim Min-jun",
            roles=["director"],
            university_id=school,
        )
        for n, school in ((1, arts.university_id), (2, other.university_id))
    )
    project(filmhouse, first, title="Night Bus")
    project(filmhouse, second, title="Harbour Song")
    project(filmhouse, second, title="Salt Road")
    admin = filmhouse.create_admin(
        email="admin@filmhouse.test", password=PASSWORD, name="Centre Admin"
    )
    partner = member(filmhouse, "partner@filmhouse.test", "Park Studio", ["partner"])
    org = filmhouse.register_partner(
        Context(partner), name="Han River Pictures", kind="production_company", business_number=BRN
    )
    filmhouse.verify_partner(Context(admin), org)
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/scout").text
    board = re.search(r'<div id="scout-projects".*?</table>', page, re.S).group(0)
    rows = {
        title: re.search(rf"{title}</a>.*?</tr>", board, re.S).group(0)
        for title in ("Night Bus", "Harbour Song")
    }
    assert f'<a href="/members/{first}">Kim Min-jun</a>' in rows["Night Bus"]
    assert f'<a href="/members/{second}">Kim Min-jun</a>' in rows["Harbour Song"]
    assert arts.name in rows["Night Bus"] and other.name not in rows["Night Bus"]
    assert other.name in rows["Harbour Song"]
    assert "1 project shown" in rows["Night Bus"] and "2 projects shown" in rows["Harbour Song"]
    directors = re.search(r'<section id="directors".*?</section>', page, re.S).group(0)
    listed = re.findall(
        r'<li><a href="/members/([0-9a-f-]+)">Kim Min-jun</a>(.*?)</li>', directors, re.S
    )
    facts = {member_id: text for member_id, text in listed}
    assert arts.name in facts[str(first)] and "1 project shown" in facts[str(first)]
    assert other.name in facts[str(second)] and "2 projects shown" in facts[str(second)]
