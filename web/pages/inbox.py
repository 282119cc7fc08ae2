"""The inbox (what concerns the member, in their language, each notice leading where it is
about; read marks) and the message threads between members who accepted contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

import anyio
from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.vocabulary import SearchKind
from projections.views.inbox import Inbox
from projections.views.inbox_rows import InboxItem
from web.auth import signed_in
from web.forms import Form, attempt, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, page, wants_fragment
from web.pages.member_common import live_member, signed_in_member

INBOX_PAGE = 50


# -- the inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """One inbox item as the page shows it: a sentence and where it leads."""

    item: InboxItem
    text: str
    href: str | None


def _describe(item: InboxItem) -> Notice:
    d = item.data
    who = item.other_name or _("Someone")
    title = d.get("project_title") or _("a project")
    project = f"/projects/{UUID(d['project_id'])}" if d.get("project_id") else None
    kind = item.kind
    text: str
    href = project
    if kind == "invitation_received":
        text = _(
            "%(who)s invites you to be %(role)s on %(title)s.",
            who=who,
            role=d.get("role") or _("crew"),
            title=title,
        )
    elif kind == "invitation_answered":
        text = (
            _("%(who)s accepted your invitation to %(title)s.", who=who, title=title)
            if d.get("answer") == "accepted"
            else _("%(who)s declined your invitation to %(title)s.", who=who, title=title)
        )
    elif kind == "invitation_withdrawn":
        text = _("%(who)s withdrew the invitation to %(title)s.", who=who, title=title)
    elif kind == "application_received":
        text = _(
            "%(who)s applied to be %(role)s on %(title)s.",
            who=who,
            role=d.get("role") or _("crew"),
            title=title,
        )
    elif kind == "application_withdrawn":
        text = _("%(who)s withdrew their application to %(title)s.", who=who, title=title)
    elif kind == "application_decided":
        text = (
            _("Your application to %(title)s was accepted.", title=title)
            if d.get("decision") == "accepted"
            else _("Your application to %(title)s was turned down.", title=title)
        )
    elif kind == "subsidy_decided":
        text = (
            _(
                "Your subsidy application for %(title)s was approved: ₩%(amount)s.",
                title=title,
                amount=f"{int(d.get('amount_krw') or 0):,}",
            )
            if d.get("approve")
            else _("Your subsidy application for %(title)s was not approved.", title=title)
        )
        href = f"/applications/{item.subject_id}/receipt" if item.subject_id else project
    elif kind == "booking_decided":
        text = (
            _("Your booking request was approved.")
            if d.get("decision") == "approved"
            else _("Your booking request was refused.")
        )
        href = "/my/bookings"
    elif kind == "booking_cancelled":
        text = _("Your booking was cancelled by the centre.")
        href = "/my/bookings"
    elif kind == "waitlist_offer":
        text = _("A slot you were waiting for is free: take it before the offer expires.")
        href = "/my/bookings"
    elif kind == "partner_interest":
        text = _(
            "%(partner)s is interested in %(title)s.",
            partner=d.get("partner_name") or _("A partner"),
            title=title,
        )
    elif kind == "submission_update":
        steps = {
            "shortlisted": _("%(partner)s shortlisted %(title)s."),
            "asked to meet about": _("%(partner)s asks to meet about %(title)s."),
            "signed a deal for": _("%(partner)s signed a deal for %(title)s."),
            "passed on": _("%(partner)s passed on %(title)s."),
        }
        template = steps.get(
            str(d.get("step")), _("%(partner)s updated your submission of %(title)s.")
        )
        text = template % {"partner": d.get("partner_name") or _("A partner"), "title": title}
    elif kind == "followed_pitched":
        text = _("%(who)s, whom you follow, pitched %(title)s.", who=who, title=title)
    elif kind == "followed_wrapped":
        text = _("%(who)s, whom you follow, wrapped %(title)s.", who=who, title=title)
    elif kind == "search_match":
        members = d.get("search_kind") in (SearchKind.MEMBERS.value, SearchKind.TALENT.value)
        text = (
            _("A new member matches your saved search: %(label)s.", label=d.get("label", ""))
            if members
            else _("A new project matches your saved search: %(label)s.", label=d.get("label", ""))
        )
        if item.subject_id:
            href = f"/members/{item.subject_id}" if members else f"/projects/{item.subject_id}"
    elif kind == "message_received":
        text = _("New message from %(who)s.", who=who)
        href = f"/messages/{item.other_id}" if item.other_id else "/messages"
    elif kind == "training_cancelled":
        text = _(
            "The training %(title)s is cancelled: %(reason)s",
            title=d.get("title", ""),
            reason=d.get("reason", ""),
        )
        href = "/trainings"
    elif kind == "training_seat":
        text = _(
            "A seat in %(title)s is yours: you were next on the waitlist.", title=d.get("title", "")
        )
        href = "/trainings"
    elif kind == "report_resolved":
        text = _("The centre has resolved your report.")
        href = None
    else:
        text = kind.replace("_", " ")
    return Notice(item, text, href)


def _inbox_context(
    request: Req,
    *,
    unread: bool = False,
    before: int | None = None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    member_id = signed_in_member(request)
    with request.app.state.projector.db.read() as tx:
        items = Inbox.items(tx, member_id, unread_only=unread, limit=INBOX_PAGE + 1, before=before)
        unread_count = Inbox.unread_count(tx, member_id)
        latest = Inbox.latest_position(tx, member_id)
    shown = items[:INBOX_PAGE]
    return {
        "notices": [_describe(i) for i in shown],
        "unread_count": unread_count,
        "latest": latest,
        "unread": unread,
        "before": before,
        "next_before": shown[-1].position if len(items) > INBOX_PAGE else None,
        "notice": notice,
        "error": error,
    }


@get("/inbox", name="inbox", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def inbox(
    request: Req, unread: bool = False, before: Annotated[int | None, Parameter(ge=1)] = None
) -> Template:
    return page(
        request,
        "account/_inbox.html",
        "account/inbox.html",
        _inbox_context(request, unread=unread, before=before),
    )


def _inbox_marked(request: Req, data: dict[str, Any], action: Any, notice: str) -> Response[Any]:
    unread = text(data, "unread") == "true"
    errors: dict[str, str] = {}
    _done, status = attempt(action, errors, "form")
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect("/inbox?unread=true" if unread else "/inbox", status_code=303)
    return page(
        request,
        "account/_inbox.html",
        "account/inbox.html",
        _inbox_context(
            request, unread=unread, notice="" if errors else notice, error=errors.get("form", "")
        ),
        status=status,
    )


@post(
    "/inbox/read", guards=[signed_in], sync_to_thread=True, status_code=200, include_in_schema=False
)
def mark_read(request: Req, data: Form, ctx: Context) -> Response[Any]:
    raw = data.get("item_id", [])
    ids = [str(i) for i in (raw if isinstance(raw, list) else [raw]) if i]
    return _inbox_marked(
        request, data, lambda: app_of(request).mark_inbox_read(ctx, ids), _("Marked as read.")
    )


@post(
    "/inbox/read-all",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def mark_all_read(request: Req, data: Form, ctx: Context) -> Response[Any]:
    position = text(data, "position")
    up_to = int(position) if position.isdigit() else position
    return _inbox_marked(
        request,
        data,
        lambda: app_of(request).mark_inbox_read_up_to(ctx, up_to),
        _("Everything is marked as read."),
    )


# -- messages --------------------------------------------------------------------------------


@get("/messages", name="messages", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def conversations(request: Req) -> Template:
    member_id = signed_in_member(request)
    with request.app.state.projector.db.read() as tx:
        rows = Inbox.conversations(tx, member_id)
    return page(
        request, "account/_conversations.html", "account/messages.html", {"conversations": rows}
    )


def _thread_context(
    request: Req,
    other_id: UUID,
    *,
    body: str = "",
    errors: dict[str, str] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    member_id = signed_in_member(request)
    app = app_of(request)
    if other_id == member_id:
        raise NotFound(_("There is no conversation with yourself."))
    other = app.member(other_id)
    mine = live_member(app, member_id)
    conversation = app.conversation_between(member_id, other_id)
    with request.app.state.projector.db.read() as tx:
        messages = Inbox.thread(tx, member_id, other_id)
        unread_ids = Inbox.message_item_ids(tx, member_id, other_id)
    reason = ""
    if other.erased:
        reason = _("This member's account has been erased; you cannot write to them.")
    elif conversation is not None and member_id in conversation.blocked_by:
        reason = _("You have blocked this member. Unblock them on their profile to write.")
    elif conversation is not None and conversation.blocked:
        reason = _("You cannot write to this member.")
    elif other_id not in mine.contacts:
        reason = _(
            "Accept contact with %(name)s on their profile first; you can write once you "
            "both have.",
            name=other.name,
        )
    elif member_id not in other.contacts:
        reason = _(
            "%(name)s has not accepted contact with you yet; you can write once they have.",
            name=other.name,
        )
    return {
        "other": other,
        "other_id": other_id,
        "me_id": member_id,
        "messages": messages,
        "reason": reason,
        "body": body,
        "errors": errors or {},
        "notice": notice,
        "unread_ids": unread_ids,
    }


def _open_thread(request: Req, other_id: UUID, ctx: Context) -> Template:
    context = _thread_context(request, other_id)
    if context["unread_ids"]:
        # Opening the thread reads its messages.
        app_of(request).mark_inbox_read(ctx, context["unread_ids"])
    return page(request, "account/_thread.html", "account/thread.html", context)


# A GET sharing its path with a POST is async and runs its work in a thread itself: Litestar
# 2.25 registers the first handler of a shared path twice, which would wrap a sync_to_thread
# handler twice (and answer 500).
@get("/messages/{other_id:uuid}", name="thread", guards=[signed_in], include_in_schema=False)
async def thread(request: Req, other_id: UUID, ctx: Context) -> Template:
    return await anyio.to_thread.run_sync(_open_thread, request, other_id, ctx)


@post(
    "/messages/{other_id:uuid}",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def send(request: Req, other_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    body = str(data.get("body", "")).strip()
    errors: dict[str, str] = {}
    status = 422
    if not body:
        errors["body"] = _("Write something first.")
    elif len(body) > 2000:
        errors["body"] = _(
            "The message is %(length)s characters long; the limit is 2,000.", length=len(body)
        )
    else:
        _id, status = attempt(
            lambda: app_of(request).send_message(ctx, other_id, body), errors, "body"
        )
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(f"/messages/{other_id}", status_code=303)
        return Template(
            "account/_thread.html", context=_thread_context(request, other_id, notice=_("Sent."))
        )
    return page(
        request,
        "account/_thread.html",
        "account/thread.html",
        _thread_context(request, other_id, body=body, errors=errors),
        status=status,
    )


ROUTES = [inbox, mark_read, mark_all_read, conversations, thread, send]
