"""Sign-up and bearer tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, post
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from msgspec import Meta, Struct

from domain.context import Context
from web.api.common import Email, Name, Password, Short, filmhouse, responses
from web.security import SignInLimiter, client_address

TOKEN_DAYS = 30


class SignUpIn(Struct):
    email: Email
    password: Password
    name: Name
    roles: Annotated[list[str], Meta(max_length=3, description="director, crew and/or partner")]
    university_id: UUID | None = None


class SignUpOut(Struct):
    member_id: UUID


class TokenIn(Struct):
    email: Email
    password: Password
    label: Short = "API"


class TokenOut(Struct):
    token: str
    token_type: str
    expires_in: int


@post(
    "/auth/signup",
    status_code=201,
    sync_to_thread=True,
    responses=responses(403, 404, 409),
    summary="Create an account (director, crew and/or partner)",
)
def sign_up(request: Request[Any, Any, Any], data: SignUpIn, ctx: Context) -> SignUpOut:
    member_id = filmhouse(request).sign_up(
        ctx,
        email=data.email,
        password=data.password,
        name=data.name,
        roles=list(data.roles),
        university_id=data.university_id,
    )
    return SignUpOut(member_id=member_id)


@post(
    "/auth/token",
    status_code=200,
    sync_to_thread=True,
    responses=responses(401, 429),
    summary="Exchange email and password for a bearer token",
)
def token(request: Request[Any, Any, Any], data: TokenIn, ctx: Context) -> TokenOut:
    limiter: SignInLimiter = request.app.state.limiter
    address = client_address(request.scope)
    throttled = limiter.check(address, data.email)
    if throttled is not None:
        raise TooManyRequestsException(
            throttled.message, headers={"Retry-After": str(throttled.retry_after)}
        )
    app = filmhouse(request)
    member_id = app.authenticate(data.email, data.password)
    if member_id is None:
        limiter.failed(address, data.email)
        raise NotAuthorizedException("the email or the password is not right")
    ttl = timedelta(days=TOKEN_DAYS)
    issued = app.issue_token(
        member_id, label=data.label or "API", ttl=ttl, ctx=Context(member_id, ctx.request_id)
    )
    return TokenOut(token=issued, token_type="bearer", expires_in=int(ttl.total_seconds()))


ROUTES = [sign_up, token]
