"""Finding an entity by name for the audit console: projects, members, funds, partners and
workspaces whose name holds the words typed, whatever their case (Korean has none: a syllable
matches itself), read from the views that already keep those names (the directory, projects,
funds, bridge and calendar views). Nothing here has tables of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.personal_data import ERASED
from projections.projector.sql import Tx

# kind → (table, id column, name column); kinds are the log's aggregate class names, as the
# console's timeline names them.
SOURCES: dict[str, tuple[str, str, str]] = {
    "Project": ("prj_projects", "project_id", "title"),
    "Member": ("dir_members", "member_id", "name"),
    "Fund": ("fnd_funds", "fund_id", "name"),
    "Partner": ("br_partners", "partner_id", "name"),
    "Workspace": ("cal_workspaces", "workspace_id", "name"),
}
MAX_QUERY = 80


@dataclass(frozen=True)
class Found:
    kind: str
    entity_id: UUID
    name: str


def _pattern(text: str) -> str:
    """A LIKE pattern for `text` anywhere in a name, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_by_name(tx: Tx, text: str, *, limit: int = 10) -> dict[str, list[Found]]:
    """Up to `limit` entities of each kind whose name holds `text` (blank space at its ends
    ignored, case ignored), by name; kinds with none are left out. An erased member's name is
    gone: searching for "[erased]" finds nobody."""
    words = " ".join(text.split())[:MAX_QUERY].lower()
    if not words:
        return {}
    found: dict[str, list[Found]] = {}
    for kind, (table, key, name) in SOURCES.items():
        rows = tx.execute(
            f"SELECT {key}, {name} FROM {table} WHERE LOWER({name}) LIKE ? ESCAPE '\\' "
            f"AND {name} <> ? ORDER BY {name}, {key} LIMIT ?",
            (_pattern(words), ERASED, limit),
        ).fetchall()
        if rows:
            found[kind] = [Found(kind, UUID(str(r[0])), str(r[1])) for r in rows]
    return found
