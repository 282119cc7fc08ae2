"""Funds, subsidy applications, reviewers, reviews and decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, post
from msgspec import Meta, Struct, field

from domain.context import Context
from domain.errors import Forbidden, NotFound
from domain.filmhouse import FilmHouse
from domain.permissions import Action
from domain.vocabulary import ReasonCode
from projections.views.funds import Funds
from web.api.common import (
    SIGNED_IN,
    Comment,
    Level,
    Money,
    Short,
    Synopsis,
    Title,
    filmhouse,
    fresh,
    responses,
)
from web.auth import application_exists, appointed_reviewer, fund_exists, may, owns
from web.forms import day_or_none, moment_or_none

Moment = Annotated[
    str,
    Meta(
        max_length=40,
        description=(
            "an ISO 8601 date (2026-03-01: the start of that day for opens, "
            "the end of it for closes, "
            "Seoul time) or a date and time with a UTC offset (2026-03-01T09:00:00+09:00)"
        ),
    ),
]


def _moment(value: str) -> date | datetime | None:
    """A fund's date, or its moment with an offset; None when it is neither, which the fund
    refuses naming the field."""
    return day_or_none(value.strip()) or moment_or_none(value, naive_in=None)


class FundIn(Struct):
    name: Title
    budget_krw: Money
    cap_krw: Money
    opens: Moment
    closes: Moment
    eligibility: Comment = ""
    min_reviews: Annotated[int, Meta(ge=0, le=20)] = 0


class FundCreated(Struct):
    fund_id: UUID


class BreakdownLine(Struct):
    item: Short
    amount_krw: Money


class ApplicationIn(Struct):
    project_id: UUID
    amount_krw: Money
    breakdown: Annotated[list[BreakdownLine], Meta(max_length=100)]


class ApplicationCreated(Struct):
    application_id: UUID


class ReviewerIn(Struct):
    member_id: UUID
    override_reason: Comment | None = None


class ConflictOut(Struct):
    code: Annotated[
        str,
        Meta(
            description=("same_university, on_project, worked_together, shared_credit or declared")
        ),
    ]
    params: Annotated[
        dict[str, str | int],
        Meta(
            description=(
                "what the conflict quotes: title and years, title and year, or the declared reason"
            )
        ),
    ]


class ReviewerOut(Struct):
    application_id: UUID
    member_id: UUID
    overridden_conflicts: list[ConflictOut]


class ReviewIn(Struct):
    score: Level
    comment: Comment
    criteria_scores: dict[Short, Level] = field(default_factory=dict)


class ReviewOut(Struct):
    application_id: UUID
    version: int


class DecisionIn(Struct):
    approve: bool
    reason_code: ReasonCode
    reason: Comment
    amount_krw: Annotated[int, Meta(ge=-(10**15), le=10**15)] | None = None


class DecisionOut(Struct):
    application_id: UUID
    status: str
    requested_krw: Annotated[int, Meta(description="what the decided version asked for")]
    granted_krw: Annotated[int | None, Meta(description="the amount granted; null if rejected")]


@post(
    "/funds",
    guards=[may(Action.MANAGE_FUNDS)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Open a fund (admins only)",
)
def open_fund(request: Request[Any, Any, Any], data: FundIn, ctx: Context) -> FundCreated:
    fund_id = filmhouse(request).open_fund(
        ctx,
        name=data.name,
        budget_krw=data.budget_krw,
        cap_krw=data.cap_krw,
        opens=_moment(data.opens),
        closes=_moment(data.closes),
        eligibility=data.eligibility,
        min_reviews=data.min_reviews,
    )
    return FundCreated(fund_id=fund_id)


@post(
    "/funds/{fund_id:uuid}/applications",
    guards=[may(Action.APPLY_FOR_SUBSIDY), owns(fund_exists)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Apply for a subsidy for one of your projects",
)
def apply(
    request: Request[Any, Any, Any], fund_id: UUID, data: ApplicationIn, ctx: Context
) -> ApplicationCreated:
    application_id = filmhouse(request).apply_for_subsidy(
        ctx,
        fund_id,
        project_id=data.project_id,
        amount_krw=data.amount_krw,
        breakdown=[{"item": line.item, "amount_krw": line.amount_krw} for line in data.breakdown],
    )
    return ApplicationCreated(application_id=application_id)


@post(
    "/applications/{application_id:uuid}/reviewers",
    guards=[may(Action.ASSIGN_REVIEWER), owns(application_exists)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Appoint a reviewer (admins only); 409 on a conflict of interest",
)
def assign_reviewer(
    request: Request[Any, Any, Any], application_id: UUID, data: ReviewerIn, ctx: Context
) -> ReviewerOut:
    overridden = filmhouse(request).assign_reviewer(
        ctx, application_id, data.member_id, override_reason=data.override_reason
    )
    return ReviewerOut(
        application_id=application_id,
        member_id=data.member_id,
        overridden_conflicts=[
            ConflictOut(code=str(c["code"]), params=dict(c["params"])) for c in overridden
        ],
    )


@post(
    "/applications/{application_id:uuid}/reviews",
    guards=[owns(appointed_reviewer)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Score an application you were appointed to review",
)
def review(
    request: Request[Any, Any, Any], application_id: UUID, data: ReviewIn, ctx: Context
) -> ReviewOut:
    version = filmhouse(request).review_application(
        ctx,
        application_id,
        score=data.score,
        comment=data.comment,
        criteria_scores=dict(data.criteria_scores) or None,
    )
    return ReviewOut(application_id=application_id, version=version)


@post(
    "/applications/{application_id:uuid}/decision",
    guards=[may(Action.DECIDE_SUBSIDY), owns(application_exists)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Approve an amount or reject, with a reason (admins only)",
)
def decide(
    request: Request[Any, Any, Any], application_id: UUID, data: DecisionIn, ctx: Context
) -> DecisionOut:
    filmhouse(request).decide_subsidy(
        ctx,
        application_id,
        approve=data.approve,
        amount_krw=data.amount_krw,
        reason_code=data.reason_code,
        reason=data.reason,
    )
    with fresh(request).db.read() as tx:
        decided = Funds.application(tx, application_id)
    if decided is None:  # the view lost a row it had a moment ago: the log is being replayed
        raise NotFound("no application {application_id}", application_id=application_id)
    return DecisionOut(
        application_id=application_id,
        status=decided.status,
        requested_krw=decided.requested_krw,
        granted_krw=decided.granted_krw,
    )


class FinalReportIn(Struct):
    summary: Synopsis
    spent_krw: Money


class FinalReportOut(Struct):
    application_id: UUID
    status: str
    released_krw: Annotated[
        int, Meta(description="approved but never paid: returned to the fund's budget")
    ]


def application_applicant(filmhouse: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    """The applicant alone reports on a grant (checked before the body is read)."""
    if filmhouse.subsidy_application(params["application_id"]).applicant_id != member_id:
        raise Forbidden("only the applicant can report on the grant")


@post(
    "/applications/{application_id:uuid}/final-report",
    guards=[may(Action.SUBMIT_FINAL_REPORT), owns(application_applicant)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Close an approved grant with its final report (the applicant only)",
)
def final_report(
    request: Request[Any, Any, Any], application_id: UUID, data: FinalReportIn, ctx: Context
) -> FinalReportOut:
    released = filmhouse(request).submit_final_report(
        ctx, application_id, summary=data.summary, spent_krw=data.spent_krw
    )
    return FinalReportOut(application_id=application_id, status="closed", released_krw=released)


ROUTES = [open_fund, apply, assign_reviewer, review, decide, final_report]
