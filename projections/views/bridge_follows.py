"""The bridge's queries on interest, following and deals: which projects a partner is
interested in and who is interested in a project, who follows which director, and the deals
signed (the Bridge view answers them under the same names)."""

from __future__ import annotations

from uuid import UUID

from projections.projector.sql import Tx
from projections.views.bridge_rows import (
    DEAL_SELECT,
    FOLLOW_SELECT,
    INTEREST_SELECT,
    DealRow,
    FollowRow,
    InterestRow,
    deal_row,
    follow_row,
    interest_row,
)


def interests_of(tx: Tx, partner_id: UUID) -> list[InterestRow]:
    """The projects a partner registered interest in, newest first."""
    rows = tx.execute(
        f"{INTEREST_SELECT} WHERE i.partner_id = ? ORDER BY i.at DESC, i.project_id",
        (partner_id.hex,),
    ).fetchall()
    return [interest_row(r) for r in rows]


def interest_in(tx: Tx, project_id: UUID) -> list[InterestRow]:
    """The partners interested in a project (for its director), newest first."""
    rows = tx.execute(
        f"{INTEREST_SELECT} WHERE i.project_id = ? ORDER BY i.at DESC, i.partner_id",
        (project_id.hex,),
    ).fetchall()
    return [interest_row(r) for r in rows]


def following(tx: Tx, partner_id: UUID) -> list[FollowRow]:
    """The directors a partner follows, longest followed first."""
    rows = tx.execute(
        f"{FOLLOW_SELECT} WHERE f.partner_id = ? ORDER BY f.since, f.director_id", (partner_id.hex,)
    ).fetchall()
    return [follow_row(r) for r in rows]


def followers(tx: Tx, director_id: UUID) -> list[FollowRow]:
    """The partners following a director."""
    rows = tx.execute(
        f"{FOLLOW_SELECT} WHERE f.director_id = ? ORDER BY f.since, f.partner_id",
        (director_id.hex,),
    ).fetchall()
    return [follow_row(r) for r in rows]


def deals(tx: Tx, *, partner_id: UUID | None = None,
          director_id: UUID | None = None) -> list[DealRow]:  # fmt: skip
    """Deals signed on the bridge, newest first; for one partner or director if given."""
    where: list[str] = []
    params: list[object] = []
    if partner_id:
        where.append("d.partner_id = ?")
        params.append(partner_id.hex)
    if director_id:
        where.append("d.director_id = ?")
        params.append(director_id.hex)
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = tx.execute(f"{DEAL_SELECT} {clause}ORDER BY d.signed_at DESC, d.submission_id",
                      params).fetchall()  # fmt: skip
    return [deal_row(r) for r in rows]
