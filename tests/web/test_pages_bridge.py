"""Commercial bridge pages: the opportunities board and detail with submissions, the scouting
board (postings, pipeline decisions, interest, following) and the partner's organisation."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.follow import Follow
from domain.opportunity import Submission
from projections.views.bridge import Bridge
from tests.web.test_pages_projects import HX, member, post, project, sign_in

BRN = "124-81-00998"


@pytest.fixture
def bridge(filmhouse):
    admin = filmhouse.create_admin(
        email="admin@filmhouse.test", password="a-long-password", name="Centre Admin"
    )
    director = member(filmhouse, "dir@filmhouse.test", "Kim Director", ["director"])
    partner = member(filmhouse, "partner@filmhouse.test", "Park Studio", ["partner"])
    crew = member(filmhouse, "crew@filmhouse.test", "Lee Camera", ["crew"])
    org = filmhouse.register_partner(
        Context(partner), name="Han River Pictures", kind="production_company", business_number=BRN
    )
    filmhouse.verify_partner(Context(admin), org)
    return {"admin": admin, "director": director, "partner": partner, "crew": crew, "org": org}


def deadline(filmhouse, days: int = 14) -> datetime:
    return filmhouse.clock.now() + timedelta(days=days)


def opportunity(
    filmhouse,
    partner: UUID,
    *,
    kind: str = "call_for_pitches",
    title: str = "Short film fund 2026",
    **extra,
) -> UUID:
    return filmhouse.post_opportunity(
        Context(partner),
        kind=kind,
        title=title,
        description="We co-finance shorts.",
        criteria=["a pitched short"],
        deadline=deadline(filmhouse),
        **extra,
    )


# -- the board -----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_board_groups_open_calls_by_kind(web, filmhouse, bridge, htmx):
    opportunity(filmhouse, bridge["partner"])
    opportunity(
        filmhouse,
        bridge["partner"],
        kind="hiring",
        title="Gaffer for a feature",
        pay_min_krw=250_000,
        pay_basis="per_shoot_day",
        conditions="10 shoot days in June, Seoul, standard contract",
    )
    response = web.get("/opportunities", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "Short film fund 2026" in response.text and "Gaffer for a feature" in response.text
    assert "₩250,000 per shoot day" in response.text
    assert ("<html" in response.text) is not htmx
    only_hiring = web.get("/opportunities", params={"kind": "hiring"}).text
    assert "Gaffer for a feature" in only_hiring and "Short film fund 2026" not in only_hiring


def test_board_in_korean(web, filmhouse, bridge):
    opportunity(filmhouse, bridge["partner"])
    page = web.get("/opportunities", headers={"Accept-Language": "ko"}).text
    assert "기획안 공모" in page and "채용" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_opportunity_page_lets_a_director_submit(web, filmhouse, bridge, htmx):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    project(filmhouse, bridge["director"], title="Unpitched", pitch=False)
    sign_in(web, "dir@filmhouse.test")
    page = web.get(f"/opportunities/{opportunity_id}", headers=HX if htmx else {})
    assert page.status_code == 200 and "Night Bus" in page.text and "Unpitched" not in page.text
    assert ("<html" in page.text) is not htmx
    refused = post(web, f"/opportunities/{opportunity_id}/submit", {"project_id": ""}, htmx=htmx)
    assert refused.status_code == 422 and 'id="submit-project-error"' in refused.text
    response = post(
        web,
        f"/opportunities/{opportunity_id}/submit",
        {"project_id": str(project_id), "note": "Ready to shoot in May."},
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    submission = filmhouse.submission(Submission.id_for(opportunity_id, project_id))
    assert submission.note == "Ready to shoot in May."
    mine = web.get("/my/projects").text
    assert "Short film fund 2026" in mine and "Submitted" in mine


def test_submitting_twice_or_after_the_deadline_says_why(web, filmhouse, bridge, clock):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    sign_in(web, "dir@filmhouse.test")
    post(web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(project_id)})
    twice = post(
        web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(project_id)}, htmx=True
    )
    assert twice.status_code == 409 and "already submitted" in twice.text
    other = project(filmhouse, bridge["director"], title="Second")
    clock.advance(timedelta(days=30))
    late = post(
        web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(other)}, htmx=True
    )
    assert late.status_code == 409 and "deadline" in late.text
    assert "takes no more submissions" in late.text


def test_only_directors_submit(web, filmhouse, bridge):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    sign_in(web, "crew@filmhouse.test")
    assert (
        post(
            web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(UUID(int=1))}
        ).status_code
        == 403
    )
    web.cookies.clear()
    assert (
        post(
            web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(UUID(int=1))}
        ).status_code
        == 401
    )


def test_a_taken_down_posting_is_gone_for_directors(web, filmhouse, bridge):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    filmhouse.take_down_opportunity(Context(bridge["admin"]), opportunity_id, "Misleading.")
    assert web.get(f"/opportunities/{opportunity_id}").status_code == 404
    sign_in(web, "partner@filmhouse.test")
    page = web.get(f"/opportunities/{opportunity_id}")
    assert page.status_code == 200 and "Misleading." in page.text


def test_a_director_withdraws_a_submission_with_a_reason(web, filmhouse, bridge):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    submission_id = filmhouse.submit_to_opportunity(
        Context(bridge["director"]), opportunity_id, project_id
    )
    sign_in(web, "dir@filmhouse.test")
    refused = post(web, f"/submissions/{submission_id}/withdraw", {"reason": ""}, htmx=True)
    assert refused.status_code == 422 and "Say why" in refused.text
    post(web, f"/submissions/{submission_id}/withdraw", {"reason": "Found another partner."})
    assert filmhouse.submission(submission_id).state.value == "withdrawn"


# -- the partner's organisation ------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_partner_registers_and_sees_the_pending_state(web, filmhouse, htmx):
    member(filmhouse, "new@filmhouse.test", "New Partner", ["partner"])
    sign_in(web, "new@filmhouse.test")
    page = web.get("/partner", headers=HX if htmx else {})
    assert page.status_code == 200 and '<label for="org-number">' in page.text
    bad = post(
        web,
        "/partner",
        {"name": "Blue Whale Films", "kind": "studio", "business_number": "123-45-67890"},
        htmx=htmx,
    )
    assert bad.status_code == 422 and 'id="org-number-error"' in bad.text
    assert "check digit" in bad.text
    good = post(
        web,
        "/partner",
        {"name": "Blue Whale Films", "kind": "studio", "business_number": BRN},
        htmx=htmx,
    )
    assert good.status_code == (200 if htmx else 303)
    assert "Waiting for the centre to verify it" in web.get("/partner").text
    scouting = web.get("/scout").text
    assert "Only a verified organisation" in scouting and "Post an opportunity" not in scouting


def test_partner_pages_are_for_partners(web, filmhouse, bridge):
    assert web.get("/partner").status_code == 401
    sign_in(web, "dir@filmhouse.test")
    assert web.get("/partner").status_code == 403
    assert web.get("/scout").status_code == 403


# -- scouting ------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_scout_board_lists_projects_and_searches(web, filmhouse, bridge, htmx):
    project(filmhouse, bridge["director"], title="Night Bus")
    project(filmhouse, bridge["director"], title="Harbour Song")
    sign_in(web, "partner@filmhouse.test")
    page = web.get("/scout")
    assert page.status_code == 200
    for text in ("Night Bus", "Kim Director", "Post an opportunity", 'id="pipeline"'):
        assert text in page.text
    found = web.get("/scout", params={"q": "harbour"}, headers=HX if htmx else {})
    assert "Harbour Song" in found.text and "Night Bus" not in found.text
    assert ("<html" in found.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_a_hiring_post_without_pay_is_refused_inline(web, filmhouse, bridge, htmx):
    sign_in(web, "partner@filmhouse.test")
    response = post(
        web,
        "/scout/opportunities",
        {
            "kind": "hiring",
            "title": "Boom operator",
            "description": "Feature, 20 days.",
            "criteria": "Two features as boom op",
            "deadline": "2026-04-01T18:00",
        },
        htmx=htmx,
    )
    assert response.status_code == 422
    assert 'id="post-pay-error"' in response.text and "must say what it pays" in response.text
    assert 'id="post-conditions-error"' in response.text
    assert 'value="Boom operator"' in response.text
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_posting_and_closing_an_opportunity(web, filmhouse, bridge, htmx):
    sign_in(web, "partner@filmhouse.test")
    response = post(
        web,
        "/scout/opportunities",
        {
            "kind": "hiring",
            "title": "Boom operator",
            "description": "Feature, 20 days.",
            "criteria": "Two features as boom op\nOwn kit",
            "deadline": "2026-04-01T18:00",
            "pay_min_krw": "2,500,000",
            "pay_max_krw": "3000000",
            "pay_basis": "per_month",
            "conditions": "June, Seoul and Busan, standard contract",
            "formats": ["feature"],
        },
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    board = web.get("/opportunities").text
    assert "Boom operator" in board and "₩2,500,000–₩3,000,000" in board
    from projections.views.bridge import Bridge

    with filmhouse_views(web) as tx:
        posted = Bridge.postings_of(tx, bridge["org"])[0]
    assert posted.deadline == datetime(2026, 4, 1, 18, 0, tzinfo=SEOUL)
    assert posted.criteria == ("Two features as boom op", "Own kit")
    closed = post(
        web, f"/scout/opportunities/{posted.opportunity_id}/close", {"reason": "Filled."}, htmx=htmx
    )
    assert closed.status_code == (200 if htmx else 303)
    assert filmhouse.opportunity(posted.opportunity_id).closed


def filmhouse_views(web):
    return web.app.state.projector.db.read()


@pytest.mark.parametrize("htmx", [False, True])
def test_pipeline_decisions_each_need_a_reason(web, filmhouse, bridge, htmx):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    submission_id = filmhouse.submit_to_opportunity(
        Context(bridge["director"]), opportunity_id, project_id, "Our pitch"
    )
    sign_in(web, "partner@filmhouse.test")
    assert "Our pitch" in web.get("/scout").text
    no_reason = post(
        web, f"/scout/submissions/{submission_id}/shortlist", {"reason": ""}, htmx=htmx
    )
    assert no_reason.status_code == 422 and "Give a reason" in no_reason.text
    too_early = post(
        web,
        f"/scout/submissions/{submission_id}/deal",
        {"reason": "Love it", "amount_krw": "1000000", "kind": "development"},
        htmx=htmx,
    )
    assert too_early.status_code == 409 and "shortlist it first" in too_early.text
    steps = [
        ("shortlist", {"reason": "Strong logline."}),
        ("meeting", {"reason": "Let us talk.", "proposed_at": "2026-03-10T15:00"}),
        (
            "deal",
            {
                "reason": "Agreed.",
                "amount_krw": "30,000,000",
                "kind": "co_production",
                "summary": "Co-finance 30%",
            },
        ),
    ]
    for decision, data in steps:
        answer = post(web, f"/scout/submissions/{submission_id}/{decision}", data, htmx=htmx)
        assert answer.status_code == (200 if htmx else 303), answer.text
        if htmx:
            assert answer.text.lstrip().startswith('<section id="pipeline"')
    decided = filmhouse.submission(submission_id)
    assert decided.state.value == "deal_signed" and decided.deal["amount_krw"] == 30_000_000
    assert "Deal signed" in web.get("/scout").text
    sign_in(web, "dir@filmhouse.test")
    assert "Agreed." in web.get("/my/projects").text


def test_someone_elses_submission_cannot_be_decided(web, filmhouse, bridge):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    submission_id = filmhouse.submit_to_opportunity(
        Context(bridge["director"]), opportunity_id, project_id
    )
    rival = member(filmhouse, "rival@filmhouse.test", "Rival", ["partner"])
    org = filmhouse.register_partner(
        Context(rival), name="Rival Co", kind="studio", business_number="220-81-62517"
    )
    filmhouse.verify_partner(Context(bridge["admin"]), org)
    sign_in(web, "rival@filmhouse.test")
    response = post(web, f"/scout/submissions/{submission_id}/pass", {"reason": "No."}, htmx=True)
    assert response.status_code == 403
    assert filmhouse.submission(submission_id).state.value == "submitted"


@pytest.mark.parametrize("htmx", [False, True])
def test_partner_registers_interest_and_follows_from_the_project_page(web, filmhouse, bridge, htmx):
    project_id = project(filmhouse, bridge["director"])
    sign_in(web, "partner@filmhouse.test")
    page = web.get(f"/projects/{project_id}").text
    assert "Register interest" in page and "Follow the director" in page
    interest = post(
        web, f"/projects/{project_id}/interest", {"note": "Send us the deck."}, htmx=htmx
    )
    assert interest.status_code == (200 if htmx else 303)
    if htmx:
        assert interest.text.lstrip().startswith('<section id="partner"')
    follow = post(
        web, f"/directors/{bridge['director']}/follow", {"project_id": str(project_id)}, htmx=htmx
    )
    assert follow.status_code == (200 if htmx else 303)
    partner = filmhouse.partner(bridge["org"])
    follow_id = Follow.id_for(bridge["partner"], bridge["director"])
    assert project_id in partner.interests and filmhouse.repository.get(follow_id).active
    scout = web.get("/scout").text
    assert "Send us the deck." in scout and "Unfollow" in scout
    unfollow = post(web, f"/directors/{bridge['director']}/unfollow", htmx=htmx)
    assert unfollow.status_code == (200 if htmx else 303)
    assert not filmhouse.repository.get(follow_id).active
    sign_in(web, "dir@filmhouse.test")
    assert "Han River Pictures" in web.get(f"/projects/{project_id}").text


def test_crew_cannot_register_interest(web, filmhouse, bridge):
    project_id = project(filmhouse, bridge["director"])
    sign_in(web, "crew@filmhouse.test")
    assert post(web, f"/projects/{project_id}/interest", {"note": "x"}).status_code == 403


# -- the pipeline after a decision: confirmed, on top, counted ---------------------------------


@pytest.fixture
def five_submissions(filmhouse, bridge, clock):
    """Five projects submitted a day apart: "Take 1" first, "Take 5" last."""
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    ids = []
    for n in range(1, 6):
        project_id = project(filmhouse, bridge["director"], title=f"Take {n}")
        ids.append(
            filmhouse.submit_to_opportunity(
                Context(bridge["director"]), opportunity_id, project_id, f"Pitch {n}"
            )
        )
        clock.advance(timedelta(days=1))
    return ids


def waiting_titles(html: str) -> list[str]:
    waiting = html.split("Waiting for your answer", 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<a href="/projects/[^"]+">(Take \d)</a>', waiting)


def counts_of(html: str) -> str:
    return (
        html.split('<section id="pipeline"', 1)[1]
        .split('<p class="muted">', 1)[1]
        .split("</p>", 1)[0]
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_shortlisting_confirms_it_and_brings_the_submission_to_the_top(
    web, bridge, five_submissions, htmx
):
    sign_in(web, "partner@filmhouse.test")
    assert waiting_titles(web.get("/scout").text) == [
        "Take 5",
        "Take 4",
        "Take 3",
        "Take 2",
        "Take 1",
    ]
    oldest = five_submissions[0]
    answer = post(
        web, f"/scout/submissions/{oldest}/shortlist", {"reason": "Strong logline."}, htmx=htmx
    )
    if htmx:
        assert answer.status_code == 200
        page = answer.text
    else:
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/scout?decided={oldest}#pipeline"
        page = web.get(answer.headers["location"].split("#")[0]).text
    assert "Take 1 is now: Shortlisted. The director sees your reason." in page
    assert waiting_titles(page) == ["Take 1", "Take 5", "Take 4", "Take 3", "Take 2"]
    reloaded = web.get("/scout").text
    assert counts_of(page) == counts_of(reloaded)
    assert "Shortlisted: <strong>1</strong>" in counts_of(reloaded)
    assert waiting_titles(reloaded) == waiting_titles(page)


@pytest.mark.parametrize("htmx", [False, True])
def test_submitting_brings_the_submission_count_up_to_date(web, filmhouse, bridge, htmx):
    opportunity_id = opportunity(filmhouse, bridge["partner"])
    project_id = project(filmhouse, bridge["director"])
    sign_in(web, "dir@filmhouse.test")
    assert (
        '<span id="submission-count">0</span>' in web.get(f"/opportunities/{opportunity_id}").text
    )
    answer = post(
        web, f"/opportunities/{opportunity_id}/submit", {"project_id": str(project_id)}, htmx=htmx
    )
    assert answer.status_code == (200 if htmx else 303)
    if htmx:
        assert '<span id="submission-count" hx-swap-oob="true">1</span>' in answer.text
    page = web.get(f"/opportunities/{opportunity_id}").text
    assert '<span id="submission-count">1</span>' in page
    assert "hx-swap-oob" not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_a_posting_s_genres_are_stored_as_the_vocabulary_s_keys_and_a_rare_one_as_written(
    web, filmhouse, bridge, htmx
):
    sign_in(web, "partner@filmhouse.test")
    response = post(
        web,
        "/scout/opportunities",
        {
            "kind": "call_for_pitches",
            "title": "Night stories",
            "description": "Shorts at night.",
            "criteria": "A pitched short",
            "deadline": "2026-04-01T18:00",
            "genres": "드라마,  Science Fiction , shadow puppetry",
        },
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 303)
    with filmhouse_views(web) as tx:
        posted = Bridge.postings_of(tx, bridge["org"])[0]
    assert filmhouse.opportunity(posted.opportunity_id).genres == [
        "drama",
        "science fiction",
        "shadow puppetry",
    ]
    page = web.get(
        f"/opportunities/{posted.opportunity_id}", headers={"Accept-Language": "ko"}
    ).text
    assert "드라마, SF, shadow puppetry" in page
