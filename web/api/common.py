"""What every API module shares: the documented error answers, the types that carry the
contract's limits, and access to the application and its views."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar.connection import ASGIConnection
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Meta

from domain import validation as v
from domain.filmhouse import FilmHouse
from domain.password import PASSWORD_MAX
from projections.projector.runner import Projector
from web.errors import ErrorBody

ERROR_DESCRIPTIONS = {
    400: "The request could not be read",
    401: "No valid bearer token",
    403: "The role table or the resource's owner does not allow it",
    404: "No such resource (or not yours to see)",
    409: "Conflicts with the current state",
    422: "Malformed: types, lengths, ranges, dates",
    429: "Too many failed attempts; wait a minute",
}


def responses(*codes: int) -> dict[int, ResponseSpec]:
    """The error answers an operation documents (400 and 422 always: any body can be bad)."""
    chosen = sorted({400, 422, *codes})
    return {
        code: ResponseSpec(
            data_container=ErrorBody, description=ERROR_DESCRIPTIONS[code], generate_examples=False
        )
        for code in chosen
    }


SIGNED_IN = (401, 403, 404)

Aware = Annotated[
    datetime,
    Meta(tz=True, description="ISO 8601 with a UTC offset, e.g. 2026-03-02T14:00:00+09:00"),
]
Title = Annotated[str, Meta(max_length=v.TITLE_MAX)]
Logline = Annotated[str, Meta(max_length=v.LOGLINE_MAX)]
Synopsis = Annotated[str, Meta(max_length=v.SYNOPSIS_MAX)]
Comment = Annotated[str, Meta(max_length=v.COMMENT_MAX)]
Name = Annotated[str, Meta(max_length=v.NAME_MAX)]
Short = Annotated[str, Meta(max_length=v.SHORT_MAX)]
Email = Annotated[str, Meta(max_length=320)]
Password = Annotated[str, Meta(max_length=PASSWORD_MAX)]
Money = Annotated[int, Meta(ge=0, le=10**15)]
Level = Annotated[int, Meta(ge=1, le=5)]


def filmhouse(connection: ASGIConnection[Any, Any, Any, Any]) -> FilmHouse:
    return connection.app.state.filmhouse  # type: ignore[no-any-return]


def projector(connection: ASGIConnection[Any, Any, Any, Any]) -> Projector:
    return connection.app.state.projector  # type: ignore[no-any-return]


def fresh(connection: ASGIConnection[Any, Any, Any, Any]) -> Projector:
    """The projector, once the views have caught up with this request's own writes."""
    views = projector(connection)
    views.wait_for()
    return views
