"""The scouting page's landing and the director's partners panel: a verified partner with a
stated profile opens /scout on projects to see and directors to watch, each with reasons,
shortlists a project (the director's inbox is told) and follows a director in place; a partner
without a profile, or not yet verified, is told what to do. On a pitched project the director
sees the partners that fit and submits to an open call in one click."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.context import Context
from projections.views.inbox import Inbox
from tests.web.test_pages_bridge import bridge, opportunity  # noqa: F401  (fixture)
from tests.web.test_pages_projects import HX, member, post, project, sign_in

PROFILE = {
    "genres": ["drama"],
    "formats": ["short"],
    "budget_min_krw": 0,
    "budget_max_krw": 0,
    "stages": ["development", "production"],
    "offers": ["call_for_pitches"],
    "description": "Character-driven shorts.",
}


@pytest.fixture
def scouting(filmhouse, bridge):  # noqa: F811
    filmhouse.state_partner_profile(Context(bridge["partner"]), bridge["org"], **PROFILE)
    night_bus = project(filmhouse, bridge["director"], title="Night Bus")
    return {**bridge, "night_bus": night_bus}


def landing(web) -> str:
    page = web.get("/scout")
    assert page.status_code == 200
    return page.text


def test_scout_opens_on_projects_to_see_and_directors_to_watch_with_reasons(web, scouting):
    sign_in(web, "partner@filmhouse.test")
    page = landing(web)
    see = re.search(r'<section id="see".*?</section>', page, re.S).group(0)
    watch = re.search(r'<section id="watch".*?</section>', page, re.S).group(0)
    assert "Night Bus" in see and "Kim Director" in see
    assert "in genres you look for: drama" in see
    assert "Shortlist" in see
    assert "Kim Director" in watch and "Follow" in watch
    assert 'href="/scout/talent"' in page


@pytest.mark.parametrize("htmx", [False, True])
def test_shortlisting_a_recommended_project_tells_the_director(web, filmhouse, scouting, htmx):
    sign_in(web, "partner@filmhouse.test")
    answer = post(web, f"/scout/projects/{scouting['night_bus']}/shortlist", htmx=htmx)
    assert answer.status_code == (200 if htmx else 303)
    if htmx:
        assert answer.text.lstrip().startswith('<section id="see"')
        assert "The director has been told in their inbox." in answer.text
        assert 'id="interests" aria-labelledby="interests-title" hx-swap-oob="true"' in answer.text
    else:
        assert answer.headers["location"] == "/scout#see"
    assert "Shortlisted" in landing(web)
    with web.app.state.projector.db.read() as tx:
        items = Inbox.items(tx, scouting["director"])
    assert [(i.kind, i.subject_id) for i in items if i.kind == "partner_interest"] == [
        ("partner_interest", scouting["night_bus"])
    ]


def test_shortlisting_a_draft_is_refused_as_not_found(web, filmhouse, scouting):
    draft = project(filmhouse, scouting["director"], title="Secret Draft", pitch=False)
    sign_in(web, "partner@filmhouse.test")
    answer = post(web, f"/scout/projects/{draft}/shortlist", htmx=True)
    assert answer.status_code == 404
    assert "There is no such project, or it has not been pitched yet." in answer.text


@pytest.mark.parametrize("htmx", [False, True])
def test_following_a_director_to_watch_answers_in_place(web, filmhouse, scouting, htmx):
    sign_in(web, "partner@filmhouse.test")
    answer = post(web, f"/scout/directors/{scouting['director']}/follow", htmx=htmx)
    assert answer.status_code == (200 if htmx else 303)
    if htmx:
        assert answer.text.lstrip().startswith('<section id="watch"')
    assert "Unfollow" in landing(web)


def test_more_of_a_list_by_htmx_or_a_plain_link(web, filmhouse, scouting):
    for n in range(7):
        project(filmhouse, scouting["director"], title=f"Drama {n}")
    sign_in(web, "partner@filmhouse.test")
    page = landing(web)
    assert page.count('class="fh-rec" id="see-') == 5 and "More projects to see" in page
    more = web.get("/scout/more", params={"list": "see", "show": 10}, headers=HX)
    assert more.status_code == 200 and more.text.count('class="fh-rec" id="see-') == 8
    plain = web.get("/scout/more", params={"list": "see", "show": 10}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/scout?see=10#see"
    assert landing_with(web, see=10).count('class="fh-rec" id="see-') == 8


def landing_with(web, **params) -> str:
    return web.get("/scout", params=params).text


def test_a_partner_without_a_profile_is_told_to_state_one(web, filmhouse, bridge):  # noqa: F811
    project(filmhouse, bridge["director"], title="Night Bus")
    sign_in(web, "partner@filmhouse.test")
    assert "State what you look for" in landing(web)


def test_a_pending_partner_is_told_it_waits_for_verification(web, filmhouse, bridge):  # noqa: F811
    pending = member(filmhouse, "new@filmhouse.test", "New Scout", ["partner"])
    filmhouse.register_partner(
        Context(pending), name="Blue Whale Films", kind="studio", business_number="220-81-62517"
    )
    sign_in(web, "new@filmhouse.test")
    page = landing(web)
    assert "The centre checks new organisations" in page and 'id="see"' not in page


# -- the director's partners panel ---------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_director_sees_partners_for_a_pitched_project_and_submits_in_one_click(
    web, filmhouse, scouting, htmx
):
    call = opportunity(filmhouse, scouting["partner"], title="Shorts fund 2026", genres=["drama"])
    sign_in(web, "dir@filmhouse.test")
    page = web.get(f"/projects/{scouting['night_bus']}").text
    panel = re.search(r'<section id="partners".*?</section>', page, re.S).group(0)
    assert f'href="/partners/{scouting["org"]}"' in panel and "Han River Pictures" in panel
    assert "looks for drama" in panel
    assert "Submit to Shorts fund 2026" in panel
    answer = post(
        web,
        f"/projects/{scouting['night_bus']}/partners/submit",
        {"opportunity_id": str(call), "title": "Shorts fund 2026"},
        htmx=htmx,
    )
    assert answer.status_code == (200 if htmx else 303)
    if htmx:
        assert answer.text.lstrip().startswith('<section id="partners"')
        assert "Submitted to Shorts fund 2026." in answer.text
        assert "Submit to Shorts fund 2026" not in answer.text
    again = post(
        web,
        f"/projects/{scouting['night_bus']}/partners/submit",
        {"opportunity_id": str(call), "title": "Shorts fund 2026"},
        htmx=True,
    )
    assert again.status_code == 409 and 'role="alert"' in again.text


def test_partners_panel_is_for_the_director_of_a_pitched_project(web, filmhouse, scouting):
    draft = project(filmhouse, scouting["director"], title="Secret Draft", pitch=False)
    sign_in(web, "dir@filmhouse.test")
    assert 'id="partners"' not in web.get(f"/projects/{draft}").text
    sign_in(web, "crew@filmhouse.test")
    assert 'id="partners"' not in web.get(f"/projects/{scouting['night_bus']}").text
    refused = post(
        web, f"/projects/{scouting['night_bus']}/partners/submit", {"opportunity_id": "not-a-call"}
    )
    assert refused.status_code == 403


# -- the fairness dashboard ----------------------------------------------------------------


def test_directors_shown_to_scouts_are_counted_on_the_fairness_dashboard(web, filmhouse, scouting):
    sign_in(web, "partner@filmhouse.test")
    landing(web)
    web.app.state.director_exposure.flush()
    page = web.get("/dashboard").text
    section = re.search(r'<section id="exposure_directors".*?</section>', page, re.S).group(0)
    assert "Directors shown to scouts" in section
    assert 'data-label="Group">First-time directors (no wrapped project)</th>' in section, section[
        :3000
    ]
    assert 'data-label="Share %">100.0</td>' in section
    assert '<section id="exposure_directors_universities"' in page
    csv = web.get("/dashboard?format=csv&table=exposure_directors").text
    assert csv.splitlines()[0] == "Group,Directors shown,Appearances,Share %"
    assert csv.splitlines()[1].startswith("First-time directors (no wrapped project),1,")


# -- the board below the lists is folded: a call to post, one line per waiting submission ---------


def _folds(html: str) -> dict[str, bool]:
    """Each fold's summary text (tags dropped) and whether it opens."""
    return {
        re.sub(r"<[^>]+>", "", summary).strip(): "open" in attributes
        for attributes, summary in re.findall(
            r"<details([^>]*)>\s*<summary>(.*?)</summary>", html, re.S
        )
    }


