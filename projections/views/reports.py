"""Reports for the dashboards, per university and centre-wide: members, projects, bookings and
utilisation by workspace, subsidies requested/approved/disbursed, time from pitch to full crew,
and the fairness view (how subsidies spread across universities and first-time applicants).

The view keeps one fact row per entity (upserts, never increments) and aggregates at query time;
this module keeps the facts, and the queries that aggregate them (which Reports inherits) are
projections/views/report_queries.py.
"""

from __future__ import annotations

import json

from domain.booking import Booking
from domain.member import Member
from domain.subsidy import SubsidyApplication
from domain.university import University
from domain.workspace import Workspace
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.report_queries import ReportQueries


def _weekly_minutes(hours: list[list[str]]) -> int:
    total = 0
    for day in hours:
        if len(day) == 2:
            (oh, om), (ch, cm) = (map(int, t.split(":")) for t in day)
            total += max((ch * 60 + cm) - (oh * 60 + om), 0)
    return total


class Reports(ReportQueries, View):
    name = "reports"
    SCHEMA_VERSION = 1
    TABLES = (
        "rpt_universities",
        "rpt_members",
        "rpt_workspaces",
        "rpt_bookings",
        "rpt_applications",
    )
    DDL = (
        "CREATE TABLE rpt_universities (university_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE rpt_members (member_id TEXT PRIMARY KEY, university_id TEXT, "
        "joined TEXT NOT NULL, verified INTEGER NOT NULL)",
        "CREATE TABLE rpt_workspaces (workspace_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "kind TEXT NOT NULL, weekly_minutes INTEGER NOT NULL, retired INTEGER NOT NULL)",
        "CREATE TABLE rpt_bookings (booking_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, "
        "member_id TEXT NOT NULL, university_id TEXT, start_at TEXT NOT NULL, "
        "minutes INTEGER NOT NULL, status TEXT NOT NULL)",
        "CREATE INDEX rpt_bookings_start ON rpt_bookings (start_at)",
        "CREATE TABLE rpt_applications (application_id TEXT PRIMARY KEY, fund_id TEXT NOT NULL, "
        "applicant_id TEXT NOT NULL, requested_krw BIGINT NOT NULL, approved_krw BIGINT NOT NULL, "
        "disbursed TEXT NOT NULL, status TEXT NOT NULL, submitted_at TEXT, decided_at TEXT)",
    )

    # -- facts ----------------------------------------------------------------------------------

    @on(University.Joined, writes_other_tables=True)
    def _university(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO rpt_universities VALUES (?, ?) ON CONFLICT (university_id) "
            "DO UPDATE SET name = excluded.name",
            (e.originator_id.hex, e.event.name),
        )

    def __init__(self) -> None:
        super().__init__()
        self._members = self.rows(
            "rpt_members", ("member_id",), ("member_id", "university_id", "joined", "verified")
        )
        self._bookings = self.rows(
            "rpt_bookings",
            ("booking_id",),
            (
                "booking_id",
                "workspace_id",
                "member_id",
                "university_id",
                "start_at",
                "minutes",
                "status",
            ),
        )

    @on(Member.Registered, batched=True)
    def _member(self, tx: Tx, e: Envelope) -> None:
        uni = e.event.university_id
        self._members.insert_new(
            (e.originator_id.hex, uni.hex if uni else None, e.at.isoformat(), 0)
        )

    @on(Member.AffiliationVerified, Member.AffiliationRevoked, batched=True)
    def _affiliation(self, tx: Tx, e: Envelope) -> None:
        verified = int(isinstance(e.event, Member.AffiliationVerified))
        self._members.update(tx, (e.originator_id.hex,), verified=verified)

    @on(Workspace.Added, Workspace.Changed, writes_other_tables=True)
    def _workspace(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        kind = ev.kind.value if isinstance(e.event, Workspace.Added) else None
        tx.execute(
            "INSERT INTO rpt_workspaces VALUES (?, ?, ?, ?, 0) ON CONFLICT (workspace_id) "
            "DO UPDATE SET name = excluded.name, weekly_minutes = excluded.weekly_minutes",
            (e.originator_id.hex, ev.name, kind or "", _weekly_minutes(ev.hours)),
        )

    @on(Workspace.Retired, writes_other_tables=True)
    def _retired(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE rpt_workspaces SET retired = 1 WHERE workspace_id = ?", (e.originator_id.hex,)
        )

    @on(Booking.Made, Booking.Requested, batched=True)
    def _booking(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        status = "confirmed" if isinstance(ev, Booking.Made) else "requested"
        self._bookings.insert_new(
            (
                e.originator_id.hex,
                ev.workspace_id.hex,
                ev.member_id.hex,
                ev.university_id.hex if ev.university_id else None,
                ev.start.isoformat(),
                ev.minutes,
                status,
            )
        )

    def _booking_status(self, tx: Tx, e: Envelope, status: str) -> None:
        self._bookings.update(tx, (e.originator_id.hex,), status=status)

    @on(Booking.Approved, batched=True)
    def _approved(self, tx: Tx, e: Envelope) -> None:
        self._booking_status(tx, e, "confirmed")

    @on(Booking.Refused, batched=True)
    def _refused(self, tx: Tx, e: Envelope) -> None:
        self._booking_status(tx, e, "refused")

    @on(Booking.Cancelled, batched=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        self._booking_status(tx, e, "cancelled")

    @on(Booking.ReleasedAsNoShow, batched=True)
    def _no_show(self, tx: Tx, e: Envelope) -> None:
        self._booking_status(tx, e, "no_show")

    @on(SubsidyApplication.Started)
    def _application(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO rpt_applications VALUES (?, ?, ?, ?, 0, '{}', 'draft', NULL, "
            "NULL) ON CONFLICT (application_id) DO NOTHING",
            (e.originator_id.hex, ev.fund_id.hex, ev.applicant_id.hex, ev.amount_krw),
        )

    @on(SubsidyApplication.Submitted, SubsidyApplication.Revised)
    def _submitted(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE rpt_applications SET requested_krw = ?, status = 'submitted', "
            "submitted_at = COALESCE(submitted_at, ?) WHERE application_id = ?",
            (e.event.amount_krw, e.at.isoformat(), e.originator_id.hex),
        )

    @on(SubsidyApplication.Approved, SubsidyApplication.Rejected)
    def _decided(self, tx: Tx, e: Envelope) -> None:
        approved = isinstance(e.event, SubsidyApplication.Approved)
        tx.execute(
            "UPDATE rpt_applications SET approved_krw = ?, status = ?, decided_at = ? "
            "WHERE application_id = ?",
            (
                e.event.amount_krw if approved else 0,
                "approved" if approved else "rejected",
                e.at.isoformat(),
                e.originator_id.hex,
            ),
        )

    @on(SubsidyApplication.Disbursed)
    def _disbursed(self, tx: Tx, e: Envelope) -> None:
        raw = tx.scalar(
            "SELECT disbursed FROM rpt_applications WHERE application_id = ?",
            (e.originator_id.hex,),
        )
        tranches = json.loads(raw or "{}")
        tranches[str(e.event.tranche)] = e.event.amount_krw
        tx.execute(
            "UPDATE rpt_applications SET disbursed = ? WHERE application_id = ?",
            (json.dumps(tranches, sort_keys=True), e.originator_id.hex),
        )
