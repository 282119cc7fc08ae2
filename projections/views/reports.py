"""Reports for the dashboards, per university and centre-wide: members, projects, bookings and
utilisation by workspace, subsidies requested/approved/disbursed, time from pitch to full crew,
and the fairness view (how subsidies spread across universities and first-time applicants).

The view keeps one fact row per entity (upserts, never increments) and aggregates at query time;
pitch and crewing times come from the projects view (projections/views/projects.py) in the same
database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any
from uuid import UUID

from domain.booking import Booking
from domain.member import Member
from domain.subsidy import SubsidyApplication
from domain.university import University
from domain.workspace import Workspace
from projections.projector.runner import Envelope, View, on
from projections.projector.sql import Tx


@dataclass(frozen=True)
class Summary:
    members: int
    verified_students: int
    projects_pitched: int
    projects_crewed: int
    median_days_to_crew: float | None
    bookings: int
    booked_hours: float
    no_shows: int
    requested_krw: int
    approved_krw: int
    disbursed_krw: int
    applications: int
    approvals: int


@dataclass(frozen=True)
class Utilisation:
    workspace_id: UUID
    name: str
    kind: str
    booked_hours: float
    open_hours: float

    @property
    def share(self) -> float:
        return self.booked_hours / self.open_hours if self.open_hours else 0.0


@dataclass(frozen=True)
class UniversityLine:
    university_id: UUID
    name: str
    members: int
    projects: int
    booked_hours: float
    applicants: int
    requested_krw: int
    approved_krw: int


@dataclass(frozen=True)
class FairnessLine:
    group: str
    applications: int
    approvals: int
    approved_krw: int
    share_of_applications: float
    share_of_approved_krw: float

    @property
    def approval_rate(self) -> float:
        return self.approvals / self.applications if self.applications else 0.0


@dataclass(frozen=True)
class MonthPoint:
    month: str
    value: float


def _weekly_minutes(hours: list[list[str]]) -> int:
    total = 0
    for day in hours:
        if len(day) == 2:
            (oh, om), (ch, cm) = (map(int, t.split(":")) for t in day)
            total += max((ch * 60 + cm) - (oh * 60 + om), 0)
    return total


def _range(column: str, since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if since:
        where.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{column} < ?")
        params.append(until.isoformat())
    return (" AND " + " AND ".join(where) if where else ""), params


class Reports(View):
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

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def summary(
        tx: Tx,
        *,
        university_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Summary:
        uni = university_id.hex if university_id else None
        member_filter = " AND university_id = ?" if uni else ""
        mparams = [uni] if uni else []
        jr, jp = _range("joined", since, until)
        members = int(
            tx.scalar(
                f"SELECT COUNT(*) FROM rpt_members WHERE 1=1{member_filter}{jr}", (*mparams, *jp)
            )
            or 0
        )
        verified = int(
            tx.scalar(
                f"SELECT COUNT(*) FROM rpt_members WHERE verified = 1{member_filter}{jr}",
                (*mparams, *jp),
            )
            or 0
        )
        by_uni = (
            (" AND director_id IN (SELECT member_id FROM rpt_members WHERE university_id = ?)")
            if uni
            else ""
        )
        pr, pp = _range("pitched_at", since, until)
        rows = tx.execute(
            f"SELECT pitched_at, crewed_at FROM prj_projects WHERE pitched_at IS "
            f"NOT NULL{by_uni}{pr}",
            (*mparams, *pp),
        ).fetchall()
        days = [
            (datetime.fromisoformat(c) - datetime.fromisoformat(p)).total_seconds() / 86400
            for p, c in rows
            if c
        ]
        br, bp = _range("start_at", since, until)
        booking_uni = " AND university_id = ?" if uni else ""
        brow = tx.execute(
            "SELECT COUNT(*), COALESCE(SUM(minutes), 0), "
            "COALESCE(SUM(CASE status WHEN 'no_show' THEN 1 ELSE 0 END), 0) FROM rpt_bookings "
            f"WHERE status IN ('confirmed', 'no_show'){booking_uni}{br}",
            (*mparams, *bp),
        ).fetchone() or (0, 0, 0)
        app_uni = (
            (" AND applicant_id IN (SELECT member_id FROM rpt_members WHERE university_id = ?)")
            if uni
            else ""
        )
        ar, ap = _range("submitted_at", since, until)
        apps = tx.execute(
            f"SELECT requested_krw, approved_krw, disbursed, status FROM "
            f"rpt_applications WHERE submitted_at IS NOT NULL{app_uni}{ar}",
            (*mparams, *ap),
        ).fetchall()
        return Summary(
            members=members,
            verified_students=verified,
            projects_pitched=len(rows),
            projects_crewed=len(days),
            median_days_to_crew=round(median(days), 1) if days else None,
            bookings=int(brow[0]),
            booked_hours=round(int(brow[1]) / 60, 1),
            no_shows=int(brow[2]),
            requested_krw=sum(int(a[0]) for a in apps),
            approved_krw=sum(int(a[1]) for a in apps),
            disbursed_krw=sum(sum(json.loads(a[2]).values()) for a in apps),
            applications=len(apps),
            approvals=sum(1 for a in apps if a[3] == "approved"),
        )

    @staticmethod
    def utilisation(tx: Tx, since: datetime, until: datetime) -> list[Utilisation]:
        weeks = max((until - since).total_seconds() / (7 * 86400), 0.0)
        rows = tx.execute(
            "SELECT w.workspace_id, w.name, w.kind, w.weekly_minutes, "
            "COALESCE(SUM(b.minutes), 0) FROM rpt_workspaces w LEFT JOIN rpt_bookings b ON "
            "b.workspace_id = w.workspace_id AND b.status IN ('confirmed', 'no_show') AND "
            "b.start_at >= ? AND b.start_at < ? WHERE w.retired = 0 "
            "GROUP BY w.workspace_id, w.name, w.kind, w.weekly_minutes ORDER BY w.name",
            (since.isoformat(), until.isoformat()),
        ).fetchall()
        return [
            Utilisation(
                UUID(r[0]), r[1], r[2], round(int(r[4]) / 60, 1), round(int(r[3]) * weeks / 60, 1)
            )
            for r in rows
        ]

    @staticmethod
    def universities(tx: Tx) -> list[UniversityLine]:
        rows = tx.execute(
            "SELECT u.university_id, u.name, "
            "(SELECT COUNT(*) FROM rpt_members m WHERE m.university_id = u.university_id), "
            "(SELECT COUNT(*) FROM prj_projects p JOIN rpt_members m ON m.member_id = "
            "p.director_id WHERE m.university_id = u.university_id AND p.pitched_at IS NOT NULL), "
            "(SELECT COALESCE(SUM(b.minutes), 0) FROM rpt_bookings b WHERE b.university_id = "
            "u.university_id AND b.status IN ('confirmed', 'no_show')), "
            "(SELECT COUNT(DISTINCT a.applicant_id) FROM rpt_applications a JOIN rpt_members m "
            "ON m.member_id = a.applicant_id WHERE m.university_id = u.university_id), "
            "(SELECT COALESCE(SUM(a.requested_krw), 0) FROM rpt_applications a JOIN rpt_members m "
            "ON m.member_id = a.applicant_id WHERE m.university_id = u.university_id AND "
            "a.submitted_at IS NOT NULL), "
            "(SELECT COALESCE(SUM(a.approved_krw), 0) FROM rpt_applications a JOIN rpt_members m "
            "ON m.member_id = a.applicant_id WHERE m.university_id = u.university_id) "
            "FROM rpt_universities u ORDER BY u.name"
        ).fetchall()
        return [
            UniversityLine(
                UUID(r[0]),
                r[1],
                int(r[2]),
                int(r[3]),
                round(int(r[4]) / 60, 1),
                int(r[5]),
                int(r[6]),
                int(r[7]),
            )
            for r in rows
        ]

    @staticmethod
    def fairness(tx: Tx) -> list[FairnessLine]:
        """Subsidies by group: each university, members outside the network, and first-time
        versus returning applicants (first time: no earlier application of theirs)."""
        apps = tx.execute(
            "SELECT a.applicant_id, COALESCE(u.name, 'Outside the network'), a.status, "
            "a.approved_krw, a.submitted_at FROM rpt_applications a LEFT JOIN rpt_members m ON "
            "m.member_id = a.applicant_id LEFT JOIN rpt_universities u ON u.university_id = "
            "m.university_id WHERE a.submitted_at IS NOT NULL ORDER BY a.submitted_at"
        ).fetchall()
        groups: dict[str, list[tuple[bool, int]]] = {}
        seen: set[str] = set()
        for applicant, university, status, approved, _ in apps:
            outcome = (status == "approved", int(approved))
            groups.setdefault(university, []).append(outcome)
            key = "First-time applicants" if applicant not in seen else "Returning applicants"
            groups.setdefault(key, []).append(outcome)
            seen.add(applicant)
        total = len(apps) or 1
        total_krw = sum(int(a[3]) for a in apps) or 1
        lines = [
            FairnessLine(
                group,
                len(items),
                sum(1 for ok, _ in items if ok),
                sum(k for _, k in items),
                round(len(items) / total, 3),
                round(sum(k for _, k in items) / total_krw, 3),
            )
            for group, items in groups.items()
        ]
        return sorted(lines, key=lambda line: (-line.applications, line.group))

    @staticmethod
    def monthly(tx: Tx, series: str) -> list[MonthPoint]:
        """Month by month: members joined, booked hours, or approved KRW."""
        queries = {
            "members": "SELECT SUBSTR(joined, 1, 7), COUNT(*) FROM rpt_members GROUP BY 1",
            "booked_hours": "SELECT SUBSTR(start_at, 1, 7), SUM(minutes) / 60.0 FROM rpt_bookings "
            "WHERE status IN ('confirmed', 'no_show') GROUP BY 1",
            "approved_krw": "SELECT SUBSTR(decided_at, 1, 7), SUM(approved_krw) FROM "
            "rpt_applications WHERE status = 'approved' GROUP BY 1",
        }
        rows = tx.execute(queries[series] + " ORDER BY 1").fetchall()
        return [MonthPoint(r[0], round(float(r[1]), 1)) for r in rows if r[0]]
