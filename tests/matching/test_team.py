from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.facts import AvailabilityChanged, Collaborated, Fact, ProjectListed, RoleOpened
from matching.graph import MatchGraph
from matching.team import (
    EVERYONE_BUSY,
    NO_ONE_SKILLED,
    OVER_BUDGET,
    TAKEN,
    RoleTerms,
    TeamPlan,
    Unfilled,
    assemble_team,
    assemble_teams,
    working_days,
)
from tests.matching.helpers import SHOOT, busy, small_world

RATES = [
    AvailabilityChanged("e1", busy=(), day_rate=100_000),
    AvailabilityChanged("e2", busy=(), day_rate=50_000),
    AvailabilityChanged("e3", busy=(), day_rate=10_000),
]


def _picks(plan: TeamPlan) -> list[tuple[str, str, int]]:
    return [(a.role_id, a.member_id, a.cost) for a in plan.assignments]


def test_assemble_team_fills_every_role_with_reasons_one_role_per_member() -> None:
    facts = [
        *small_world(),
        RoleOpened("p3", "r2", "writer", start=date(2026, 6, 1), end=date(2026, 6, 5)),
    ]
    plan = assemble_team(MatchGraph.from_facts(facts), "p3")
    # e1 is the best editor and the only writer: a member holds one role per project, so e1
    # writes and e2 (who edited Rain, which e1 wrote) edits
    assert _picks(plan) == [("r1", "e2", 0), ("r2", "e1", 0)]
    assert plan.unfilled == ()
    assert plan.assignments[1].reasons == (
        "worked with Kim Ji-woo on Night Bus",
        "1 film as writer",
        "has made films like this one",
        "free on the shoot dates",
    )


def test_assemble_team_clashing_roles_go_to_different_people() -> None:
    facts = [
        *small_world(),
        RoleOpened("p3", "r2", "writer", start=date(2026, 5, 3), end=date(2026, 5, 4)),
        Collaborated("w1", "p2", "writer", 2025),
    ]
    plan = assemble_team(MatchGraph.from_facts(facts), "p3")
    got = {a.role_id: a.member_id for a in plan.assignments}
    assert got["r1"] != got["r2"]


def test_assemble_team_cost_is_day_rate_times_every_day_of_the_role() -> None:
    plan = assemble_team(
        MatchGraph.from_facts([*small_world(), *RATES]),
        "p3",
        terms={"r1": RoleTerms(paid=True, budget=10_000_000)},
    )
    (pick,) = plan.assignments
    assert (pick.member_id, pick.day_rate, pick.days, pick.cost) == ("e1", 100_000, 20, 2_000_000)
    assert (pick.paid, pick.budget, pick.rate_not_stated) == (True, 10_000_000, False)
    assert working_days(date(2026, 5, 1), date(2026, 5, 20)) == 20  # weekends included


def test_assemble_team_budget_picks_who_fits_rather_than_overspend() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES, AvailabilityChanged("n1", (), 30_000)])
    poor = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=True, budget=400_000)})
    assert _picks(poor) == [("r1", "e3", 200_000)]  # 20 days: only 10,000 a day fits
    assert poor.spend["p3"] == 200_000


def test_assemble_team_unpaid_role_ignores_rates() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES])
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=False)})
    assert _picks(plan) == [("r1", "e1", 0)]
    assert (plan.assignments[0].paid, plan.assignments[0].rate_not_stated) == (False, False)


def test_assemble_team_rate_not_stated_is_proposed_for_paid_role_only_flagged() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES])  # n1 states no rate
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=True, budget=100_000)})
    assert _picks(plan) == [("r1", "n1", 0)]
    assert plan.assignments[0].rate_not_stated


def test_assemble_team_known_rate_that_fits_comes_before_rate_not_stated() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES])
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=True, budget=400_000)})
    assert _picks(plan) == [("r1", "e3", 200_000)]


def test_assemble_team_nobody_with_the_skill_says_so() -> None:
    facts = [
        *small_world(),
        RoleOpened("p3", "r9", "colourist", skills=("colour",), start=SHOOT[0], end=SHOOT[1]),
    ]
    plan = assemble_team(MatchGraph.from_facts(facts), "p3")
    assert _picks(plan) == [("r1", "e1", 0)]
    assert plan.unfilled == (
        Unfilled("p3", "r9", NO_ONE_SKILLED, {"role": "colourist", "skills": "colour"}),
    )


