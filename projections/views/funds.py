"""Funds as staff, applicants and reviewers see them: the fund ledger (budget, committed,
disbursed, each movement), the applications with their decision receipts, and review queues."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from domain.fund import Fund
from domain.subsidy import SubsidyApplication
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.audit import plain
from projections.views.fund_rows import (
    APP_COLUMNS,
    FUND_COLUMNS,
    ApplicationRow,
    FinalReportRow,
    FundRow,
    LedgerLine,
    ReviewerRow,
    TrancheRow,
    VersionRow,
    app_row,
    fund_row,
    reviewer_row,
)

__all__ = ["Funds", "project_titles"]


class Funds(View):
    name = "funds"
    SCHEMA_VERSION = 3  # v2: a reviewer's conflicts are codes with params; v3: final reports
    TABLES = (
        "fnd_funds",
        "fnd_ledger",
        "fnd_applications",
        "fnd_reviewers",
        "fnd_tranches",
        "fnd_versions",
        "fnd_final_reports",
    )
    DDL = (
        "CREATE TABLE fnd_funds (fund_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "budget_krw BIGINT NOT NULL, cap_krw BIGINT NOT NULL, opens TEXT NOT NULL, "
        "closes TEXT NOT NULL, eligibility TEXT NOT NULL, min_reviews INTEGER NOT NULL, "
        "committed_krw BIGINT NOT NULL, disbursed_krw BIGINT NOT NULL, closed INTEGER NOT NULL, "
        "criteria TEXT NOT NULL)",
        "CREATE TABLE fnd_ledger (position BIGINT PRIMARY KEY, fund_id TEXT NOT NULL, "
        "at TEXT NOT NULL, kind TEXT NOT NULL, application_id TEXT, amount_krw BIGINT NOT NULL)",
        "CREATE INDEX fnd_ledger_fund ON fnd_ledger (fund_id, position)",
        "CREATE TABLE fnd_applications (application_id TEXT PRIMARY KEY, fund_id TEXT NOT NULL, "
        "project_id TEXT NOT NULL, applicant_id TEXT NOT NULL, status TEXT NOT NULL, "
        "version INTEGER NOT NULL, amount_krw BIGINT NOT NULL, breakdown TEXT NOT NULL, "
        "submitted_at TEXT, decided_at TEXT, decision TEXT, approved_krw BIGINT NOT NULL, "
        "disbursed_krw BIGINT NOT NULL, reviews INTEGER NOT NULL)",
        "CREATE INDEX fnd_applications_fund ON fnd_applications (fund_id)",
        "CREATE INDEX fnd_applications_applicant ON fnd_applications (applicant_id)",
        "CREATE TABLE fnd_reviewers (application_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, "
        "conflicts TEXT NOT NULL, override_reason TEXT, declared_conflict INTEGER NOT NULL, "
        "reviewed_version INTEGER, score INTEGER, PRIMARY KEY (application_id, reviewer_id))",
        "CREATE INDEX fnd_reviewers_reviewer ON fnd_reviewers (reviewer_id)",
        "CREATE TABLE fnd_tranches (application_id TEXT NOT NULL, tranche INTEGER NOT NULL, "
        "amount_krw BIGINT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL, "
        "PRIMARY KEY (application_id, tranche))",
        "CREATE TABLE fnd_versions (application_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "amount_krw BIGINT NOT NULL, breakdown TEXT NOT NULL, "
        "PRIMARY KEY (application_id, version))",
        "CREATE TABLE fnd_final_reports (application_id TEXT PRIMARY KEY, at TEXT NOT NULL, "
        "summary TEXT NOT NULL, spent_krw BIGINT NOT NULL, released_krw BIGINT NOT NULL)",
    )

    # -- funds --------------------------------------------------------------------------------

    @on(Fund.Opened)
    def _opened(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            f"INSERT INTO fnd_funds ({FUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?) "
            "ON CONFLICT (fund_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.name,
                ev.budget_krw,
                ev.cap_krw,
                ev.opens.isoformat(),
                ev.closes.isoformat(),
                ev.eligibility,
                ev.min_reviews,
                json.dumps(plain(ev.criteria)),
            ),
        )
        self._line(tx, e, "opened", None, ev.budget_krw)

    def _line(
        self, tx: Tx, e: Envelope, kind: str, application_id: UUID | None, amount: int
    ) -> None:
        tx.execute(
            "INSERT INTO fnd_ledger (position, fund_id, at, kind, application_id, amount_krw) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING",
            (
                e.position,
                e.originator_id.hex,
                e.at.isoformat(),
                kind,
                application_id.hex if application_id else None,
                amount,
            ),
        )

    def _totals(self, tx: Tx, fund_id: UUID) -> None:
        tx.execute(
            "UPDATE fnd_funds SET "
            "committed_krw = (SELECT COALESCE(SUM(CASE kind WHEN 'committed' THEN amount_krw "
            "WHEN 'released' THEN -amount_krw ELSE 0 END), 0) FROM fnd_ledger WHERE fund_id = ?), "
            "disbursed_krw = (SELECT COALESCE(SUM(CASE kind WHEN 'disbursed' THEN amount_krw "
            "ELSE 0 END), 0) FROM fnd_ledger WHERE fund_id = ?) WHERE fund_id = ?",
            (fund_id.hex, fund_id.hex, fund_id.hex),
        )

    @on(Fund.Committed)
    def _committed(self, tx: Tx, e: Envelope) -> None:
        self._line(tx, e, "committed", e.event.application_id, e.event.amount_krw)
        self._totals(tx, e.originator_id)

    @on(Fund.Released)
    def _released(self, tx: Tx, e: Envelope) -> None:
        self._line(tx, e, "released", e.event.application_id, e.event.amount_krw)
        self._totals(tx, e.originator_id)

    @on(Fund.Disbursed)
    def _disbursed(self, tx: Tx, e: Envelope) -> None:
        self._line(tx, e, "disbursed", e.event.application_id, e.event.amount_krw)
        self._totals(tx, e.originator_id)

    @on(Fund.Closed)
    def _closed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE fnd_funds SET closed = 1 WHERE fund_id = ?", (e.originator_id.hex,))

    # -- applications -------------------------------------------------------------------------

    @on(SubsidyApplication.Started)
    def _started(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            f"INSERT INTO fnd_applications ({APP_COLUMNS}) VALUES (?, ?, ?, ?, 'draft', 0, ?, ?, "
            "NULL, NULL, NULL, 0, 0, 0) ON CONFLICT (application_id) DO NOTHING",
            (
                e.originator_id.hex,
                ev.fund_id.hex,
                ev.project_id.hex,
                ev.applicant_id.hex,
                ev.amount_krw,
                json.dumps(plain(ev.breakdown)),
            ),
        )

    def _set(self, tx: Tx, e: Envelope, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.execute(
            f"UPDATE fnd_applications SET {sets} WHERE application_id = ?",
            (*values.values(), e.originator_id.hex),
        )

    @on(SubsidyApplication.DraftEdited)
    def _edited(self, tx: Tx, e: Envelope) -> None:
        self._set(
            tx, e, amount_krw=e.event.amount_krw, breakdown=json.dumps(plain(e.event.breakdown))
        )

    @on(SubsidyApplication.Submitted, SubsidyApplication.Revised)
    def _submitted(self, tx: Tx, e: Envelope) -> None:
        self._set(
            tx,
            e,
            status="submitted",
            version=e.event.version,
            amount_krw=e.event.amount_krw,
            breakdown=json.dumps(plain(e.event.breakdown)),
            submitted_at=e.at.isoformat(),
        )
        tx.execute(
            "INSERT INTO fnd_versions (application_id, version, amount_krw, breakdown) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (application_id, version) DO NOTHING",
            (
                e.originator_id.hex,
                e.event.version,
                e.event.amount_krw,
                json.dumps(plain(e.event.breakdown)),
            ),
        )
        self._count_reviews(tx, e.originator_id)

    @on(SubsidyApplication.ReviewerAssigned)
    def _assigned(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO fnd_reviewers (application_id, reviewer_id, conflicts, override_reason, "
            "declared_conflict) VALUES (?, ?, ?, ?, 0) ON CONFLICT (application_id, reviewer_id) "
            "DO UPDATE SET conflicts = excluded.conflicts, "
            "override_reason = excluded.override_reason",
            (
                e.originator_id.hex,
                e.event.reviewer_id.hex,
                json.dumps(e.event.conflicts),
                e.event.override_reason,
            ),
        )

    @on(SubsidyApplication.ConflictDeclared)
    def _declared(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE fnd_reviewers SET declared_conflict = 1 "
            "WHERE application_id = ? AND reviewer_id = ?",
            (e.originator_id.hex, e.event.member_id.hex),
        )
        self._count_reviews(tx, e.originator_id)

    @on(SubsidyApplication.Reviewed)
    def _reviewed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE fnd_reviewers SET reviewed_version = ?, score = ? "
            "WHERE application_id = ? AND reviewer_id = ?",
            (e.event.version, e.event.score, e.originator_id.hex, e.event.reviewer_id.hex),
        )
        self._count_reviews(tx, e.originator_id)

    def _count_reviews(self, tx: Tx, application_id: UUID) -> None:
        tx.execute(
            "UPDATE fnd_applications SET reviews = (SELECT COUNT(*) FROM fnd_reviewers r WHERE "
            "r.application_id = fnd_applications.application_id AND r.declared_conflict = 0 AND "
            "r.reviewed_version = fnd_applications.version) WHERE application_id = ?",
            (application_id.hex,),
        )

    @on(SubsidyApplication.Approved, SubsidyApplication.Rejected)
    def _decided(self, tx: Tx, e: Envelope) -> None:
        approved = isinstance(e.event, SubsidyApplication.Approved)
        receipt = {
            k: plain(v)
            for k, v in vars(e.event).items()
            if k not in ("originator_id", "originator_version", "timestamp")
        }
        receipt["approved"] = approved
        receipt["decided_by"] = e.actor
        receipt["position"] = e.position
        self._set(
            tx,
            e,
            status="approved" if approved else "rejected",
            decided_at=e.at.isoformat(),
            decision=json.dumps(receipt),
            approved_krw=e.event.amount_krw if approved else 0,
        )

    @on(SubsidyApplication.Disbursed)
    def _paid(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO fnd_tranches (application_id, tranche, amount_krw, at, note) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, tranche) DO NOTHING",
            (
                e.originator_id.hex,
                e.event.tranche,
                e.event.amount_krw,
                e.at.isoformat(),
                e.event.note,
            ),
        )
        tx.execute(
            "UPDATE fnd_applications SET disbursed_krw = (SELECT SUM(amount_krw) FROM "
            "fnd_tranches t WHERE t.application_id = fnd_applications.application_id) "
            "WHERE application_id = ?",
            (e.originator_id.hex,),
        )

    @on(SubsidyApplication.FinalReportSubmitted)
    def _closed_grant(self, tx: Tx, e: Envelope) -> None:
        self._set(tx, e, status="closed")
        tx.execute(
            "INSERT INTO fnd_final_reports (application_id, at, summary, spent_krw, released_krw) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id) DO NOTHING",
            (
                e.originator_id.hex,
                e.at.isoformat(),
                e.event.summary,
                e.event.spent_krw,
                e.event.released_krw,
            ),
        )

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def funds(tx: Tx) -> list[FundRow]:
        return [
            fund_row(r)
            for r in tx.execute(
                f"SELECT {FUND_COLUMNS} FROM fnd_funds ORDER BY opens DESC, fund_id"
            ).fetchall()
        ]

    @staticmethod
    def fund(tx: Tx, fund_id: UUID) -> FundRow | None:
        row = tx.execute(
            f"SELECT {FUND_COLUMNS} FROM fnd_funds WHERE fund_id = ?", (fund_id.hex,)
        ).fetchone()
        return fund_row(row) if row else None

    @staticmethod
    def ledger(tx: Tx, fund_id: UUID) -> list[LedgerLine]:
        rows = tx.execute(
            "SELECT position, at, kind, application_id, amount_krw FROM fnd_ledger "
            "WHERE fund_id = ? ORDER BY position",
            (fund_id.hex,),
        ).fetchall()
        return [
            LedgerLine(int(r[0]), r[1], r[2], UUID(r[3]) if r[3] else None, int(r[4])) for r in rows
        ]

    @staticmethod
    def applications(
        tx: Tx, *, fund_id: UUID | None = None, applicant_id: UUID | None = None
    ) -> list[ApplicationRow]:
        where, params = [], []
        if fund_id:
            where.append("fund_id = ?")
            params.append(fund_id.hex)
        if applicant_id:
            where.append("applicant_id = ?")
            params.append(applicant_id.hex)
        rows = tx.execute(
            f"SELECT {APP_COLUMNS} FROM fnd_applications "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY submitted_at DESC, application_id",
            params,
        ).fetchall()
        return [app_row(r) for r in rows]

    @staticmethod
    def application(tx: Tx, application_id: UUID) -> ApplicationRow | None:
        row = tx.execute(
            f"SELECT {APP_COLUMNS} FROM fnd_applications WHERE application_id = ?",
            (application_id.hex,),
        ).fetchone()
        return app_row(row) if row else None

    @staticmethod
    def reviewers(tx: Tx, application_id: UUID) -> list[ReviewerRow]:
        rows = tx.execute(
            "SELECT application_id, reviewer_id, conflicts, override_reason, declared_conflict, "
            "reviewed_version, score FROM fnd_reviewers WHERE application_id = ? "
            "ORDER BY reviewer_id",
            (application_id.hex,),
        ).fetchall()
        return [reviewer_row(r) for r in rows]

    @staticmethod
    def review_queue(tx: Tx, reviewer_id: UUID) -> list[ApplicationRow]:
        """Applications assigned to the reviewer whose current version they have not scored."""
        rows = tx.execute(
            f"SELECT {', '.join('a.' + c.strip() for c in APP_COLUMNS.split(','))} "
            "FROM fnd_applications a JOIN fnd_reviewers r ON r.application_id = a.application_id "
            "WHERE r.reviewer_id = ? AND r.declared_conflict = 0 AND a.status = 'submitted' AND "
            "(r.reviewed_version IS NULL OR r.reviewed_version < a.version) "
            "ORDER BY a.submitted_at",
            (reviewer_id.hex,),
        ).fetchall()
        return [app_row(r) for r in rows]

    @staticmethod
    def versions(tx: Tx, application_id: UUID) -> list[VersionRow]:
        """The submitted versions, the latest first."""
        rows = tx.execute(
            "SELECT version, amount_krw, breakdown FROM fnd_versions "
            "WHERE application_id = ? ORDER BY version DESC",
            (application_id.hex,),
        ).fetchall()
        return [VersionRow(int(r[0]), int(r[1]), tuple(json.loads(r[2]))) for r in rows]

    @staticmethod
    def tranches(tx: Tx, application_id: UUID) -> list[TrancheRow]:
        rows = tx.execute(
            "SELECT tranche, amount_krw, at, note FROM fnd_tranches "
            "WHERE application_id = ? ORDER BY tranche",
            (application_id.hex,),
        ).fetchall()
        return [TrancheRow(int(r[0]), int(r[1]), r[2], r[3]) for r in rows]

    @staticmethod
    def final_report(tx: Tx, application_id: UUID) -> FinalReportRow | None:
        """The grant's final report, once the applicant has submitted it (it closes the grant)."""
        r = tx.execute(
            "SELECT at, summary, spent_krw, released_krw FROM fnd_final_reports "
            "WHERE application_id = ?",
            (application_id.hex,),
        ).fetchone()
        return FinalReportRow(r[0], r[1], int(r[2]), int(r[3])) if r else None


def project_titles(tx: Tx, ids: Iterable[UUID]) -> dict[UUID, str]:
    """The titles of the projects applied for, by id (from the projects view's table)."""
    wanted = sorted({i.hex for i in ids})
    if not wanted:
        return {}
    marks = ", ".join("?" for _id in wanted)
    rows = tx.execute(
        f"SELECT project_id, title FROM prj_projects WHERE project_id IN ({marks})", wanted
    ).fetchall()
    return {UUID(r[0]): r[1] for r in rows}
