"""What-if replay: the log's past requests run again under a proposed rule, to see who would
have gained or lost before the rule is adopted.

- Funds: a fund's submitted applications, ranked by their reviews under proposed scoring weights,
  approved best-first up to a proposed cap per project and the fund's (or a proposed) budget,
  compared with what was really granted.
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


@dataclass(frozen=True)
class Outcome:
    subject_id: UUID  # the applicant or the member
    item_id: UUID | None  # the application (funds); None for a member's total (bookings)
    actual: int
    proposed: int
    note: str

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
                {"subject_id": str(o.subject_id), "item_id": str(o.item_id) if o.item_id else None,
                 "actual": o.actual, "proposed": o.proposed, "change": o.change, "note": o.note}
                for o in self.outcomes
            ],
        }


def _events(app: FilmHouse, classes: tuple[type, ...]) -> list[tuple[int, Any]]:
    topics = [get_topic(c) for c in classes]
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
    fund = app.fund(fund_id)
    cap = fund.cap_krw if cap_krw is None else cap_krw
    budget = fund.budget_krw if budget_krw is None else budget_krw
    if cap <= 0 or budget <= 0:
        raise ValueError("a proposed cap and budget must be more than 0")
    criteria = {c["name"]: int(c["weight"]) for c in fund.criteria}
    proposed_weights = criteria if weights is None else weights
    if set(proposed_weights) != set(criteria) or any(w < 0 for w in proposed_weights.values()) \
            or not sum(proposed_weights.values()):
        raise ValueError(f"weights must give each of the fund's criteria ({', '.join(criteria)}) "
                         "a non-negative weight, not all zero")
    ids = [e.originator_id for _, e in _events(app, (SubsidyApplication.Started,))
           if e.fund_id == fund_id]
    ranked = []
    for application_id in ids:
        application = app.subsidy_application(application_id)
        if not application.versions:
            continue
        score = _score(application.counted_reviews(), proposed_weights)
        ranked.append((application, score))
    ranked.sort(key=lambda pair: (pair[1] is None, -(pair[1] or 0), pair[0].id))
    remaining, outcomes = budget, []
    for application, score in ranked:
        actual = application.approved_krw if application.decision and \
            application.decision.get("approve") else 0
        enough = len(application.counted_reviews()) >= fund.min_reviews and score is not None
        amount = min(int(application.current["amount_krw"]), cap)
        proposed = amount if enough and amount <= remaining else 0
        remaining -= proposed
        note = ("not enough reviews" if not enough else
                "budget spent before its turn" if proposed == 0 else f"score {score}")
        outcomes.append(Outcome(application.applicant_id, application.id, actual, proposed, note))
    return WhatIf({"fund_id": str(fund_id), "cap_krw": cap, "budget_krw": budget,
                   "weights": proposed_weights}, "KRW", tuple(outcomes))


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
    if member_quota_hours <= 0 or (university_budget_hours is not None
                                   and university_budget_hours <= 0):
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
                theirs is None or uni_cap is None or used[theirs] + event.minutes <= uni_cap)
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
        Outcome(member, None, round(actual[member] / 60), round(proposed[member] / 60),
                f"{lost[member]} booking(s) refused under the rule" if lost[member] else "")
        for member in sorted(actual)
    )
    return WhatIf({"since": since.isoformat(), "until": until.isoformat(),
                   "member_quota_hours": member_quota_hours,
                   "university_budget_hours": university_budget_hours}, "hours", outcomes)
