"""Reading a project command's input: each field checked and turned into the domain's values
(Invalid, naming the field, when it is not one)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from domain import validation as v
from domain.errors import Invalid
from domain.project_files import JPEG, PDF, PNG, WEBP, sniff
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat, project_language

BUDGET_MAX_KRW = 10**12
GENRES_MAX = 10
SKILLS_MAX = 20
FILENAME_MAX = 200

_TYPE_NAMES = {PDF: "a PDF", PNG: "a PNG image", JPEG: "a JPEG image", WEBP: "a WebP image"}


def _day(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise Invalid("{field} must be a date like 2026-05-01", field=field) from None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("{field} must be a date like 2026-05-01", field=field)
    return value


def _optional_day(value: object, field: str) -> date | None:
    return None if value is None or value == "" else _day(value, field)


def _format(value: object) -> ProjectFormat:
    if isinstance(value, ProjectFormat):
        return value
    try:
        return ProjectFormat(value)
    except ValueError:
        known = ", ".join(f.value for f in ProjectFormat)
        raise Invalid("format must be one of {known}", known=known) from None


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
        v.text(x, "language", limit=v.SHORT_MAX, required=False)),
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
    "start": lambda x: _day(x, "a role's start"),
    "end": lambda x: _day(x, "a role's end"),
    "paid": lambda x: _flag(x, "paid"),
}


def parse(raw: Mapping[str, object], table: dict[str, Callable[[object], Any]]) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(table))
    if unknown:
        raise Invalid("unknown field {unknown!r}", unknown=unknown[0])
    return {name: table[name](value) for name, value in raw.items()}


def role_spec(raw: object) -> RoleSpec:
    if not isinstance(raw, Mapping):
        raise Invalid("each role needs role, skills, count, start and end")
    parsed = parse({"skills": [], "count": 1, "paid": False, **raw}, ROLE_FIELDS)
    missing = [name for name in ("role", "start", "end") if name not in parsed]
    if missing:
        raise Invalid("a role needs {missing}", missing=missing[0])
    spec = RoleSpec(**parsed)
    spec.check()
    return spec


def reason_text(value: object, *, required: bool = True) -> str:
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
        raise Invalid("{what} must be uploaded as a file", what=what)
    if not data:
        raise Invalid("{what} is empty", what=what)
    if len(data) > limit:
        raise Invalid(
            "{what} is {size:.1f} MB; the limit is {limit} MB",
            what=what, size=len(data) / 2 ** 20, limit=limit // 2 ** 20,
        )
    actual = sniff(data)
    wanted = " or ".join(sorted(_TYPE_NAMES[t] for t in accepted))
    if actual not in accepted:
        raise Invalid(
            "{what} must be {wanted}; this file's content is not",
            what=what, wanted=wanted,
        )
    if declared != actual:
        raise Invalid(
            "{what} was sent as {declared} but its content is {actual}",
            what=what, declared=declared, actual=_TYPE_NAMES[actual],
        )
    return name, actual, data


