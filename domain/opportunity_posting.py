"""What a partner says when posting an opportunity, and the rules it must meet to be published.

The checks read the posting as a whole (a pay range needs both ends and a basis; a hiring call
must say what it pays and on what conditions), so they live with the value the service builds
from the form, apart from the Opportunity aggregate that records the posting once it passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import Invalid
from domain.vocabulary import OpportunityKind, PayBasis, ProjectFormat

HIRING_NEEDS_PAY = (
    "a hiring post must state its pay and conditions: give the pay in KRW (an amount, or a "
    "range from pay_min_krw to pay_max_krw, above 0), what it is paid per (pay_basis) and the "
    "working conditions (dates, hours, place, contract)"
)


@dataclass(frozen=True)
class Posting:
    """What a partner says about an opportunity, checked as a whole."""

    kind: OpportunityKind
    title: str
    description: str
    criteria: tuple[str, ...]
    genres: tuple[str, ...]
    formats: tuple[ProjectFormat, ...]
    deadline: datetime
    pay_min_krw: int | None
    pay_max_krw: int | None
    pay_basis: PayBasis | None
    conditions: str

    def check(self, now: datetime) -> None:
        if not self.criteria:
            raise Invalid(
                "list at least one criterion, so directors know what you look for", field="criteria"
            )
        if self.deadline <= now:
            raise Invalid(
                "the deadline ({deadline}) must be in the future",
                deadline=self.deadline.isoformat(),
                field="deadline",
            )
        if (self.pay_min_krw is None) != (self.pay_max_krw is None):
            raise Invalid(
                "pay needs both ends of its range (or one amount as both)", field="pay_max_krw"
            )
        if self.pay_min_krw is not None and self.pay_max_krw is not None:
            if self.pay_min_krw <= 0:
                raise Invalid("pay must be above 0 KRW", field="pay_min_krw")
            if self.pay_max_krw < self.pay_min_krw:
                raise Invalid(
                    "the pay range is upside down: {pay_min_krw:,} to {pay_max_krw:,} KRW",
                    pay_min_krw=self.pay_min_krw,
                    pay_max_krw=self.pay_max_krw,
                    field="pay_max_krw",
                )
            if self.pay_basis is None:
                raise Invalid("say what the pay is counted per (pay_basis)", field="pay_basis")
        if self.kind is OpportunityKind.HIRING and (
            self.pay_min_krw is None or self.pay_basis is None or not self.conditions
        ):
            raise Invalid(HIRING_NEEDS_PAY, field="pay_min_krw")
