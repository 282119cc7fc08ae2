"""The commercial bridge: opportunities partners post, the submissions directors make to them,
and the partner's decisions on each.

Who acts for an organisation is checked by guards before the body is read, so the answers keep
the contract's order: 401, then 403 (the role table, then a verified organisation: the very
check the command makes), then 404/403 for the posting or submission named in the path, then
422 for the body, then 409 from the command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Request, get, post
from litestar.params import Parameter
from msgspec import Meta, Struct, convert, field, structs

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from domain.services.bridge import PAY_MAX_KRW
from domain.vocabulary import DealKind, OpportunityKind, PayBasis, ProjectFormat
from projections.views import bridge_api_rows
from projections.views.bridge import Bridge
from projections.views.bridge_rows import STATES, OpportunityCard, SubmissionRow
from web.api.bridge_checks import for_partner, opportunity_exists, submitted_it
from web.api.common import (
    SIGNED_IN,
    Aware,
    Comment,
    Logline,
    Money,
    Short,
    Synopsis,
    Title,
    filmhouse,
    fresh,
    responses,
)
from web.auth import directs_project, is_admin, may, owns
from web.pages.bridge_common import posting_state

Pay = Annotated[int, Meta(ge=0, le=PAY_MAX_KRW)]


class OpportunityIn(Struct):
    kind: OpportunityKind
    title: Title
    description: Synopsis
    criteria: Annotated[list[Logline], Meta(max_length=20, description="at least one")]
    deadline: Aware
    genres: Annotated[list[Short], Meta(max_length=10)] = field(default_factory=list)
    formats: Annotated[list[ProjectFormat], Meta(max_length=10)] = field(default_factory=list)
    pay_min_krw: Annotated[
        Pay | None, Meta(description="one amount alone, or the low end of a range")
    ] = None
    pay_max_krw: Pay | None = None
    pay_basis: PayBasis | None = None
    conditions: Annotated[
        Comment, Meta(description="working conditions; a hiring call needs them, with its pay")
    ] = ""


class OpportunityOut(Struct):
    opportunity_id: UUID
    partner_id: UUID
    partner_name: str
    kind: str
    title: str
    description: str
    criteria: list[str]
    genres: list[str]
    formats: list[str]
    deadline: datetime
    pay_min_krw: int | None
    pay_max_krw: int | None
    pay_basis: str | None
    conditions: str
    status: Annotated[
        str, Meta(description="open, past (its deadline has passed), closed or taken_down")
    ]
    reason: Annotated[str, Meta(description="why it was closed or taken down")]
    submissions: int
    posted_at: datetime


class CloseIn(Struct):
    reason: Comment = ""


class SubmissionIn(Struct):
    project_id: UUID
    note: Comment = ""


class WithdrawIn(Struct):
    reason: Comment


class DecisionIn(Struct):
    decision: Literal["shortlist", "meeting", "deal", "pass"]
    reason: Annotated[Comment, Meta(description="the director reads it")]
    proposed_at: Annotated[Aware | None, Meta(description="for a meeting: when")] = None
    amount_krw: Annotated[Money | None, Meta(description="for a deal (0: no money)")] = None
    kind: Annotated[DealKind | None, Meta(description="for a deal")] = None
    summary: Annotated[Comment, Meta(description="for a deal: its terms")] = ""


class SubmissionOut(Struct):
    submission_id: UUID
    opportunity_id: UUID
    opportunity_title: str
    partner_id: UUID
    project_id: UUID
    project_title: str
    director_id: UUID
    state: Annotated[str, Meta(description=", ".join(STATES))]
    note: str
    reason: str
    proposed_at: datetime | None
    submitted_at: datetime
    updated_at: datetime


def _opportunity(card: OpportunityCard, now: datetime) -> OpportunityOut:
    read = convert(card, OpportunityOut, from_attributes=True)
    return structs.replace(read, status=posting_state(card, now))


def _submission(row: SubmissionRow) -> SubmissionOut:
    return convert(row, SubmissionOut, from_attributes=True)


def _posting(request: Request[Any, Any, Any], opportunity_id: UUID) -> OpportunityOut:
    with fresh(request).db.read() as tx:
        card = Bridge.opportunity(tx, opportunity_id)
    if card is None:
        raise NotFound("no {what} {aggregate_id}", what="opportunity", aggregate_id=opportunity_id)
    return _opportunity(card, filmhouse(request).clock.now())


def _submission_now(request: Request[Any, Any, Any], submission_id: UUID) -> SubmissionOut:
    with fresh(request).db.read() as tx:
        row = Bridge.submission(tx, submission_id)
    if row is None:
        raise NotFound("no {what} {aggregate_id}", what="submission", aggregate_id=submission_id)
    return _submission(row)


# -- opportunities --------------------------------------------------------------------------


@get(
    "/opportunities",
    sync_to_thread=True,
    responses=responses(),
    summary="Open calls taking submissions now, soonest deadline first",
)
def opportunities(
    request: Request[Any, Any, Any],
    kind: OpportunityKind | None = None,
    limit: Annotated[int, Parameter(ge=1, le=100)] = 50,
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> list[OpportunityOut]:
    now = filmhouse(request).clock.now()
    with fresh(request).db.read() as tx:
        cards = bridge_api_rows.open_calls(
            tx, now, kind=kind.value if kind else None, limit=limit, offset=offset
        )
    return [_opportunity(card, now) for card in cards]


@get(
    "/opportunities/{opportunity_id:uuid}",
    sync_to_thread=True,
    responses=responses(404),
    summary="One opportunity (one taken down only to its organisation and the centre)",
)
def opportunity(
    request: Request[Any, Any, Any], opportunity_id: UUID, ctx: Context
) -> OpportunityOut:
    found = _posting(request, opportunity_id)
    if found.status == "taken_down" and not _poster_or_admin(request, found, ctx.actor):
        raise NotFound("no {what} {aggregate_id}", what="opportunity", aggregate_id=opportunity_id)
    return found


def _poster_or_admin(
    request: Request[Any, Any, Any], found: OpportunityOut, member_id: UUID | None
) -> bool:
    if member_id is None:
        return False
    app = filmhouse(request)
    if is_admin(app, member_id):
        return True
    return app.partner(found.partner_id).representative_id == member_id


@post(
    "/opportunities",
    guards=[
        may(Action.POST_OPPORTUNITY),
        owns(for_partner(Action.POST_OPPORTUNITY, "post opportunities")),
    ],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Post a call (a verified partner); a hiring call must state its pay and conditions",
)
def post_opportunity(
    request: Request[Any, Any, Any], data: OpportunityIn, ctx: Context
) -> OpportunityOut:
    opportunity_id = filmhouse(request).post_opportunity(
        ctx,
        kind=data.kind,
        title=data.title,
        description=data.description,
        criteria=list(data.criteria),
        deadline=data.deadline,
        genres=list(data.genres),
        formats=list(data.formats),
        pay_min_krw=data.pay_min_krw,
        pay_max_krw=data.pay_max_krw,
        pay_basis=data.pay_basis,
        conditions=data.conditions,
    )
    return _posting(request, opportunity_id)


@post(
    "/opportunities/{opportunity_id:uuid}/close",
    guards=[
        may(Action.POST_OPPORTUNITY),
        owns(for_partner(Action.POST_OPPORTUNITY, "close postings")),
    ],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Stop taking submissions before the deadline (the organisation that posted it)",
)
def close_opportunity(
    request: Request[Any, Any, Any], opportunity_id: UUID, ctx: Context, data: CloseIn | None = None
) -> OpportunityOut:
    filmhouse(request).close_opportunity(ctx, opportunity_id, data.reason if data else "")
    return _posting(request, opportunity_id)


@post(
    "/opportunities/{opportunity_id:uuid}/reopen",
    guards=[
        may(Action.POST_OPPORTUNITY),
        owns(for_partner(Action.POST_OPPORTUNITY, "reopen postings")),
    ],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Take submissions again on a closed call before its deadline (its organisation)",
)
def reopen_opportunity(
    request: Request[Any, Any, Any], opportunity_id: UUID, ctx: Context
) -> OpportunityOut:
    filmhouse(request).reopen_opportunity(ctx, opportunity_id)
    return _posting(request, opportunity_id)


# -- submissions ----------------------------------------------------------------------------


@post(
    "/opportunities/{opportunity_id:uuid}/submissions",
    guards=[may(Action.SUBMIT_TO_OPPORTUNITY), owns(opportunity_exists)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Submit one of your pitched projects; 409 when the call is closed, past its "
    "deadline, on hold or does not take the project",
)
def submit(
    request: Request[Any, Any, Any], opportunity_id: UUID, data: SubmissionIn, ctx: Context
) -> SubmissionOut:
    submission_id = filmhouse(request).submit_to_opportunity(
        ctx, opportunity_id, data.project_id, data.note
    )
    return _submission_now(request, submission_id)


@post(
    "/submissions/{submission_id:uuid}/withdraw",
    guards=[may(Action.SUBMIT_TO_OPPORTUNITY), owns(submitted_it)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Take your project back before the partner decides, saying why",
)
def withdraw(
    request: Request[Any, Any, Any], submission_id: UUID, data: WithdrawIn, ctx: Context
) -> SubmissionOut:
    filmhouse(request).withdraw_submission(ctx, submission_id, data.reason)
    return _submission_now(request, submission_id)


@get(
    "/opportunities/{opportunity_id:uuid}/submissions",
    guards=[may(Action.SCOUT), owns(for_partner(Action.SCOUT, "decide on submissions"))],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="The submissions to one of your organisation's calls, by state",
)
def submissions_to(request: Request[Any, Any, Any], opportunity_id: UUID) -> list[SubmissionOut]:
    with fresh(request).db.read() as tx:
        card = Bridge.opportunity(tx, opportunity_id)
        pipeline = (
            Bridge.pipeline(tx, card.partner_id, opportunity_id=opportunity_id) if card else {}
        )
    return [_submission(row) for state in STATES for row in pipeline.get(state, [])]


@get(
    "/projects/{project_id:uuid}/submissions",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="Where your project has been submitted and where each stands",
)
def submissions_of(
    request: Request[Any, Any, Any], project_id: UUID, ctx: Context
) -> list[SubmissionOut]:
    with fresh(request).db.read() as tx:
        rows = bridge_api_rows.submissions_of_project(tx, ctx.actor, project_id)  # type: ignore[arg-type]
    return [_submission(row) for row in rows]


@post(
    "/submissions/{submission_id:uuid}/decision",
    guards=[
        may(Action.DECIDE_SUBMISSION),
        owns(for_partner(Action.DECIDE_SUBMISSION, "decide on submissions")),
    ],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Shortlist, request a meeting, sign a deal or pass, with a reason the director reads",
)
def decide(
    request: Request[Any, Any, Any], submission_id: UUID, data: DecisionIn, ctx: Context
) -> SubmissionOut:
    app = filmhouse(request)
    decisions: dict[str, Callable[[], None]] = {
        "shortlist": lambda: app.shortlist_submission(ctx, submission_id, data.reason),
        "meeting": lambda: app.request_meeting(ctx, submission_id, data.reason, data.proposed_at),
        "deal": lambda: app.sign_deal(
            ctx,
            submission_id,
            data.reason,
            amount_krw=data.amount_krw,
            kind=data.kind,
            summary=data.summary,
        ),
        "pass": lambda: app.pass_submission(ctx, submission_id, data.reason),
    }
    decisions[data.decision]()
    return _submission_now(request, submission_id)


ROUTES = [
    opportunities,
    opportunity,
    post_opportunity,
    close_opportunity,
    reopen_opportunity,
    submit,
    withdraw,
    submissions_to,
    submissions_of,
    decide,
]
