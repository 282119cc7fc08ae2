"""The partner's profile on /partner (what the organisation looks for; refusals next to their
field, in English and in Korean), its public page, and following a director from their page
(any member; the button says Following after; without JavaScript a POST then a redirect)."""

from __future__ import annotations

import pytest

from domain.context import Context
from domain.follow import Follow
from projections.views.bridge import Bridge
from tests.domain.test_partners import brn
from tests.web.test_pages_bridge import bridge, opportunity  # noqa: F401  (fixture)
from tests.web.test_pages_projects import HX, csrf, member, post, project, sign_in

KO = {"Accept-Language": "ko"}
PROFILE = {
    "genres": ["drama", "thriller"],
    "formats": ["feature"],
    "budget_min_krw": "50,000,000",
    "budget_max_krw": "2000000000",
    "stages": ["development", "production"],
    "offers": ["co_production"],
    "description": "Character-driven features.",
}


def stated(filmhouse, org):
    return [e for e in filmhouse.events.get(org) if type(e).__name__ == "ProfileStated"]


@pytest.mark.parametrize("htmx", [False, True])
def test_partner_states_profile_on_the_organisation_page(web, filmhouse, bridge, htmx):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/partner").text
    assert 'id="profile"' in page and 'name="genres" value="drama"' in page

    response = post(web, "/partner/profile", PROFILE, htmx=htmx)

    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert response.text.lstrip().startswith('<section id="profile"')
        assert 'value="drama" checked' in response.text
    [event] = stated(filmhouse, bridge["org"])
    assert (event.genres, event.formats, event.budget_min_krw) == (
        ["drama", "thriller"], ["feature"], 50_000_000,
    )  # fmt: skip
    again = web.get("/partner").text
    assert 'value="thriller" checked' in again and "Character-driven features." in again


@pytest.mark.parametrize("htmx", [False, True])
def test_budget_upside_down_is_said_next_to_budget_max(web, filmhouse, bridge, htmx):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")
    wrong = {**PROFILE, "budget_min_krw": "300000000", "budget_max_krw": "100000000"}

    response = post(web, "/partner/profile", wrong, htmx=htmx)

    assert response.status_code == 422
    assert 'id="profile-budget-max-error"' in response.text
    assert "upside down" in response.text
    assert 'value="300000000"' in response.text  # what they typed stays
    assert ("<html" in response.text) is not htmx
    assert stated(filmhouse, bridge["org"]) == []


