"""Who follows which director, as the bridge view keeps it: each member's Follow (started,
stopped, resumed) in `br_member_follows`, read by the member pages (the Follow button), the
scouting board and the project page (through the bridge's partner-level queries in
bridge_follows.py, which also read the organisations' follows of earlier logs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.follow import Follow
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on

FOLLOW_TABLES = ("br_member_follows",)
FOLLOW_DDL = (
    "CREATE TABLE br_member_follows (follow_id TEXT PRIMARY KEY, follower_id TEXT NOT NULL, "
    "director_id TEXT NOT NULL, active INTEGER NOT NULL, since TEXT NOT NULL)",
    "CREATE INDEX br_member_follows_director ON br_member_follows (director_id, active)",
    "CREATE INDEX br_member_follows_follower ON br_member_follows (follower_id, active)",
)


@dataclass(frozen=True)
class MemberFollowRow:
    """A member following a director, since they (last) started."""

    follower_id: UUID
    director_id: UUID
    since: datetime


_SELECT = "SELECT follower_id, director_id, since FROM br_member_follows"


def _row(row: tuple[Any, ...]) -> MemberFollowRow:
    return MemberFollowRow(UUID(row[0]), UUID(row[1]), datetime.fromisoformat(row[2]))


class MemberFollows(View):
    """The bridge view's handlers of Follow events (mixed into projections/views/bridge.py)."""

    @on(Follow.Started, writes_other_tables=True)
    def _follow_started(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO br_member_follows (follow_id, follower_id, director_id, active, since) "
            "VALUES (?, ?, ?, 1, ?) ON CONFLICT (follow_id) DO UPDATE SET "
            "follower_id = excluded.follower_id, director_id = excluded.director_id, "
            "active = excluded.active, since = excluded.since",
            (e.originator_id.hex, ev.follower_id.hex, ev.director_id.hex, e.at.isoformat()),
        )

    @on(Follow.Stopped, writes_other_tables=True)
    def _follow_stopped(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE br_member_follows SET active = 0 WHERE follow_id = ?", (e.originator_id.hex,)
        )

    @on(Follow.Resumed, writes_other_tables=True)
    def _follow_resumed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE br_member_follows SET active = 1, since = ? WHERE follow_id = ?",
            (e.at.isoformat(), e.originator_id.hex),
        )


def followers(tx: Tx, director_id: UUID) -> list[MemberFollowRow]:
    """The members following a director, longest followed first."""
    rows = tx.execute(
        f"{_SELECT} WHERE director_id = ? AND active = 1 ORDER BY since, follower_id",
        (director_id.hex,),
    ).fetchall()
    return [_row(r) for r in rows]


def following(tx: Tx, member_id: UUID) -> list[MemberFollowRow]:
    """The directors a member follows, longest followed first."""
    rows = tx.execute(
        f"{_SELECT} WHERE follower_id = ? AND active = 1 ORDER BY since, director_id",
        (member_id.hex,),
    ).fetchall()
    return [_row(r) for r in rows]


def follows(tx: Tx, member_id: UUID, director_id: UUID) -> bool:
    """Whether the member follows the director now."""
    row = tx.execute(
        "SELECT 1 FROM br_member_follows WHERE follower_id = ? AND director_id = ? AND active = 1",
        (member_id.hex, director_id.hex),
    ).fetchone()
    return row is not None


def follower_count(tx: Tx, director_id: UUID) -> int:
    row = tx.execute(
        "SELECT COUNT(*) FROM br_member_follows WHERE director_id = ? AND active = 1",
        (director_id.hex,),
    ).fetchone()
    return int(row[0]) if row else 0
