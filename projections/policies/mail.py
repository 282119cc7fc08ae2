"""The outbox sender: a policy that delivers pending mails and records each outcome as an event.

It reads what is pending from the mailbox view, then loads each mail fresh from the log (the
view may lag: a mail already sent is never sent again) and hands it to a transport. A transport
that raises OSError (the mail server is down, refuses, times out) loses nothing: a MailFailed
event records the attempt and when to try again, and the mail stays pending. A mail whose
recipient has been erased is dropped, since its address can no longer be read.

Delivery is at least once: should the process die between the server's acceptance and the
MailSent event, the mail goes again on the next run, with the same Message-ID (derived from the
mail's id) so that the receiving side can tell. Run one sender per database.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from uuid import UUID

from domain.errors import Conflict
from domain.filmhouse import FilmHouse
from domain.personal_data import ERASED
from projections.projector.sql import Database
from projections.views.mailbox import Mailbox


@dataclass(frozen=True)
class OutgoingMail:
    mail_id: UUID
    to_address: str
    title: str
    body: str


class Transport(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Hand the mail over; raise OSError when it could not be taken now."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dropped: int = 0
    skipped: int = 0


class DevelopmentTransport:
    """Local development's mail server: it keeps each delivered mail in a table beside the
    mailbox view (once per mail, however often it is handed over), for the development page."""

    TABLE = "dev_mail_deliveries"

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.schema_change() as tx:
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.TABLE} (mail_id TEXT PRIMARY KEY, "
                "to_address TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
                "handed_over INTEGER NOT NULL)"
            )

    def send(self, mail: OutgoingMail) -> None:
        with self.db.write() as tx:
            tx.execute(
                f"INSERT INTO {self.TABLE} (mail_id, to_address, title, body, handed_over) "
                "VALUES (?, ?, ?, ?, 1) ON CONFLICT (mail_id) DO UPDATE SET "
                f"handed_over = {self.TABLE}.handed_over + 1",
                (mail.mail_id.hex, mail.to_address, mail.title, mail.body),
            )

    def delivered(self) -> list[OutgoingMail]:
        with self.db.read() as tx:
            rows = tx.execute(
                f"SELECT mail_id, to_address, title, body FROM {self.TABLE} ORDER BY mail_id"
            ).fetchall()
        return [OutgoingMail(UUID(r[0]), r[1], r[2], r[3]) for r in rows]


class SmtpTransport:
    """A real mail server, reached over SMTP (smtplib's errors are OSErrors)."""

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        sender: str,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.username, self.password = starttls, username, password
        self.timeout = timeout

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to_address
        message["Subject"] = mail.title
        message["Message-ID"] = f"<{mail.mail_id}@filmhouse>"
        message.set_content(mail.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
            if self.starttls:
                server.starttls()
            if self.username is not None and self.password is not None:
                server.login(self.username, self.password)
            server.send_message(message)


def deliver_pending(
    app: FilmHouse, mailbox_view_db: Database, transport: Transport, *, limit: int = 100
) -> DeliveryReport:
    """Send the mails that are due, as far as the mailbox view knows of them; record each
    outcome. Returns what happened."""
    now = app.clock.now()
    with mailbox_view_db.read() as tx:
        due = Mailbox.pending(tx, now, limit=limit)
    sent = failed = dropped = skipped = 0
    for row in due:
        mail = app.mail(row.mail_id)
        if not mail.pending or (mail.retry_at is not None and mail.retry_at > now):
            skipped += 1
            continue
        if mail.to_address == ERASED:
            app.drop_mail(mail.id, "the recipient's data was erased")
            dropped += 1
            continue
        try:
            transport.send(OutgoingMail(mail.id, mail.to_address, mail.title, mail.body))
        except OSError as error:
            try:
                app.record_mail_failure(mail.id, error)
            except Conflict:
                skipped += 1  # another sender recorded it first
                continue
            failed += 1
            continue
        try:
            app.mark_mail_sent(mail.id)
        except Conflict:
            skipped += 1  # another sender recorded it first
            continue
        sent += 1
    return DeliveryReport(sent=sent, failed=failed, dropped=dropped, skipped=skipped)
