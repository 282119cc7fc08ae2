"""A member's inbox: what concerns them — invitations received and answered, crew applications
received and decided, subsidy and booking-request decisions, waitlist offers, partner interest,
new matches for their saved searches, a followed director's pitch or wrap, messages — with
unread counts and read marks; plus the message threads, the member's saved searches and the
moderators' queue of reports.

Read marks are events too (`InboxMarks`), so the view rebuilds with them. Names are joined in
at query time from one table that is blanked when a member is erased, as are the message
bodies and report reasons copied here.
"""

from __future__ import annotations

from uuid import UUID

from domain.follow import Follow
from domain.member import Member
from domain.messaging import Conversation, InboxMarks, Report
from domain.partner import Partner
from domain.personal_data import ERASED
from domain.project import Project
from projections.projector.sql import Tx
from projections.projector.view import Envelope, on
from projections.views.inbox_matches import InboxMatches
from projections.views.inbox_notices import MEMBER, NOTICES, OFFER_EVENTS, OPENED
from projections.views.inbox_queries import InboxQueries
from projections.views.inbox_trainings import TRAINING_DDL, TRAINING_TABLES, InboxTrainings


class Inbox(InboxMatches, InboxTrainings, InboxQueries):
    """The inbox view: its tables (inbox_tables), what it keeps to match saved searches
    (inbox_matches), who hears of what about an offer (inbox_notices) and its reads
    (inbox_queries); here, erasure, partners, follows, messages, reports and read marks."""

    # + who follows which director; + who holds a seat in or waits for each training
    SCHEMA_VERSION = InboxMatches.SCHEMA_VERSION + 2
    TABLES = (*InboxMatches.TABLES, "inbox_follows", *TRAINING_TABLES)
    DDL = (
        *InboxMatches.DDL,
        *TRAINING_DDL,
        "CREATE TABLE inbox_follows (follow_id TEXT PRIMARY KEY, follower_id TEXT NOT NULL, "
        "director_id TEXT NOT NULL, active INTEGER NOT NULL)",
        "CREATE INDEX inbox_follows_director ON inbox_follows (director_id, active)",
    )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        member = e.originator_id.hex
        tx.execute(
            "UPDATE inbox_members SET name = ?, city = '' WHERE member_id = ?", (ERASED, member)
        )
        tx.execute("UPDATE inbox_messages SET body = ? WHERE sender_id = ?", (ERASED, member))
        tx.execute("UPDATE inbox_reports SET reason = ? WHERE reporter_id = ?", (ERASED, member))
        tx.execute("DELETE FROM inbox_searches WHERE member_id = ?", (member,))

    # -- offers: invitations, crew applications, subsidies, bookings, waitlists, submissions --

    @on(*OFFER_EVENTS, batched=True)
    def _offer_event(self, tx: Tx, e: Envelope) -> None:
        """Keep the offer an event opens; tell the party an event concerns (inbox_notices)."""
        opened = OPENED.get(type(e.event))
        if opened is not None:
            self._offer(opened(e.event))
        notice = NOTICES.get(type(e.event))
        if notice is None:
            return
        offer = self._offer_row(tx, notice.offer(e.event))
        if offer is None or notice.unless(e.event, offer):
            return
        told, other = (
            (offer.member_id, offer.counterpart_id)
            if notice.to == MEMBER
            else (offer.counterpart_id, offer.member_id)
        )
        if told is None or (notice.partner and offer.counterpart_id is None):
            return
        data = dict(offer.detail)
        if offer.project_id is not None:
            role_id = offer.detail.get("role_id")
            data.update(self._context(tx, offer.project_id, UUID(role_id) if role_id else None))
        if notice.partner and offer.counterpart_id is not None:
            data.update(
                partner_id=offer.counterpart_id.hex,
                partner_name=self._partner_name(tx, offer.counterpart_id),
            )
        data.update(notice.facts(e.event))
        self._notify(
            tx,
            e,
            told,
            notice.kind,
            subject_id=offer.offer_id,
            other_id=other if notice.names_other else None,
            data=data,
        )

    # -- partners -------------------------------------------------------------------------------

    @on(Partner.Registered, Partner.Resubmitted, batched=True)
    def _partner(self, tx: Tx, e: Envelope) -> None:
        self._partners.put((e.originator_id.hex, e.event.name))

    @on(Partner.InterestRegistered, batched=True)
    def _interest(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        data = self._context(tx, ev.project_id)
        data.update(
            partner_id=e.originator_id.hex,
            partner_name=self._partner_name(tx, e.originator_id),
            note=ev.note,
        )
        self._notify(tx, e, ev.director_id, "partner_interest", subject_id=ev.project_id, data=data)

    # -- a followed director's pitch and wrap -----------------------------------------------------
    # (Only members' follows: the organisations' follows of earlier logs never reached inboxes.)

    @on(Follow.Started, writes_other_tables=True)
    def _follow_started(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO inbox_follows (follow_id, follower_id, director_id, active) "
            "VALUES (?, ?, ?, 1) ON CONFLICT (follow_id) DO UPDATE SET active = 1",
            (e.originator_id.hex, e.event.follower_id.hex, e.event.director_id.hex),
        )

    @on(Follow.Stopped, Follow.Resumed, writes_other_tables=True)
    def _follow_changed(self, tx: Tx, e: Envelope) -> None:
        active = 1 if isinstance(e.event, Follow.Resumed) else 0
        tx.execute(
            "UPDATE inbox_follows SET active = ? WHERE follow_id = ?", (active, e.originator_id.hex)
        )

    @on(Project.Pitched, Project.Wrapped, batched=True)
    def _followed_director(self, tx: Tx, e: Envelope) -> None:
        row = self._projects.get(tx, (e.originator_id.hex,))
        if row is None:
            return
        director = str(row[1])
        kind = "followed_pitched" if isinstance(e.event, Project.Pitched) else "followed_wrapped"
        followers = tx.execute(
            "SELECT follower_id FROM inbox_follows WHERE director_id = ? AND active = 1 "
            "ORDER BY follower_id",
            (director,),
        ).fetchall()
        data = self._context(tx, e.originator_id)
        for (follower,) in followers:
            self._notify(
                tx,
                e,
                UUID(follower),
                kind,
                subject_id=e.originator_id,
                other_id=UUID(director),
                data=data,
                item_id=f"{e.originator_id.hex}.{e.event.originator_version}.{follower}",
            )

    # -- messages and reports -------------------------------------------------------------------

    @on(Conversation.MessageSent, batched=True)
    def _message(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._messages.insert_new(
            (
                ev.message_id.hex,
                e.originator_id.hex,
                ev.sender_id.hex,
                ev.recipient_id.hex,
                ev.body,
                e.at.isoformat(),
                e.position,
            )
        )
        self._notify(
            tx,
            e,
            ev.recipient_id,
            "message_received",
            subject_id=ev.message_id,
            other_id=ev.sender_id,
            item_id=f"message.{ev.message_id.hex}",
        )

    @on(Report.Filed, batched=True)
    def _report(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._reports.insert_new(
            (
                e.originator_id.hex,
                ev.reporter_id.hex,
                ev.reported_id.hex,
                ev.kind.value,
                ev.reason,
                e.at.isoformat(),
                0,
                "",
            )
        )

    @on(Report.Resolved, batched=True)
    def _report_resolved(self, tx: Tx, e: Envelope) -> None:
        row = self._reports.update(tx, (e.originator_id.hex,), resolved=1, note=e.event.note)
        reporter = row[1] if row else None
        if reporter:
            self._notify(tx, e, UUID(reporter), "report_resolved", data={"note": e.event.note})

    # -- read marks -----------------------------------------------------------------------------

    @on(InboxMarks.Opened, batched=True)
    def _marks(self, tx: Tx, e: Envelope) -> None:
        self._marks_rows.insert_new((e.originator_id.hex, e.event.member_id.hex))

    def _marks_owner(self, tx: Tx, marks_id: UUID) -> str | None:
        row = self._marks_rows.get(tx, (marks_id.hex,))
        return str(row[1]) if row and row[1] else None

    @on(InboxMarks.ItemsRead)
    def _items_read(self, tx: Tx, e: Envelope) -> None:
        owner = self._marks_owner(tx, e.originator_id)
        ids = list(e.event.item_ids)
        if owner is None or not ids:
            return
        marks = ", ".join("?" for _ in ids)
        tx.execute(
            f"UPDATE inbox_items SET is_read = 1 WHERE member_id = ? AND item_id IN ({marks})",
            (owner, *ids),
        )

    @on(InboxMarks.AllRead)
    def _all_read(self, tx: Tx, e: Envelope) -> None:
        owner = self._marks_owner(tx, e.originator_id)
        if owner is not None:
            tx.execute(
                "UPDATE inbox_items SET is_read = 1 WHERE member_id = ? AND position <= ?",
                (owner, e.event.up_to),
            )
