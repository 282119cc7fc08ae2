"""The inbox view's tables and the few reads and writes every part of it shares: adding a
notification, keeping an offer, and naming the project, role, member or partner an item is
about."""

from __future__ import annotations

import json
from typing import Any, ClassVar
from uuid import UUID

from domain.saved_search import SearchSpec
from domain.vocabulary import SearchKind
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View
from projections.views.inbox_notices import Offer


def hex_or_none(value: UUID | None) -> str | None:
    return value.hex if value else None


def uuid_or_none(value: str | None) -> UUID | None:
    return UUID(value) if value else None


class InboxTables(View):
    name = "inbox"
    SCHEMA_VERSION = 1
    TABLES: ClassVar[tuple[str, ...]] = (
        "inbox_items",
        "inbox_members",
        "inbox_projects",
        "inbox_offers",
        "inbox_partners",
        "inbox_searches",
        "inbox_messages",
        "inbox_reports",
        "inbox_marks",
    )
    DDL: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE inbox_items (item_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "kind TEXT NOT NULL, subject_id TEXT, other_id TEXT, data TEXT NOT NULL, "
        "at TEXT NOT NULL, position BIGINT NOT NULL, is_read INTEGER NOT NULL)",
        "CREATE INDEX inbox_items_member ON inbox_items (member_id, position)",
        "CREATE TABLE inbox_members (member_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "city TEXT NOT NULL, roles TEXT NOT NULL, skills TEXT NOT NULL, "
        "registered_position BIGINT NOT NULL)",
        "CREATE TABLE inbox_projects (project_id TEXT PRIMARY KEY, director_id TEXT NOT NULL, "
        "title TEXT NOT NULL, text TEXT NOT NULL, genres TEXT NOT NULL, roles TEXT NOT NULL)",
        # Who an invitation, application, subsidy application, booking, waitlist entry or
        # partner submission concerns, by its id.
        "CREATE TABLE inbox_offers (offer_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "counterpart_id TEXT, project_id TEXT, detail TEXT NOT NULL)",
        "CREATE TABLE inbox_partners (partner_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE inbox_searches (search_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "kind TEXT NOT NULL, query TEXT NOT NULL, role TEXT, skill TEXT, genre TEXT, "
        "saved_at TEXT NOT NULL, saved_position BIGINT NOT NULL)",
        "CREATE INDEX inbox_searches_kind ON inbox_searches (kind)",
        "CREATE TABLE inbox_messages (message_id TEXT PRIMARY KEY, pair_id TEXT NOT NULL, "
        "sender_id TEXT NOT NULL, recipient_id TEXT NOT NULL, body TEXT NOT NULL, "
        "at TEXT NOT NULL, position BIGINT NOT NULL)",
        "CREATE INDEX inbox_messages_pair ON inbox_messages (pair_id, position)",
        "CREATE TABLE inbox_reports (report_id TEXT PRIMARY KEY, reporter_id TEXT NOT NULL, "
        "reported_id TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, "
        "filed_at TEXT NOT NULL, resolved INTEGER NOT NULL, note TEXT NOT NULL)",
        "CREATE TABLE inbox_marks (marks_id TEXT PRIMARY KEY, member_id TEXT NOT NULL)",
    )

    def __init__(self) -> None:
        super().__init__()
        self._items = self.rows(
            "inbox_items",
            ("item_id",),
            (
                "item_id",
                "member_id",
                "kind",
                "subject_id",
                "other_id",
                "data",
                "at",
                "position",
                "is_read",
            ),
        )
        self._members = self.rows(
            "inbox_members",
            ("member_id",),
            ("member_id", "name", "city", "roles", "skills", "registered_position"),
        )
        self._projects = self.rows(
            "inbox_projects",
            ("project_id",),
            ("project_id", "director_id", "title", "text", "genres", "roles"),
        )
        self._offers = self.rows(
            "inbox_offers",
            ("offer_id",),
            ("offer_id", "member_id", "counterpart_id", "project_id", "detail"),
        )
        self._partners = self.rows("inbox_partners", ("partner_id",), ("partner_id", "name"))
        self._messages = self.rows(
            "inbox_messages",
            ("message_id",),
            ("message_id", "pair_id", "sender_id", "recipient_id", "body", "at", "position"),
        )
        self._reports = self.rows(
            "inbox_reports",
            ("report_id",),
            (
                "report_id",
                "reporter_id",
                "reported_id",
                "kind",
                "reason",
                "filed_at",
                "resolved",
                "note",
            ),
        )
        self._marks_rows = self.rows("inbox_marks", ("marks_id",), ("marks_id", "member_id"))
        self._saved: dict[SearchKind, list[tuple[int, SearchSpec]]] = {}

    def forget(self) -> None:
        super().forget()
        self._saved.clear()

    # -- shared --------------------------------------------------------------------------------

    def _notify(
        self,
        tx: Tx,
        e: Envelope,
        member_id: UUID,
        kind: str,
        *,
        subject_id: UUID | None = None,
        other_id: UUID | None = None,
        data: dict[str, Any] | None = None,
        item_id: str | None = None,
    ) -> None:
        self._items.insert_new(
            (
                item_id or f"{e.originator_id.hex}.{e.event.originator_version}",
                member_id.hex,
                kind,
                hex_or_none(subject_id or e.originator_id),
                hex_or_none(other_id),
                json.dumps(data or {}, sort_keys=True, default=str),
                e.at.isoformat(),
                e.position,
                0,
            )
        )

    def _offer(self, offer: Offer) -> None:
        self._offers.put(
            (
                offer.offer_id.hex,
                offer.member_id.hex,
                hex_or_none(offer.counterpart_id),
                hex_or_none(offer.project_id),
                json.dumps(offer.detail, sort_keys=True, default=str),
            )
        )

    def _offer_row(self, tx: Tx, offer_id: UUID) -> Offer | None:
        row = self._offers.get(tx, (offer_id.hex,))
        if row is None:
            return None
        return Offer(
            offer_id, UUID(row[1]), uuid_or_none(row[2]), uuid_or_none(row[3]), json.loads(row[4])
        )

    def _project_title(self, tx: Tx, project_id: UUID | None) -> str:
        if project_id is None:
            return ""
        row = self._projects.get(tx, (project_id.hex,))
        title = row[2] if row else None
        return str(title) if title else ""

    def _role_name(self, tx: Tx, project_id: UUID, role_id: UUID) -> str:
        row = self._projects.get(tx, (project_id.hex,))
        raw = row[5] if row else None
        for role in json.loads(raw) if raw else []:
            if role["role_id"] == role_id.hex:
                return str(role["role"])
        return ""

    def _context(self, tx: Tx, project_id: UUID, role_id: UUID | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "project_id": project_id.hex,
            "project_title": self._project_title(tx, project_id),
        }
        if role_id is not None:
            data["role_id"] = role_id.hex
            data["role"] = self._role_name(tx, project_id, role_id)
        return data

    def _member_row(
        self, tx: Tx, member_id: UUID
    ) -> tuple[str, str, list[str], dict[str, int], int] | None:
        row = self._members.get(tx, (member_id.hex,))
        if row is None:
            return None
        return row[1], row[2], json.loads(row[3]), json.loads(row[4]), int(row[5])

    def _partner_name(self, tx: Tx, partner_id: UUID) -> str:
        row = self._partners.get(tx, (partner_id.hex,))
        return str(row[1]) if row and row[1] else ""
