from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.facts import AvailabilityChanged, Collaborated, Fact, ProjectListed, RoleOpened
from matching.graph import MatchGraph
from matching.team import assemble_team, assemble_teams
from tests.matching.helpers import small_world


def test_assemble_team_fills_every_role_with_reasons() -> None:
    facts = [
        *small_world(),
        RoleOpened("p3", "r2", "writer", start=date(2026, 6, 1), end=date(2026, 6, 5)),
    ]
    plan = assemble_team(MatchGraph.from_facts(facts), "p3")
    got = {(a.role_id, a.member_id) for a in plan.assignments}
    # e1 is the best editor and the only writer, but the dates do not clash: both jobs fit
    assert got == {("r1", "e1"), ("r2", "e1")}
    assert plan.unfilled == ()
    assert plan.assignments[0].reasons[0] == "worked with Kim Ji-woo on Night Bus"


def test_assemble_team_clashing_roles_go_to_different_people() -> None:
    facts = [
        *small_world(),
        RoleOpened("p3", "r2", "writer", start=date(2026, 5, 3), end=date(2026, 5, 4)),
        Collaborated("w1", "p2", "writer", 2025),
    ]
    plan = assemble_team(MatchGraph.from_facts(facts), "p3")
    got = {a.role_id: a.member_id for a in plan.assignments}
    assert got["r1"] != got["r2"]


def test_assemble_team_budget_leaves_dear_role_open_rather_than_overspend() -> None:
    facts = [
        *small_world(),
        AvailabilityChanged("e1", busy=(), day_rate=100_000),
        AvailabilityChanged("e2", busy=(), day_rate=50_000),
        AvailabilityChanged("e3", busy=(), day_rate=10_000),
        AvailabilityChanged("n1", busy=(), day_rate=10_000),
    ]
    g = MatchGraph.from_facts(facts)
    rich = assemble_team(g, "p3", budget=10_000_000)
    assert [a.member_id for a in rich.assignments] == ["e1"]
    poor = assemble_team(g, "p3", budget=400_000)  # 20 days: only 10,000/day fits
    assert [a.member_id for a in poor.assignments] in (["e3"], ["n1"])
    assert poor.spend["p3"] == 200_000
    assert "fee ₩200,000 within ₩400,000" in poor.assignments[0].reasons
    broke = assemble_team(g, "p3", budget=1)
    assert broke.assignments == () and broke.unfilled == (("p3", "r1"),)


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
