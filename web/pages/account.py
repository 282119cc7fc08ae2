"""Account settings: email verification, API tokens, saved searches, the member's data export
and erasure. The pages a mail's link opens are account_mail_links.py, the development mailbox
dev_mailbox.py and the inbox and messages inbox.py; their routes are listed here too.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

import anyio
from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError
from domain.vocabulary import SearchKind
from projections.views.directory import Directory
from projections.views.inbox import Inbox
from web.auth import signed_in
from web.display.labels import member_role_labels as role_labels
from web.display.refusals import said
from web.errors import status_of
from web.forms import Form, attempt, text
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages import account_mail_links, dev_mailbox
from web.pages import inbox as inbox_pages
from web.pages.common import Req, app_of, caught_up, page, wants_fragment
from web.pages.member_common import live_member, signed_in_member
from web.pages.talent_search import saved_filter_words
from web.security import renew_session

TOKEN_DAYS = (30, 90, 365)


# -- account settings ------------------------------------------------------------------------

ACCOUNT_SECTIONS = ("email", "tokens", "searches")


def _account_context(
    request: Req,
    *,
    section: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
    token: str = "",
) -> dict[str, Any]:
    member_id = signed_in_member(request)
    app = app_of(request)
    member = live_member(app, member_id)
    with request.app.state.projector.db.read() as tx:
        searches = Inbox.saved_searches(tx, member_id)
        talent = Inbox.talent_filters(
            tx, [s.search_id for s in searches if s.kind == SearchKind.TALENT.value]
        )
        universities = {
            u.university_id.hex: (u.name_ko or u.name) if current_language() == "ko" else u.name
            for u in (Directory.universities(tx) if talent else [])
        }
    talent_words = {
        s.search_id: saved_filter_words(s.role, s.skill, s.genre, talent[s.search_id], universities)
        for s in searches
        if s.search_id in talent
    }
    return {
        "member": member,
        "verified": app.email_verified(member_id),
        "tokens": app.api_tokens(Context(member_id)),
        "searches": searches,
        "talent_words": talent_words,
        "token_days": TOKEN_DAYS,
        "token": token,
        "roles": role_labels(),
        "development": request.app.state.settings.development,
        "values": values
        or {
            "label": "",
            "days": "90",
            "kind": "members",
            "query": "",
            "role": "",
            "skill": "",
            "genre": "",
        },
        "errors": {s: (errors or {}) if s == section else {} for s in ACCOUNT_SECTIONS},
        "notices": {s: notice if s == section else "" for s in ACCOUNT_SECTIONS},
    }


def _account_answer(
    request: Req,
    section: str,
    *,
    errors: dict[str, str],
    status: int,
    notice: str,
    values: dict[str, str] | None = None,
    token: str = "",
) -> Response[Any]:
    fragment = f"account/_{section}.html"
    if not errors:
        caught_up(request)
        if not wants_fragment(request) and not token:
            return Redirect(f"/me/account#account-{section}", status_code=303)
    context = _account_context(
        request,
        section=section,
        errors=errors,
        values=values if errors else None,
        notice=notice,
        token=token,
    )
    return page(
        request, fragment, "account/settings.html", context, status=status if errors else 200
    )


@get(
    "/me/account", name="account", guards=[signed_in], sync_to_thread=True, include_in_schema=False
)
def settings_page(request: Req) -> Template:
    return page(
        request, "account/_settings.html", "account/settings.html", _account_context(request)
    )


@post(
    "/me/account/verify-email",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def send_verification(request: Req, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _id, status = attempt(lambda: app_of(request).request_email_verification(ctx), errors, "form")
    notice = _("We sent you a mail with a link; it works once, within 24 hours.")
    if request.app.state.settings.development:
        notice += " " + _("On this development server, the mail is in the development mailbox.")
    return _account_answer(request, "email", errors=errors, status=status, notice=notice)


@post(
    "/me/account/tokens",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def issue_token(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {"label": text(data, "label"), "days": text(data, "days")}
    errors: dict[str, str] = {}
    if not values["label"]:
        errors["label"] = _('Name the token after where you will use it, e.g. "laptop script".')
    elif len(values["label"]) > 80:
        errors["label"] = _("Please keep the name under 80 characters.")
    if values["days"] not in {str(d) for d in TOKEN_DAYS}:
        errors["days"] = _("Choose how long the token lasts.")
    token: str | None = None
    status = 422
    if not errors:
        token, status = attempt(
            lambda: app_of(request).issue_token(
                signed_in_member(request),
                label=values["label"],
                ttl=timedelta(days=int(values["days"])),
                ctx=ctx,
            ),
            errors,
            "form",
        )
    return _account_answer(
        request,
        "tokens",
        errors=errors,
        status=status,
        values=values,
        token=token or "",
        notice=_("Your new token is below. Copy it now: it is shown this once and never again."),
    )


@post(
    "/me/account/tokens/{token_id:uuid}/revoke",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def revoke_token(request: Req, token_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ok, status = attempt(lambda: app_of(request).revoke_token(ctx, token_id), errors, "form")
    return _account_answer(
        request,
        "tokens",
        errors=errors,
        status=status,
        notice=_("Token revoked: it no longer works."),
    )


@post(
    "/me/account/searches",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def save_search(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("kind", "query", "role", "skill", "genre")}
    errors: dict[str, str] = {}
    if values["kind"] not in {k.value for k in SearchKind}:
        errors["kind"] = _("Choose whether to look for members or projects.")
    if not any(values[k] for k in ("query", "role", "skill", "genre")):
        errors["query"] = _(
            "Give at least one word or filter; a search for everything would "
            "tell you of every newcomer."
        )
    for key, limit in (("query", 200), ("role", 80), ("skill", 80), ("genre", 80)):
        if len(values[key]) > limit:
            errors[key] = _("Please keep it under %(limit)s characters.", limit=limit)
    status = 422
    if not errors:
        _id, status = attempt(
            lambda: app_of(request).save_search(
                ctx,
                kind=values["kind"],
                query=values["query"],
                role=values["role"] or None,
                skill=values["skill"] or None,
                genre=values["genre"] or None,
            ),
            errors,
            "form",
        )
    return _account_answer(
        request,
        "searches",
        errors=errors,
        status=status,
        values=values,
        notice=_("Search saved. Your inbox will tell you of new matches."),
    )


@post(
    "/me/account/searches/{search_id:uuid}/delete",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def delete_search(request: Req, search_id: UUID, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ok, status = attempt(lambda: app_of(request).delete_search(ctx, search_id), errors, "form")
    return _account_answer(
        request, "searches", errors=errors, status=status, notice=_("Saved search deleted.")
    )


@get("/me/account/export", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def export(request: Req, ctx: Context) -> Response[bytes]:
    """Everything the log holds about the member, as a JSON file to keep."""
    data = app_of(request).export_member_data(ctx)
    day = app_of(request).clock.now().date().isoformat()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="filmhouse-my-data-{day}.json"',
            "Cache-Control": "no-store",
        },
    )


@get("/me/account/erase", guards=[signed_in], include_in_schema=False)
async def erase_page(request: Req) -> Template:
    await anyio.to_thread.run_sync(live_member, app_of(request), signed_in_member(request))
    return page(
        request, "account/_erase.html", "account/erase.html", {"errors": {}, "confirmed": False}
    )


@post(
    "/me/account/erase",
    guards=[signed_in],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def erase(request: Req, data: Form, ctx: Context) -> Response[Any]:
    member_id = signed_in_member(request)
    app = app_of(request)
    member = live_member(app, member_id)
    errors: dict[str, str] = {}
    confirmed = text(data, "confirm") == "yes"
    if not confirmed:
        errors["confirm"] = _(
            "Tick the box to confirm that you understand erasure cannot be undone."
        )
    password = str(data.get("password", ""))
    if app.authenticate(member.email, password) != member_id:
        errors["password"] = _("That is not your current password.")
    status = 422 if errors else 200
    if not errors:
        try:
            app.erase_member(ctx, member_id)
        except DomainError as error:
            errors["form"] = said(error)
            status = status_of(error)
    if errors:
        return page(
            request,
            "account/_erase.html",
            "account/erase.html",
            {"errors": errors, "confirmed": confirmed},
            status=status,
        )
    request.set_session({})  # signed out (an empty session is deleted, and the id renewed)
    renew_session(request.scope)
    caught_up(request)
    return Template("account/erased.html", context={})


ROUTES = [
    *inbox_pages.ROUTES,
    settings_page,
    send_verification,
    issue_token,
    revoke_token,
    save_search,
    delete_search,
    export,
    erase_page,
    erase,
    *account_mail_links.ROUTES,
    *dev_mailbox.ROUTES,
]
