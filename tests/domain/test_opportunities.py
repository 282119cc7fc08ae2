"""Opportunities and submissions: posting (a hiring post always says what it pays), closing,
the centre's take-down, directors' submissions and the partner's pipeline to a deal.
Given events, when a command, then events (or this error)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import Conflict, DomainError, Forbidden, Invalid
from domain.opportunity import Opportunity, Submission, SubmissionState
from domain.vocabulary import DealKind, OpportunityKind, PayBasis, ProjectFormat
from tests.domain.test_partners import (
    brn,
    events_of,
    member,
    pitched_project,
    register,
    verified_partner,
)

DEADLINE = datetime(2026, 4, 1, 18, 0, tzinfo=SEOUL)  # the clock starts 2026-03-02 10:00


def post(app, partner: Context, **overrides) -> UUID:
    fields = {
        "kind": "call_for_pitches",
        "title": "Spring shorts slate",
        "description": "We develop three short films a year with emerging directors.",
        "criteria": ["first or second film", "shoots in Seoul"],
        "deadline": DEADLINE,
    }
    fields.update(overrides)
    return app.post_opportunity(partner, **fields)


HIRING = {
    "kind": "hiring",
    "title": "Assistant editor, 8 weeks",
    "description": "Assist on a feature documentary's edit.",
    "criteria": ["Premiere or Avid"],
    "pay_min_krw": 2_800_000,
    "pay_max_krw": 3_200_000,
    "pay_basis": "per_month",
    "conditions": "Mon–Fri 10:00–19:00 in Mapo; written contract; 4 insurances",
}


@pytest.fixture
def partner(app, admin) -> Context:
    return verified_partner(app, admin)


@pytest.fixture
def director(app) -> Context:
    return member(app, "mina@example.com", "director")


def submitted(app, partner: Context, director: Context, **post_overrides) -> UUID:
    opportunity_id = post(app, partner, **post_overrides)
    return app.submit_to_opportunity(
        director,
        opportunity_id,
        pitched_project(app, director),
        "Our pitch deck is attached to the project.",
    )


# -- posting --------------------------------------------------------------------------------


def test_post_opportunity_by_verified_partner_is_open(app, partner):
    opportunity_id = post(app, partner, genres=["Drama"], formats=["short", "feature"])
    opportunity = app.opportunity(opportunity_id)
    assert opportunity.kind is OpportunityKind.CALL_FOR_PITCHES
    assert opportunity.partner_id == app.partner_of(partner.actor).id
    assert opportunity.genres == ["drama"]
    assert opportunity.formats == [ProjectFormat.SHORT, ProjectFormat.FEATURE]
    assert opportunity.deadline == DEADLINE
    opportunity.ensure_open(app.clock.now())
    assert events_of(app, opportunity_id) == ["Posted"]


def test_post_opportunity_hiring_with_pay_range_and_conditions_records_them(app, partner):
    opportunity = app.opportunity(post(app, partner, **HIRING))
    assert (opportunity.pay_min_krw, opportunity.pay_max_krw) == (2_800_000, 3_200_000)
    assert opportunity.pay_basis is PayBasis.PER_MONTH
    assert opportunity.conditions.startswith("Mon–Fri")


def test_post_opportunity_hiring_with_one_amount_is_a_range_of_one(app, partner):
    fields = {**HIRING, "pay_min_krw": 250_000, "pay_max_krw": None, "pay_basis": "per_shoot_day"}
    opportunity = app.opportunity(post(app, partner, **fields))
    assert (opportunity.pay_min_krw, opportunity.pay_max_krw) == (250_000, 250_000)


@pytest.mark.parametrize(
    ("missing", "says"),
    [
        ({"pay_min_krw": None, "pay_max_krw": None}, "must state its pay and conditions"),
        ({"conditions": ""}, "must state its pay and conditions"),
        ({"conditions": "   "}, "must state its pay and conditions"),
        (
            {"pay_min_krw": None, "pay_max_krw": None, "pay_basis": None, "conditions": ""},
            "must state its pay and conditions",
        ),
        ({"pay_basis": None}, "what the pay is counted per"),
    ],
)
def test_post_opportunity_hiring_without_pay_and_conditions_is_invalid(app, partner, missing,
                                                                         says):  # fmt: skip
    with pytest.raises(Invalid, match=says):
        post(app, partner, **{**HIRING, **missing})


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"pay_min_krw": 0, "pay_max_krw": 0}, "above 0"),
        ({"pay_min_krw": 3_000_000, "pay_max_krw": 2_000_000}, "upside down"),
        ({"pay_min_krw": -5}, "pay_min_krw"),
        ({"pay_min_krw": None, "pay_max_krw": 100}, "both ends"),
        ({"pay_basis": "per_vibe"}, "pay_basis"),
    ],
)
def test_post_opportunity_with_bad_pay_is_invalid(app, partner, changes, says):
    with pytest.raises(Invalid, match=says):
        post(app, partner, **{**HIRING, **changes})


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"deadline": datetime(2026, 3, 1, 18, 0, tzinfo=SEOUL)}, "in the future"),
        ({"deadline": datetime(2026, 4, 1, 18, 0)}, "UTC offset"),
        ({"deadline": "next friday"}, "date and time"),
        ({"deadline": datetime(2027, 6, 1, tzinfo=SEOUL)}, "within a year"),
        ({"criteria": []}, "at least one criterion"),
        ({"kind": "internship"}, "kind must be one of"),
        ({"title": "x" * 201}, "limit is 200"),
        ({"formats": ["opera"]}, "formats must be one of"),
    ],
)
def test_post_opportunity_with_malformed_input_is_invalid(app, partner, changes, says):
    with pytest.raises(Invalid, match=says):
        post(app, partner, **changes)


def test_post_opportunity_deadline_as_text_is_refused_naming_the_field(app, partner):
    """Text is read into a moment at the edge (the API, the page), never by the service."""
    with pytest.raises(Invalid, match="deadline must be a date and time") as refused:
        post(app, partner, deadline="2026-04-01T18:00:00+09:00")
    assert refused.value.field == "deadline"


def test_post_opportunity_by_pending_partner_is_forbidden(app):
    ctx = member(app, "scout@lotus.example", "partner")
    register(app, ctx)
    with pytest.raises(Forbidden, match="only a verified partner can post"):
        post(app, ctx)


def test_post_opportunity_by_director_is_forbidden(app, director):
    with pytest.raises(Forbidden, match="post opportunity needs"):
        post(app, director)


# -- closing and taking down ----------------------------------------------------------------


def test_close_opportunity_by_its_partner_closes_it(app, partner):
    opportunity_id = post(app, partner)
    app.close_opportunity(partner, opportunity_id, "slate is full")
    opportunity = app.opportunity(opportunity_id)
    assert opportunity.closed and opportunity.reason == "slate is full"
    with pytest.raises(Conflict, match="already closed"):
        app.close_opportunity(partner, opportunity_id)


def test_close_opportunity_by_another_partner_is_forbidden(app, admin, partner):
    other = verified_partner(app, admin, "other@studio.example", brn("220810123"))
    opportunity_id = post(app, partner)
    with pytest.raises(Forbidden, match="only the organisation that posted it"):
        app.close_opportunity(other, opportunity_id)
    assert not app.opportunity(opportunity_id).closed


def test_take_down_opportunity_by_admin_records_reason(app, admin, partner):
    opportunity_id = post(app, partner)
    app.take_down_opportunity(admin, opportunity_id, "asks directors for an entry fee")
    opportunity = app.opportunity(opportunity_id)
    assert opportunity.taken_down and opportunity.reason == "asks directors for an entry fee"
    assert events_of(app, opportunity_id) == ["Posted", "TakenDown"]
    with pytest.raises(Conflict, match="already taken down"):
        app.take_down_opportunity(admin, opportunity_id, "again")


def test_take_down_opportunity_by_partner_is_forbidden(app, partner):
    opportunity_id = post(app, partner)
    with pytest.raises(Forbidden):
        app.take_down_opportunity(partner, opportunity_id, "oops")
    assert not app.opportunity(opportunity_id).taken_down


def test_take_down_opportunity_without_reason_is_invalid(app, admin, partner):
    opportunity_id = post(app, partner)
    with pytest.raises(Invalid, match="reason"):
        app.take_down_opportunity(admin, opportunity_id, "")


# -- submitting -----------------------------------------------------------------------------


def test_submit_to_opportunity_own_pitched_project_is_submitted(app, partner, director):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    submission_id = app.submit_to_opportunity(director, opportunity_id, project_id, "Hello")
    submission = app.submission(submission_id)
    assert submission_id == Submission.id_for(opportunity_id, project_id)
    assert submission.state is SubmissionState.SUBMITTED
    assert submission.note == "Hello" and submission.director_id == director.actor
    assert app.opportunity(opportunity_id).submissions == {project_id: submission_id}
    assert events_of(app, opportunity_id) == ["Posted", "SubmissionReceived"]


def test_submit_to_opportunity_someone_elses_project_is_forbidden(app, partner, director):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    other = member(app, "jun@example.com", "director")
    with pytest.raises(Forbidden, match="only the project's director"):
        app.submit_to_opportunity(other, opportunity_id, project_id)
    assert app.submission_for(opportunity_id, project_id) is None


def test_submit_to_opportunity_by_partner_is_forbidden(app, partner, director):
    opportunity_id = post(app, partner)
    with pytest.raises(Forbidden, match="submit to opportunity needs"):
        app.submit_to_opportunity(partner, opportunity_id, pitched_project(app, director))


def test_submit_to_opportunity_draft_project_is_conflict(app, partner, director):
    opportunity_id = post(app, partner)
    project_id = app.create_project(
        director, title="Draft", logline="Not yet.", genres=[], format=ProjectFormat.SHORT,
        budget_krw=0, shoot_start=DEADLINE.date(), shoot_end=DEADLINE.date(),
    )  # fmt: skip
    with pytest.raises(Conflict, match="pitch it first"):
        app.submit_to_opportunity(director, opportunity_id, project_id)


def test_submit_to_opportunity_after_deadline_is_conflict(app, partner, director, clock):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    clock.set(DEADLINE)
    with pytest.raises(Conflict, match=r"deadline .* passed"):
        app.submit_to_opportunity(director, opportunity_id, project_id)
    assert app.opportunity(opportunity_id).submissions == {}


def test_submit_to_opportunity_just_before_deadline_is_submitted(app, partner, director, clock):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    clock.set(DEADLINE - timedelta(seconds=1))
    app.submit_to_opportunity(director, opportunity_id, project_id)
    assert project_id in app.opportunity(opportunity_id).submissions


def test_submit_to_opportunity_taken_down_is_conflict(app, admin, partner, director):
    opportunity_id = post(app, partner)
    app.take_down_opportunity(admin, opportunity_id, "hides the pay")
    with pytest.raises(Conflict, match="taken down by the centre: hides the pay"):
        app.submit_to_opportunity(director, opportunity_id, pitched_project(app, director))


def test_submit_to_opportunity_closed_is_conflict(app, partner, director):
    opportunity_id = post(app, partner)
    app.close_opportunity(partner, opportunity_id)
    with pytest.raises(Conflict, match="closed to submissions"):
        app.submit_to_opportunity(director, opportunity_id, pitched_project(app, director))


def test_submit_to_opportunity_twice_is_conflict(app, partner, director):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    app.submit_to_opportunity(director, opportunity_id, project_id)
    with pytest.raises(Conflict, match="already submitted"):
        app.submit_to_opportunity(director, opportunity_id, project_id)
    assert len(app.opportunity(opportunity_id).submissions) == 1


def test_submit_to_opportunity_outside_its_formats_is_conflict(app, partner, director):
    opportunity_id = post(app, partner, formats=["feature"])
    with pytest.raises(Conflict, match="takes feature; this project is a short"):
        app.submit_to_opportunity(director, opportunity_id, pitched_project(app, director))


def test_submit_to_opportunity_outside_its_genres_is_conflict(app, partner, director):
    opportunity_id = post(app, partner, genres=["horror", "thriller"])
    with pytest.raises(Conflict, match="looks for horror, thriller"):
        app.submit_to_opportunity(director, opportunity_id, pitched_project(app, director))


def test_submit_to_opportunity_of_suspended_partner_is_conflict(app, admin, partner, director):
    opportunity_id = post(app, partner)
    app.suspend_partner(admin, app.partner_of(partner.actor).id, "under review")
    # the suspension closed the call in the same write
    with pytest.raises(Conflict, match="closed to submissions"):
        app.submit_to_opportunity(director, opportunity_id, pitched_project(app, director))


def test_withdraw_submission_by_its_director_is_final(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.withdraw_submission(director, submission_id, "signed elsewhere")
    assert app.submission(submission_id).state is SubmissionState.WITHDRAWN
    with pytest.raises(Conflict, match="final"):
        app.shortlist_submission(partner, submission_id, "strong voice")


def test_withdraw_submission_by_another_director_is_forbidden(app, partner, director):
    submission_id = submitted(app, partner, director)
    with pytest.raises(Forbidden):
        app.withdraw_submission(member(app, "jun@example.com", "director"), submission_id, "x")
    assert app.submission(submission_id).state is SubmissionState.SUBMITTED


# -- the partner's pipeline -----------------------------------------------------------------


def test_shortlist_then_meeting_then_deal_records_each_reason(app, partner, director):
    submission_id = submitted(app, partner, director)
    meet_at = datetime(2026, 3, 10, 15, 0, tzinfo=SEOUL)
    app.shortlist_submission(partner, submission_id, "strong visual voice")
    app.request_meeting(partner, submission_id, "talk about the budget", meet_at)
    app.sign_deal(
        partner,
        submission_id,
        "fits the slate",
        amount_krw=30_000_000,
        kind="development",
        summary="development fee, first-look option",
    )
    submission = app.submission(submission_id)
    assert submission.state is SubmissionState.DEAL_SIGNED
    assert submission.proposed_at == meet_at
    assert submission.deal == {
        "amount_krw": 30_000_000,
        "kind": DealKind.DEVELOPMENT,
        "summary": "development fee, first-look option",
    }
    assert events_of(app, submission_id) == [
        "Submitted",
        "Shortlisted",
        "MeetingRequested",
        "DealSigned",
    ]
    assert [e.reason for e in list(app.events.get(submission_id))[1:]] == [
        "strong visual voice",
        "talk about the budget",
        "fits the slate",
    ]


def test_sign_deal_is_final(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    app.sign_deal(partner, submission_id, "agreed", amount_krw=0, kind="distribution")
    with pytest.raises(Conflict, match="deal signed; that decision is final"):
        app.pass_submission(partner, submission_id, "changed our mind")
    with pytest.raises(Conflict, match="final"):
        app.withdraw_submission(director, submission_id, "changed my mind")


def test_sign_deal_on_unshortlisted_submission_is_conflict(app, partner, director):
    submission_id = submitted(app, partner, director)
    with pytest.raises(Conflict, match="submitted cannot become deal signed; shortlist it first"):
        app.sign_deal(partner, submission_id, "love it", amount_krw=1, kind="acquisition")
    assert app.submission(submission_id).state is SubmissionState.SUBMITTED


def test_request_meeting_on_unshortlisted_submission_is_conflict(app, partner, director):
    submission_id = submitted(app, partner, director)
    with pytest.raises(Conflict, match="shortlist it first"):
        app.request_meeting(
            partner, submission_id, "coffee", datetime(2026, 3, 10, 15, 0, tzinfo=SEOUL)
        )


def test_shortlist_twice_is_conflict(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    with pytest.raises(Conflict, match="only a newly submitted project is shortlisted"):
        app.shortlist_submission(partner, submission_id, "yes again")


def test_request_meeting_again_proposes_another_time(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    first = datetime(2026, 3, 10, 15, 0, tzinfo=SEOUL)
    app.request_meeting(partner, submission_id, "coffee", first)
    app.request_meeting(partner, submission_id, "moved a day", first + timedelta(days=1))
    assert app.submission(submission_id).proposed_at == first + timedelta(days=1)
    with pytest.raises(Conflict, match="already proposed"):
        app.request_meeting(partner, submission_id, "same", first + timedelta(days=1))


def test_request_meeting_in_the_past_is_invalid(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    with pytest.raises(Invalid, match="has passed"):
        app.request_meeting(
            partner, submission_id, "coffee", datetime(2026, 3, 1, 15, 0, tzinfo=SEOUL)
        )


def test_pass_submission_without_reason_is_invalid(app, partner, director):
    submission_id = submitted(app, partner, director)
    with pytest.raises(Invalid, match="reason is required"):
        app.pass_submission(partner, submission_id, "")
    assert app.submission(submission_id).state is SubmissionState.SUBMITTED


def test_pass_submission_records_the_reason(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.pass_submission(partner, submission_id, "our slate has no room for period pieces")
    submission = app.submission(submission_id)
    assert submission.state is SubmissionState.PASSED
    assert submission.reason == "our slate has no room for period pieces"


def test_shortlist_by_another_partner_is_forbidden(app, admin, partner, director):
    submission_id = submitted(app, partner, director)
    other = verified_partner(app, admin, "other@studio.example", brn("220810123"))
    with pytest.raises(Forbidden, match="only the organisation it was submitted to"):
        app.shortlist_submission(other, submission_id, "mine now")


def test_shortlist_by_director_is_forbidden(app, partner, director):
    submission_id = submitted(app, partner, director)
    with pytest.raises(Forbidden):
        app.shortlist_submission(director, submission_id, "pick me")


def test_shortlist_on_taken_down_posting_is_conflict_but_pass_is_allowed(
    app, admin, partner, director
):
    submission_id = submitted(app, partner, director)
    app.take_down_opportunity(admin, app.submission(submission_id).opportunity_id, "fee")
    with pytest.raises(Conflict, match="can only be passed"):
        app.shortlist_submission(partner, submission_id, "still keen")
    app.pass_submission(partner, submission_id, "posting taken down")
    assert app.submission(submission_id).state is SubmissionState.PASSED


def test_sign_deal_on_cancelled_project_is_conflict(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    app.cancel_project(director, app.submission(submission_id).project_id, "lost the location")
    with pytest.raises(Conflict, match="cancelled; pass on it instead"):
        app.sign_deal(partner, submission_id, "agreed", amount_krw=5, kind="acquisition")


def test_sign_deal_with_bad_terms_is_invalid(app, partner, director):
    submission_id = submitted(app, partner, director)
    app.shortlist_submission(partner, submission_id, "yes")
    with pytest.raises(Invalid, match="kind must be one of"):
        app.sign_deal(partner, submission_id, "ok", amount_krw=5, kind="handshake")
    with pytest.raises(Invalid, match="amount_krw"):
        app.sign_deal(partner, submission_id, "ok", amount_krw=-1, kind="acquisition")


# -- concurrency ----------------------------------------------------------------------------


def race(calls: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes = ["unfinished"] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait(timeout=30)
        try:
            call()
        except DomainError as error:
            outcomes[index] = type(error).__name__
        else:
            outcomes[index] = "ok"

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_submit_to_opportunity_racing_a_take_down_never_lands_after_it(app, admin, partner,
                                                                       request):  # fmt: skip
    opportunity_id = post(app, partner)
    directors = [member(app, f"d{i}@example.com", "director") for i in range(12)]
    projects = [pitched_project(app, d, title=f"Film {i}") for i, d in enumerate(directors)]
    before = app.conflicts
    calls: list[Callable[[], object]] = [
        (lambda d=d, p=p: app.submit_to_opportunity(d, opportunity_id, p))
        for d, p in zip(directors, projects, strict=True)
    ]
    calls.insert(6, lambda: app.take_down_opportunity(admin, opportunity_id, "entry fee"))
    outcomes = race(calls)
    retries = app.conflicts - before
    counts = Counter(outcomes)
    print(f"\n[submit vs take-down on {request.node.callspec.id}] attempts={len(calls)} "
          f"outcomes={dict(counts)} retries={retries}")  # fmt: skip
    assert outcomes[6] == "ok"
    log = events_of(app, opportunity_id)
    assert log[-1] == "TakenDown"
    received = app.opportunity(opportunity_id).submissions
    assert len(received) == counts["ok"] - 1 == log.count("SubmissionReceived")
    stored = [p for p in projects if app.submission_for(opportunity_id, p) is not None]
    assert sorted(stored) == sorted(received)
    assert counts["ok"] - 1 + counts["Conflict"] == len(directors)


def test_submit_to_opportunity_same_project_many_at_once_submits_once(app, partner, director,
                                                                       request):  # fmt: skip
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    before = app.conflicts
    outcomes = race([lambda: app.submit_to_opportunity(director, opportunity_id, project_id)
                     for _ in range(8)])  # fmt: skip
    counts = Counter(outcomes)
    print(f"\n[same project submitted on {request.node.callspec.id}] attempts=8 "
          f"outcomes={dict(counts)} retries={app.conflicts - before}")  # fmt: skip
    assert counts == {"ok": 1, "Conflict": 7}
    assert events_of(app, opportunity_id).count("SubmissionReceived") == 1


def test_opportunity_aggregate_replays_to_the_same_state(app, partner, director):
    submission_id = submitted(app, partner, director, **HIRING)
    opportunity_id = app.submission(submission_id).opportunity_id
    app.close_opportunity(partner, opportunity_id, "filled")
    replayed = app.repository.get(opportunity_id)
    assert isinstance(replayed, Opportunity)
    assert replayed.closed and replayed.pay_basis is PayBasis.PER_MONTH
    assert replayed.submissions == {app.submission(submission_id).project_id: submission_id}
