"""The bridge's refusals the opportunity tests leave out: an organisation that is not verified
now (suspended, rejected, not yet verified, never registered) posts, closes and decides
nothing, and is back once reinstated; calls that take no submissions (closed, past their
deadline, of a suspended organisation) record none; a pay range upside down posts nothing.
Given events, when a command, then events (or this error, and no event at all)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid
from domain.opportunity import SubmissionState
from tests.domain.test_opportunities import DEADLINE, HIRING, post, submitted
from tests.domain.test_partners import (
    brn,
    events_of,
    member,
    pitched_project,
    register,
    verified_partner,
)


@pytest.fixture
def partner(app, admin) -> Context:
    return verified_partner(app, admin)


@pytest.fixture
def director(app) -> Context:
    return member(app, "mina@example.com", "director")


def suspend(app, admin: Context, partner: Context, reason: str = "under review") -> UUID:
    partner_id = app.partner_of(partner.actor).id
    app.suspend_partner(admin, partner_id, reason)
    return partner_id


def refused_without_events(app, error: type[Exception], says: str, command) -> None:
    """The command is refused with `error`, saying `says`, and the log does not grow."""
    head = app.recorder.max_notification_id()
    with pytest.raises(error, match=says):
        command()
    assert app.recorder.max_notification_id() == head


# -- posting: only a verified organisation --------------------------------------------------


def test_post_opportunity_by_suspended_partner_is_forbidden(app, admin, partner):
    suspend(app, admin, partner, "posted unpaid work as paid")
    refused_without_events(
        app,
        Forbidden,
        "suspended: posted unpaid work as paid; only a verified partner can post",
        lambda: post(app, partner),
    )


def test_post_opportunity_by_rejected_partner_is_forbidden(app, admin):
    ctx = member(app, "scout@lotus.example", "partner")
    app.reject_partner(admin, register(app, ctx), "no such company at that number")
    refused_without_events(
        app, Forbidden, "was not verified: no such company at that number", lambda: post(app, ctx)
    )


def test_post_opportunity_by_partner_without_organisation_is_forbidden(app):
    ctx = member(app, "scout@lotus.example", "partner")
    refused_without_events(
        app, Forbidden, "register your organisation first", lambda: post(app, ctx)
    )


def test_post_opportunity_after_reinstatement_is_posted(app, admin, partner):
    partner_id = suspend(app, admin, partner)
    app.verify_partner(admin, partner_id)
    opportunity_id = post(app, partner)
    assert events_of(app, opportunity_id) == ["Posted"]


def test_post_opportunity_pay_range_upside_down_is_invalid_on_pay_max(app, partner):
    head = app.recorder.max_notification_id()
    with pytest.raises(Invalid, match="upside down") as refused:
        post(app, partner, **{**HIRING, "pay_min_krw": 3_000_000, "pay_max_krw": 2_000_000})
    assert refused.value.field == "pay_max_krw"
    assert (refused.value.params["pay_min_krw"], refused.value.params["pay_max_krw"]) == (
        3_000_000,
        2_000_000,
    )
    assert app.recorder.max_notification_id() == head


# -- closing and deciding: only while verified ----------------------------------------------


def test_suspension_closes_the_calls_and_a_suspended_partner_cannot_touch_them(app, admin, partner):
    opportunity_id = post(app, partner)
    suspend(app, admin, partner)
    assert app.opportunity(opportunity_id).closed
    refused_without_events(
        app,
        Forbidden,
        "only a verified partner can close postings",
        lambda: app.close_opportunity(partner, opportunity_id, "slate full"),
    )


@pytest.mark.parametrize(
    "decide",
    [
        lambda app, ctx, s: app.shortlist_submission(ctx, s, "strong voice"),
        lambda app, ctx, s: app.pass_submission(ctx, s, "not our slate"),
        lambda app, ctx, s: app.request_meeting(
            ctx, s, "let us talk", app.clock.now() + timedelta(days=3)
        ),
        lambda app, ctx, s: app.sign_deal(ctx, s, "signed", amount_krw=0, kind="distribution"),
    ],
    ids=["shortlist", "pass", "meeting", "deal"],
)
def test_decision_by_suspended_partner_is_forbidden(app, admin, partner, director, decide):
    submission_id = submitted(app, partner, director)
    suspend(app, admin, partner)
    refused_without_events(
        app,
        Forbidden,
        "suspended: under review; only a verified partner can decide on submissions",
        lambda: decide(app, partner, submission_id),
    )
    assert app.submission(submission_id).state is SubmissionState.SUBMITTED


def test_decision_after_reinstatement_is_recorded(app, admin, partner, director):
    submission_id = submitted(app, partner, director)
    app.verify_partner(admin, suspend(app, admin, partner))
    app.shortlist_submission(partner, submission_id, "strong voice")
    assert events_of(app, submission_id) == ["Submitted", "Shortlisted"]


def test_withdraw_submission_to_suspended_partner_is_withdrawn(app, admin, partner, director):
    """The director is not held to a posting whose organisation is on hold."""
    submission_id = submitted(app, partner, director)
    suspend(app, admin, partner)
    app.withdraw_submission(director, submission_id, "the studio is suspended")
    assert events_of(app, submission_id) == ["Submitted", "Withdrawn"]


# -- submitting: only to a call that takes submissions now ----------------------------------


def test_submit_to_closed_call_records_nothing(app, partner, director):
    opportunity_id = post(app, partner)
    app.close_opportunity(partner, opportunity_id, "slate full")
    project_id = pitched_project(app, director)
    refused_without_events(
        app,
        Conflict,
        "closed to submissions",
        lambda: app.submit_to_opportunity(director, opportunity_id, project_id),
    )
    assert app.submission_for(opportunity_id, project_id) is None
    assert events_of(app, opportunity_id) == ["Posted", "Closed"]


def test_submit_to_call_past_its_deadline_records_nothing(app, partner, director, clock):
    opportunity_id = post(app, partner)
    project_id = pitched_project(app, director)
    clock.set(DEADLINE + timedelta(days=1))
    refused_without_events(
        app,
        Conflict,
        r"the deadline for “Spring shorts slate” passed",
        lambda: app.submit_to_opportunity(director, opportunity_id, project_id),
    )
    assert app.submission_for(opportunity_id, project_id) is None


def test_submit_to_closed_call_past_its_deadline_says_it_is_closed(app, partner, director, clock):
    opportunity_id = post(app, partner)
    app.close_opportunity(partner, opportunity_id)
    project_id = pitched_project(app, director)
    clock.set(DEADLINE + timedelta(days=1))
    with pytest.raises(Conflict, match="closed to submissions"):
        app.submit_to_opportunity(director, opportunity_id, project_id)


def test_submit_to_suspended_partners_call_records_nothing(app, admin, partner, director):
    opportunity_id = post(app, partner)
    suspend(app, admin, partner)
    project_id = pitched_project(app, director)
    refused_without_events(
        app,
        Conflict,
        "is closed to submissions",
        lambda: app.submit_to_opportunity(director, opportunity_id, project_id),
    )


def test_reinstated_partners_call_stays_closed_until_it_reopens_it(app, admin, partner, director):
    opportunity_id = post(app, partner)
    app.verify_partner(admin, suspend(app, admin, partner))
    project_id = pitched_project(app, director)
    refused_without_events(
        app,
        Conflict,
        "is closed to submissions",
        lambda: app.submit_to_opportunity(director, opportunity_id, project_id),
    )
    app.reopen_opportunity(partner, opportunity_id)
    submission_id = app.submit_to_opportunity(director, opportunity_id, project_id)
    assert events_of(app, submission_id) == ["Submitted"]


def test_submit_to_own_organisations_call_is_conflict(app, admin):
    both = member(app, "both@lotus.example", "partner", "director")
    app.verify_partner(admin, register(app, both, brn("220810123")))
    opportunity_id = post(app, both)
    project_id = pitched_project(app, both)
    refused_without_events(
        app,
        Conflict,
        "your own organisation",
        lambda: app.submit_to_opportunity(both, opportunity_id, project_id),
    )


def test_wrapped_film_answers_a_distribution_call_but_not_a_call_for_pitches(
    app, partner, director
):
    project_id = pitched_project(app, director)
    app.start_crewing(director, project_id)
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    pitches = post(app, partner)
    refused_without_events(
        app,
        Conflict,
        "the project is wrapped",
        lambda: app.submit_to_opportunity(director, pitches, project_id),
    )
    distribution = post(app, partner, kind="distribution", title="Festival-ready shorts")
    submission_id = app.submit_to_opportunity(director, distribution, project_id)
    assert events_of(app, submission_id) == ["Submitted"]
