"""What the inbox view answers with: a notification, a message, a conversation, a saved
search, a report; and a notification said in one English sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.vocabulary import SearchKind


@dataclass(frozen=True)
class InboxItem:
    item_id: str
    member_id: UUID
    kind: str
    subject_id: UUID | None
    other_id: UUID | None
    other_name: str
    data: dict[str, Any]
    at: str
    position: int
    read: bool

    @property
    def summary(self) -> str:
        return summary(self)


@dataclass(frozen=True)
class MessageRow:
    message_id: UUID
    sender_id: UUID
    recipient_id: UUID
    sender_name: str
    body: str
    at: str
    position: int


@dataclass(frozen=True)
class ConversationRow:
    other_id: UUID
    other_name: str
    messages: int
    last_at: str
    unread: int


@dataclass(frozen=True)
class SavedSearchRow:
    search_id: UUID
    kind: str
    query: str
    role: str | None
    skill: str | None
    genre: str | None
    saved_at: str


@dataclass(frozen=True)
class ReportRow:
    report_id: UUID
    reporter_id: UUID
    reporter_name: str
    reported_id: UUID
    reported_name: str
    kind: str
    reason: str
    filed_at: str
    resolved: bool
    note: str


def _who(item: InboxItem) -> str:
    return item.other_name or "someone"


def summary(item: InboxItem) -> str:
    """The notification in one English sentence (the pages translate by kind)."""
    d = item.data
    title = d.get("project_title") or "a project"
    kind = item.kind
    if kind == "invitation_received":
        return f"{_who(item)} invites you to be {d.get('role', 'crew')} on {title}."
    if kind == "invitation_answered":
        return f"{_who(item)} {d.get('answer')} your invitation to {title}."
    if kind == "invitation_withdrawn":
        return f"{_who(item)} withdrew the invitation to {title}."
    if kind == "application_received":
        return f"{_who(item)} applied to be {d.get('role', 'crew')} on {title}."
    if kind == "application_withdrawn":
        return f"{_who(item)} withdrew their application to {title}."
    if kind == "application_decided":
        return f"Your application to {title} was {d.get('decision')}."
    if kind == "subsidy_decided":
        if d.get("approve"):
            return f"Your subsidy application was approved: {d.get('amount_krw'):,} KRW."
        return "Your subsidy application was not approved."
    if kind == "booking_decided":
        return f"Your booking request was {d.get('decision')}."
    if kind == "booking_cancelled":
        return "Your booking was cancelled by the centre."
    if kind == "waitlist_offer":
        return "A slot you were waiting for is free: take it before the offer expires."
    if kind == "partner_interest":
        return f"{d.get('partner_name', 'A partner')} is interested in {title}."
    if kind == "submission_update":
        return f"{d.get('partner_name', 'A partner')} {d.get('step')} {title}."
    if kind == "search_match":
        what = "member" if d.get("search_kind") == SearchKind.MEMBERS.value else "project"
        return f"A new {what} matches your saved search: {d.get('label', '')}."
    if kind == "message_received":
        return f"New message from {_who(item)}."
    if kind == "report_resolved":
        return "The centre has resolved your report."
    return kind.replace("_", " ")
