"""The admin console's trainings: scheduling one, taking each session's attendance, and
marking a member's course completed (which certifies the skill it teaches)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from projections.views.console import Console
from projections.views.directory import Directory
from projections.views.trainings import Trainings
from web.auth import may
from web.forms import Form, listed, moment_or_none, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.admin_console import ADMIN, after, refuse, render, whole
from web.pages.common import Req, app_of, read


def _trainings(request: Req) -> dict[str, Any]:
    with read(request) as tx:
        rows = Trainings.trainings(tx, include_cancelled=True, limit=200)
    return {"trainings": rows}


@get("/admin/trainings", guards=ADMIN, sync_to_thread=False, include_in_schema=False)
def trainings(request: Req) -> Template:
    return render(request, "trainings", _trainings(request))


@post(
    "/admin/trainings",
    guards=[may(Action.MANAGE_TRAININGS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def schedule_training(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {
        k: text(data, k)
        for k in ("title", "description", "skill", "capacity", "starts", "ends", "enrol_by")
    }
    starts, ends = moment_or_none(values["starts"]), moment_or_none(values["ends"])
    enrol_by = moment_or_none(values["enrol_by"]) if values["enrol_by"] else None
    capacity = whole(values["capacity"])
    problems = {
        "schedule-title": _("Give the training a title.") if not values["title"] else "",
        "schedule-skill": _("Name the skill it certifies.") if not values["skill"] else "",
        "schedule-capacity": _("Capacity is a whole number of seats.") if capacity is None else "",
        "schedule-when": _("Give the start and the end, date and time.")
        if starts is None or ends is None
        else "",
    }
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        return render(
            request, "trainings", {**_trainings(request), "errors": problems, "values": values}, 422
        )
    return after(
        request,
        lambda: app_of(request).schedule_training(
            ctx,
            title=values["title"],
            description=values["description"],
            skill=values["skill"],
            capacity=capacity,
            starts=starts,
            ends=ends,
            enrol_by=enrol_by,
        ),
        "schedule",
        "/admin/trainings",
        "trainings",
        _trainings,
        values=values,
        notice=_("The training is scheduled; members can enrol."),
    )


def _training(request: Req, training_id: UUID) -> dict[str, Any]:
    with read(request) as tx:
        row = Trainings.training(tx, training_id)
        if row is None:
            raise NotFound(f"no training {training_id}")
        roster = Trainings.roster(tx, training_id)
        who = Directory.names(tx, roster)
        register = Console.register(tx, training_id)
    return {
        "training": row,
        "roster": roster,
        "names": who,
        "attendance": register.attendance,
        "completed": register.completed,
        "now": app_of(request).clock.now(),
    }


@get(
    "/admin/trainings/{training_id:uuid}",
    guards=ADMIN,
    sync_to_thread=True,
    include_in_schema=False,
)
def training(request: Req, training_id: UUID) -> Template:
    return render(request, "training", _training(request, training_id))


@post(
    "/admin/trainings/{training_id:uuid}/attendance",
    guards=[may(Action.MANAGE_TRAININGS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def record_attendance(request: Req, training_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    session = whole(text(data, "session")) or 0
    present = [u for u in (uuid_or_none(p) for p in listed(data, "present") if p) if u]
    return after(
        request,
        lambda: app_of(request).record_attendance(ctx, training_id, session, present),
        f"session-{session}",
        f"/admin/trainings/{training_id}",
        "training",
        _training,
        training_id,
        notice=_("Attendance recorded."),
    )


@post(
    "/admin/trainings/{training_id:uuid}/complete/{member_id:uuid}",
    guards=[may(Action.MANAGE_TRAININGS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def complete_training(
    request: Req, training_id: UUID, member_id: UUID, ctx: Context
) -> Response[Any]:
    return after(
        request,
        lambda: app_of(request).complete_training(ctx, training_id, member_id),
        f"complete-{member_id}",
        f"/admin/trainings/{training_id}",
        "training",
        _training,
        training_id,
        notice=_("Completed: the skill is now certified."),
    )


@post(
    "/admin/trainings/{training_id:uuid}/capacity",
    guards=[may(Action.MANAGE_TRAININGS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def change_capacity(request: Req, training_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Staff resize a training: added seats go to the waitlist in order; fewer seats than
    members enrolled is refused with both numbers."""
    values = {"capacity": text(data, "capacity")}
    seats = whole(values["capacity"])
    if seats is None or seats < 1:
        return refuse(
            request,
            "capacity",
            _("The capacity is a whole number of seats, 1 or more."),
            "training",
            _training,
            training_id,
            values=values,
        )
    return after(
        request,
        lambda: app_of(request).change_training_capacity(ctx, training_id, seats),
        "capacity",
        f"/admin/trainings/{training_id}",
        "training",
        _training,
        training_id,
        values=values,
        notice=_("The capacity is changed; members waiting got the new seats in order."),
    )


@post(
    "/admin/trainings/{training_id:uuid}/cancel",
    guards=[may(Action.MANAGE_TRAININGS)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def cancel_training(request: Req, training_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """Staff call a training off with a reason; enrolled and waiting members are told."""
    values = {"reason": text(data, "reason")}
    if not values["reason"]:
        return refuse(
            request,
            "cancel",
            _("Say why the training is cancelled: the members enrolled read it."),
            "training",
            _training,
            training_id,
            values=values,
        )
    return after(
        request,
        lambda: app_of(request).cancel_training(ctx, training_id, values["reason"]),
        "cancel",
        f"/admin/trainings/{training_id}",
        "training",
        _training,
        training_id,
        values=values,
        notice=_("The training is cancelled; its members are told in their inbox."),
    )


ROUTES = [
    trainings,
    schedule_training,
    training,
    record_attendance,
    complete_training,
    change_capacity,
    cancel_training,
]
