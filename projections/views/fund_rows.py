"""The rows the funds view answers with: a fund and its ledger, an application with its decision
receipt, its versions, reviewers and tranches."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.fund import as_typed


@dataclass(frozen=True)
class FundRow:
    fund_id: UUID
    name: str
    budget_krw: int
    cap_krw: int
    opens: str
    closes: str
    eligibility: str
    min_reviews: int
    committed_krw: int
    disbursed_krw: int
    closed: bool
    criteria: tuple[dict[str, Any], ...]

    @property
    def remaining_krw(self) -> int:
        return self.budget_krw - self.committed_krw

    @property
    def opens_on(self) -> date | datetime:
        return as_typed(datetime.fromisoformat(self.opens))

    @property
    def closes_on(self) -> date | datetime:
        """The last day applications are taken, as the admin typed it."""
        return as_typed(datetime.fromisoformat(self.closes), closing=True)

    def state_at(self, now: datetime) -> str:
        """ "open", "upcoming" or "closed", by the rule the fund's commands apply."""
        if self.closed or now >= datetime.fromisoformat(self.closes):
            return "closed"
        return "upcoming" if now < datetime.fromisoformat(self.opens) else "open"


@dataclass(frozen=True)
class LedgerLine:
    position: int
    at: str
    kind: str
    application_id: UUID | None
    amount_krw: int


@dataclass(frozen=True)
class ApplicationRow:
    application_id: UUID
    fund_id: UUID
    project_id: UUID
    applicant_id: UUID
    status: str
    version: int
    amount_krw: int
    breakdown: tuple[dict[str, Any], ...]
    submitted_at: str | None
    decided_at: str | None
    decision: dict[str, Any] | None
    approved_krw: int
    disbursed_krw: int
    reviews: int

    @property
    def requested_krw(self) -> int:
        """What the decided version asked for (the current version's amount until then)."""
        return int(self.decision["requested_krw"]) if self.decision else self.amount_krw

    @property
    def granted_krw(self) -> int | None:
        """The amount granted in the decision; None while undecided or when rejected."""
        return self.approved_krw if self.status in ("approved", "closed") else None


@dataclass(frozen=True)
class ReviewerRow:
    application_id: UUID
    reviewer_id: UUID
    conflicts: tuple[dict[str, Any], ...]  # codes with params (domain/conflicts.py)
    override_reason: str | None
    declared_conflict: bool
    reviewed_version: int | None
    score: int | None


APP_COLUMNS = (
    "application_id, fund_id, project_id, applicant_id, status, version, amount_krw, "
    "breakdown, submitted_at, decided_at, decision, approved_krw, disbursed_krw, reviews"
)
FUND_COLUMNS = (
    "fund_id, name, budget_krw, cap_krw, opens, closes, eligibility, min_reviews, "
    "committed_krw, disbursed_krw, closed, criteria"
)


def app_row(r: tuple[Any, ...]) -> ApplicationRow:
    return ApplicationRow(
        UUID(r[0]),
        UUID(r[1]),
        UUID(r[2]),
        UUID(r[3]),
        r[4],
        int(r[5]),
        int(r[6]),
        tuple(json.loads(r[7])),
        r[8],
        r[9],
        json.loads(r[10]) if r[10] else None,
        int(r[11]),
        int(r[12]),
        int(r[13]),
    )


def fund_row(r: tuple[Any, ...]) -> FundRow:
    return FundRow(
        UUID(r[0]),
        r[1],
        int(r[2]),
        int(r[3]),
        r[4],
        r[5],
        r[6],
        int(r[7]),
        int(r[8]),
        int(r[9]),
        bool(r[10]),
        tuple(json.loads(r[11])),
    )


@dataclass(frozen=True)
class VersionRow:
    """A submitted version, frozen: what reviewers scored."""

    version: int
    amount_krw: int
    breakdown: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class TrancheRow:
    tranche: int
    amount_krw: int
    at: str
    note: str


@dataclass(frozen=True)
class FinalReportRow:
    """What the applicant reported when closing the grant, and what went back to the fund."""

    at: str
    summary: str
    spent_krw: int
    released_krw: int


def reviewer_row(r: tuple[Any, ...]) -> ReviewerRow:
    return ReviewerRow(
        UUID(r[0]),
        UUID(r[1]),
        tuple(json.loads(r[2])),
        r[3],
        bool(r[4]),
        int(r[5]) if r[5] is not None else None,
        int(r[6]) if r[6] is not None else None,
    )
