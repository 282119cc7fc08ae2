"""What both recorders add to the library's insert, in the same transaction: the audit chain's
links and the head checkpoints (which position was the head at which moment), and the member
key table. The statements are spelled once here; a `Dialect` says how SQLite and PostgreSQL
name a table, mark a parameter and type a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.persistence import StoredEvent

from projections.log.chain import GENESIS, link

HEADS_TABLE = "head_checkpoints"
KEYS_TABLE = "member_keys"
CHAIN_TABLE = "audit_chain"

Save = tuple[Sequence[int], Sequence[StoredEvent], dict[str, Any]]


@dataclass(frozen=True)
class Dialect:
    """How one database spells the log's tables and statements."""

    mark: str  # the parameter placeholder
    integer: str
    blob: str
    position: str  # the events table's position column
    schema: str | None = None  # PostgreSQL's schema; SQLite has none
    heads_index: str = "(at_us)"  # SQLite's rowid is the position: the index holds it already

    def table(self, name: str) -> str:
        if self.schema is None:
            return name
        return f"{_quoted(self.schema)}.{_quoted(name)}"


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


SQLITE = Dialect(mark="?", integer="INTEGER", blob="BLOB", position="rowid")


def postgres(schema: str) -> Dialect:
    return Dialect(
        mark="%s",
        integer="bigint",
        blob="bytea",
        position="notification_id",
        schema=schema,
        heads_index="(at_us, position)",
    )


@dataclass(frozen=True)
class LogStatements:
    """The statements of the tables the log keeps beside the library's events table."""

    create: tuple[str, ...]
    last_link: str
    insert_link: str
    last_head: str
    insert_head: str
    versions_after: str

    @classmethod
    def of(cls, dialect: Dialect, events_table: str) -> LogStatements:
        heads, keys, chain = (dialect.table(t) for t in (HEADS_TABLE, KEYS_TABLE, CHAIN_TABLE))
        mark, integer, blob, position = (
            dialect.mark,
            dialect.integer,
            dialect.blob,
            dialect.position,
        )
        index = _quoted(HEADS_TABLE + ("_at" if dialect.schema is None else "_at_position"))
        return cls(
            create=(
                f"CREATE TABLE IF NOT EXISTS {heads} ("
                f"position {integer} PRIMARY KEY, at_us {integer} NOT NULL)",
                f"CREATE INDEX IF NOT EXISTS {index} ON {heads} {dialect.heads_index}",
                f"CREATE TABLE IF NOT EXISTS {keys} "
                f"(subject TEXT PRIMARY KEY, key {blob} NOT NULL)",
                f"CREATE TABLE IF NOT EXISTS {chain} "
                f"(position {integer} PRIMARY KEY, hash {blob} NOT NULL)",
            ),
            last_link=f"SELECT hash FROM {chain} ORDER BY position DESC LIMIT 1",
            insert_link=f"INSERT INTO {chain} (position, hash) VALUES ({mark}, {mark})",
            last_head=f"SELECT at_us FROM {heads} ORDER BY position DESC LIMIT 1",
            insert_head=(
                f"INSERT INTO {heads} (position, at_us) VALUES ({mark}, {mark}) "
                "ON CONFLICT (position) DO UPDATE SET at_us = excluded.at_us"
            ),
            versions_after=(
                f"SELECT {position}, originator_id, originator_version, topic "
                f"FROM {dialect.table(events_table)} WHERE {position} > {mark} "
                f"ORDER BY {position} LIMIT {mark}"
            ),
        )


def first_value(row: Any) -> Any:
    """The first column of a row: SQLite's rows are sequences, PostgreSQL's (dict_row) maps."""
    if row is None:
        return None
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


class ChainedLog:
    """The part both recorders share: after the library's insert, under its write lock (SQLite's
    BEGIN IMMEDIATE, PostgreSQL's EXCLUSIVE table lock, so the last link cannot move), write
    the links of the saves just inserted and their head checkpoints."""

    log_statements: LogStatements

    def _link_and_checkpoint(self, cursor: Any, saves: list[Save]) -> None:
        """The chain links and head checkpoints of saves just inserted, in log order."""
        if not saves:
            return
        statements = self.log_statements
        cursor.execute(statements.last_link)
        last = first_value(cursor.fetchone())
        links, heads = links_and_heads(bytes(last) if last is not None else GENESIS, saves)
        cursor.executemany(statements.insert_link, links)
        if heads:
            cursor.execute(statements.last_head)
            cursor.executemany(
                statements.insert_head, rising(heads, first_value(cursor.fetchone()))
            )


def _links(
    previous: bytes, ids: Sequence[int], stored: Sequence[StoredEvent]
) -> list[tuple[int, bytes]]:
    rows = []
    for position, s in zip(ids, stored, strict=True):
        previous = link(previous, position, s.originator_id, s.originator_version, s.topic, s.state)
        rows.append((position, previous))
    return rows


def links_and_heads(
    previous: bytes, saves: list[Save]
) -> tuple[list[tuple[int, bytes]], list[tuple[int, int]]]:
    """The chain links (position, hash) of saves just inserted, in log order, from the hash of
    the link before them; and each save's head checkpoint (its last position, its moment)."""
    links: list[tuple[int, bytes]] = []
    heads: list[tuple[int, int]] = []
    for ids, stored_events, kwargs in saves:
        links.extend(_links(previous, ids, stored_events))
        previous = links[-1][1]
        head_at = kwargs.get("head_at")
        if isinstance(head_at, datetime):
            heads.append((max(ids), micros(head_at)))
    return links, heads


def rising(heads: list[tuple[int, int]], last_at: int | None) -> list[tuple[int, int]]:
    """Head checkpoints (position, microseconds) whose times never go back: a save stamped
    earlier than the head before it (clocks are not monotonic) became the head no sooner than
    that one did. Written under the write lock, so `position_at` can take the last checkpoint
    in time order from an index instead of scanning every checkpoint before the moment."""
    floor = last_at or 0
    result = []
    for position, at in heads:
        floor = max(floor, at)
        result.append((position, floor))
    return result


def micros(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)
