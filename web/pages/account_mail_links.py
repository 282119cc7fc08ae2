"""The pages a mail's link opens: /verify (the address is proved by following it) and the
password reset (/forgot-password asks for the mail, /reset-password sets the new password).
They work signed out; the account settings that send the verification mail are account.py.
"""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.response import Response, Template

from domain.context import Context
from domain.password import password_refusal
from web.display.refusals import said
from web.forms import Form, attempt, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, me, page


@get("/verify", name="verify", sync_to_thread=True, include_in_schema=False)
def verify(request: Req, ctx: Context, token: str = "") -> Template:
    """The link in the verification mail: following it proves the address."""
    errors: dict[str, str] = {}
    _id, status = attempt(lambda: app_of(request).verify_email(ctx, token), errors, "form")
    if not errors:
        caught_up(request)
    return Template(
        "account/verified.html",
        status_code=status,
        context={"error": errors.get("form", ""), "signed_in": me(request)},
    )


@get("/forgot-password", name="forgot_password", sync_to_thread=False, include_in_schema=False)
def forgot_page(request: Req) -> Template:
    return page(
        request,
        "account/_forgot_form.html",
        "account/forgot.html",
        {"values": {}, "errors": {}, "sent": False},
    )


@post("/forgot-password", sync_to_thread=True, status_code=200, include_in_schema=False)
def forgot(request: Req, data: Form, ctx: Context) -> Template:
    email = text(data, "email")
    errors: dict[str, str] = {}
    if "@" not in email:
        errors["email"] = _("Please enter an email address like name@example.com.")
    else:
        _none, _status = attempt(
            lambda: app_of(request).request_password_reset(ctx, email), errors, "email"
        )
    status = 422 if errors else 200
    return page(
        request,
        "account/_forgot_form.html",
        "account/forgot.html",
        {
            "values": {"email": email},
            "errors": errors,
            "sent": not errors,
            "development": request.app.state.settings.development,
        },
        status=status,
    )


@get("/reset-password", name="reset_password", sync_to_thread=False, include_in_schema=False)
def reset_page(request: Req, token: str = "") -> Template:
    return page(
        request,
        "account/_reset_form.html",
        "account/reset.html",
        {"token": token, "errors": {}, "done": False},
    )


@post("/reset-password", sync_to_thread=True, status_code=200, include_in_schema=False)
def reset(request: Req, data: Form, ctx: Context) -> Response[Any]:
    token = text(data, "token")
    password = str(data.get("password", ""))
    errors: dict[str, str] = {}
    status = 422
    refusal = password_refusal(password)
    if refusal is not None:
        errors["password"] = said(refusal)
    elif password != str(data.get("again", "")):
        errors["again"] = _("The two passwords differ; type the same one twice.")
    else:
        _id, status = attempt(
            lambda: app_of(request).reset_password(ctx, token, password),
            errors,
            "form",
            fields=("password",),
        )
    if errors.get("form") and status in (404, 409):
        errors["form"] = _(
            "This reset link is not valid any more (it works once, within an "
            "hour). Ask for a new one."
        )
    if errors:
        return page(
            request,
            "account/_reset_form.html",
            "account/reset.html",
            {"token": token, "errors": errors, "done": False},
            status=status,
        )
    return page(
        request,
        "account/_reset_form.html",
        "account/reset.html",
        {"token": "", "errors": {}, "done": True},
    )


ROUTES = [verify, forgot_page, forgot, reset_page, reset]
