"""What-if replay: the log's past requests run again under a proposed rule, to see who would
have gained or lost before the rule is adopted.

- Funds: what the fund really decided (the decisions in the log) is the baseline; a proposed cap,
  budget or scoring weights change it only where they bite, so the fund's own rule shows no
  change (fund_what_if says how).
- Bookings: a period's confirmed bookings replayed in log order under a proposed weekly quota per
  member and budget per university (cancellations give their hours back, as they did then);
  a booking the rule would have refused is hours lost to its member.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.booking import Booking
from domain.clock import week_start
from domain.filmhouse import FilmHouse
from domain.subsidy import SubsidyApplication
from domain.vocabulary import ReasonCode
from migrations.topics import stored_as


@dataclass(frozen=True)
class Outcome:
    subject_id: UUID  # the applicant or the member
    item_id: UUID | None  # the application (funds); None for a member's total (bookings)
    actual: int
    proposed: int
    note: str  # a code the web says in words (NOTES); bookings: refused under the rule
    score: Decimal | None = None  # funds: the score under the proposed weights
    refused: int = 0  # bookings: how many the rule would have refused

    @property
    def change(self) -> int:
        return self.proposed - self.actual


@dataclass(frozen=True)
class WhatIf:
    rule: dict[str, Any]
    unit: str
    outcomes: tuple[Outcome, ...]

    @property
    def gained(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.change > 0]

    @property
    def lost(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.change < 0]

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "unit": self.unit,
            "gained": len(self.gained),
            "lost": len(self.lost),
            "outcomes": [
                {
                    "subject_id": str(o.subject_id),
                    "item_id": str(o.item_id) if o.item_id else None,
                    "actual": o.actual,
                    "proposed": o.proposed,
                    "change": o.change,
                    "note": o.note,
                    "score": None if o.score is None else str(o.score),
                    "refused": o.refused,
                }
                for o in self.outcomes
            ],
        }


def _events(app: FilmHouse, classes: tuple[type, ...]) -> list[tuple[int, Any]]:
    topics = sorted({n for c in classes for n in stored_as(get_topic(c))})
    found, start = [], 1
    while True:
        notes = app.recorder.select_notifications(start=start, limit=5000, topics=topics)
        for note in notes:
            found.append((note.id, app.mapper.to_domain_event(note)))
        if len(notes) < 5000:
            return found
        start = notes[-1].id + 1


def fund_what_if(
    app: FilmHouse,
    fund_id: UUID,
    *,
    cap_krw: int | None = None,
    budget_krw: int | None = None,
    weights: dict[str, int] | None = None,
) -> WhatIf:
    """The fund's decisions as the log records them, changed only where the proposed rule
    changes them, so that the fund's own rule changes nothing:

    - an approval above a lower cap is cut to it; one the fund's cap held below the amount asked
      rises with a higher cap, up to that amount;
    - when the approvals no longer fit the proposed budget, the lowest scored (under the
      proposed weights) go first;
    - money the rule adds (a bigger budget, or what a lower cap frees) goes, best scored first,
      to the applications turned down because the budget was spent;
    - an application turned down for any other reason, or not yet decided, stays as it is.
    """
    fund = app.fund(fund_id)
    cap = fund.cap_krw if cap_krw is None else cap_krw
    budget = fund.budget_krw if budget_krw is None else budget_krw
    if cap <= 0 or budget <= 0:
        raise ValueError("a proposed cap and budget must be more than 0")
    criteria = {c["name"]: int(c["weight"]) for c in fund.criteria}
    proposed_weights = criteria if weights is None else weights
    if (
        set(proposed_weights) != set(criteria)
        or any(w < 0 for w in proposed_weights.values())
        or not sum(proposed_weights.values())
    ):
        raise ValueError(
            f"weights must give each of the fund's criteria ({', '.join(criteria)}) "
            "a non-negative weight, not all zero"
        )
    started = [
        e.originator_id
        for _, e in _events(app, (SubsidyApplication.Started,))
        if e.fund_id == fund_id
    ]
    replays = [
        _Replay.of(
            app.subsidy_application(application_id), order, fund.cap_krw, cap, proposed_weights
        )
        for order, application_id in enumerate(started)
    ]
    granted = [r for r in replays if r.proposed > 0]
    for replay in sorted(granted, key=lambda r: (_rank(r.score), r.order)):  # weakest first
        if sum(r.cost for r in granted) <= budget:
            break
        replay.cut("budget_cut")
        granted.remove(replay)
    left_then = fund.budget_krw - fund.committed_krw
    extra = budget - sum(r.cost for r in granted) - left_then
    for replay in sorted(
        (r for r in replays if r.waiting_for_money), key=lambda r: (-_rank(r.score), r.order)
    ):  # best first
        amount = min(replay.asked, cap)
        if amount <= extra:
            replay.grant(amount)
            extra -= amount
    outcomes = tuple(
        Outcome(r.applicant_id, r.application_id, r.actual, r.proposed, r.note, r.score)
        for r in replays
        if r.submitted
    )
    return WhatIf(
        {
            "fund_id": str(fund_id),
            "cap_krw": cap,
            "budget_krw": budget,
            "weights": proposed_weights,
        },
        "KRW",
        outcomes,
    )


def _rank(score: Decimal | None) -> Decimal:
    return Decimal(-1) if score is None else score


@dataclass
class _Replay:
    """One application: what was decided, and what the proposed rule would make of it."""

    application_id: UUID
    applicant_id: UUID
    order: int  # when it was started, for ties
    submitted: bool
    asked: int
    actual: int
    proposed: int
    cost: int  # what the grant takes from the budget (a closed grant gave back its unpaid part)
    score: Decimal | None
    note: str
    waiting_for_money: bool = False

    @classmethod
    def of(
        cls,
        application: SubsidyApplication,
        order: int,
        own_cap: int,
        cap: int,
        weights: dict[str, int],
    ) -> _Replay:
        decision = application.decision or {}
        submitted = bool(application.versions)
        asked = int(application.current["amount_krw"]) if submitted else 0
        score = _score(application.counted_reviews(), weights) if submitted else None
        replay = cls(
            application.id,
            application.applicant_id,
            order,
            submitted,
            asked,
            0,
            0,
            0,
            score,
            "undecided" if submitted else "draft",
        )
        if decision.get("approve"):
            granted = int(decision["amount_krw"])
            wanted = asked if granted >= own_cap else granted  # held at the cap, or chosen
            returned = (application.final_report or {}).get("released_krw", 0)
            replay.actual = granted
            replay.grant(min(wanted, cap), kept=granted - returned)
            replay.note = (
                "cut_to_cap"
                if replay.proposed < granted
                else "raised_with_cap"
                if replay.proposed > granted
                else "as_decided"
            )
        elif decision:
            budget = decision.get("reason_code") is ReasonCode.BUDGET_EXHAUSTED
            replay.waiting_for_money = budget
            replay.note = "budget_exhausted" if budget else "turned_down"
        return replay

    def grant(self, amount: int, kept: int | None = None) -> None:
        self.proposed = amount
        self.cost = amount if kept is None else min(amount, kept)
        if self.actual == 0:
            self.note, self.waiting_for_money = "funded_by_the_rule", False

    def cut(self, note: str) -> None:
        self.proposed, self.cost, self.note = 0, 0, note


def _score(reviews: list[dict[str, Any]], weights: dict[str, int]) -> Decimal | None:
    each = []
    for review in reviews:
        scores = review["criteria_scores"] or {name: review["score"] for name in weights}
        if set(scores) != set(weights):
            continue
        each.append(Decimal(sum(weights[k] * s for k, s in scores.items())) / sum(weights.values()))
    if not each:
        return None
    return (sum(each, Decimal(0)) / len(each)).quantize(Decimal("0.01"))


def booking_what_if(
    app: FilmHouse,
    since: datetime,
    until: datetime,
    *,
    member_quota_hours: float,
    university_budget_hours: float | None = None,
) -> WhatIf:
    if member_quota_hours <= 0 or (
        university_budget_hours is not None and university_budget_hours <= 0
    ):
        raise ValueError("a proposed quota or budget must be more than 0 hours")
    member_cap = int(member_quota_hours * 60)
    uni_cap = None if university_budget_hours is None else int(university_budget_hours * 60)
    used: dict[tuple[Any, ...], int] = defaultdict(int)
    live: dict[UUID, tuple[UUID, tuple[Any, ...] | None, tuple[Any, ...] | None, int]] = {}
    actual: dict[UUID, int] = defaultdict(int)
    proposed: dict[UUID, int] = defaultdict(int)
    lost: dict[UUID, int] = defaultdict(int)
    for _, event in _events(app, (Booking.Made, Booking.Cancelled, Booking.ReleasedAsNoShow)):
        if isinstance(event, Booking.Made):
            if not since <= event.start < until:
                continue
            week = week_start(event.start)
            mine = ("member", event.member_id, week)
            theirs = ("university", event.university_id, week) if event.university_id else None
            actual[event.member_id] += event.minutes
            fits = used[mine] + event.minutes <= member_cap and (
                theirs is None or uni_cap is None or used[theirs] + event.minutes <= uni_cap
            )
            if fits:
                used[mine] += event.minutes
                if theirs:
                    used[theirs] += event.minutes
                proposed[event.member_id] += event.minutes
                live[event.originator_id] = (event.member_id, mine, theirs, event.minutes)
            else:
                lost[event.member_id] += 1
                live[event.originator_id] = (event.member_id, None, None, event.minutes)
        elif event.originator_id in live:
            # Cancelled or released: the hours were given back then, and would be under the rule.
            member, mine_, theirs_, minutes = live.pop(event.originator_id)
            actual[member] -= minutes
            if mine_ is not None:
                used[mine_] -= minutes
                proposed[member] -= minutes
                if theirs_:
                    used[theirs_] -= minutes
    outcomes = tuple(
        Outcome(
            member,
            None,
            round(actual[member] / 60),
            round(proposed[member] / 60),
            "refused" if lost[member] else "",
            refused=lost[member],
        )
        for member in sorted(actual)
    )
    return WhatIf(
        {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "member_quota_hours": member_quota_hours,
            "university_budget_hours": university_budget_hours,
        },
        "hours",
        outcomes,
    )
