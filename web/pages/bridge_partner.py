"""The partner's organisation page: its standing with the centre, registering it (again, after
a rejection, with corrected details) and stating what it looks for (its profile); and an
organisation's public page (/partners/{id}): who it is, what it looks for, its open calls."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from domain.vocabulary import GENRES
from projections.views.bridge import Bridge
from projections.views.bridge_rows import PartnerProfileRow, PartnerRow
from web.auth import may
from web.display.labels import partner_kind_labels, partner_stage_labels
from web.forms import Form, attempt, listed
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.bridge_common import bridge_words, partner_row_of, posting_state
from web.pages.common import Req, app_of, caught_up, me, read, wants_fragment
from web.pages.common import page as render
from web.pages.project_common import in_thread, is_admin, my_roles, whole_number

PARTNER_FIELDS = ("name", "kind", "business_number", "website")
PROFILE_FIELDS = (
    "genres", "formats", "budget_min_krw", "budget_max_krw", "stages", "offers", "description",
)  # fmt: skip
CHOSEN = ("genres", "formats", "stages", "offers")
BUDGETS = ("budget_min_krw", "budget_max_krw")


def _profile_values(profile: PartnerProfileRow | None) -> dict[str, Any]:
    """The profile form's values: as stated, or empty before it is."""
    if profile is None:
        return {**{k: [] for k in CHOSEN}, "budget_min_krw": "", "budget_max_krw": "",
                "description": ""}  # fmt: skip
    return {
        "genres": list(profile.genres),
        "formats": list(profile.formats),
        "stages": list(profile.stages),
        "offers": list(profile.offers),
        "budget_min_krw": str(profile.budget_min_krw) if profile.budget_min_krw else "",
        "budget_max_krw": str(profile.budget_max_krw) if profile.budget_max_krw else "",
        "description": profile.description,
    }


def _profile_words() -> dict[str, Any]:
    return {"genre_keys": GENRES, "stage_labels": partner_stage_labels()}


def _partner_context(request: Req, **extra: Any) -> dict[str, Any]:
    partner = partner_row_of(request)
    profile = None
    if partner is not None:
        with read(request) as tx:
            profile = Bridge.profile(tx, partner.partner_id)
    context: dict[str, Any] = {
        "partner": partner,
        "profile": profile,
        "can_register": partner is None or partner.status == "rejected",
        "values": {"name": "", "kind": "", "business_number": "", "website": ""},
        "errors": {},
        "profile_values": _profile_values(profile),
        "profile_errors": {},
        "profile_notice": "",
        **bridge_words(),
        **_profile_words(),
    }
    context.update(extra)
    return context


@get("/partner", guards=[may(Action.REGISTER_PARTNER)], include_in_schema=False)
async def partner_page(request: Req) -> Template:
    return render(
        request,
        "bridge/_partner.html",
        "bridge/partner.html",
        await in_thread(_partner_context, request),
    )


@post(
    "/partner",
    guards=[may(Action.REGISTER_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def register_partner(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: field(data, k) for k in PARTNER_FIELDS}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Enter the organisation's registered name.")
    if values["kind"] not in partner_kind_labels():
        errors["kind"] = _("Choose what kind of organisation it is.")
    if not values["business_number"]:
        errors["business_number"] = _("Enter the business registration number, e.g. 124-81-00998.")
    status = 422
    if not errors:
        _done, status = attempt(
            lambda: app_of(request).register_partner(ctx, **values), errors, fields=PARTNER_FIELDS
        )
        if status == 200:
            caught_up(request)
            if request.htmx:  # type: ignore[attr-defined]
                return Template("bridge/_partner.html", context=_partner_context(request))
            return Redirect("/partner", status_code=303)
    return render(
        request,
        "bridge/_partner.html",
        "bridge/partner.html",
        _partner_context(request, values=values, errors=errors),
        status=status,
    )


@post(
    "/partner/profile",
    guards=[may(Action.REGISTER_PARTNER)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def state_profile(request: Req, data: Form, ctx: Context) -> Response[Any]:
    partner = partner_row_of(request)
    if partner is None:
        raise NotFound(_("Register your organisation first; then say what it looks for."))
    values: dict[str, Any] = {k: listed(data, k) for k in CHOSEN}
    values.update({k: field(data, k) for k in (*BUDGETS, "description")})
    errors: dict[str, str] = {}
    budget: dict[str, int] = {}
    for name in BUDGETS:
        number = whole_number(values[name]) if values[name] else 0
        if number is None:
            errors[name] = _("An amount in won, a whole number such as 50000000 (empty: none).")
        budget[name] = number or 0
    status = 422
    if not errors:
        command = {**{k: values[k] for k in CHOSEN}, **budget, "description": values["description"]}
        _done, status = attempt(
            lambda: app_of(request).state_partner_profile(ctx, partner.partner_id, **command),
            errors,
            fields=PROFILE_FIELDS,
        )
        if status == 200:
            caught_up(request)
            if not wants_fragment(request):
                return Redirect("/partner#profile", status_code=303)
            notice = _("Saved. Verified organisations are recommended to directors by this.")
            context = _partner_context(request, profile_notice=notice)
            return Template("bridge/_partner_profile.html", context=context)
    context = _partner_context(request, profile_values=values, profile_errors=errors)
    return render(
        request, "bridge/_partner_profile.html", "bridge/partner.html", context, status=status
    )


def _public_partner(request: Req, partner_id: UUID) -> PartnerRow:
    """An organisation as anyone may see it: verified (or suspended, said so); a pending or
    rejected one only to its representative and the centre."""
    with read(request) as tx:
        partner = Bridge.partner(tx, partner_id)
    if partner is None:
        raise NotFound(_("There is no such partner organisation."))
    own = me(request) == partner.representative_id
    if partner.status not in ("verified", "suspended") and not (own or is_admin(my_roles(request))):
        raise NotFound(_("There is no such partner organisation."))
    return partner


@get("/partners/{partner_id:uuid}", name="partner", sync_to_thread=True, include_in_schema=False)
def public_partner(request: Req, partner_id: UUID) -> Template:
    partner = _public_partner(request, partner_id)
    now = app_of(request).clock.now()
    with read(request) as tx:
        profile = Bridge.profile(tx, partner_id)
        postings = Bridge.postings_of(tx, partner_id)
    open_calls = [p for p in postings if posting_state(p, now) == "open"]
    context = {
        "partner": partner,
        "profile": profile,
        "open_calls": open_calls,
        "own": me(request) == partner.representative_id,
        **bridge_words(),
        **_profile_words(),
    }
    return render(request, "bridge/_partner_public.html", "bridge/partner_public.html", context)


ROUTES = [partner_page, register_partner, state_profile, public_partner]
