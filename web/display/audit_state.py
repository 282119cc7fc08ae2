"""An entity's state as the audit console shows it to a person.

The domain keeps typed values (ids, enums, moments, amounts, nested records such as a project's
crew roles); here each becomes something a person reads: fields under labels in the reader's
language, won with separators, Seoul time, statuses in words, other entities by name with a link
to their own history, lists as lists and records as small tables. Nothing reaches the page as
`None`, a Python class or a JSON blob: an empty value reads as "—" or "none".

Secrets' hashes and lookup keys stay withheld, as in the API.

This module decides how a state's shape reads (records, tables, lists, changes); the words for
plain values are in web/display/audit_values.py, other entities' names in
web/display/audit_references.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from domain.fund import as_typed
from projections.views.audit import WITHHELD
from web.display.audit_references import Ref
from web.display.audit_values import (
    Shown,
    enum_word,
    enum_words,
    hours,
    nothing,
    seoul,
    weekdays,
    won,
    words,
)
from web.display.audit_words import field_label, has_label, heading_of, value_hint
from web.display.labels import member_role_labels
from web.display.vocabulary import genre_label, language_label, role_label, skill_label
from web.i18n import gettext_ as _

HIDDEN = frozenset({"id"})  # the heading already names it


def _record(value: Any) -> dict[str, Any] | None:
    """A nested record (a dataclass, or a dict keyed by field names) as a dict; else None."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and has_label(k) for k in value)
    ):
        return value
    return None


def _role(value: object) -> str:
    """A role: a member's (a talent search looks for crew or directors) or a crew role's."""
    return member_role_labels().get(str(value)) or role_label(value)


class Reader:
    """Shows values of one entity's state, with the names of the entities it refers to."""

    def __init__(self, refs: dict[UUID, Ref]) -> None:
        self.refs = refs
        self.enums = enum_words()

    def fields(self, state: dict[str, Any], kind: str = "") -> list[tuple[str, Shown]]:
        return [
            (field_label(k, kind), self.show(k, v)) for k, v in state.items() if k not in HIDDEN
        ]

    def show(self, key: str, value: Any) -> Shown:
        if key in WITHHELD:
            return nothing(_("withheld"))
        if value is None:
            return nothing()
        if isinstance(value, bool):
            return words(_("Yes") if value else _("No"))
        if isinstance(value, Enum):
            return words(enum_word(value, self.enums))
        if isinstance(value, UUID):
            ref = self.refs.get(value, Ref(value.hex[:8]))
            return Shown(text=ref.text, href=ref.href)
        if isinstance(value, datetime) and key in ("opens", "closes"):
            # A fund's dates read as the admin typed them: open through the closing day.
            typed = as_typed(value, closing=key == "closes")
            return words(typed.isoformat() if not isinstance(typed, datetime) else seoul(typed))
        if isinstance(value, datetime):
            return words(seoul(value))
        if isinstance(value, date):
            return words(value.isoformat())
        if isinstance(value, timedelta):
            return words(hours(value.total_seconds() / 60))
        if isinstance(value, int | Decimal | float):
            return self._number(key, value)
        if isinstance(value, str):
            return self._text(key, value)
        record = _record(value)
        if record is not None:
            return Shown(
                pairs=tuple(
                    (field_label(k), self.show(k, v)) for k, v in record.items() if k not in HIDDEN
                )
            )
        if isinstance(value, dict):
            return self._mapping(key, value)

        if isinstance(value, list | tuple | set | frozenset):
            return self._many(key, value)
        return words(str(value))

    def _number(self, key: str, value: int | Decimal | float) -> Shown:
        if key == "attendance":  # a training's attendance is kept by session number
            return words(_("Session %(n)s", n=value))
        if key.endswith("_krw") or key == "krw":
            return words(won(value))
        if key.endswith("minutes") or key == "minutes":
            return words(hours(value))
        if key == "size":
            return words(_("%(n)s bytes", n=f"{value:,}"))
        return words(str(value))

    def _text(self, key: str, value: str) -> Shown:
        if not value.strip():
            return nothing()
        said: dict[str, Callable[[object], str]] = {
            "role": _role,
            "skill": skill_label,
            "skills": skill_label,
            "genres": genre_label,
            "genre": genre_label,
            "genre_interests": genre_label,
            "language": language_label,
            "languages": language_label,
        }
        return words(said[key](value) if key in said else value)

    def _mapping(self, key: str, value: dict[Any, Any]) -> Shown:
        if not value:
            return nothing(_("none"))
        hint = value_hint(key)
        entries = sorted(value.items(), key=lambda kv: self.show(key, kv[0]).text)
        if all(isinstance(k, UUID) for k in value):
            records = [_record(v) for v in value.values()]
            if all(r is not None for r in records):
                return self._table(key, [(k, _record(v) or {}) for k, v in entries])
            return Shown(
                columns=(heading_of(key), field_label(hint)),
                rows=tuple((self.show("", k), self.show(hint, v)) for k, v in entries),
            )
        return Shown(pairs=tuple((self.show(key, k).text, self.show(hint, v)) for k, v in entries))

    def _table(self, key: str, rows: list[tuple[UUID, dict[str, Any]]]) -> Shown:
        names = [n for n in dict.fromkeys(n for _k, r in rows for n in r) if n not in HIDDEN]
        ids = [n for n in names if all(r.get(n) == k for k, r in rows)]
        names = [n for n in names if n not in ids]
        lead = not ids  # the key is the record's own id when a field repeats it
        columns = ((heading_of(key),) if lead else ()) + tuple(field_label(n) for n in names)
        body = tuple(
            ((self.show("", k),) if lead else ()) + tuple(self.show(n, r.get(n)) for n in names)
            for k, r in rows
        )
        return Shown(columns=columns, rows=body)

    def _many(
        self, key: str, value: list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any]
    ) -> Shown:
        if not value:
            return nothing(_("none"))
        items = list(value)
        if (
            isinstance(value, tuple)
            and len(items) == 2
            and all(isinstance(v, date | str) for v in items)
        ):
            return words(" – ".join(self.show(key, v).text for v in items))
        if key == "hours" and len(items) == 7:
            return Shown(
                pairs=tuple(
                    (day, self._opening(v)) for day, v in zip(weekdays(), items, strict=True)
                )
            )
        records = [_record(v) for v in items]
        if all(r is not None for r in records):
            names = [
                n for n in dict.fromkeys(n for r in records for n in (r or {})) if n not in HIDDEN
            ]
            return Shown(
                columns=tuple(field_label(n) for n in names),
                rows=tuple(tuple(self.show(n, (r or {}).get(n)) for n in names) for r in records),
            )
        shown = [self.show(key, v) for v in items]
        if isinstance(value, set | frozenset):
            shown.sort(key=lambda s: s.text)
        return Shown(items=tuple(shown))

    def _opening(self, hours_of_day: Any) -> Shown:
        if not hours_of_day:
            return nothing(_("closed"))
        return words("–".join(str(v) for v in hours_of_day))


@dataclass(frozen=True)
class Change:
    label: str
    before: Shown
    after: Shown


def changes(
    reader: Reader,
    before: dict[str, Any],
    after: dict[str, Any],
    changed: Iterable[str],
    kind: str = "",
) -> list[Change]:
    """The fields that differ between two states, each before and after, as a person reads."""
    shown = [
        Change(field_label(k, kind), reader.show(k, before.get(k)), reader.show(k, after.get(k)))
        for k in changed
        if k not in HIDDEN
    ]
    return [c for c in shown if c.before != c.after]  # "" and a missing field both read "—"
