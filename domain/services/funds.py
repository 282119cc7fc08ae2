"""Funds: an admin opens one with its budget, cap, window, eligibility and criteria, and closes
it early; the timer closes it when its closing date passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from uuid import UUID

from domain import validation as v
from domain.context import SYSTEM, Context
from domain.errors import Invalid
from domain.fund import Fund, as_typed
from domain.permissions import Action
from domain.services.subsidy_reading import (
    SubsidyReading,
    criteria_of,
    fund_moment,
    money,
    requirements_of,
)
from domain.vocabulary import FundEligibility


class FundServices(SubsidyReading):
    def open_fund(
        self,
        ctx: Context,
        *,
        name: str,
        budget_krw: int | None,
        cap_krw: int | None,
        opens: date | datetime | None,
        closes: date | datetime | None,
        eligibility: str = "",
        requires: Sequence[str | FundEligibility] = (),
        criteria: Sequence[str | Mapping[str, object]] | None = None,
        min_reviews: int | None = 0,
    ) -> UUID:
        """An admin opens a fund with its budget, cap, dates, eligibility and criteria. A date
        opens at the start of that day in Seoul and closes at the end of it."""
        self._authorise(ctx, Action.MANAGE_FUNDS)
        starts = fund_moment(opens, "opens", end_of_day=False)
        ends = fund_moment(closes, "closes", end_of_day=True)
        if ends <= self.clock.now():
            raise Invalid(
                "closes ({ends}) is already past", ends=as_typed(ends, closing=True), field="closes"
            )
        fund = Fund.open(
            name=v.text(name, "name", limit=v.TITLE_MAX),
            budget_krw=money(budget_krw, "budget_krw"),
            cap_krw=money(cap_krw, "cap_krw"),
            opens=starts,
            closes=ends,
            eligibility=v.text(eligibility, "eligibility", limit=v.COMMENT_MAX, required=False),
            requires=requirements_of(requires),
            criteria=criteria_of(criteria),
            min_reviews=v.whole(min_reviews, "min_reviews", low=0, high=20),
        )
        self._save(ctx, fund)
        return fund.id

    def close_fund(self, ctx: Context, fund_id: UUID, *, reason: str = "") -> None:
        """An admin stops a fund taking applications before (or at) its closing date."""
        self._authorise(ctx, Action.MANAGE_FUNDS)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False) or "closed by an admin"

        def command() -> None:
            fund = self.fund(fund_id)
            fund.close(why)
            self._save(ctx, fund)

        self._attempt(command)

    def close_fund_if_due(self, fund_id: UUID) -> bool:
        """The timer policy: a fund past its closing date is closed; True when this call did."""

        def command() -> bool:
            fund = self.fund(fund_id)
            if fund.closed or self.clock.now() < fund.closes:
                return False
            fund.close("the closing date passed")
            self._save(SYSTEM, fund)
            return True

        return self._attempt(command)
