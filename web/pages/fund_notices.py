"""What a page says after a change to a fund: which fund, and the days it takes applications,
as the admin typed them (a fund is open through its closing day, Seoul time)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from projections.views.funds import Funds
from web.i18n import gettext_ as _
from web.pages.common import Req, read


def typed(value: date | datetime) -> str:
    """A fund's day as typed (2027-01-31), or its moment in Seoul time when it has one."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def opened_notice(request: Req, fund_id: UUID | None) -> str:
    """The confirmation after opening a fund; empty when there is no such fund."""
    if fund_id is None:
        return ""
    with read(request) as tx:
        row = Funds.fund(tx, fund_id)
    if row is None:
        return ""
    return _(
        "The fund %(name)s is saved: it takes applications from %(opens)s through "
        "%(closes)s, Seoul time.",
        name=row.name,
        opens=typed(row.opens_on),
        closes=typed(row.closes_on),
    )
