"""Other entities as the audit console names them: the ids inside a state, and for each its name
where a read model knows it (a member's name, a project's title, ...) with a link to its own
history when it is an entity in the log.

The only part of showing a state that reads the database: it asks for every id of a page at once,
in chunks, so the Reader (web/display/audit_state.py) works from a plain dict of names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any
from uuid import UUID

from projections.projector.sql import Tx
from web.display.audit_words import kind_label
from web.display.vocabulary import role_label
from web.i18n import current_language
from web.i18n import gettext_ as _


@dataclass(frozen=True)
class Ref:
    """Another entity, as a page names it: its name (or kind and short id) and its history."""

    text: str
    href: str = ""
    named: bool = False  # a view knows its name (else the text is its kind and short id)


_NAMED = (  # (view table, id column, name column) of entities a view names
    ("dir_members", "member_id", "name"),
    ("prj_projects", "project_id", "title"),
    ("fnd_funds", "fund_id", "name"),
    ("cal_workspaces", "workspace_id", "name"),
    ("br_partners", "partner_id", "name"),
    ("br_opportunities", "opportunity_id", "title"),
    ("tr_trainings", "training_id", "title"),
)


def _chunks(ids: list[str], size: int = 400) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _rows(tx: Tx, sql: str, ids: list[str]) -> Iterator[tuple[Any, ...]]:
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _id in chunk)
        yield from tx.execute(sql.format(marks=marks), chunk).fetchall()


def references(tx: Tx, ids: Iterable[UUID], kinds: dict[UUID, str]) -> dict[UUID, Ref]:
    """Names for these ids where a view knows them; `kinds` are the ids that are entities in the
    log (by kind), which link to their own history."""
    wanted = sorted({i.hex for i in ids})
    if not wanted:
        return {}
    named: dict[UUID, str] = {}
    for table, key, name in _NAMED:
        for row in _rows(
            tx, f"SELECT {key}, {name} FROM {table} WHERE {key} IN ({{marks}})", wanted
        ):
            named[UUID(row[0])] = str(row[1])
    korean = current_language() == "ko"
    for row in _rows(
        tx,
        "SELECT university_id, name, name_ko FROM dir_universities "
        "WHERE university_id IN ({marks})",
        wanted,
    ):
        named[UUID(row[0])] = str(row[2] if korean and row[2] else row[1])
    for row in _rows(
        tx,
        "SELECT a.application_id, p.title FROM fnd_applications a JOIN "
        "prj_projects p ON p.project_id = a.project_id "
        "WHERE a.application_id IN ({marks})",
        wanted,
    ):
        named[UUID(row[0])] = _("Application for %(title)s", title=row[1])
    for row in _rows(tx, "SELECT role_id, role FROM prj_roles WHERE role_id IN ({marks})", wanted):
        named[UUID(row[0])] = role_label(row[1])
    refs = {}
    for hex_id in wanted:
        ident = UUID(hex_id)
        kind = kinds.get(ident)
        text = named.get(ident) or (f"{kind_label(kind)} {hex_id[:8]}" if kind else hex_id[:8])
        refs[ident] = Ref(text, f"/audit/entities/{ident}" if kind else "", ident in named)
    return refs


def ids_in(value: Any) -> Iterator[UUID]:
    """Every id inside a state, however deeply nested."""
    if isinstance(value, UUID):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from ids_in(k)
            yield from ids_in(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from ids_in(v)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from ids_in(getattr(value, f.name))