@pytest.mark.parametrize("htmx", [False, True])
def test_posting_a_call_is_folded_and_opens_on_a_refusal(web, scouting, htmx):
    sign_in(web, "partner@filmhouse.test")
    page = landing(web)
    assert page.index('id="see"') < page.index('id="post-a-call"')
    assert _folds(page)["Post a call"] is False
    refused = post(web, "/scout/opportunities", {"kind": "call_for_pitches"}, htmx=htmx)
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<section id="postings"') is htmx
    assert _folds(refused.text)["Post a call"] is True
    assert 'id="post-title-error"' in refused.text


@pytest.mark.parametrize("htmx", [False, True])
def test_a_waiting_submission_is_one_line_with_its_decisions_behind_decide(
    web, filmhouse, scouting, htmx
):
    opportunity_id = opportunity(filmhouse, scouting["partner"])
    submission_id = filmhouse.submit_to_opportunity(
        Context(scouting["director"]), opportunity_id, scouting["night_bus"], "Our pitch"
    )
    sign_in(web, "partner@filmhouse.test")
    page = landing(web)
    line = page.split(f'<li id="submission-{submission_id}"', 1)[1].split("</li>", 1)[0]
    assert "Night Bus" in line and "Submitted" in line and "Kim Director" in line
    assert _folds(line) == {"Decide — Night Bus": False, "Shortlist": False, "Pass": False}
    refused = post(web, f"/scout/submissions/{submission_id}/shortlist", {"reason": ""}, htmx=htmx)
    assert refused.status_code == 422
    line = refused.text.split(f'<li id="submission-{submission_id}"', 1)[1].split("</li>", 1)[0]
    assert _folds(line) == {"Decide — Night Bus": True, "Shortlist": True, "Pass": False}
    assert "Give a reason" in line


