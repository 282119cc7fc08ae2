"""What the admin console lists that no single view answers: booking requests waiting for an
admin, every room (retired ones too), how many applications wait for a decision, and
a training's register (who attended which session, who completed it).

Read-only queries over the calendar's, the funds' and the trainings' tables (each view keeps
its own tables; these only read them), so that the console's handlers run no SQL of their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from projections.projector.sql import Tx


@dataclass(frozen=True)
class BookingRequest:
    """A booking asked for (the screening room) and not yet answered."""

    booking_id: UUID
    workspace: str  # the room's name ("" when the calendar no longer knows it)
    member_id: UUID
    start: str  # ISO moments, as the calendar keeps them
    end: str
    answer_by: str | None


@dataclass(frozen=True)
class RoomLine:
    workspace_id: UUID
    name: str
    kind: str
    retired: bool


@dataclass(frozen=True)
class Register:
    """A training's register: the members present at each session, and those who completed."""

    attendance: dict[int, frozenset[UUID]]
    completed: frozenset[UUID]


class Console:
    @staticmethod
    def booking_requests(tx: Tx) -> list[BookingRequest]:
        """Requests waiting for an admin, the soonest answer due first."""
        rows = tx.execute(
            "SELECT b.booking_id, COALESCE(w.name, ''), b.member_id, b.start_at, b.end_at, "
            "b.answer_by FROM cal_bookings b LEFT JOIN cal_workspaces w "
            "ON w.workspace_id = b.workspace_id WHERE b.status = 'requested' "
            "ORDER BY b.answer_by, b.start_us"
        ).fetchall()
        return [
            BookingRequest(
                UUID(r[0]),
                str(r[1]),
                UUID(r[2]),
                str(r[3]),
                str(r[4]),
                None if r[5] is None else str(r[5]),
            )
            for r in rows
        ]

    @staticmethod
    def rooms(tx: Tx) -> list[RoomLine]:
        """Every room by name, retired ones too (the calendar's own list leaves them out)."""
        rows = tx.execute(
            "SELECT workspace_id, name, kind, retired FROM cal_workspaces ORDER BY name"
        ).fetchall()
        return [RoomLine(UUID(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in rows]

    @staticmethod
    def undecided_applications(tx: Tx) -> int:
        """Applications submitted and waiting for a decision."""
        return int(
            tx.scalar("SELECT COUNT(*) FROM fnd_applications WHERE status = 'submitted'") or 0
        )

    @staticmethod
    def register(tx: Tx, training_id: UUID) -> Register:
        """Who attended which session of a training, and who completed it (the trainings
        view's places)."""
        rows = tx.execute(
            "SELECT member_id, state, attended FROM tr_places WHERE training_id = ?",
            (training_id.hex,),
        ).fetchall()
        present: dict[int, set[UUID]] = {}
        for member_id, _state, attended in rows:
            for session in json.loads(attended):
                present.setdefault(int(session), set()).add(UUID(member_id))
        return Register(
            {n: frozenset(m) for n, m in present.items()},
            frozenset(UUID(r[0]) for r in rows if r[1] == "completed"),
        )
