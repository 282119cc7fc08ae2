"""The mail outbox: a mail is an event before it is a message on the wire.

A command that must send mail queues it in the same write as its own events, so the mail is
never lost and never sent for a command that failed. The sender policy delivers what is
pending and records the outcome; a mail server that is down only delays the mail, which stays
pending and is tried again later, with growing pauses.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict

ERROR_MAX = 500
RETRY_CAP = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """The pause before the next try after `attempts` failures: 1, 2, 4 … minutes, at most an
    hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), RETRY_CAP)


class Outbox(Entity):
    """One mail to one member, from queued to sent (or dropped when the member is erased). The
    address and body are the recipient's personal data, encrypted with their key."""

    class MailQueued(Entity.Created):
        personal = ("to_address", "body")
        subject = "member_id"
        member_id: UUID
        to_address: str
        title: str
        body: str

    class MailSent(Entity.Event):
        attempts: int

    class MailFailed(Entity.Event):
        attempts: int
        error: str
        retry_at: datetime

    class MailDropped(Entity.Event):
        reason: str

    @event(MailQueued)
    def __init__(self, member_id: UUID, to_address: str, title: str, body: str) -> None:
        self.member_id, self.to_address = member_id, to_address
        self.title, self.body = title, body
        self.sent = False
        self.dropped = False
        self.attempts = 0
        self.error = ""
        self.retry_at: datetime | None = None

    @classmethod
    def queue(cls, key: str, member_id: UUID, to_address: str, title: str, body: str) -> Outbox:
        """A mail to send, its id derived from what it is for (`key`), so a retried command
        queues it once."""
        return cls._create(
            cls.MailQueued,
            id=cls.id_for(key),
            member_id=member_id,
            to_address=to_address,
            title=title,
            body=body,
        )

    @staticmethod
    def id_for(key: str) -> UUID:
        return stable_id("mail", key)

    @property
    def pending(self) -> bool:
        return not self.sent and not self.dropped

    def _require_pending(self) -> None:
        if self.sent:
            raise Conflict("this mail has already been sent")
        if self.dropped:
            raise Conflict("this mail was dropped")

    def mark_sent(self) -> None:
        """The mail server accepted the mail."""
        self._require_pending()
        self._mail_sent(attempts=self.attempts + 1)

    @event(MailSent)
    def _mail_sent(self, attempts: int) -> None:
        self.sent = True
        self.attempts = attempts

    def mark_failed(self, error: str, now: datetime) -> None:
        """The mail server could not be reached or refused for now: try again later."""
        self._require_pending()
        attempts = self.attempts + 1
        self._mail_failed(
            attempts=attempts, error=error[:ERROR_MAX], retry_at=now + retry_delay(attempts)
        )

    @event(MailFailed)
    def _mail_failed(self, attempts: int, error: str, retry_at: datetime) -> None:
        self.attempts = attempts
        self.error = error
        self.retry_at = retry_at

    def drop(self, reason: str) -> None:
        """Give up on a mail that can no longer be delivered (its recipient was erased)."""
        self._require_pending()
        self._mail_dropped(reason=reason)

    @event(MailDropped)
    def _mail_dropped(self, reason: str) -> None:
        self.dropped = True
        self.error = reason
