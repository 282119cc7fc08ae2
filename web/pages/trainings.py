"""Trainings: the centre's courses with their seats and waitlists, one training's page with its
sessions, and enrolment (a seat, or a numbered place on the waitlist when full) and withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action, allowed
from projections.views.training_queries import (
    COMPLETED,
    ENROLLED,
    WAITLISTED,
    EnrolmentRow,
    TrainingRow,
)
from projections.views.trainings import Trainings
from web.auth import may
from web.display.labels import enrolment_labels as state_labels
from web.forms import FORM, attempt
from web.i18n import gettext_ as _
from web.pages.booking_text import formatters, now_of
from web.pages.common import Req, app_of, caught_up, me, page, read, roles_of


def _enrolments(request: Req) -> list[EnrolmentRow]:
    member = me(request)
    if member is None:
        return []
    with read(request) as tx:
        return Trainings.enrolments(tx, member)


@get("/trainings", name="trainings", sync_to_thread=True, include_in_schema=False)
def trainings_page(request: Req) -> Template:
    now = now_of(request)
    with read(request) as tx:
        upcoming = Trainings.trainings(tx, starting_from=now)
    return page(
        request,
        "trainings/_list.html",
        "trainings/index.html",
        {
            "trainings": upcoming,
            "mine": _enrolments(request),
            "states": state_labels(),
            "signed_in": me(request) is not None,
            **formatters(),
        },
    )


def _training_context(
    request: Req, training_id: UUID, error: str = "", notice: str = ""
) -> dict[str, Any]:
    training = _row(request, training_id)
    now = now_of(request)
    place = next((e for e in _enrolments(request) if e.training_id == training_id), None)
    holding = place is not None and place.state in (ENROLLED, WAITLISTED)
    return {
        "t": training,
        "place": place if holding or (place and place.state == COMPLETED) else None,
        "states": state_labels(),
        "error": error,
        "notice": notice,
        "signed_in": me(request) is not None,
        "can_enrol": allowed(roles_of(request), Action.ENROL_IN_TRAINING),
        "enrol_open": not training.cancelled and now <= training.enrol_by,
        "started": now >= training.starts,
        **formatters(),
    }


def _row(request: Req, training_id: UUID) -> TrainingRow:
    with read(request) as tx:
        training = Trainings.training(tx, training_id)
    if training is None:
        raise NotFound(_("There is no such training; see the list of trainings."))
    return training


def _notice(code: str) -> str:
    return {
        "enrolled": _("You are enrolled. See you at the first session."),
        "waitlisted": _(
            "The training is full, so you are on its waitlist. A freed seat goes "
            "to the first in line, and you will be told."
        ),
        "withdrawn": _(
            "You have withdrawn. Your place went to the next member in line, if anyone was waiting."
        ),
    }.get(code, "")


@get("/trainings/{training_id:uuid}", name="training", sync_to_thread=True, include_in_schema=False)
def training_page(request: Req, training_id: UUID, notice: str = "") -> Template:
    return page(
        request,
        "trainings/_training.html",
        "trainings/training.html",
        _training_context(request, training_id, notice=_notice(notice)),
    )


def _answer(request: Req, training_id: UUID, code: str) -> Response[Any]:
    if request.htmx:  # type: ignore[attr-defined]
        caught_up(request)
        return page(
            request,
            "trainings/_training.html",
            "trainings/training.html",
            _training_context(request, training_id, notice=_notice(code)),
        )
    return Redirect(f"/trainings/{training_id}?notice={code}", status_code=303)


def _act(request: Req, training_id: UUID, action: Callable[[], str]) -> Response[Any]:
    """Run one enrolment command; its answer names the notice, a refusal shows on the page."""
    _row(request, training_id)
    errors: dict[str, str] = {}
    code, status = attempt(action, errors)
    if code is None:
        return page(
            request,
            "trainings/_training.html",
            "trainings/training.html",
            _training_context(request, training_id, error=errors.get(FORM, "")),
            status=status,
        )
    return _answer(request, training_id, code)


@post(
    "/trainings/{training_id:uuid}/enrol",
    guards=[may(Action.ENROL_IN_TRAINING)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def enrol(request: Req, training_id: UUID, ctx: Context) -> Response[Any]:
    return _act(request, training_id, lambda: app_of(request).enrol(ctx, training_id).value)


@post(
    "/trainings/{training_id:uuid}/withdraw",
    guards=[may(Action.ENROL_IN_TRAINING)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw(request: Req, training_id: UUID, ctx: Context) -> Response[Any]:
    def withdrawn() -> str:
        app_of(request).withdraw_from_training(ctx, training_id)
        return "withdrawn"

    return _act(request, training_id, withdrawn)


ROUTES = [trainings_page, training_page, enrol, withdraw]
