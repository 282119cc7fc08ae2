"""The bridge's queries the JSON API asks that its pages do not: the open calls a director can
submit to now (open, before the deadline, posted by an organisation verified now), a page at
a time, and the submissions of one project. Read from the Bridge view's tables."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from projections.projector.sql import Tx
from projections.views.bridge_rows import (
    OPPORTUNITY_SELECT,
    SUBMISSION_SELECT,
    OpportunityCard,
    SubmissionRow,
    micros,
    opportunity_row,
    submission_row,
)


def open_calls(
    tx: Tx, now: datetime, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[OpportunityCard]:
    """Calls taking submissions at `now`, soonest deadline first: a suspended or unverified
    organisation's postings are on hold, so they are left out."""
    where = ["o.status = 'open'", "o.deadline_us > ?", "p.status = 'verified'"]
    params: list[object] = [micros(now)]
    if kind:
        where.append("o.kind = ?")
        params.append(kind)
    rows = tx.execute(
        f"{OPPORTUNITY_SELECT} WHERE {' AND '.join(where)} "
        "ORDER BY o.deadline_us, o.opportunity_id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return [opportunity_row(r) for r in rows]


def submissions_of_project(tx: Tx, director_id: UUID, project_id: UUID) -> list[SubmissionRow]:
    """Where a director's project has been submitted and where each submission stands, newest
    first (asked by director too, which the view indexes)."""
    rows = tx.execute(
        f"{SUBMISSION_SELECT} WHERE s.director_id = ? AND s.project_id = ? "
        "ORDER BY s.submitted_at DESC, s.submission_id",
        (director_id.hex, project_id.hex),
    ).fetchall()
    return [submission_row(r) for r in rows]
