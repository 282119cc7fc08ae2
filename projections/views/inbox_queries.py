"""What the inbox view answers: a member's notifications and unread count, message threads
and conversations, saved searches, and the moderators' queue of reports. Names are joined in at
query time, so an erased member's name reads as erased everywhere at once."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from projections.projector.sql import Tx
from projections.views.inbox_rows import (
    ConversationRow,
    InboxItem,
    MessageRow,
    ReportRow,
    SavedSearchRow,
)
from projections.views.inbox_tables import uuid_or_none


class InboxQueries:
    """The inbox's reads (the view class answers them: `Inbox.items(tx, member_id)`)."""

    @staticmethod
    def items(
        tx: Tx,
        member_id: UUID,
        *,
        unread_only: bool = False,
        limit: int = 50,
        before: int | None = None,
    ) -> list[InboxItem]:
        """The member's notifications, newest first (`before`: a position, for the next page)."""
        where: list[str] = ["i.member_id = ?"]
        params: list[Any] = [member_id.hex]
        if unread_only:
            where.append("i.is_read = 0")
        if before is not None:
            where.append("i.position < ?")
            params.append(before)
        rows = tx.execute(
            "SELECT i.item_id, i.member_id, i.kind, i.subject_id, i.other_id, m.name, i.data, "
            "i.at, i.position, i.is_read FROM inbox_items i "
            "LEFT JOIN inbox_members m ON m.member_id = i.other_id "
            f"WHERE {' AND '.join(where)} ORDER BY i.position DESC, i.item_id LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [
            InboxItem(
                r[0],
                UUID(r[1]),
                r[2],
                uuid_or_none(r[3]),
                uuid_or_none(r[4]),
                r[5] or "",
                json.loads(r[6]),
                r[7],
                int(r[8]),
                bool(r[9]),
            )
            for r in rows
        ]

    @staticmethod
    def unread_count(tx: Tx, member_id: UUID) -> int:
        return int(
            tx.scalar(
                "SELECT COUNT(*) FROM inbox_items WHERE member_id = ? AND is_read = 0",
                (member_id.hex,),
            )
            or 0
        )

    @staticmethod
    def latest_position(tx: Tx, member_id: UUID) -> int:
        """The newest notification's position: what "mark all as read" marks up to."""
        return int(
            tx.scalar("SELECT MAX(position) FROM inbox_items WHERE member_id = ?", (member_id.hex,))
            or 0
        )

    @staticmethod
    def thread(tx: Tx, a: UUID, b: UUID, *, limit: int = 200) -> list[MessageRow]:
        """The messages between two members, oldest first (the latest `limit`)."""
        rows = tx.execute(
            "SELECT g.message_id, g.sender_id, g.recipient_id, m.name, g.body, g.at, g.position "
            "FROM inbox_messages g LEFT JOIN inbox_members m ON m.member_id = g.sender_id "
            "WHERE (g.sender_id = ? AND g.recipient_id = ?) "
            "OR (g.sender_id = ? AND g.recipient_id = ?) "
            "ORDER BY g.position DESC LIMIT ?",
            (a.hex, b.hex, b.hex, a.hex, limit),
        ).fetchall()
        return [
            MessageRow(UUID(r[0]), UUID(r[1]), UUID(r[2]), r[3] or "", r[4], r[5], int(r[6]))
            for r in reversed(rows)
        ]

    @staticmethod
    def conversations(tx: Tx, member_id: UUID) -> list[ConversationRow]:
        """The member's conversations, most recent first, with unread message counts."""
        me = member_id.hex
        rows = tx.execute(
            "SELECT mine.other, m.name, COUNT(*), MAX(mine.position), MAX(mine.at) FROM ("
            "SELECT CASE WHEN sender_id = ? THEN recipient_id ELSE sender_id END AS other, "
            "position, at FROM inbox_messages WHERE sender_id = ? OR recipient_id = ?) AS mine "
            "LEFT JOIN inbox_members m ON m.member_id = mine.other "
            "GROUP BY mine.other, m.name ORDER BY MAX(mine.position) DESC",
            (me, me, me),
        ).fetchall()
        unread: dict[str, int] = dict(
            tx.execute(
                "SELECT other_id, COUNT(*) FROM inbox_items WHERE member_id = ? "
                "AND kind = 'message_received' AND is_read = 0 GROUP BY other_id",
                (me,),
            ).fetchall()
        )
        return [
            ConversationRow(UUID(other), name or "", int(count), last_at, int(unread.get(other, 0)))
            for other, name, count, _, last_at in rows
        ]

    @staticmethod
    def message_item_ids(tx: Tx, member_id: UUID, other_id: UUID) -> list[str]:
        """The unread message notifications from one member: what opening the thread marks."""
        rows = tx.execute(
            "SELECT item_id FROM inbox_items WHERE member_id = ? AND other_id = ? "
            "AND kind = 'message_received' AND is_read = 0 ORDER BY position",
            (member_id.hex, other_id.hex),
        ).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def saved_searches(tx: Tx, member_id: UUID) -> list[SavedSearchRow]:
        rows = tx.execute(
            "SELECT search_id, kind, query, role, skill, genre, saved_at FROM inbox_searches "
            "WHERE member_id = ? ORDER BY saved_position DESC",
            (member_id.hex,),
        ).fetchall()
        return [SavedSearchRow(UUID(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    @staticmethod
    def reports(tx: Tx, *, open_only: bool = True, limit: int = 100) -> list[ReportRow]:
        """The moderators' queue (the page checks Action.MODERATE), oldest open first."""
        where = "WHERE r.resolved = 0" if open_only else ""
        rows = tx.execute(
            "SELECT r.report_id, r.reporter_id, a.name, r.reported_id, b.name, r.kind, r.reason, "
            "r.filed_at, r.resolved, r.note FROM inbox_reports r "
            "LEFT JOIN inbox_members a ON a.member_id = r.reporter_id "
            "LEFT JOIN inbox_members b ON b.member_id = r.reported_id "
            f"{where} ORDER BY r.filed_at, r.report_id LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            ReportRow(
                UUID(r[0]),
                UUID(r[1]),
                r[2] or "",
                UUID(r[3]),
                r[4] or "",
                r[5],
                r[6],
                r[7],
                bool(r[8]),
                r[9],
            )
            for r in rows
        ]
