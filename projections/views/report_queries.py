"""The dashboards' questions, asked of the reports' fact tables at query time: a summary (per
university or centre-wide, over a period), utilisation by workspace, a line per university, the
fairness view and monthly series. Pitch and crewing times come from the projects view
(projections/views/projects.py) in the same database. The facts are kept by the Reports view
(projections/views/reports.py), which inherits these queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any
from uuid import UUID

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


def _range(column: str, since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if since:
        where.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{column} < ?")
        params.append(until.isoformat())
    return (" AND " + " AND ".join(where) if where else ""), params


class ReportQueries:
    """The queries of the Reports view."""

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