def test_budget_upside_down_is_said_in_korean(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")
    wrong = {**PROFILE, "budget_min_krw": "300000000", "budget_max_krw": "100000000"}

    response = web.post(
        "/partner/profile",
        data={"_csrf_token": csrf(web), **wrong},
        headers={**KO, **HX},
        follow_redirects=False,
    )

    assert response.status_code == 422
    assert 'id="profile-budget-max-error"' in response.text
    assert "예산 범위가 뒤바뀌었습니다" in response.text and "100,000,000" in response.text
    assert "upside down" not in response.text


def test_a_budget_that_is_not_a_number_is_said_on_its_field(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")

    response = post(web, "/partner/profile", {**PROFILE, "budget_min_krw": "lots"}, htmx=True)

    assert response.status_code == 422 and 'id="profile-budget-min-error"' in response.text


def test_an_unknown_genre_is_said_next_to_genres(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")

    response = post(web, "/partner/profile", {**PROFILE, "genres": ["telenovela"]}, htmx=True)

    assert response.status_code == 422 and 'id="profile-genres-error"' in response.text


def test_crew_cannot_state_a_partner_profile(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "crew@filmhouse.test")
    assert post(web, "/partner/profile", PROFILE).status_code == 403


def test_public_partner_page_shows_profile_and_open_calls(web, filmhouse, bridge):  # noqa: F811
    filmhouse.state_partner_profile(
        Context(bridge["partner"]), bridge["org"], genres=["drama"], formats=["short"],
        budget_min_krw=10_000_000, budget_max_krw=0, stages=["distribution"],
        offers=["distribution"], description="Shorts for our streaming strand.",
    )  # fmt: skip
    opportunity(filmhouse, bridge["partner"])
    sign_in(web, "dir@filmhouse.test")

    page = web.get(f"/partners/{bridge['org']}")

    assert page.status_code == 200
    text = page.text
    assert "Han River Pictures" in text and "Shorts for our streaming strand." in text
    assert "Short film fund 2026" in text and "from ₩10,000,000" in text
    assert "Distribution (wrapped)" in text
    korean = web.get(f"/partners/{bridge['org']}", headers=KO).text
    assert "배급" in korean
    assert "<html" not in web.get(f"/partners/{bridge['org']}", headers=HX).text


def test_a_pending_partner_page_is_seen_by_its_representative_only(web, filmhouse, bridge):  # noqa: F811
    rep = member(filmhouse, "new@filmhouse.test", "New Rep", ["partner"])
    org = filmhouse.register_partner(
        Context(rep), name="Pending Films", kind="studio", business_number=brn("220810123")
    )
    sign_in(web, "dir@filmhouse.test")
    assert web.get(f"/partners/{org}").status_code == 404
    assert web.get(f"/partners/{bridge['crew']}").status_code == 404
    sign_in(web, "new@filmhouse.test")
    assert "Pending Films" in web.get(f"/partners/{org}").text


# -- following a director from their page ---------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_crew_follows_a_director_from_their_page(web, filmhouse, bridge, htmx):  # noqa: F811
    director = bridge["director"]
    sign_in(web, "crew@filmhouse.test")
    page = web.get(f"/members/{director}").text
    assert f'action="/directors/{director}/follow"' in page

    response = post(web, f"/directors/{director}/follow", {"back": "member"}, htmx=htmx)

    if htmx:
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<section id="follow"')
        assert f'action="/directors/{director}/unfollow"' in response.text
    else:
        assert response.status_code == 303
        assert response.headers["location"] == f"/members/{director}#follow"
    assert filmhouse.repository.get(Follow.id_for(bridge["crew"], director)).active
    again = web.get(f"/members/{director}").text
    assert "Following · unfollow" in again and "1 member follows this director." in again

    twice = post(web, f"/directors/{director}/follow", {"back": "member"}, htmx=True)
    assert twice.status_code == 200
    assert len(list(filmhouse.events.get(Follow.id_for(bridge["crew"], director)))) == 1

    unfollow = post(web, f"/directors/{director}/unfollow", {"back": "member"}, htmx=htmx)
    assert unfollow.status_code == (200 if htmx else 303)
    assert not filmhouse.repository.get(Follow.id_for(bridge["crew"], director)).active


def test_follow_button_in_korean(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "crew@filmhouse.test")
    page = web.get(f"/members/{bridge['director']}", headers=KO).text
    assert "팔로우" in page


def test_a_director_sees_no_follow_button_on_their_own_page(web, filmhouse, bridge):  # noqa: F811
    director = bridge["director"]
    sign_in(web, "dir@filmhouse.test")
    page = web.get(f"/members/{director}").text
    assert f'action="/directors/{director}/follow"' not in page
    refused = post(web, f"/directors/{director}/follow", {"back": "member"}, htmx=True)
    assert refused.status_code == 409 and "cannot follow yourself" in refused.text


def test_a_crew_member_has_no_follow_button(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "partner@filmhouse.test")
    page = web.get(f"/members/{bridge['crew']}").text
    assert "/follow" not in page


def test_followed_directors_pitch_reaches_the_inbox(web, filmhouse, bridge):  # noqa: F811
    sign_in(web, "crew@filmhouse.test")
    post(web, f"/directors/{bridge['director']}/follow", {"back": "member"})
    project(filmhouse, bridge["director"], title="Night Bus")

    inbox = web.get("/inbox").text

    assert "Kim Director, whom you follow, pitched Night Bus." in inbox
    korean = web.get("/inbox", headers=KO).text
    assert "Night Bus" in korean and "피칭" in korean


def test_signed_out_follow_is_refused(web, filmhouse, bridge):  # noqa: F811
    response = web.post(f"/directors/{bridge['director']}/follow", follow_redirects=False)
    assert response.status_code in (401, 403, 303)
    with filmhouse_read(web) as tx:
        assert Bridge.member_followers(tx, bridge["director"]) == []


def filmhouse_read(web):
    return web.app.state.projector.db.read()
