"""Conflicts of interest between a reviewer and an applicant, kept as data.

A conflict is recorded (in `SubsidyApplication.ReviewerAssigned`) as a code and the params it
quotes, `{"code": "shared_credit", "params": {"title": "Night Bus", "year": 2024}}`, so that any
language can say it from its parts; `phrase` gives the English sentence with the same template
and params, which the web's refusal catalogues translate.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from domain.errors import DomainError

CONFLICT_YEARS = 5

ConflictRecord = dict[str, Any]  # {"code": ConflictCode value, "params": {...}}


class ConflictCode(Enum):
    SAME_UNIVERSITY = "same_university"
    ON_PROJECT = "on_project"
    WORKED_TOGETHER = "worked_together"
    SHARED_CREDIT = "shared_credit"
    DECLARED = "declared"


def record(code: ConflictCode, **params: object) -> ConflictRecord:
    return {"code": code.value, "params": dict(params)}


def declared(reason: str) -> ConflictRecord:
    """A conflict declared by the reviewer or the applicant, in their own words."""
    return record(ConflictCode.DECLARED, reason=reason)


def is_declared(conflict: Mapping[str, Any]) -> bool:
    return conflict.get("code") == ConflictCode.DECLARED.value


def phrase(conflict: Mapping[str, Any]) -> DomainError:
    """The conflict said in English, as a template with its params (the web says it in the
    reader's language from the same template)."""
    params: dict[str, Any] = dict(conflict.get("params") or {})
    code = ConflictCode(conflict["code"])
    if code is ConflictCode.SAME_UNIVERSITY:
        return DomainError("same university as the applicant")
    if code is ConflictCode.ON_PROJECT:
        return DomainError("on the project")
    if code is ConflictCode.WORKED_TOGETHER:
        return DomainError(
            "worked with the applicant on {title} in the last {years} years",
            title=str(params.get("title", "")),
            years=int(params.get("years", CONFLICT_YEARS)),
        )
    if code is ConflictCode.SHARED_CREDIT:
        return DomainError(
            "shared credit with the applicant: {title} ({year})",
            # A year is said as written (2024), never as a grouped number (2,024).
            title=str(params.get("title", "")),
            year=str(params.get("year", "")),
        )
    return DomainError("declared: {reason}", reason=str(params.get("reason", "")))


def conflicts_of_interest(
    *,
    reviewer_id: UUID,
    reviewer_university: UUID | None,
    reviewer_credits: list[dict[str, Any]],
    applicant_university: UUID | None,
    applicant_credits: list[dict[str, Any]],
    project_members: set[UUID],
    worked_together_on: list[str],
    today: date,
) -> list[ConflictRecord]:
    """Why this reviewer should not score this applicant's project, read from the graph of
    universities, projects and credits; empty when nothing links them."""
    found: list[ConflictRecord] = []
    if reviewer_university is not None and reviewer_university == applicant_university:
        found.append(record(ConflictCode.SAME_UNIVERSITY))
    if reviewer_id in project_members:
        found.append(record(ConflictCode.ON_PROJECT))
    for title in worked_together_on:
        found.append(record(ConflictCode.WORKED_TOGETHER, title=title, years=CONFLICT_YEARS))
    since = today.year - CONFLICT_YEARS
    theirs = {
        (str(c["title"]).strip().casefold(), int(c["year"]))
        for c in applicant_credits
        if int(c["year"]) >= since
    }
    shared = sorted(
        {
            (str(c["title"]).strip(), int(c["year"]))
            for c in reviewer_credits
            if (str(c["title"]).strip().casefold(), int(c["year"])) in theirs
        }
    )
    for title, year in shared:
        found.append(record(ConflictCode.SHARED_CREDIT, title=title, year=year))
    return found
