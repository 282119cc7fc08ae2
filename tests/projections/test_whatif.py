"""What-if replay of past subsidy applications and bookings under a proposed rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.clock import seoul_time
from domain.vocabulary import ReasonCode
from projections.views.whatif import booking_what_if, fund_what_if
from tests.conftest import START, sign_up
from tests.domain.test_subsidies import apply, make_project, open_fund


def decided_fund(app, admin):
    """Given a fund of 10,000,000 (cap 5,000,000) and five applications: two approved (one
    held at the cap though it asked for more), one turned down because the money was spent, one
    turned down on quality, and one not decided yet."""
    fund_id = open_fund(
        app,
        admin,
        budget_krw=10_000_000,
        cap_krw=5_000_000,
        criteria=[{"name": "story", "weight": 1}, {"name": "craft", "weight": 1}],
    )
    reviewer = sign_up(app, "rev@example.com", "crew", university="cau")
    people = {}
    for name, amount, scores in (
        ("high", 5_000_000, (5, 1)),
        ("mid", 4_000_000, (3, 4)),
        ("late", 3_000_000, (4, 5)),
        ("weak", 2_000_000, (1, 2)),
        ("open", 2_000_000, (4, 4)),
    ):
        director = sign_up(app, f"{name}@example.com", "director", university="karts")
        application = apply(
            app,
            fund_id,
            director,
            make_project(app, director, title=name),
            amount=amount,
            breakdown=[{"item": "camera", "amount_krw": amount}],
        )
        app.assign_reviewer(admin, application, reviewer.actor)
        app.review_application(
            reviewer,
            application,
            score=scores[0],
            comment="Scored.",
            criteria_scores={"story": scores[0], "craft": scores[1]},
        )
        people[name] = (director.actor, application)
    app.decide_subsidy(
        admin,
        people["high"][1],
        approve=True,
        amount_krw=5_000_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Strong.",
    )
    app.decide_subsidy(
        admin,
        people["mid"][1],
        approve=True,
        amount_krw=4_000_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Sound.",
    )
    app.decide_subsidy(
        admin,
        people["late"][1],
        approve=False,
        reason_code=ReasonCode.BUDGET_EXHAUSTED,
        reason="The money is spent.",
    )
    app.decide_subsidy(
        admin,
        people["weak"][1],
        approve=False,
        reason_code=ReasonCode.INSUFFICIENT_QUALITY,
        reason="Not yet.",
    )
    return fund_id, {name: who for name, (who, _a) in people.items()}


def changes_of(result) -> dict:
    return {o.subject_id: (o.actual, o.proposed) for o in result.outcomes if o.change}


def test_fund_what_if_under_its_own_rule_changes_nothing(app, admin):
    fund_id, people = decided_fund(app, admin)
    for result in (
        fund_what_if(app, fund_id),
        fund_what_if(
            app, fund_id, cap_krw=5_000_000, budget_krw=10_000_000, weights={"story": 1, "craft": 1}
        ),
    ):
        assert result.gained == [] and result.lost == []
        actual = {o.subject_id: o.actual for o in result.outcomes}
        assert actual == {
            people["high"]: 5_000_000,
            people["mid"]: 4_000_000,
            people["late"]: 0,
            people["weak"]: 0,
            people["open"]: 0,
        }
        notes = {o.subject_id: o.note for o in result.outcomes}
        assert notes[people["open"]] == "undecided" and notes[people["weak"]] == "turned_down"


def test_fund_what_if_with_a_lower_cap_names_the_approvals_above_it(app, admin):
    """The grants above 3,000,000 lose the difference; the 3,000,000 the cut frees goes to
    the one turned down because the money was spent, who asked for just that."""
    fund_id, people = decided_fund(app, admin)
    result = fund_what_if(app, fund_id, cap_krw=3_000_000)
    assert changes_of(result) == {
        people["high"]: (5_000_000, 3_000_000),
        people["mid"]: (4_000_000, 3_000_000),
        people["late"]: (0, 3_000_000),
    }
    assert {o.note for o in result.lost} == {"cut_to_cap"}
    assert [o.subject_id for o in result.gained] == [people["late"]]
    tighter = fund_what_if(app, fund_id, cap_krw=2_500_000)
    assert changes_of(tighter) == {
        people["high"]: (5_000_000, 2_500_000),
        people["mid"]: (4_000_000, 2_500_000),
        people["late"]: (0, 2_500_000),
    }


def test_fund_what_if_with_a_bigger_budget_funds_who_the_money_ran_out_for(app, admin):
    fund_id, people = decided_fund(app, admin)
    result = fund_what_if(app, fund_id, budget_krw=13_000_000)
    assert changes_of(result) == {people["late"]: (0, 3_000_000)}
    assert [o.note for o in result.gained] == ["funded_by_the_rule"]


def test_fund_what_if_with_a_smaller_budget_drops_the_weakest_approval(app, admin):
    """Scored on story and craft alike, "high" (5 and 1) is weaker than "mid" (3 and 4); on
    story alone it is the stronger, and "mid" goes instead."""
    fund_id, people = decided_fund(app, admin)
    result = fund_what_if(app, fund_id, budget_krw=6_000_000)
    assert changes_of(result) == {people["high"]: (5_000_000, 0)}
    assert [o.note for o in result.lost] == ["budget_cut"]
    weighted = fund_what_if(app, fund_id, budget_krw=6_000_000, weights={"story": 1, "craft": 0})
    assert changes_of(weighted) == {people["mid"]: (4_000_000, 0)}
    with pytest.raises(ValueError):
        fund_what_if(app, fund_id, weights={"nonsense": 1})


def test_booking_what_if_under_a_lower_quota_loses_the_late_bookings(app):
    app.seed_workspaces()
    crew = sign_up(app, "crew@example.com", "crew", university="cau")
    rooms = [w for w in app.workspaces() if w.name.startswith("Editing Suite")]
    day = START.date() + timedelta(days=1)
    starts = [seoul_time(day, START.timetz().replace(hour=h, tzinfo=None)) for h in (9, 13, 17)]
    ids = [
        app.book_workspace(crew, rooms[0].id, start=s, end=s + timedelta(hours=3)) for s in starts
    ]
    app.cancel_booking(crew, ids[0], "plans changed")
    app.book_workspace(crew, rooms[1].id, start=starts[0], end=starts[0] + timedelta(hours=3))

    same = booking_what_if(app, START, START + timedelta(days=7), member_quota_hours=12)
    assert same.lost == [] and same.outcomes[0].actual == 9
    tight = booking_what_if(app, START, START + timedelta(days=7), member_quota_hours=6)
    (outcome,) = tight.outcomes
    assert (outcome.actual, outcome.proposed) == (9, 6)
    assert (outcome.note, outcome.refused) == ("refused", 1)
    assert tight.as_json()["lost"] == 1
