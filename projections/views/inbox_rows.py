"""What the inbox view answers with: a notification (its kind and facts; the inbox page says
it in the reader's language), a message, a conversation, a saved search, a report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID


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
