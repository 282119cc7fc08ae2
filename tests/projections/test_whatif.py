"""What-if replay of past subsidy applications and bookings under a proposed rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.clock import seoul_time
from domain.vocabulary import ReasonCode
from projections.whatif import booking_what_if, fund_what_if
from tests.conftest import START, sign_up
from tests.domain.test_subsidies import apply, make_project, open_fund


def test_fund_what_if_ranks_by_reviews_and_shows_gains_and_losses(app, admin):
    fund_id = open_fund(app, admin, budget_krw=10_000_000, cap_krw=5_000_000)
    strong = sign_up(app, "strong@example.com", "director", university="karts")
    weak = sign_up(app, "weak@example.com", "director", university="karts")
    a = apply(app, fund_id, strong, make_project(app, strong), amount=4_000_000,
              breakdown=[{"item": "camera", "amount_krw": 4_000_000}])
    b = apply(app, fund_id, weak, make_project(app, weak, title="Salt"), amount=5_000_000,
              breakdown=[{"item": "sound", "amount_krw": 5_000_000}])
    reviewer = sign_up(app, "rev@example.com", "crew", university="cau")
    for application, score in ((a, 5), (b, 2)):
        app.assign_reviewer(admin, application, reviewer.actor)
        app.review_application(reviewer, application, score=score, comment="Scored.")
    app.decide_subsidy(admin, b, approve=True, amount_krw=5_000_000,
                       reason_code=ReasonCode.MEETS_CRITERIA, reason="Approved.")
    app.decide_subsidy(admin, a, approve=False, reason_code=ReasonCode.OTHER, reason="Late.")

    result = fund_what_if(app, fund_id, budget_krw=5_000_000)
    by_applicant = {o.subject_id: o for o in result.outcomes}
    assert (by_applicant[strong.actor].actual, by_applicant[strong.actor].proposed) == (
        0, 4_000_000)
    assert (by_applicant[weak.actor].actual, by_applicant[weak.actor].proposed) == (5_000_000, 0)
    assert [o.subject_id for o in result.gained] == [strong.actor]
    assert [o.subject_id for o in result.lost] == [weak.actor]
    capped = fund_what_if(app, fund_id, cap_krw=3_000_000)
    assert {o.proposed for o in capped.outcomes} == {3_000_000}
    with pytest.raises(ValueError):
        fund_what_if(app, fund_id, weights={"nonsense": 1})


def test_booking_what_if_under_a_lower_quota_loses_the_late_bookings(app):
    app.seed_workspaces()
    crew = sign_up(app, "crew@example.com", "crew", university="cau")
    rooms = [w for w in app.workspaces() if w.name.startswith("Editing Suite")]
    day = START.date() + timedelta(days=1)
    starts = [seoul_time(day, START.timetz().replace(hour=h, tzinfo=None)) for h in (9, 13, 17)]
    ids = [app.book_workspace(crew, rooms[0].id, start=s, end=s + timedelta(hours=3))
           for s in starts]
    app.cancel_booking(crew, ids[0], "plans changed")
    app.book_workspace(crew, rooms[1].id, start=starts[0], end=starts[0] + timedelta(hours=3))

    same = booking_what_if(app, START, START + timedelta(days=7), member_quota_hours=12)
    assert same.lost == [] and same.outcomes[0].actual == 9
    tight = booking_what_if(app, START, START + timedelta(days=7), member_quota_hours=6)
    (outcome,) = tight.outcomes
    assert (outcome.actual, outcome.proposed) == (9, 6)
    assert "1 booking(s) refused" in outcome.note
    assert tight.as_json()["lost"] == 1
