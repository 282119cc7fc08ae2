"""The partner's organisation page: its standing with the centre, and registering it (again,
after a rejection, with corrected details)."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.permissions import Action
from web.auth import may
from web.display.labels import partner_kind_labels
from web.forms import Form, attempt
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.bridge_common import bridge_words, partner_row_of
from web.pages.common import Req, app_of, caught_up
from web.pages.common import page as render
from web.pages.project_common import in_thread

PARTNER_FIELDS = ("name", "kind", "business_number", "website")


def _partner_context(request: Req, **extra: Any) -> dict[str, Any]:
    partner = partner_row_of(request)
    context: dict[str, Any] = {
        "partner": partner,
        "can_register": partner is None or partner.status == "rejected",
        "values": {"name": "", "kind": "", "business_number": "", "website": ""},
        "errors": {},
        **bridge_words(),
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


ROUTES = [partner_page, register_partner]
