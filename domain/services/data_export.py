"""A member's data export: everything the log holds about them, decoded, as JSON-safe data
(their own record and the bookings, applications, invitations, projects, messages and the rest
that is theirs), secrets' hashes left out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.account import Account, ApiToken
from domain.base import Entity
from domain.booking import Booking
from domain.context import Context
from domain.crew_application import CrewApplication
from domain.errors import Forbidden
from domain.invitation import Invitation
from domain.member import Member
from domain.messaging import Blocklist, Conversation, Report
from domain.outbox import Outbox
from domain.project import Project
from domain.saved_search import SavedSearch
from domain.services.core import Core
from domain.subsidy import SubsidyApplication
from domain.vocabulary import Role
from migrations.topics import stored_as

EXPORT_BATCH = 1000

# Fields never handed out, not even to their owner: secrets' hashes and lookup keys.
_WITHHELD = frozenset({"password_hash", "token_hash", "email_key"})


def json_safe(value: Any) -> Any:
    """The value as plain JSON types: ids, times and money as strings, enums by value."""
    if isinstance(value, dict):
        return {str(k): json_safe(v_) for k, v_ in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(v_) for v_ in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# What the export gathers: for the first event of each kind of aggregate, the fields naming the
# members it belongs to; every later event of an aggregate that belongs to the member goes with it.
_OWNED_BY: dict[type, tuple[str, str]] = {
    Booking.Made: ("bookings", "member_id"),
    Booking.Requested: ("bookings", "member_id"),
    CrewApplication.Submitted: ("crew_applications", "member_id"),
    Invitation.Sent: ("invitations", "member_id"),
    SubsidyApplication.Started: ("subsidy_applications", "applicant_id"),
    Project.Drafted: ("projects", "director_id"),
    SavedSearch.Saved: ("saved_searches", "member_id"),
    Report.Filed: ("reports_filed", "reporter_id"),
    Account.Opened: ("account", "member_id"),
    ApiToken.Issued: ("api_tokens", "member_id"),
    Blocklist.Opened: ("blocks", "member_id"),
    Outbox.MailQueued: ("mail", "member_id"),
}
_OWNING_AGGREGATES = (
    Member,
    Booking,
    CrewApplication,
    Invitation,
    SubsidyApplication,
    Project,
    SavedSearch,
    Report,
    Account,
    ApiToken,
    Blocklist,
    Outbox,
)


def _export_topics() -> list[str]:
    classes: set[type] = {Conversation.MessageSent}
    for aggregate in _OWNING_AGGREGATES:
        classes.update(
            attr
            for attr in vars(aggregate).values()
            if isinstance(attr, type) and issubclass(attr, Entity.Event)
        )
    return sorted({n for c in classes for n in stored_as(get_topic(c))})


class DataExportServices(Core):
    def export_member_data(self, ctx: Context, member_id: UUID | None = None) -> dict[str, Any]:
        """Everything the log holds about a member, decoded, as JSON-safe data: their own
        record, and the bookings, applications, invitations, projects, messages they sent and
        the rest that is theirs. Only for the member themselves or an admin. Secrets' hashes
        are left out."""
        actor = self._actor(ctx)
        subject = member_id or actor.id
        if subject != actor.id and Role.ADMIN not in actor.roles:
            raise Forbidden("only the member or an admin can export this member's data")
        self._load(Member, subject, "member")
        sections: dict[str, list[dict[str, Any]]] = {"member": []}
        owned: dict[UUID, str] = {subject: "member"}
        position = 0
        topics = _export_topics()
        while True:
            notes = self.recorder.select_notifications(
                start=position + 1, limit=EXPORT_BATCH, topics=topics
            )
            for note in notes:
                event = self.mapper.to_domain_event(note)
                section = self._export_section(event, subject, owned)
                if section is not None:
                    sections.setdefault(section, []).append(self._export_event(note.id, event))
            if len(notes) < EXPORT_BATCH:
                break
            position = notes[-1].id
        return {"member_id": str(subject), "exported_at": self.clock.now().isoformat(), **sections}

    @staticmethod
    def _export_section(event: Any, subject: UUID, owned: dict[UUID, str]) -> str | None:
        if isinstance(event, Conversation.MessageSent):
            return "messages_sent" if event.sender_id == subject else None
        if event.originator_id in owned:
            return owned[event.originator_id]
        claim = _OWNED_BY.get(type(event))
        if claim is None:
            return None
        section, field = claim
        if getattr(event, field, None) == subject or (
            isinstance(event, Invitation.Sent) and event.director_id == subject
        ):
            owned[event.originator_id] = section
            return section
        return None

    @staticmethod
    def _export_event(position: int, event: Any) -> dict[str, Any]:
        # A queued mail's body may hold a live link; the member has it in their mailbox.
        withheld = _WITHHELD | ({"body"} if isinstance(event, Outbox.MailQueued) else set())
        data = {
            k: v_
            for k, v_ in vars(event).items()
            if k not in withheld
            and k not in ("originator_id", "originator_version", "timestamp", "originator_topic")
            and not k.startswith("_")
        }
        return {
            "position": position,
            "type": type(event).__qualname__,
            "id": str(event.originator_id),
            "at": event.timestamp.isoformat(),
            "data": json_safe(data),
        }
