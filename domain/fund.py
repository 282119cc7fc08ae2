"""Funds: the money the centre gives to projects, and what is left of it.

A fund's balance is the invariant that matters: approvals never exceed its budget. Every
approval saves the application and the fund together, so two admins approving at the same
moment collide on the fund's version; the loser retries and then sees the smaller balance.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity
from domain.clock import SEOUL
from domain.errors import Conflict, Invalid, Won
from domain.vocabulary import FundEligibility

DEFAULT_CRITERIA: list[dict[str, Any]] = [{"name": "overall", "weight": 1}]
MAX_CRITERIA = 10
MAX_WEIGHT = 100
MAX_MIN_REVIEWS = 20


def krw(amount: int) -> Won:
    return Won(amount)


class BudgetExhausted(Conflict):
    pass


def as_typed(moment: datetime, *, closing: bool = False) -> date | datetime:
    """A fund's date as the admin typed it. A typed date opens at the start of that day in
    Seoul and closes at the end of it, so a fund takes applications through its closing day:
    its stored end is the next Seoul midnight, which reads as the day before. A moment at any
    other time reads as itself, in Seoul time."""
    local = moment.astimezone(SEOUL)
    if local.time() != time(0, 0):
        return local
    return local.date() - timedelta(days=1) if closing else local.date()


class Fund(Entity):
    """A subsidy fund: a total budget, a per-project cap, an application window, who may apply,
    the criteria reviewers score against, and the running totals committed and disbursed."""

    class Opened(Entity.Created):
        name: str
        budget_krw: int
        cap_krw: int
        opens: datetime
        closes: datetime
        eligibility: str
        requires: list[FundEligibility]
        criteria: list[dict[str, Any]]
        min_reviews: int

    class Committed(Entity.Event):
        application_id: UUID
        amount_krw: int

    class Released(Entity.Event):
        application_id: UUID
        amount_krw: int
        reason: str

    class Disbursed(Entity.Event):
        application_id: UUID
        amount_krw: int

    class Closed(Entity.Event):
        reason: str

    @event(Opened)
    def __init__(
        self,
        name: str,
        budget_krw: int,
        cap_krw: int,
        opens: datetime,
        closes: datetime,
        eligibility: str,
        requires: list[FundEligibility],
        criteria: list[dict[str, Any]],
        min_reviews: int,
    ) -> None:
        self.name = name
        self.budget_krw = budget_krw
        self.cap_krw = cap_krw
        self.opens = opens
        self.closes = closes
        self.eligibility = eligibility
        self.requires = list(requires)
        self.criteria = [dict(c) for c in criteria]
        self.min_reviews = min_reviews
        self.committed_krw = 0
        self.disbursed_krw = 0
        self.approvals: dict[UUID, int] = {}
        self.closed = False

    @classmethod
    def open(
        cls,
        *,
        name: str,
        budget_krw: int,
        cap_krw: int,
        opens: datetime,
        closes: datetime,
        eligibility: str,
        requires: list[FundEligibility],
        criteria: list[dict[str, Any]],
        min_reviews: int,
    ) -> Fund:
        """An admin opens a fund; its terms are fixed from then on, so that every applicant is
        judged by the same rules."""
        if budget_krw <= 0:
            raise Invalid("budget_krw must be more than 0", field="budget_krw")
        if not 0 < cap_krw <= budget_krw:
            raise Invalid(
                "cap_krw must be more than 0 and at most the budget ({budget_krw})",
                budget_krw=krw(budget_krw),
                field="cap_krw",
            )
        if closes <= opens:
            raise Invalid(
                "the fund closes ({closes}) before it opens",
                closes=closes.isoformat(),
                field="closes",
            )
        if not 0 <= min_reviews <= MAX_MIN_REVIEWS:
            raise Invalid(
                "min_reviews must be between 0 and {max_min_reviews}",
                max_min_reviews=MAX_MIN_REVIEWS,
                field="min_reviews",
            )
        return cls._create(
            cls.Opened,
            id=uuid4(),
            name=name,
            budget_krw=budget_krw,
            cap_krw=cap_krw,
            opens=opens,
            closes=closes,
            eligibility=eligibility,
            requires=sorted(set(requires), key=lambda r: r.value),
            criteria=criteria or DEFAULT_CRITERIA,
            min_reviews=min_reviews,
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def remaining_krw(self) -> int:
        return self.budget_krw - self.committed_krw

    @property
    def closing_day(self) -> date | datetime:
        """The last day applications are taken, as typed (or the closing moment)."""
        return as_typed(self.closes, closing=True)

    @property
    def criteria_names(self) -> list[str]:
        return [str(c["name"]) for c in self.criteria]

    def refuses_submissions(self, now: datetime) -> str | None:
        """Why an application cannot be submitted at this moment, or None while it can."""
        refusal = self.submission_refusal(now)
        return refusal.message if refusal else None

    def submission_refusal(self, now: datetime) -> Conflict | None:
        """The refusal of an application submitted at this moment, or None while it can be."""
        if self.closed:
            return Conflict("the fund {name} is closed", name=self.name)
        if now < self.opens:
            return Conflict(
                "the fund {name} opens for applications on {opens}",
                name=self.name,
                opens=as_typed(self.opens),
            )
        if now >= self.closes:
            return Conflict(
                "the fund {name} closed for applications on {closes}",
                name=self.name,
                closes=self.closing_day,
            )
        return None

    # -- commands -------------------------------------------------------------------------

    def commit(self, application_id: UUID, amount_krw: int) -> None:
        """An approval reserves its amount; the budget is never overcommitted."""
        if application_id in self.approvals:
            raise Conflict("this application is already approved; a decision is made once")
        if amount_krw > self.remaining_krw:
            raise BudgetExhausted(
                "the fund {name} has {remaining_krw} left of {budget_krw}; approve at most that, "
                "or reject with budget_exhausted",
                name=self.name,
                remaining_krw=krw(self.remaining_krw),
                budget_krw=krw(self.budget_krw),
                field="amount_krw",
            )
        self._committed(application_id=application_id, amount_krw=amount_krw)

    @event(Committed)
    def _committed(self, application_id: UUID, amount_krw: int) -> None:
        self.approvals[application_id] = amount_krw
        self.committed_krw += amount_krw

    def release(self, application_id: UUID, amount_krw: int, reason: str) -> None:
        """A grant closed with part of its approval never paid out: that part returns to the
        budget for other projects."""
        if amount_krw <= 0 or amount_krw > self.approvals.get(application_id, 0):
            raise Conflict("only the unpaid part of an approval can be released")
        self._released(application_id=application_id, amount_krw=amount_krw, reason=reason)

    @event(Released)
    def _released(self, application_id: UUID, amount_krw: int, reason: str) -> None:
        self.approvals[application_id] -= amount_krw
        self.committed_krw -= amount_krw

    def disburse(self, application_id: UUID, amount_krw: int) -> None:
        """Money paid out against an approval; the fund keeps the total."""
        if application_id not in self.approvals:
            raise Conflict("the fund has no approval for this application")
        if self.disbursed_krw + amount_krw > self.committed_krw:
            raise Conflict("the fund cannot pay out more than it has committed")
        self._disbursed(application_id=application_id, amount_krw=amount_krw)

    @event(Disbursed)
    def _disbursed(self, application_id: UUID, amount_krw: int) -> None:
        self.disbursed_krw += amount_krw

    def close(self, reason: str) -> None:
        """No more applications or revisions; decisions and payments go on."""
        if self.closed:
            raise Conflict("the fund {name} is already closed", name=self.name)
        self._closed(reason=reason)

    @event(Closed)
    def _closed(self, reason: str) -> None:
        self.closed = True
