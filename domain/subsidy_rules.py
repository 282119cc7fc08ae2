"""The rules a subsidy application is held to: what a request and its budget breakdown must be,
which reason codes approve or reject, what a decision is based on, and the refusals that are
the application's own.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.errors import Conflict, Forbidden, Invalid, Listing
from domain.fund import krw
from domain.validation import SHORT_MAX
from domain.vocabulary import ReasonCode

SCORES = range(1, 6)
MAX_BREAKDOWN_ITEMS = 50
MAX_KRW = 10**12

APPROVING_CODES = frozenset(
    {ReasonCode.MEETS_CRITERIA, ReasonCode.EXCEPTIONAL_MERIT, ReasonCode.OTHER}
)
REJECTING_CODES = frozenset(
    {
        ReasonCode.INELIGIBLE,
        ReasonCode.INCOMPLETE,
        ReasonCode.INSUFFICIENT_QUALITY,
        ReasonCode.BUDGET_EXHAUSTED,
        ReasonCode.OTHER,
    }
)

_CENTS = Decimal("0.01")


class NotAssigned(Forbidden):
    pass


class ConflictOfInterest(Conflict):
    pass


class AlreadyDecided(Conflict):
    pass


def parse_breakdown(value: object) -> list[dict[str, Any]]:
    """The budget breakdown as a list of {item, amount_krw}; each item named, each amount a
    positive whole number of won."""
    if not isinstance(value, list | tuple) or not value:
        raise Invalid(
            "breakdown must list the budget's items, each with item and amount_krw",
            field="breakdown",
        )
    if len(value) > MAX_BREAKDOWN_ITEMS:
        raise Invalid(
            "breakdown takes at most {max_breakdown_items} items",
            max_breakdown_items=MAX_BREAKDOWN_ITEMS,
            field="breakdown",
        )
    items: list[dict[str, Any]] = []
    for line in value:
        if not isinstance(line, dict):
            raise Invalid("each breakdown line needs an item and an amount_krw", field="breakdown")
        name = line.get("item")
        amount = line.get("amount_krw")
        if not isinstance(name, str) or not name.strip():
            raise Invalid("each breakdown line needs an item name", field="breakdown")
        if len(name.strip()) > SHORT_MAX:
            raise Invalid(
                "a breakdown item name is limited to {short_max} characters",
                short_max=SHORT_MAX,
                field="breakdown",
            )
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_KRW:
            raise Invalid(
                "the amount_krw of {name!r} must be a positive whole number",
                name=name.strip(),
                field="breakdown",
            )
        items.append({"item": name.strip(), "amount_krw": amount})
    return items


def check_request(amount_krw: int, breakdown: list[dict[str, Any]], cap_krw: int) -> None:
    """An amount above 0, within the fund's cap, that the breakdown adds up to."""
    if amount_krw <= 0:
        raise Invalid("amount_krw must be more than 0", field="amount_krw")
    if amount_krw > cap_krw:
        raise Invalid(
            "amount_krw is above the fund's cap of {cap_krw} per project",
            cap_krw=krw(cap_krw),
            field="amount_krw",
        )
    total = sum(int(line["amount_krw"]) for line in breakdown)
    if total != amount_krw:
        raise Invalid(
            "the breakdown adds up to {total}, not the {amount_krw} asked for",
            total=krw(total),
            amount_krw=krw(amount_krw),
            field="breakdown",
        )


def check_scores(score: int, criteria_scores: dict[str, int], criteria: list[str]) -> None:
    """A score from 1 to 5, and, when criteria are scored, each of the fund's criteria once."""
    if score not in SCORES:
        raise Invalid("score must be a whole number from 1 to 5", field="score")
    if criteria_scores and set(criteria_scores) != set(criteria):
        raise Invalid(
            "criteria_scores must score each of the fund's criteria: {criteria}",
            criteria=Listing(criteria),
            field="criteria_scores",
        )
    if any(s not in SCORES for s in criteria_scores.values()):
        raise Invalid(
            "each criterion's score must be a whole number from 1 to 5", field="criteria_scores"
        )


def check_approval(
    amount_krw: int, reason_code: ReasonCode, cap_krw: int, requested_krw: int | None
) -> None:
    """An approval's code approves, and its amount is above 0, within the cap and the
    request."""
    if reason_code not in APPROVING_CODES:
        raise Invalid(
            "{reason_code} is a reason to reject, not to approve",
            reason_code=reason_code.value,
            field="reason_code",
        )
    if amount_krw <= 0:
        raise Invalid("an approval needs an amount_krw of more than 0", field="amount_krw")
    if amount_krw > cap_krw:
        raise Invalid(
            "amount_krw is above the fund's cap of {cap_krw} per project",
            cap_krw=krw(cap_krw),
            field="amount_krw",
        )
    if requested_krw is not None and amount_krw > requested_krw:
        raise Invalid(
            "amount_krw is more than the {amount_krw} asked for",
            amount_krw=krw(requested_krw),
            field="amount_krw",
        )


def check_rejection(reason_code: ReasonCode) -> None:
    if reason_code not in REJECTING_CODES:
        raise Invalid(
            "{reason_code} is a reason to approve, not to reject",
            reason_code=reason_code.value,
            field="reason_code",
        )


def mean_scores(
    counted: list[dict[str, Any]], weights: dict[str, int]
) -> tuple[Decimal | None, Decimal | None]:
    """The plain mean of the counted reviews' scores, and the mean of their criterion scores
    weighted by the fund's weights (only reviews that scored every criterion), to the cent."""
    mean = None
    if counted:
        mean = (Decimal(sum(r["score"] for r in counted)) / len(counted)).quantize(
            _CENTS, ROUND_HALF_UP
        )
    weighted_each = [
        Decimal(sum(weights[k] * s for k, s in r["criteria_scores"].items()))
        / sum(weights.values())
        for r in counted
        if r["criteria_scores"] and set(r["criteria_scores"]) == set(weights)
    ]
    weighted = None
    if weighted_each:
        weighted = (sum(weighted_each, Decimal(0)) / len(weighted_each)).quantize(
            _CENTS, ROUND_HALF_UP
        )
    return mean, weighted
