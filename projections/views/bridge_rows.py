"""The rows the bridge view answers with, and how they are read from its tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.opportunity import SubmissionState

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STATES = tuple(state.value for state in SubmissionState)


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since the epoch, for exact comparisons in SQL."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class PartnerRow:
    partner_id: UUID
    name: str
    kind: str
    status: str
    representative_id: UUID
    website: str
    business_number: str
    reason: str
    registered_at: datetime


@dataclass(frozen=True)
class PartnerProfileRow:
    """What an organisation looks for (budget_max_krw 0: no upper bound)."""

    partner_id: UUID
    genres: tuple[str, ...]
    formats: tuple[str, ...]
    budget_min_krw: int
    budget_max_krw: int
    stages: tuple[str, ...]
    offers: tuple[str, ...]
    description: str
    stated_at: datetime


@dataclass(frozen=True)
class OpportunityCard:
    opportunity_id: UUID
    partner_id: UUID
    partner_name: str
    kind: str
    title: str
    description: str
    criteria: tuple[str, ...]
    genres: tuple[str, ...]
    formats: tuple[str, ...]
    deadline: datetime
    pay_min_krw: int | None
    pay_max_krw: int | None
    pay_basis: str | None
    conditions: str
    status: str  # open, closed or taken_down (an open one past its deadline takes no more)
    reason: str
    submissions: int
    posted_at: datetime


@dataclass(frozen=True)
class SubmissionRow:
    submission_id: UUID
    opportunity_id: UUID
    opportunity_title: str
    partner_id: UUID
    project_id: UUID
    project_title: str
    director_id: UUID
    state: str
    note: str
    reason: str
    proposed_at: datetime | None
    submitted_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class InterestRow:
    partner_id: UUID
    partner_name: str
    project_id: UUID
    project_title: str
    director_id: UUID
    note: str
    at: datetime


@dataclass(frozen=True)
class FollowRow:
    partner_id: UUID
    partner_name: str
    director_id: UUID
    since: datetime


@dataclass(frozen=True)
class DealRow:
    submission_id: UUID
    partner_id: UUID
    partner_name: str
    opportunity_id: UUID
    opportunity_title: str
    project_id: UUID
    project_title: str
    director_id: UUID
    amount_krw: int
    kind: str
    reason: str
    summary: str
    signed_at: datetime


PARTNER_COLUMNS = (
    "partner_id, name, kind, status, representative_id, website, business_number, reason, "
    "registered_at"
)

PROFILE_COLUMNS = (
    "partner_id, genres, formats, budget_min_krw, budget_max_krw, stages, offers, description, "
    "stated_at"
)

OPPORTUNITY_SELECT = (
    "SELECT o.opportunity_id, o.partner_id, COALESCE(p.name, ''), o.kind, o.title, "
    "o.description, o.criteria, o.genres, o.formats, o.deadline, o.pay_min_krw, o.pay_max_krw, "
    "o.pay_basis, o.conditions, o.status, o.reason, "
    "(SELECT COUNT(*) FROM br_submissions s WHERE s.opportunity_id = o.opportunity_id), "
    "o.posted_at FROM br_opportunities o LEFT JOIN br_partners p ON p.partner_id = o.partner_id"
)

SUBMISSION_SELECT = (
    "SELECT s.submission_id, s.opportunity_id, COALESCE(o.title, ''), s.partner_id, s.project_id, "
    "COALESCE(j.title, ''), s.director_id, s.state, s.note, s.reason, s.proposed_at, "
    "s.submitted_at, s.updated_at FROM br_submissions s "
    "LEFT JOIN br_opportunities o ON o.opportunity_id = s.opportunity_id "
    "LEFT JOIN br_projects j ON j.project_id = s.project_id"
)

INTEREST_SELECT = (
    "SELECT i.partner_id, COALESCE(p.name, ''), i.project_id, COALESCE(j.title, ''), "
    "i.director_id, i.note, i.at FROM br_interest i "
    "LEFT JOIN br_partners p ON p.partner_id = i.partner_id "
    "LEFT JOIN br_projects j ON j.project_id = i.project_id"
)

DEAL_SELECT = (
    "SELECT d.submission_id, d.partner_id, COALESCE(p.name, ''), d.opportunity_id, "
    "COALESCE(o.title, ''), d.project_id, COALESCE(j.title, ''), d.director_id, d.amount_krw, "
    "d.kind, d.reason, d.summary, d.signed_at FROM br_deals d "
    "LEFT JOIN br_partners p ON p.partner_id = d.partner_id "
    "LEFT JOIN br_opportunities o ON o.opportunity_id = d.opportunity_id "
    "LEFT JOIN br_projects j ON j.project_id = d.project_id"
)


def partner_row(row: tuple[Any, ...]) -> PartnerRow:
    return PartnerRow(
        partner_id=UUID(row[0]), name=row[1], kind=row[2], status=row[3],
        representative_id=UUID(row[4]), website=row[5], business_number=row[6], reason=row[7],
        registered_at=datetime.fromisoformat(row[8]),
    )  # fmt: skip


def profile_row(row: tuple[Any, ...]) -> PartnerProfileRow:
    return PartnerProfileRow(
        partner_id=UUID(row[0]), genres=tuple(json.loads(row[1])),
        formats=tuple(json.loads(row[2])), budget_min_krw=int(row[3]),
        budget_max_krw=int(row[4]), stages=tuple(json.loads(row[5])),
        offers=tuple(json.loads(row[6])), description=row[7],
        stated_at=datetime.fromisoformat(row[8]),
    )  # fmt: skip


def opportunity_row(row: tuple[Any, ...]) -> OpportunityCard:
    return OpportunityCard(
        opportunity_id=UUID(row[0]), partner_id=UUID(row[1]), partner_name=row[2], kind=row[3],
        title=row[4], description=row[5], criteria=tuple(json.loads(row[6])),
        genres=tuple(json.loads(row[7])), formats=tuple(json.loads(row[8])),
        deadline=datetime.fromisoformat(row[9]),
        pay_min_krw=None if row[10] is None else int(row[10]),
        pay_max_krw=None if row[11] is None else int(row[11]),
        pay_basis=row[12], conditions=row[13], status=row[14], reason=row[15],
        submissions=int(row[16]), posted_at=datetime.fromisoformat(row[17]),
    )  # fmt: skip


def submission_row(row: tuple[Any, ...]) -> SubmissionRow:
    return SubmissionRow(
        submission_id=UUID(row[0]), opportunity_id=UUID(row[1]), opportunity_title=row[2],
        partner_id=UUID(row[3]), project_id=UUID(row[4]), project_title=row[5],
        director_id=UUID(row[6]), state=row[7], note=row[8], reason=row[9],
        proposed_at=when(row[10]), submitted_at=datetime.fromisoformat(row[11]),
        updated_at=datetime.fromisoformat(row[12]),
    )  # fmt: skip


def interest_row(row: tuple[Any, ...]) -> InterestRow:
    return InterestRow(
        partner_id=UUID(row[0]), partner_name=row[1], project_id=UUID(row[2]),
        project_title=row[3], director_id=UUID(row[4]), note=row[5],
        at=datetime.fromisoformat(row[6]),
    )  # fmt: skip


def follow_row(row: tuple[Any, ...]) -> FollowRow:
    return FollowRow(
        partner_id=UUID(row[0]), partner_name=row[1], director_id=UUID(row[2]),
        since=datetime.fromisoformat(row[3]),
    )  # fmt: skip


def deal_row(row: tuple[Any, ...]) -> DealRow:
    return DealRow(
        submission_id=UUID(row[0]), partner_id=UUID(row[1]), partner_name=row[2],
        opportunity_id=UUID(row[3]), opportunity_title=row[4], project_id=UUID(row[5]),
        project_title=row[6], director_id=UUID(row[7]), amount_krw=int(row[8]), kind=row[9],
        reason=row[10], summary=row[11], signed_at=datetime.fromisoformat(row[12]),
    )  # fmt: skip
