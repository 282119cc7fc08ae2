"""What the bridge's pages share: their words, a posting's state as a reader sees it, and the
organisation the signed-in member speaks for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.views.bridge import Bridge
from projections.views.bridge_rows import OpportunityCard, PartnerRow
from web.display.labels import deal_kind_labels as deal_labels
from web.display.labels import opportunity_kind_labels as kind_labels
from web.display.labels import partner_kind_labels, partner_status_labels, posting_labels
from web.display.labels import pay_basis_labels as basis_labels
from web.display.labels import submission_labels as state_labels
from web.pages.common import Req, me, read
from web.pages.project_common import vocabulary


def bridge_words() -> dict[str, Any]:
    return {
        "kinds": kind_labels(),
        "bases": basis_labels(),
        "deal_kinds": deal_labels(),
        "partner_kinds": partner_kind_labels(),
        "partner_states": partner_status_labels(),
        "posting_states": posting_labels(),
        "states": state_labels(),
        **vocabulary(),
    }


def posting_state(card: OpportunityCard, now: datetime) -> str:
    if card.status == "open" and card.deadline <= now:
        return "past"
    return card.status


def partner_row_of(request: Req) -> PartnerRow | None:
    """The organisation the signed-in member represents, if any."""
    member = me(request)
    if member is None:
        return None
    with read(request) as tx:
        return Bridge.partner_of(tx, member)
