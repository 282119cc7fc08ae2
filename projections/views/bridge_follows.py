"""The bridge's queries on interest, following and deals: which projects a partner is
interested in and who is interested in a project, which organisations follow which director,
and the deals signed (the Bridge view answers them under the same names).

An organisation follows a director when its representative does (a Follow, projections/views/
follows.py) or, in logs written before members followed, when the organisation itself did
(Partner.DirectorFollowed); once the representative's Follow of that director exists, started or
stopped, it is the word that counts."""

from __future__ import annotations

from uuid import UUID

from projections.projector.sql import Tx
from projections.views.bridge_rows import (
    DEAL_SELECT,
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


_EARLIER_FOLLOWS = (
    "SELECT f.partner_id, COALESCE(p.name, ''), f.director_id, f.since FROM br_follows f "
    "LEFT JOIN br_partners p ON p.partner_id = f.partner_id WHERE {where} AND NOT EXISTS "
    "(SELECT 1 FROM br_member_follows m WHERE m.follower_id = p.representative_id "
    "AND m.director_id = f.director_id)"
)
_REPRESENTATIVES_FOLLOWS = (
    "SELECT p.partner_id, p.name, m.director_id, m.since FROM br_member_follows m "
    "JOIN br_partners p ON p.representative_id = m.follower_id WHERE {where} AND m.active = 1"
)


def _follows(tx: Tx, earlier: str, current: str, key: UUID, order: str) -> list[FollowRow]:
    rows = tx.execute(
        f"{_EARLIER_FOLLOWS.format(where=earlier)} UNION ALL "
        f"{_REPRESENTATIVES_FOLLOWS.format(where=current)} ORDER BY {order}",
        (key.hex, key.hex),
    ).fetchall()
    return [follow_row(r) for r in rows]


def following(tx: Tx, partner_id: UUID) -> list[FollowRow]:
    """The directors a partner follows, longest followed first."""
    return _follows(tx, "f.partner_id = ?", "p.partner_id = ?", partner_id, "4, 3")


def followers(tx: Tx, director_id: UUID) -> list[FollowRow]:
    """The partners following a director."""
    return _follows(tx, "f.director_id = ?", "m.director_id = ?", director_id, "4, 1")


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
