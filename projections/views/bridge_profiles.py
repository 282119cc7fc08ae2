"""What each partner organisation looks for, as the bridge view keeps it (`br_partner_profiles`,
the latest Partner.ProfileStated): read by the organisation's pages and by the partner
recommendations, which take only verified organisations (`profiles(recommendable=True)`)."""

from __future__ import annotations

import json
from uuid import UUID

from domain.partner import Partner
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.bridge_rows import PROFILE_COLUMNS, PartnerProfileRow, profile_row

PROFILE_TABLES = ("br_partner_profiles",)
PROFILE_DDL = (
    "CREATE TABLE br_partner_profiles (partner_id TEXT PRIMARY KEY, genres TEXT NOT NULL, "
    "formats TEXT NOT NULL, budget_min_krw BIGINT NOT NULL, budget_max_krw BIGINT NOT NULL, "
    "stages TEXT NOT NULL, offers TEXT NOT NULL, description TEXT NOT NULL, "
    "stated_at TEXT NOT NULL)",
)


class PartnerProfiles(View):
    """The bridge view's handler of stated profiles (mixed into projections/views/bridge.py)."""

    @on(Partner.ProfileStated, writes_other_tables=True)
    def _profile_stated(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            f"INSERT INTO br_partner_profiles ({PROFILE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partner_id) DO UPDATE SET "
            "genres = excluded.genres, formats = excluded.formats, "
            "budget_min_krw = excluded.budget_min_krw, budget_max_krw = excluded.budget_max_krw, "
            "stages = excluded.stages, offers = excluded.offers, "
            "description = excluded.description, stated_at = excluded.stated_at",
            (e.originator_id.hex, json.dumps(list(ev.genres)), json.dumps(list(ev.formats)),
             ev.budget_min_krw, ev.budget_max_krw, json.dumps(list(ev.stages)),
             json.dumps(list(ev.offers)), ev.description, e.at.isoformat()),
        )  # fmt: skip


def profile(tx: Tx, partner_id: UUID) -> PartnerProfileRow | None:
    """The organisation's stated profile, or None before it states one."""
    row = tx.execute(
        f"SELECT {PROFILE_COLUMNS} FROM br_partner_profiles WHERE partner_id = ?", (partner_id.hex,)
    ).fetchone()
    return profile_row(row) if row else None


def profiles(tx: Tx, *, recommendable: bool = True) -> list[PartnerProfileRow]:
    """Every stated profile, by partner id; `recommendable`: of verified organisations only
    (not pending, rejected or suspended)."""
    columns = ", ".join(f"r.{c.strip()}" for c in PROFILE_COLUMNS.split(","))
    standing = " JOIN br_partners p ON p.partner_id = r.partner_id AND p.status = 'verified'"
    rows = tx.execute(
        f"SELECT {columns} FROM br_partner_profiles r{standing if recommendable else ''} "
        "ORDER BY r.partner_id"
    ).fetchall()
    return [profile_row(r) for r in rows]
