"""One university's dashboard, read from the reports' tables (projections/views/reports.py):
its members' bookings per room, its applicants first-time versus returning, and who its
members are (to find their deals). Figures only; a coordinator sees no person here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from projections.projector.sql import Tx

FIRST_TIME, RETURNING = "First-time applicants", "Returning applicants"


@dataclass(frozen=True)
class RoomUse:
    name: str
    kind: str
    bookings: int
    hours: float


@dataclass(frozen=True)
class ApplicantGroup:
    group: str  # FIRST_TIME or RETURNING
    applications: int
    approvals: int
    approved_krw: int


class UniversityReports:
    @staticmethod
    def room_use(tx: Tx, university_id: UUID, since: datetime, until: datetime) -> list[RoomUse]:
        """Bookings kept (or missed) by the university's members in the period, per room."""
        rows = tx.execute(
            "SELECT w.name, w.kind, COUNT(b.booking_id), COALESCE(SUM(b.minutes), 0) "
            "FROM rpt_bookings b JOIN rpt_workspaces w ON w.workspace_id = b.workspace_id "
            "WHERE b.university_id = ? AND b.status IN ('confirmed', 'no_show') "
            "AND b.start_at >= ? AND b.start_at < ? GROUP BY w.name, w.kind ORDER BY w.name",
            (university_id.hex, since.isoformat(), until.isoformat()),
        ).fetchall()
        return [RoomUse(str(r[0]), str(r[1]), int(r[2]), round(int(r[3]) / 60, 1)) for r in rows]

    @staticmethod
    def applicant_groups(tx: Tx, university_id: UUID) -> list[ApplicantGroup]:
        """The university's applications, first-time versus returning applicants (first time:
        no earlier application of theirs anywhere, at any university)."""
        rows = tx.execute(
            "SELECT a.applicant_id, a.status, a.approved_krw, m.university_id "
            "FROM rpt_applications a LEFT JOIN rpt_members m ON m.member_id = a.applicant_id "
            "WHERE a.submitted_at IS NOT NULL ORDER BY a.submitted_at"
        ).fetchall()
        seen: set[str] = set()
        groups: dict[str, list[tuple[bool, int]]] = {}
        for applicant, status, approved, university in rows:
            key = FIRST_TIME if applicant not in seen else RETURNING
            seen.add(applicant)
            if university == university_id.hex:
                groups.setdefault(key, []).append((status == "approved", int(approved)))
        return [
            ApplicantGroup(k, len(v), sum(1 for ok, _k in v if ok), sum(k for _ok, k in v))
            for k, v in sorted(groups.items())
        ]

    @staticmethod
    def members(tx: Tx, university_id: UUID) -> set[UUID]:
        rows = tx.execute(
            "SELECT member_id FROM rpt_members WHERE university_id = ?", (university_id.hex,)
        ).fetchall()
        return {UUID(r[0]) for r in rows}