def test_assemble_team_everyone_busy_says_so_with_the_dates() -> None:
    g = MatchGraph.from_facts([*small_world(), busy("e1"), busy("e2"), busy("e3"), busy("n1")])
    plan = assemble_team(g, "p3")
    assert plan.assignments == ()
    assert plan.unfilled == (
        Unfilled(
            "p3", "r1", EVERYONE_BUSY, {"candidates": 4, "start": "2026-05-01", "end": "2026-05-20"}
        ),
    )


def test_assemble_team_member_hired_elsewhere_is_busy() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES])
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=True)}, busy={"e1"})
    assert _picks(plan) == [("r1", "e2", 1_000_000)]


def test_assemble_team_everyone_over_budget_says_so_with_the_cheapest() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES, AvailabilityChanged("n1", (), 30_000)])
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=True, budget=150_000)})
    assert plan.assignments == ()
    assert plan.unfilled == (
        Unfilled("p3", "r1", OVER_BUDGET, {"budget": 150_000, "cheapest": 200_000, "spent": 0}),
    )


def test_assemble_team_the_only_fit_taken_by_another_role() -> None:
    facts = [
        *small_world(),
        *RATES,
        AvailabilityChanged("n1", (), 30_000),
        RoleOpened("p3", "r2", "editor", skills=("ai-editing",), start=SHOOT[0], end=SHOOT[1]),
    ]
    terms = {"r1": RoleTerms(True, 300_000), "r2": RoleTerms(True, 300_000)}
    plan = assemble_team(MatchGraph.from_facts(facts), "p3", terms=terms)
    assert _picks(plan) == [("r1", "e3", 200_000)]
    assert plan.unfilled == (Unfilled("p3", "r2", TAKEN, {"candidates": 1}),)


def test_assemble_team_role_budget_counts_every_seat() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES, AvailabilityChanged("n1", (), 10_000)])
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(True, 300_000, seats=2)})
    assert [a.member_id for a in plan.assignments] in (["e3"], ["n1"])
    assert plan.unfilled[0].code == OVER_BUDGET
    assert plan.unfilled[0].params["spent"] == 200_000


def test_assemble_team_project_budget_leaves_dear_role_open() -> None:
    g = MatchGraph.from_facts([*small_world(), *RATES])
    broke = assemble_team(g, "p3", budget=1, terms={"r1": RoleTerms(paid=True)})
    assert [a.member_id for a in broke.assignments] == ["n1"]  # rate not stated: counts 0
    assert broke.assignments[0].rate_not_stated


def _world(spans: list[tuple[int, int]], members: int) -> list[Fact]:
    facts: list[Fact] = [
        ProjectListed("old", 2020, director_ids=("d",)),
        Collaborated("d", "old", "director", 2020),
    ]
    facts += [Collaborated(f"m{i}", "old", "editor", 2020) for i in range(members)]
    for j, (start, length) in enumerate(spans):
        pid = f"p{j % 3}"
        facts += [
            ProjectListed(pid, 2021, director_ids=("d",)),
            RoleOpened(
                pid,
                f"r{j}",
                "editor",
                start=date(2026, 1, 1 + start),
                end=date(2026, 1, 1 + start + length),
            ),
        ]
    return facts


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 6)), min_size=1, max_size=7),
    st.integers(1, 4),
)
def test_assemble_teams_never_double_books_a_person(
    spans: list[tuple[int, int]], members: int
) -> None:
    g = MatchGraph.from_facts(_world(spans, members))
    plan = assemble_teams(g, {"p0": None, "p1": None, "p2": None})
    roles = {(pid, rid): r for pid, rs in g.open_roles.items() for rid, r in rs.items()}
    by_member: dict[str, list[tuple[date, date]]] = {}
    for a in plan.assignments:
        r = roles[(a.project_id, a.role_id)]
        assert r.start is not None and r.end is not None
        by_member.setdefault(a.member_id, []).append((r.start, r.end))
    for spans_of in by_member.values():
        spans_of.sort()
        for (_, e1), (s2, _) in pairwise(spans_of):
            assert e1 < s2
    assert len(plan.assignments) + len(plan.unfilled) == len(spans)
    assert len(plan.assignments) >= min(1, members)


def test_assemble_team_with_no_open_seat_proposes_nobody() -> None:
    g = MatchGraph.from_facts(small_world())
    plan = assemble_team(g, "p3", terms={"r1": RoleTerms(paid=False, seats=0)})
    assert (plan.assignments, plan.unfilled) == ((), ())
