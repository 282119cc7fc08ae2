"""The newcomer slot goes, among the newcomers who fit the role (free on its dates, holding one of
its skills), to the one shown least so far, ties by score: newcomers take turns. Without
appearances passed (offline evaluation), it goes to the best-scored, as before."""

from __future__ import annotations

from datetime import date

from matching.facts import (
    Collaborated,
    Fact,
    MemberRegistered,
    ProjectListed,
    RoleOpened,
    SkillClaimed,
)
from matching.graph import MatchGraph
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery

SHOOT = (date(2026, 5, 1), date(2026, 5, 20))
FAIR_LOOK = "newcomer with fewer than 2 films: given a fair look"


def _world(*more: Fact) -> MatchGraph:
    """Director d1 shot Night Bus with four cinematographers of two films each (c1..c4); d1's
    next film, Spring, needs a cinematographer. Newcomers: a (cinematography level 5) and b
    (level 3), no film yet; l shot Night Bus too (one film, close to the director) but holds
    no cinematography, only editing: below the fitness floor."""
    facts: list[Fact] = [
        ProjectListed("p0", 2024, title="Night Bus", genres=("drama",), director_ids=("d1",)),
        Collaborated("d1", "p0", "director", 2024),
    ]
    for i, c in enumerate(["c1", "c2", "c3", "c4"]):
        facts += [
            MemberRegistered(c, name=c),
            Collaborated(c, "p0", "cinematographer", 2024),
            ProjectListed(f"x{i}", 2023, title=f"Film {i}"),
            Collaborated(c, f"x{i}", "cinematographer", 2023),
            SkillClaimed(c, "cinematography", 5),
        ]
    facts += [
        ProjectListed("p1", 2026, title="Spring", genres=("drama",), director_ids=("d1",)),
        RoleOpened(
            "p1", "r1", "cinematographer", ("cinematography",), start=SHOOT[0], end=SHOOT[1]
        ),
        MemberRegistered("a", name="a"),
        SkillClaimed("a", "cinematography", 5),
        MemberRegistered("b", name="b"),
        SkillClaimed("b", "cinematography", 3),
        MemberRegistered("l", name="l"),
        Collaborated("l", "p0", "cinematographer", 2024),
        SkillClaimed("l", "editing", 5),
        *more,
    ]
    return MatchGraph.from_facts(facts)


def _shown(
    g: MatchGraph, impressions: dict[str, int] | None = None, k: int = 5
) -> list[tuple[str, bool]]:
    query = RoleQuery.for_open_role(g, "p1", "r1")
    return [
        (m.member_id, FAIR_LOOK in m.reasons)
        for m in recommend_crew(g, query, k=k, impressions=impressions)
    ]


ESTABLISHED = [("c1", False), ("c2", False), ("c3", False), ("c4", False)]


def test_recommend_crew_less_shown_fitting_newcomer_takes_the_slot() -> None:
    g = _world()
    assert _shown(g, {"a": 3, "b": 0}) == [*ESTABLISHED, ("b", True)]
    assert _shown(g, {"a": 3, "b": 7}) == [*ESTABLISHED, ("a", True)]


def test_recommend_crew_newcomers_shown_alike_slot_goes_to_the_best_scored() -> None:
    g = _world()
    assert _shown(g, {"a": 4, "b": 4}) == [*ESTABLISHED, ("a", True)]
    assert _shown(g, {}) == [*ESTABLISHED, ("a", True)]


def test_recommend_crew_without_impressions_slot_goes_to_the_best_scored_newcomer() -> None:
    assert _shown(_world()) == [*ESTABLISHED, ("a", True)]


def test_recommend_crew_newcomer_below_the_fitness_floor_never_gets_the_slot() -> None:
    """l is the best-scored newcomer and never shown, yet holds none of the role's skills: l
    ranks fifth on score and still gives that place up to the newcomer the slot is for."""
    g = _world()
    query = RoleQuery.for_open_role(g, "p1", "r1")
    ranked = [m.member_id for m in recommend_crew(g, query, k=10)]
    assert ranked[:5] == ["c1", "c2", "c3", "c4", "l"]  # l outscores a and b
    for impressions in (None, {}, {"a": 3, "b": 0}, {"a": 9, "b": 9}):
        assert "l" not in [m for m, _ in _shown(g, impressions)]


def test_recommend_crew_newcomer_placed_on_score_keeps_it_and_the_slot_still_turns() -> None:
    """a also shot Night Bus, now ranks among the top five on score and has been shown often:
    a keeps that place, and the slot goes to b, never shown, in place of the last of the
    others."""
    g = _world(Collaborated("a", "p0", "cinematographer", 2024))
    before = _shown(g)
    assert ("a", False) in before and len(before) == 5 and "b" not in dict(before)
    turned = _shown(g, {"a": 40, "b": 0})
    assert ("a", False) in turned and turned[-1] == ("b", True)
    assert [m for m, _ in turned[:4]] == [m for m, _ in before[:4]]
