"""What the inbox keeps of trainings to tell their members: who holds a seat or waits in each,
so a cancellation reaches every member enrolled or waiting (with the centre's reason), and a
member promoted from the waitlist hears that the seat is theirs."""

from __future__ import annotations

from uuid import UUID

from domain.training import Training
from projections.projector.sql import Tx
from projections.projector.view import Envelope, on
from projections.views.inbox_tables import InboxTables

SEATED = "seated"
WAITING = "waiting"
GONE = "gone"

TRAINING_TABLES = ("inbox_trainings", "inbox_training_places")
TRAINING_DDL = (
    "CREATE TABLE inbox_trainings (training_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
    "CREATE TABLE inbox_training_places (training_id TEXT NOT NULL, member_id TEXT NOT NULL, "
    "state TEXT NOT NULL, PRIMARY KEY (training_id, member_id))",
)


class InboxTrainings(InboxTables):
    @on(Training.Scheduled, writes_other_tables=True)
    def _training_scheduled(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO inbox_trainings (training_id, title) VALUES (?, ?) "
            "ON CONFLICT (training_id) DO NOTHING",
            (e.originator_id.hex, e.event.title),
        )

    def _training_place(self, tx: Tx, e: Envelope, state: str) -> None:
        tx.execute(
            "INSERT INTO inbox_training_places (training_id, member_id, state) VALUES (?, ?, ?) "
            "ON CONFLICT (training_id, member_id) DO UPDATE SET state = excluded.state",
            (e.originator_id.hex, e.event.member_id.hex, state),
        )

    def _training_title(self, tx: Tx, training_id: UUID) -> str:
        row = tx.execute(
            "SELECT title FROM inbox_trainings WHERE training_id = ?", (training_id.hex,)
        ).fetchone()
        return str(row[0]) if row else ""

    @on(Training.Enrolled, writes_other_tables=True)
    def _training_enrolled(self, tx: Tx, e: Envelope) -> None:
        self._training_place(tx, e, SEATED)

    @on(Training.Waitlisted, writes_other_tables=True)
    def _training_waitlisted(self, tx: Tx, e: Envelope) -> None:
        self._training_place(tx, e, WAITING)

    @on(Training.Withdrawn, Training.LeftWaitlist, writes_other_tables=True)
    def _training_left(self, tx: Tx, e: Envelope) -> None:
        self._training_place(tx, e, GONE)

    @on(Training.PromotedFromWaitlist, writes_other_tables=True)
    def _training_promoted(self, tx: Tx, e: Envelope) -> None:
        self._training_place(tx, e, SEATED)
        self._notify(
            tx,
            e,
            e.event.member_id,
            "training_seat",
            data={"title": self._training_title(tx, e.originator_id)},
        )

    @on(Training.Cancelled, writes_other_tables=True)
    def _training_cancelled(self, tx: Tx, e: Envelope) -> None:
        told = tx.execute(
            "SELECT member_id FROM inbox_training_places WHERE training_id = ? AND state IN "
            "(?, ?) ORDER BY member_id",
            (e.originator_id.hex, SEATED, WAITING),
        ).fetchall()
        data = {"title": self._training_title(tx, e.originator_id), "reason": e.event.reason}
        for (member,) in told:
            self._notify(
                tx,
                e,
                UUID(member),
                "training_cancelled",
                data=data,
                item_id=f"{e.originator_id.hex}.{e.event.originator_version}.{member}",
            )
