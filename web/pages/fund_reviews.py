"""The reviewer's queue: the applications they were appointed to and have not scored in their
current version, the score with its comment, and a declared conflict of interest (which takes
the application off the queue and stops the reviewer's score counting)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import Forbidden
from projections.views.funds import Funds, project_titles
from web.auth import appointed_reviewer, owns, signed_in
from web.forms import Form, attempt, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, me, page, read
from web.pages.fund_applications import application_row

REVIEW_FIELDS = ("score", "comment")


def _queue_context(
    request: Req, errors: dict[str, dict[str, str]] | None = None, notice: str = ""
) -> dict[str, Any]:
    member = me(request)
    with read(request) as tx:
        queue = Funds.review_queue(tx, member) if member else []
        funds = {f.fund_id: f for f in Funds.funds(tx)}
        titles = project_titles(tx, [a.project_id for a in queue])
    return {
        "queue": queue,
        "funds": funds,
        "titles": titles,
        "errors": errors or {},
        "notice": notice,
    }


def _answer(
    request: Req, application_id: UUID, errors: dict[str, str], status: int, notice: str
) -> Response[Any]:
    """The queue again: with the notice after a change (htmx), back to it without JavaScript,
    or with the refusal next to the application's form."""
    if status == 200:
        caught_up(request)
        if request.htmx:  # type: ignore[attr-defined]
            return Template("funds/_queue.html", context=_queue_context(request, notice=notice))
        return Redirect("/reviews", status_code=303)
    return page(
        request,
        "funds/_queue.html",
        "funds/reviews.html",
        _queue_context(request, {str(application_id): errors}),
        status=status,
    )


@get("/reviews", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def reviews_page(request: Req) -> Template:
    return page(request, "funds/_queue.html", "funds/reviews.html", _queue_context(request))


@post(
    "/applications/{application_id:uuid}/reviews",
    guards=[owns(appointed_reviewer)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def review(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    score = text(data, "score")
    if score not in {"1", "2", "3", "4", "5"}:
        errors["score"] = _("Choose a score from 1 to 5.")
    comment = text(data, "comment")
    if not comment:
        errors["comment"] = _("Say in a few words why you gave this score.")
    criteria = {
        k[len("criterion_") :]: v
        for k, v in data.items()
        if k.startswith("criterion_") and isinstance(v, str) and v.isdigit()
    }
    version: int | None = None
    status = 422
    if not errors:
        version, status = attempt(
            lambda: app_of(request).review_application(
                ctx,
                application_id,
                score=int(score),
                comment=comment,
                criteria_scores={k: int(v) for k, v in criteria.items()} or None,
            ),
            errors,
            fields=REVIEW_FIELDS,
        )
    return _answer(
        request,
        application_id,
        errors,
        status,
        _("Your review of version %(version)s is recorded.", version=version),
    )


@post(
    "/applications/{application_id:uuid}/conflict",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def declare_conflict(request: Req, application_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    application_row(request, application_id)
    with read(request) as tx:
        reviewers = {r.reviewer_id for r in Funds.reviewers(tx, application_id)}
    if me(request) not in reviewers:
        raise Forbidden("only a reviewer of this application can declare a conflict on it")
    errors: dict[str, str] = {}
    reason = text(data, "reason")
    status = 422
    if not reason:
        errors["reason"] = _('Say what the conflict is, e.g. "we studied together".')
    else:
        _done, status = attempt(
            lambda: app_of(request).declare_conflict(ctx, application_id, reason=reason),
            errors,
            "reason",
        )
    return _answer(
        request,
        application_id,
        errors,
        status,
        _("Your conflict is declared; your score will not count."),
    )


ROUTES = [reviews_page, review, declare_conflict]
