"""The development mailbox: every mail queued in the outbox, to whom, and how its delivery went
(pending, sent, failed attempts, dropped). The sender policy reads the pending mails here; the
local development page shows the whole mailbox. Addresses and bodies are the recipient's
personal data: blanked here when the recipient is erased."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.member import Member
from domain.outbox import Outbox
from domain.personal_data import ERASED
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on

PENDING = "pending"
SENT = "sent"
DROPPED = "dropped"


def _micros(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)


@dataclass(frozen=True)
class MailRow:
    mail_id: UUID
    member_id: UUID
    to_address: str
    title: str
    body: str
    status: str
    attempts: int
    last_error: str
    queued_at: str
    sent_at: str | None
    position: int


_COLUMNS = (
    "mail_id, member_id, to_address, title, body, status, attempts, last_error, "
    "queued_at, sent_at, position"
)


def _row(r: tuple[Any, ...]) -> MailRow:
    return MailRow(
        UUID(r[0]), UUID(r[1]), r[2], r[3], r[4], r[5], int(r[6]), r[7], r[8], r[9], int(r[10])
    )


class Mailbox(View):
    name = "mailbox"
    SCHEMA_VERSION = 1
    TABLES = ("mailbox_mails",)
    DDL = (
        "CREATE TABLE mailbox_mails (mail_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "to_address TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
        "status TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, "
        "retry_at_us BIGINT, queued_at TEXT NOT NULL, sent_at TEXT, position BIGINT NOT NULL)",
        "CREATE INDEX mailbox_mails_status ON mailbox_mails (status, position)",
        "CREATE INDEX mailbox_mails_member ON mailbox_mails (member_id, position)",
    )

    @on(Outbox.MailQueued)
    def _queued(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO mailbox_mails (mail_id, member_id, to_address, title, body, status, "
            "attempts, last_error, retry_at_us, queued_at, sent_at, position) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, '', NULL, ?, NULL, ?) ON CONFLICT (mail_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.member_id.hex,
                ev.to_address,
                ev.title,
                ev.body,
                PENDING,
                e.at.isoformat(),
                e.position,
            ),
        )

    @on(Outbox.MailSent)
    def _sent(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE mailbox_mails SET status = ?, attempts = ?, sent_at = ?, retry_at_us = NULL "
            "WHERE mail_id = ?",
            (SENT, e.event.attempts, e.at.isoformat(), e.originator_id.hex),
        )

    @on(Outbox.MailFailed)
    def _failed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE mailbox_mails SET attempts = ?, last_error = ?, retry_at_us = ? "
            "WHERE mail_id = ?",
            (e.event.attempts, e.event.error, _micros(e.event.retry_at), e.originator_id.hex),
        )

    @on(Outbox.MailDropped)
    def _dropped(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE mailbox_mails SET status = ?, last_error = ?, retry_at_us = NULL "
            "WHERE mail_id = ?",
            (DROPPED, e.event.reason, e.originator_id.hex),
        )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE mailbox_mails SET to_address = ?, body = ? WHERE member_id = ?",
            (ERASED, ERASED, e.originator_id.hex),
        )

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def pending(tx: Tx, now: datetime, *, limit: int = 100) -> list[MailRow]:
        """Mails waiting to be sent whose next try is due, oldest first."""
        rows = tx.execute(
            f"SELECT {_COLUMNS} FROM mailbox_mails WHERE status = ? "
            "AND (retry_at_us IS NULL OR retry_at_us <= ?) ORDER BY position LIMIT ?",
            (PENDING, _micros(now), limit),
        ).fetchall()
        return [_row(r) for r in rows]

    @staticmethod
    def mails(tx: Tx, *, member_id: UUID | None = None, limit: int = 100) -> list[MailRow]:
        """The mailbox, newest first; one member's mails when `member_id` is given."""
        where, params = ("WHERE member_id = ?", [member_id.hex]) if member_id else ("", [])
        rows = tx.execute(
            f"SELECT {_COLUMNS} FROM mailbox_mails {where} ORDER BY position DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [_row(r) for r in rows]

    @staticmethod
    def mail(tx: Tx, mail_id: UUID) -> MailRow | None:
        row = tx.execute(
            f"SELECT {_COLUMNS} FROM mailbox_mails WHERE mail_id = ?", (mail_id.hex,)
        ).fetchone()
        return _row(row) if row else None

    @staticmethod
    def counts(tx: Tx) -> dict[str, int]:
        rows = tx.execute("SELECT status, COUNT(*) FROM mailbox_mails GROUP BY status").fetchall()
        return {str(r[0]): int(r[1]) for r in rows}
