"""Sign-up, sign-in and sign-out pages, and the language switch. One URL serves the page or,
for htmx, the form fragment; both work without JavaScript."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError
from domain.member import EmailTaken
from domain.password import password_refusal
from projections.views.directory import Directory
from web import i18n
from web.auth import SESSION_MEMBER
from web.display.refusals import said
from web.forms import Form, field_of, listed, text, uuid_or_none
from web.i18n import gettext_ as _
from web.security import SignInLimiter, client_address, renew_session


def _role_choices() -> list[tuple[str, str]]:
    return [("director", _("Director")), ("crew", _("Crew")), ("partner", _("Partner"))]


def _safe_next(target: object) -> str:
    text = str(target or "/")
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


def _form(
    request: Request[Any, Any, Any],
    name: str,
    page: str,
    context: dict[str, Any],
    status: int = 200,
) -> Template:
    template = f"auth/_{name}_form.html" if request.htmx else f"auth/{page}.html"  # type: ignore[attr-defined]
    return Template(template, context=context, status_code=status)


def _signup_context(
    request: Request[Any, Any, Any], values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    projector = request.app.state.projector
    with projector.db.read() as tx:
        universities = Directory.universities(tx)
    return {
        "values": values,
        "errors": errors,
        "universities": universities,
        "role_choices": _role_choices(),
    }


def _signed_in(request: Request[Any, Any, Any], member_id: UUID, target: str) -> Response[Any]:
    member = request.app.state.filmhouse.member(member_id)
    request.set_session({SESSION_MEMBER: member_id.hex, "name": member.name})
    renew_session(request.scope)
    if request.htmx:  # type: ignore[attr-defined]
        return ClientRedirect(redirect_to=target)
    return Redirect(target, status_code=303)


@get("/signup", name="signup", sync_to_thread=False, include_in_schema=False)
def signup_page(request: Request[Any, Any, Any]) -> Template:
    return _form(request, "signup", "signup", _signup_context(request, {}, {}))


@post("/signup", sync_to_thread=True, status_code=200, include_in_schema=False)
def signup(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    name, email = text(data, "name"), text(data, "email")
    roles = listed(data, "roles")
    university = text(data, "university_id")
    values: dict[str, Any] = {
        "name": name,
        "email": email,
        "roles": roles,
        "university_id": university,
    }
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Please enter your name.")
    if "@" not in email:
        errors["email"] = _("Please enter an email address like name@example.com.")
    password = str(data.get("password", ""))  # as typed: spaces count in a password
    refusal = password_refusal(password)
    if refusal is not None:
        errors["password"] = said(refusal)
    if not roles:
        errors["roles"] = _("Choose at least one: director, crew or partner.")
    university_id = uuid_or_none(university) if university else None
    if university and university_id is None:
        errors["form"] = _("Choose a university from the list.")
    if not errors:
        try:
            member_id = request.app.state.filmhouse.sign_up(
                Context(None),
                email=email,
                password=password,
                name=name,
                roles=roles,
                university_id=university_id,
            )
        except EmailTaken:
            errors["email"] = _("An account with this email already exists. Sign in instead.")
        except DomainError as error:
            errors[field_of(error, ("name", "email", "password", "roles"))] = said(error)
        else:
            return _signed_in(request, member_id, "/welcome")  # first steps, by role
    return _form(
        request,
        "signup",
        "signup",
        _signup_context(request, values, errors),
        status=409 if "already exists" in errors.get("email", "") else 422,
    )


@get("/signin", name="signin", sync_to_thread=False, include_in_schema=False)
def signin_page(request: Request[Any, Any, Any], next: str = "/") -> Template:
    return _form(
        request, "signin", "signin", {"values": {}, "errors": {}, "next": _safe_next(next)}
    )


@post("/signin", sync_to_thread=True, status_code=200, include_in_schema=False)
def signin(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    email, password = str(data.get("email", "")), str(data.get("password", ""))
    target = _safe_next(data.get("next"))
    context: dict[str, Any] = {"values": {"email": email}, "errors": {}, "next": target}
    limiter: SignInLimiter = request.app.state.limiter
    address = client_address(request.scope)
    throttled = limiter.check(address, email)
    if throttled is not None:
        context["errors"]["form"] = _(
            "Too many failed sign-ins. Please wait %(seconds)s seconds and try again.",
            seconds=throttled.retry_after,
        )
        response = _form(request, "signin", "signin", context, status=429)
        response.headers["Retry-After"] = str(throttled.retry_after)
        return response
    member_id = request.app.state.filmhouse.authenticate(email, password)
    if member_id is None:
        limiter.failed(address, email)
        context["errors"]["form"] = _("That email and password do not match an account.")
        return _form(request, "signin", "signin", context, status=401)
    return _signed_in(request, member_id, target)


@post("/signout", sync_to_thread=False, status_code=303, include_in_schema=False)
def signout(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    renew_session(request.scope)
    return Redirect("/", status_code=303)


@post("/language", sync_to_thread=False, status_code=303, include_in_schema=False)
def language(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Remember the chosen language in a cookie for a year."""
    chosen = str(data.get("lang", ""))
    lang = chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT
    return Redirect(
        _safe_next(data.get("next")),
        status_code=303,
        cookies=[
            Cookie(
                key=i18n.COOKIE,
                value=lang,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="lax",
                path="/",
                secure=not request.app.state.settings.development,
            )
        ],
    )


ROUTES = [signup_page, signup, signin_page, signin, signout, language]