def test_the_folds_speak_korean(web, filmhouse, scouting):
    opportunity_id = opportunity(filmhouse, scouting["partner"])
    filmhouse.submit_to_opportunity(
        Context(scouting["director"]), opportunity_id, scouting["night_bus"], "Our pitch"
    )
    sign_in(web, "partner@filmhouse.test")
    folds = _folds(web.get("/scout", headers={"Accept-Language": "ko"}).text)
    assert "공모 올리기" in folds and any(k.startswith("마감하기…") for k in folds)


def test_past_the_five_latest_the_waiting_submissions_are_folded(web, filmhouse, scouting, clock):
    opportunity_id = opportunity(filmhouse, scouting["partner"])
    for n in range(1, 8):
        take = project(filmhouse, scouting["director"], title=f"Take {n}")
        filmhouse.submit_to_opportunity(Context(scouting["director"]), opportunity_id, take, "Hi")
        clock.advance(timedelta(hours=1))
    sign_in(web, "partner@filmhouse.test")
    pipeline = landing(web).split('<section id="pipeline"', 1)[1]
    shown, folded = pipeline.split("2 more waiting", 1)
    assert re.findall(r">(Take \d)</a>", shown) == [f"Take {n}" for n in (7, 6, 5, 4, 3)]
    assert re.findall(r">(Take \d)</a>", folded.split("</ol>", 1)[0]) == ["Take 2", "Take 1"]
    assert _folds(pipeline)["2 more waiting"] is False


def test_closed_postings_are_folded_below_the_open_ones(web, filmhouse, scouting):
    opportunity(filmhouse, scouting["partner"], title="Open call")
    closed = opportunity(filmhouse, scouting["partner"], title="Old call")
    filmhouse.close_opportunity(Context(scouting["partner"]), closed, "Full")
    sign_in(web, "partner@filmhouse.test")
    postings = landing(web).split('<section id="postings"', 1)[1].split("</section>", 1)[0]
    live, past = postings.split("Closed and past postings (1)", 1)
    assert "Open call" in live and "Old call" not in live and "Old call" in past
    assert _folds(postings)["Closed and past postings (1)"] is False
