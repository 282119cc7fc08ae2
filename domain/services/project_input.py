"""Checking a project command's input: the edge (the API's structs, the pages' forms) has
parsed it into typed values; here each is checked against the domain's rules (lengths, ranges,
the vocabulary) and normalised, or refused as Invalid naming the field. Nothing here parses
text: a date must arrive as a date, a format as a ProjectFormat, a role as a RoleSpec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from domain import validation as v
from domain.errors import Invalid
from domain.project_files import JPEG, PDF, PNG, WEBP, sniff
from domain.project_parts import ROLE_BUDGET_MAX_KRW, RoleSpec
from domain.vocabulary import ProjectFormat, project_language

BUDGET_MAX_KRW = 10**12
GENRES_MAX = 10
SKILLS_MAX = 20
FILENAME_MAX = 200

_TYPE_NAMES = {PDF: "a PDF", PNG: "a PNG image", JPEG: "a JPEG image", WEBP: "a WebP image"}


def _day(value: object, field: str) -> date:
    # A datetime is a date to isinstance, but a period of days cannot compare it with one.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("{field} must be a date like 2026-05-01", field=field)
    return value


def _optional_day(value: object, field: str) -> date | None:
    return None if value is None else _day(value, field)


def _format(value: object) -> ProjectFormat:
    if not isinstance(value, ProjectFormat):
        known = ", ".join(f.value for f in ProjectFormat)
        raise Invalid("format must be one of {known}", known=known, field="format")
    return value


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid("{field} must be true or false", field=field)
    return value


DETAIL_FIELDS: dict[str, Callable[[object], Any]] = {
    "title": lambda x: v.text(x, "title", limit=v.TITLE_MAX),
    "logline": lambda x: v.text(x, "logline", limit=v.LOGLINE_MAX),
    "synopsis": lambda x: v.text(x, "synopsis", limit=v.SYNOPSIS_MAX, required=False),
    "genres": lambda x: tuple(v.labels(x, "genres", most=GENRES_MAX)),
    "format": _format,
    "language": lambda x: project_language(
        v.text(x, "language", limit=v.SHORT_MAX, required=False)
    ),
    "budget_krw": lambda x: v.whole(x, "budget_krw", low=0, high=BUDGET_MAX_KRW),
    "shoot_start": lambda x: _day(x, "shoot_start"),
    "shoot_end": lambda x: _day(x, "shoot_end"),
    "prep_start": lambda x: _optional_day(x, "prep_start"),
    "prep_end": lambda x: _optional_day(x, "prep_end"),
    "post_start": lambda x: _optional_day(x, "post_start"),
    "post_end": lambda x: _optional_day(x, "post_end"),
}

ROLE_FIELDS: dict[str, Callable[[object], Any]] = {
    "role": lambda x: v.text(x, "role", limit=v.SHORT_MAX).lower(),
    "skills": lambda x: tuple(v.labels(x, "skills", most=SKILLS_MAX)),
    "count": lambda x: v.whole(x, "count", low=1, high=50),
    "start": lambda x: _day(x, "start"),
    "end": lambda x: _day(x, "end"),
    "paid": lambda x: _flag(x, "paid"),
    "budget_krw": lambda x: v.whole(x, "budget_krw", low=0, high=ROLE_BUDGET_MAX_KRW),
}


def parse(raw: Mapping[str, object], table: dict[str, Callable[[object], Any]]) -> dict[str, Any]:
    """Some of a command's fields (those a change names), each checked by its rule."""
    unknown = sorted(set(raw) - set(table))
    if unknown:
        raise Invalid("unknown field {unknown!r}", unknown=unknown[0], field=unknown[0])
    return {name: table[name](value) for name, value in raw.items()}


def checked_role(spec: object) -> RoleSpec:
    """A role as the director described it, checked and normalised (the role's name in lower
    case, its skills as distinct labels)."""
    if not isinstance(spec, RoleSpec):
        raise Invalid("each role needs role, skills, count, start and end", field="roles")
    checked = RoleSpec(
        **{f.name: ROLE_FIELDS[f.name](getattr(spec, f.name)) for f in fields(RoleSpec)}
    )
    checked.check()
    return checked


def reason_text(value: object, *, required: bool = True) -> str:
    """A reason the member wrote (for cancelling, releasing, declining, rejecting)."""
    return v.text(value, "reason", limit=v.COMMENT_MAX, required=required)


def upload(
    filename: object, content_type: object, data: object, *, accepted: frozenset[str],
    limit: int, what: str,
) -> tuple[str, str, bytes]:  # fmt: skip
    """The file's clean name and real content type, once its bytes say it is what it claims."""
    name = v.text(filename, "filename", limit=FILENAME_MAX * 4)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = v.text(name, "filename", limit=FILENAME_MAX)
    declared = v.text(content_type, "content type", limit=v.SHORT_MAX).lower()
    declared = declared.split(";", 1)[0].strip()
    if not isinstance(data, bytes):
        raise Invalid("{what} must be uploaded as a file", what=what, field="data")
    if not data:
        raise Invalid("{what} is empty", what=what, field="data")
    if len(data) > limit:
        raise Invalid(
            "{what} is {size:.1f} MB; the limit is {limit} MB",
            what=what,
            size=len(data) / 2**20,
            limit=limit // 2**20,
            field="data",
        )
    actual = sniff(data)
    wanted = " or ".join(sorted(_TYPE_NAMES[t] for t in accepted))
    if actual not in accepted:
        raise Invalid(
            "{what} must be {wanted}; this file's content is not",
            what=what,
            wanted=wanted,
            field="data",
        )
    if declared != actual:
        raise Invalid(
            "{what} was sent as {declared} but its content is {actual}",
            what=what,
            declared=declared,
            actual=_TYPE_NAMES[actual],
            field="content_type",
        )
    return name, actual, data
