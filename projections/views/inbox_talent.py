"""What the inbox keeps of each member for scouts' saved talent searches: university, certified
skills, verified credits, the genres of the projects they directed or were hired on, and the
days they are busy (declared unavailable, or hired on a shoot), with the talent filters of each
saved talent search. `InboxMatches` matches a member against them as the member changes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from domain.project import Project
from domain.saved_search import SearchSpec
from domain.vocabulary import SearchKind
from projections.projector.sql import Tx
from projections.projector.view import Envelope
from projections.views.inbox_tables import InboxTables

_TALENT_COLUMNS = (
    "member_id",
    "university_id",
    "certified",
    "verified_credits",
    "genres",
    "declared",
    "unavailable",
    "hires",
)


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


class InboxTalent(InboxTables):
    SCHEMA_VERSION = 3  # 2: the facts and filters of talent searches; 3: declared genres
    TABLES = (*InboxTables.TABLES, "inbox_talent_members", "inbox_talent_searches")
    DDL = (
        *InboxTables.DDL,
        "CREATE TABLE inbox_talent_members (member_id TEXT PRIMARY KEY, university_id TEXT, "
        "certified TEXT NOT NULL, verified_credits INTEGER NOT NULL, genres TEXT NOT NULL, "
        "declared TEXT NOT NULL, "
        "unavailable TEXT NOT NULL, hires TEXT NOT NULL)",
        "CREATE TABLE inbox_talent_searches (search_id TEXT PRIMARY KEY, filters TEXT NOT NULL)",
    )

    def __init__(self) -> None:
        super().__init__()
        self._talent = self.rows("inbox_talent_members", ("member_id",), _TALENT_COLUMNS)

    # -- the member's facts ---------------------------------------------------------------------

    def _talent_facts(self, tx: Tx, member_id: UUID) -> dict[str, Any]:
        row = self._talent.get(tx, (member_id.hex,))
        if row is None:
            return {
                "university_id": None,
                "certified": [],
                "verified_credits": 0,
                "genres": [],
                "declared": [],
                "unavailable": [],
                "hires": [],
            }
        return {
            "university_id": row[1],
            "certified": json.loads(row[2]),
            "verified_credits": int(row[3]),
            "genres": json.loads(row[4]),
            "declared": json.loads(row[5]),
            "unavailable": json.loads(row[6]),
            "hires": json.loads(row[7]),
        }

    def _keep_talent(self, tx: Tx, member_id: UUID, **changes: Any) -> None:
        facts = {**self._talent_facts(tx, member_id), **changes}
        self._talent.put(
            (
                member_id.hex,
                facts["university_id"],
                json.dumps(sorted(set(facts["certified"]))),
                int(facts["verified_credits"]),
                json.dumps(sorted(set(facts["genres"]))),
                json.dumps(sorted(set(facts["declared"]))),
                json.dumps(facts["unavailable"]),
                json.dumps(facts["hires"]),
            )
        )

    def _talent_registered(self, tx: Tx, e: Envelope) -> None:
        university = e.event.university_id
        self._keep_talent(tx, e.originator_id, university_id=university.hex if university else None)

    def _talent_certified(self, tx: Tx, e: Envelope) -> UUID:
        member = e.event.member_id
        facts = self._talent_facts(tx, member)
        self._keep_talent(tx, member, certified=[*facts["certified"], e.event.skill])
        return member  # type: ignore[no-any-return]

    def _talent_credit(self, tx: Tx, e: Envelope) -> UUID:
        member = e.event.member_id
        facts = self._talent_facts(tx, member)
        self._keep_talent(tx, member, verified_credits=facts["verified_credits"] + 1)
        return member  # type: ignore[no-any-return]

    def _talent_unavailable(self, tx: Tx, e: Envelope) -> None:
        periods = [[_day(p["start"]), _day(p["end"])] for p in e.event.unavailable]
        self._keep_talent(tx, e.originator_id, unavailable=periods)

    def _talent_declared(self, tx: Tx, e: Envelope) -> None:
        self._keep_talent(tx, e.originator_id, declared=list(e.event.genres))

    def _talent_genres(self, tx: Tx, member_id: UUID, genres: list[str]) -> None:
        facts = self._talent_facts(tx, member_id)
        self._keep_talent(tx, member_id, genres=[*facts["genres"], *genres])

    def _talent_hired(
        self, tx: Tx, e: Envelope, role: dict[str, Any] | None, genres: list[str]
    ) -> UUID:
        member = e.event.member_id
        facts = self._talent_facts(tx, member)
        hires = [h for h in facts["hires"] if h[0] != e.event.role_id.hex]
        if isinstance(e.event, Project.CrewHired) and role and role.get("start"):
            hires.append([e.event.role_id.hex, role["start"], role["end"]])
            self._keep_talent(tx, member, hires=hires, genres=[*facts["genres"], *genres])
        else:
            self._keep_talent(tx, member, hires=hires)
        return member  # type: ignore[no-any-return]

    def _busy(self, facts: dict[str, Any]) -> tuple[tuple[date, date], ...]:
        spans = [*facts["unavailable"], *([h[1], h[2]] for h in facts["hires"])]
        return tuple((date.fromisoformat(s), date.fromisoformat(f)) for s, f in spans)

    # -- the searches' filters ------------------------------------------------------------------

    def _keep_talent_filters(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        filters = {
            "level": ev.level,
            "certified": ev.certified,
            "university_id": ev.university_id.hex if ev.university_id else None,
            "verified_credits": ev.verified_credits,
            "available_from": ev.available_from.isoformat() if ev.available_from else None,
            "available_to": ev.available_to.isoformat() if ev.available_to else None,
        }
        tx.execute(
            "INSERT INTO inbox_talent_searches (search_id, filters) VALUES (?, ?) "
            "ON CONFLICT (search_id) DO NOTHING",
            (e.originator_id.hex, json.dumps(filters, sort_keys=True)),
        )

    def _talent_filters(self, tx: Tx, search: SearchSpec) -> SearchSpec:
        if search.kind is not SearchKind.TALENT:
            return search
        row = tx.execute(
            "SELECT filters FROM inbox_talent_searches WHERE search_id = ?", (search.search_id.hex,)
        ).fetchone()
        if row is None:
            return search
        f = json.loads(row[0])
        return SearchSpec(
            search.search_id,
            search.owner_id,
            search.kind,
            search.query,
            search.role,
            search.skill,
            search.genre,
            level=int(f["level"]),
            certified=bool(f["certified"]),
            university_id=UUID(f["university_id"]) if f["university_id"] else None,
            verified_credits=bool(f["verified_credits"]),
            available_from=date.fromisoformat(f["available_from"]) if f["available_from"] else None,
            available_to=date.fromisoformat(f["available_to"]) if f["available_to"] else None,
        )

    @staticmethod
    def talent_filters(tx: Tx, search_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        """The talent filters of these saved searches (those that are talent searches): level,
        certified, university_id, verified_credits, available_from and available_to."""
        if not search_ids:
            return {}
        marks = ", ".join("?" for _ in search_ids)
        return {
            UUID(search): json.loads(filters)
            for search, filters in tx.execute(
                "SELECT search_id, filters FROM inbox_talent_searches "
                f"WHERE search_id IN ({marks})",
                [s.hex for s in search_ids],
            ).fetchall()
        }
