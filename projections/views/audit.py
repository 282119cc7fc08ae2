"""Audit: every entity's history in log order, any entity as of a past moment, and proof that
the log was not altered (the hash chain the write path keeps, checked against sealed digests).

"As of T" is defined by log position: the head checkpoints map a time to the position that was
the head then; an entity as of T is its events up to that position, read through its primary
key, so it costs the same however long the log grows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.filmhouse import FilmHouse
from migrations.topics import stored_as
from projections.log.chain import GENESIS
from projections.log.chain_check import Seal, VerifyResult, check, keyless_decoder, walk
from projections.log.chained import CHAIN_TABLE, HEADS_TABLE
from projections.log.eventstore import position_at
from projections.projector.sql import Database, Tx

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic"}
WITHHELD = frozenset({"password_hash", "token_hash", "email_key"})  # never shown, not to auditors


def withhold(value: Any) -> Any:
    """A copy of state or event data with the secrets' hashes and lookup keys masked."""
    if isinstance(value, dict):
        return {k: "(withheld)" if k in WITHHELD else withhold(v) for k, v in value.items()}
    if isinstance(value, list):
        return [withhold(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """A JSON-safe copy of domain state."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, bytes):
        return value.hex()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    return value


def state_of(aggregate: Any) -> dict[str, Any]:
    """An aggregate's attributes by name, typed as the domain holds them, with its status where
    it derives one from other attributes (a subsidy application's, say)."""
    state = {k.lstrip("_"): v for k, v in vars(aggregate).items() if not k.startswith("_pending")}
    if isinstance(getattr(type(aggregate), "status", None), property):
        state["status"] = aggregate.status
    return state


@dataclass(frozen=True)
class HistoryEntry:
    position: int
    type: str
    at: datetime
    actor: str
    reason: str | None
    data: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # typed

    def as_json(self) -> dict[str, Any]:
        out = {
            "position": self.position,
            "type": self.type,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "data": self.data,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


def _position_column(tx: Tx) -> str:
    return "notification_id" if tx.postgres else "rowid"


class Audit:
    def __init__(self, app: FilmHouse, db: Database | None = None) -> None:
        self.app = app
        self.db = db or Database(app.factory.datastore)  # type: ignore[attr-defined]
        # `stored_events` on SQLite; the library names it after the application on PostgreSQL.
        self.events_table: str = app.recorder.events_table_name  # type: ignore[attr-defined]

    # -- history and as-of ------------------------------------------------------------------

    def _stored(self, entity_id: UUID, until: int | None) -> list[tuple[int, StoredEvent]]:
        with self.db.read() as tx:
            pos = _position_column(tx)
            ident = entity_id if tx.postgres else entity_id.hex
            params: tuple[Any, ...] = (ident,) if until is None else (ident, until)
            rows = tx.execute(
                f"SELECT {pos}, originator_version, topic, state FROM {self.events_table} "
                f"WHERE originator_id = ?{'' if until is None else f' AND {pos} <= ?'} "
                "ORDER BY originator_version",
                params,
            ).fetchall()
        return [(int(r[0]), StoredEvent(entity_id, int(r[1]), r[2], bytes(r[3]))) for r in rows]

    def history(self, entity_id: UUID) -> list[HistoryEntry]:
        entries = []
        for position, stored in self._stored(entity_id, None):
            event, meta = self.app.mapper.decode(stored)  # type: ignore[attr-defined]
            values = {k: v for k, v in vars(event).items() if k not in _BASE_FIELDS}
            data = {k: plain(v) for k, v in values.items()}
            reason = data.get("reason") if isinstance(data.get("reason"), str) else None
            entries.append(
                HistoryEntry(
                    position,
                    type(event).__qualname__,
                    event.timestamp,
                    str(meta.get("actor", "system")),
                    reason,
                    data,
                    values,
                )
            )
        return entries

    def position_at(self, at: datetime) -> int:
        return position_at(self.app, at)

    def entity_at(self, entity_id: UUID, position: int) -> Any | None:
        """The aggregate as its events up to that log position made it (None: not yet born)."""
        aggregate = None
        for _, stored in self._stored(entity_id, position):
            event = self.app.mapper.to_domain_event(stored)
            aggregate = event.mutate(aggregate)  # type: ignore[attr-defined]
        return aggregate

    def typed_state(self, entity_id: UUID, position: int) -> dict[str, Any] | None:
        """The entity's attributes at a log position, typed as the domain holds them (for a
        reader that shows enums, moments and amounts in words); None before it existed."""
        aggregate = self.entity_at(entity_id, position)
        return None if aggregate is None else state_of(aggregate)

    def entity_state(self, entity_id: UUID, position: int) -> dict[str, Any] | None:
        aggregate = self.entity_at(entity_id, position)
        if aggregate is None:
            return None
        state: dict[str, Any] = plain(state_of(aggregate))
        state["type"] = type(aggregate).__name__
        return state

    def kinds(self, ids: Iterable[UUID]) -> dict[UUID, str]:
        """Which of these ids are entities in the log, each with its kind (the class name)."""
        wanted = sorted(set(ids))
        found: dict[UUID, str] = {}
        with self.db.read() as tx:
            for start in range(0, len(wanted), 400):
                chunk = wanted[start : start + 400]
                idents = chunk if tx.postgres else [i.hex for i in chunk]
                marks = ", ".join("?" for _i in chunk)
                for ident, topic in tx.execute(
                    f"SELECT originator_id, topic FROM {self.events_table} "
                    f"WHERE originator_version = 1 AND originator_id IN ({marks})",
                    idents,
                ).fetchall():
                    key = ident if isinstance(ident, UUID) else UUID(str(ident))
                    found[key] = str(topic).rsplit(":", 1)[-1].split(".")[0]
        return found

    def compare(self, entity_id: UUID, first: int, second: int) -> dict[str, Any]:
        before = self.entity_state(entity_id, first) or {}
        after = self.entity_state(entity_id, second) or {}
        changed = {
            k: {"before": before.get(k), "after": after.get(k)}
            for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)
        }
        return {"before": first, "after": second, "changed": changed}

    def export(self, entity_id: UUID, fmt: str) -> str:
        entries = [e.as_json() for e in self.history(entity_id)]
        if fmt == "json":
            return json.dumps(entries, ensure_ascii=False, indent=2)
        if fmt != "csv":
            raise ValueError("export formats are csv and json")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["position", "type", "at", "actor", "reason", "data"])
        for e in entries:
            writer.writerow(
                [
                    e["position"],
                    e["type"],
                    e["at"],
                    e["actor"],
                    e.get("reason", ""),
                    json.dumps(e["data"], ensure_ascii=False, sort_keys=True),
                ]
            )
        return out.getvalue()

    # -- tamper evidence --------------------------------------------------------------------

    def _events_after(self, after: int, limit: int) -> list[tuple[Any, ...]]:
        with self.db.read() as tx:
            pos = _position_column(tx)
            return tx.execute(
                f"SELECT {pos}, originator_id, originator_version, topic, state "
                f"FROM {self.events_table} WHERE {pos} > ? ORDER BY {pos} LIMIT ?",
                (after, limit),
            ).fetchall()

    def _links_after(self, after: int, bound: int | None) -> list[tuple[Any, Any]]:
        with self.db.read() as tx:
            rows = tx.execute(
                f"SELECT position, hash FROM {CHAIN_TABLE} WHERE position > ?"
                + ("" if bound is None else " AND position <= ?")
                + " ORDER BY position",
                (after,) if bound is None else (after, bound),
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def _last_checkpoint(self) -> int:
        with self.db.read() as tx:
            return int(tx.scalar(f"SELECT MAX(position) FROM {HEADS_TABLE}") or 0)

    def verify(self, seal: Seal | None = None) -> VerifyResult:
        """The chain checked from the first event (projections/log/chain_check.py), each event
        decoded as the application decodes it, without opening personal fields."""
        return check(
            walk(self._events_after, self._links_after),
            self._last_checkpoint,
            seal,
            keyless_decoder(),
        )

    def seal(self) -> Seal:
        with self.db.read() as tx:
            row = tx.execute(
                f"SELECT position, hash FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1"
            ).fetchone()
            count = int(tx.scalar(f"SELECT COUNT(*) FROM {CHAIN_TABLE}") or 0)
        if row is None:
            return Seal(0, 0, GENESIS)
        return Seal(count, int(row[0]), bytes(row[1]))


@dataclass(frozen=True)
class SealTaken:
    """A seal recorded as taken (domain/seal_record.py): when, by whom, what it sealed."""

    position: int  # of the record itself in the log
    at: datetime
    actor: str
    seal: Seal


def seals_taken(audit: Audit, limit: int = 50) -> list[SealTaken]:
    """The seals recorded as taken, the latest first, read from the log as the timeline is."""
    from domain.seal_record import SealRecord

    topics = stored_as(get_topic(SealRecord.Taken))
    with audit.db.read() as tx:
        pos = _position_column(tx)
        marks = ", ".join("?" for _t in topics)
        rows = tx.execute(
            f"SELECT {pos}, originator_id, originator_version, topic, state "
            f"FROM {audit.events_table} WHERE topic IN ({marks}) ORDER BY {pos} DESC LIMIT ?",
            (*topics, limit),
        ).fetchall()
    taken = []
    for position, ident, version, topic, state in rows:
        originator = ident if isinstance(ident, UUID) else UUID(str(ident))
        stored = StoredEvent(originator, int(version), topic, bytes(state))
        event, meta = audit.app.mapper.decode(stored)  # type: ignore[attr-defined]
        seal = Seal(int(event.events), int(event.position), bytes.fromhex(event.digest))
        taken.append(
            SealTaken(int(position), event.timestamp, str(meta.get("actor", "system")), seal)
        )
    return taken
