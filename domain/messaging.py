"""Between members: messages once both sides have accepted contact, blocks, reports to the
centre's staff, and which inbox notifications a member has read.

Everything between two members lives in one Conversation aggregate per pair (its id derived from
the sorted pair), so a block and a message cannot pass each other: whichever is written second
loses on the conversation's version, retries, and sees the first.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Forbidden, Invalid
from domain.vocabulary import ReportKind

MESSAGE_MAX = 2000
MARKS_MAX = 500


def pair(a: UUID, b: UUID) -> tuple[UUID, UUID]:
    first, second = sorted((a, b))
    return first, second


class Conversation(Entity):
    """Two members' messages to each other, and whether either has blocked the other. A
    message is its sender's words, encrypted with the sender's key."""

    class Opened(Entity.Created):
        members: list[UUID]

    class MessageSent(Entity.Event):
        personal = ("body",)
        subject = "sender_id"
        message_id: UUID
        sender_id: UUID
        recipient_id: UUID
        body: str

    class Blocked(Entity.Event):
        by_id: UUID
        other_id: UUID

    class Unblocked(Entity.Event):
        by_id: UUID
        other_id: UUID

    @event(Opened)
    def __init__(self, members: list[UUID]) -> None:
        self.members = tuple(members)
        self.messages: list[dict[str, object]] = []
        self.blocked_by: set[UUID] = set()

    @classmethod
    def open(cls, a: UUID, b: UUID) -> Conversation:
        if a == b:
            raise Invalid("a conversation needs two different members")
        return cls._create(cls.Opened, id=cls.id_for(a, b), members=list(pair(a, b)))

    @staticmethod
    def id_for(a: UUID, b: UUID) -> UUID:
        first, second = pair(a, b)
        return stable_id("conversation", first, second)

    def other(self, member_id: UUID) -> UUID:
        if member_id not in self.members:
            raise Forbidden("this conversation is between two other members")
        return self.members[1] if self.members[0] == member_id else self.members[0]

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_by)

    def send(self, sender_id: UUID, body: str, message_id: UUID | None = None) -> UUID:
        """Write to the other member; never while either has blocked the other."""
        recipient_id = self.other(sender_id)
        if sender_id in self.blocked_by:
            raise Forbidden("you have blocked this member; unblock them to write to them")
        if self.blocked_by:
            raise Forbidden("you cannot write to this member")
        if not body:
            raise Invalid("a message needs some text", field="body")
        if len(body) > MESSAGE_MAX:
            raise Invalid(
                "the message is {body_count} characters long; the limit is {message_max}",
                body_count=len(body),
                message_max=MESSAGE_MAX,
                field="body",
            )
        chosen = message_id or uuid4()
        self._message_sent(
            message_id=chosen, sender_id=sender_id, recipient_id=recipient_id, body=body
        )
        return chosen

    @event(MessageSent)
    def _message_sent(
        self, message_id: UUID, sender_id: UUID, recipient_id: UUID, body: str
    ) -> None:
        self.messages.append(
            {
                "message_id": message_id,
                "sender_id": sender_id,
                "recipient_id": recipient_id,
                "body": body,
            }
        )

    def block(self, by_id: UUID) -> None:
        """One member stops the other from writing to (or inviting) them."""
        other_id = self.other(by_id)
        if by_id in self.blocked_by:
            raise Conflict("you have already blocked this member", field="other_id")
        self._blocked(by_id=by_id, other_id=other_id)

    @event(Blocked)
    def _blocked(self, by_id: UUID, other_id: UUID) -> None:
        self.blocked_by.add(by_id)

    def unblock(self, by_id: UUID) -> None:
        other_id = self.other(by_id)
        if by_id not in self.blocked_by:
            raise Conflict("you have not blocked this member", field="other_id")
        self._unblocked(by_id=by_id, other_id=other_id)

    @event(Unblocked)
    def _unblocked(self, by_id: UUID, other_id: UUID) -> None:
        self.blocked_by.discard(by_id)


class Blocklist(Entity):
    """The members one member has blocked, so that they can see and undo their blocks; written
    in the same save as the pair's Conversation, which is what the checks read."""

    class Opened(Entity.Created):
        member_id: UUID

    class Added(Entity.Event):
        other_id: UUID

    class Removed(Entity.Event):
        other_id: UUID

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.blocked: set[UUID] = set()

    @classmethod
    def open(cls, member_id: UUID) -> Blocklist:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("blocklist", member_id)

    @event(Added)
    def add(self, other_id: UUID) -> None:
        self.blocked.add(other_id)

    @event(Removed)
    def remove(self, other_id: UUID) -> None:
        self.blocked.discard(other_id)


class Report(Entity):
    """A member tells the centre's staff about another member's conduct; an admin resolves it.
    The reason is the reporter's words, encrypted with the reporter's key."""

    class Filed(Entity.Created):
        personal = ("reason",)
        subject = "reporter_id"
        reporter_id: UUID
        reported_id: UUID
        kind: ReportKind
        reason: str

    class Resolved(Entity.Event):
        resolved_by: UUID
        note: str

    @event(Filed)
    def __init__(self, reporter_id: UUID, reported_id: UUID, kind: ReportKind, reason: str) -> None:
        self.reporter_id, self.reported_id = reporter_id, reported_id
        self.kind, self.reason = kind, reason
        self.resolved = False
        self.note = ""

    @classmethod
    def file(cls, reporter_id: UUID, reported_id: UUID, kind: ReportKind, reason: str) -> Report:
        """A member reports another; never themselves."""
        if reporter_id == reported_id:
            raise Invalid("you cannot report yourself", field="reported_id")
        return cls._create(
            cls.Filed,
            id=uuid4(),
            reporter_id=reporter_id,
            reported_id=reported_id,
            kind=kind,
            reason=reason,
        )

    def resolve(self, admin_id: UUID, note: str) -> None:
        """An admin has looked into the report and says what was done."""
        if self.resolved:
            raise Conflict("this report is already resolved")
        self._resolved(resolved_by=admin_id, note=note)

    @event(Resolved)
    def _resolved(self, resolved_by: UUID, note: str) -> None:
        self.resolved = True
        self.note = note


class InboxMarks(Entity):
    """Which of a member's inbox notifications they have read: the inbox view is rebuilt from
    the log, so reading is an event too."""

    class Opened(Entity.Created):
        member_id: UUID

    class ItemsRead(Entity.Event):
        item_ids: list[str]

    class AllRead(Entity.Event):
        up_to: int

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.read_up_to = 0

    @classmethod
    def open(cls, member_id: UUID) -> InboxMarks:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("inbox-marks", member_id)

    def read(self, item_ids: list[str]) -> None:
        """The member opened these notifications."""
        if not item_ids:
            raise Invalid("name at least one notification to mark as read", field="item_ids")
        if len(item_ids) > MARKS_MAX:
            raise Invalid(
                "mark at most {marks_max} notifications at once",
                marks_max=MARKS_MAX,
                field="item_ids",
            )
        self._items_read(item_ids=list(item_ids))

    @event(ItemsRead)
    def _items_read(self, item_ids: list[str]) -> None:
        pass

    def read_all(self, up_to: int) -> None:
        """Everything the member has been shown, up to this log position, is read."""
        if up_to <= self.read_up_to:
            raise Conflict("everything up to there is already marked as read", field="position")
        self._all_read(up_to=up_to)

    @event(AllRead)
    def _all_read(self, up_to: int) -> None:
        self.read_up_to = up_to
