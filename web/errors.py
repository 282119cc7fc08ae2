"""One exception handler for the whole app: a refusal becomes JSON `{error, detail}` under /api
(and for clients that ask for JSON), a 4xx page for browsers, or a 4xx fragment for htmx.

Domain errors map by kind: NotFound → 404, Forbidden → 403 (401 comes from the guards),
Invalid → 422, Conflict (Busy included) → 409. Litestar's own validation errors are 422;
anything else Litestar refuses keeps its status. Bad input never becomes a 500.

A domain refusal is said in the reader's language (web/display/refusals.py): pages in the page's
language (cookie, else Accept-Language). The API's body is `{error, detail}` (the contract),
with a domain refusal's `code`, `field` and `params` beside them; `detail` is English unless
the request's Accept-Language prefers Korean. The API reads no cookie, so a browser's language
switch never changes what an API client parses.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template
from litestar.types import ExceptionHandlersMap
from msgspec import Struct

from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from web.display.refusals import facts, said
from web.i18n import choose, speaking
from web.i18n import gettext_ as _
from web.security import SECURITY_HEADERS

API_PREFIXES = ("/api/", "/schema")

log = logging.getLogger(__name__)


class ErrorBody(Struct, omit_defaults=True):
    """Every refusal of the API: `error` (the status as a word) and `detail` (a sentence), and
    for a refusal of the domain its facts as data: `code` (the kind of refusal), `field` (the
    input it is about, when there is one) and `params` (the values it quotes: a date, hours, a
    name, the rooms free instead). A fact the refusal does not have is left out."""

    error: str
    detail: str
    code: str = ""
    field: str = ""
    params: dict[str, Any] = {}


CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be read"),
        401: _("Please sign in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Not allowed here"),
        409: _("That clashes with what is already there"),
        422: _("Please check what you entered"),
        429: _("Too many attempts"),
    }


def status_of(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Invalid):
        return 422
    if isinstance(error, Conflict):
        return 409
    return 400


def _validation_detail(error: ValidationException) -> str:
    problems = error.extra if isinstance(error.extra, list) else []
    parts = []
    for problem in problems:
        if isinstance(problem, dict):
            key = problem.get("key")
            message = str(problem.get("message", "")).strip()
            parts.append(f"{key}: {message}" if key else message)
    if parts:
        return "; ".join(parts)
    return str(error.detail or "the request is malformed")


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.scope["path"]
    if path.startswith(API_PREFIXES):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def refusal(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    refused: DomainError | None = None,
) -> Response[Any]:
    """The answer to a refused request, in the form the client reads."""
    code = CODES.get(status, "refused")
    all_headers = {**(headers or {})}
    if _wants_json(request):
        body = ErrorBody(error=code, detail=detail)
        if refused is not None:
            body = ErrorBody(
                error=code,
                detail=detail,
                code=refused.code,
                field=refused.field,
                params=facts(refused),
            )
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=all_headers)
    title = _titles().get(status, _("Refused"))
    context = {"status": status, "title": title, "detail": detail}
    if getattr(request, "htmx", False):
        # Shown in the page's message area whatever element asked.
        all_headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
        return Template(
            "errors/fragment.html", context=context, status_code=status, headers=all_headers
        )
    return Template("errors/page.html", context=context, status_code=status, headers=all_headers)


def domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    if _wants_json(request):
        with speaking(choose(None, request.headers.get("accept-language"))):
            return refusal(request, status_of(error), said(error), refused=error)
    return refusal(request, status_of(error), said(error))


def validation_error(request: Request[Any, Any, Any], error: ValidationException) -> Response[Any]:
    return refusal(request, 422, _validation_detail(error))


def http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    status = error.status_code
    if status >= 500:
        return refusal(request, status, "the service had a problem; please try again")
    detail = str(error.detail) if error.detail else CODES.get(status, "refused")
    headers = {k: v for k, v in (error.headers or {}).items() if k.lower() not in SECURITY_HEADERS}
    return refusal(request, status, detail, headers)


def server_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """Whatever was not foreseen: the operator gets the traceback in the log, the person a
    plain apology (never the traceback)."""
    log.error(
        "server error on %s %s",
        request.method,
        request.url.path,
        exc_info=(type(error), error, error.__traceback__),
    )
    return refusal(request, 500, "the service had a problem; please try again")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    500: server_error,
}
