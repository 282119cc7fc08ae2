"""Newcomers (fewer than two films: credits claimed or verified, as the graph knows them) get one
slot in five of a recommendation when one fits the role: free on its dates."""

from __future__ import annotations

from datetime import date

from matching.facts import (
    AvailabilityChanged,
    Collaborated,
    Fact,
    MemberRegistered,
    ProjectListed,
    RoleOpened,
    SkillClaimed,
)
from matching.graph import MatchGraph
from matching.newcomers import is_newcomer
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery

SHOOT = (date(2026, 5, 1), date(2026, 5, 20))
FAIR_LOOK = "newcomer with fewer than 2 films: given a fair look"


def _crew_world(*newcomers: Fact) -> list[Fact]:
    """Director d1 shot Night Bus with six cinematographers, each with one more film; d1's
    next film, Spring, needs a cinematographer for the shoot."""
    facts: list[Fact] = [
        ProjectListed("p0", 2024, title="Night Bus", genres=("drama",), director_ids=("d1",)),
        Collaborated("d1", "p0", "director", 2024),
    ]
    for i, c in enumerate(["c1", "c2", "c3", "c4", "c5", "c6"]):
        facts += [
            MemberRegistered(c, name=c),
            Collaborated(c, "p0", "cinematographer", 2024),
            ProjectListed(f"x{i}", 2022 + i % 2, title=f"Film {i}"),
            Collaborated(c, f"x{i}", "cinematographer", 2022 + i % 2),
        ]
        if i < 5:
            facts.append(SkillClaimed(c, "cinematography", 5 - i))
    facts += [
        ProjectListed("p1", 2026, title="Spring", genres=("drama",), director_ids=("d1",)),
        RoleOpened(
            "p1", "r1", "cinematographer", ("cinematography",), start=SHOOT[0], end=SHOOT[1]
        ),
        *newcomers,
    ]
    return facts


def _busy(member: str) -> AvailabilityChanged:
    return AvailabilityChanged(member, busy=((date(2026, 5, 10), date(2026, 5, 12)),))


def _top(g: MatchGraph, k: int = 5, exclude: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    query = RoleQuery.for_open_role(g, "p1", "r1")
    return [
        (m.member_id, FAIR_LOOK in m.reasons)
        for m in recommend_crew(g, query, k=k, exclude=exclude)
    ]


def test_recommend_crew_free_newcomer_takes_the_fifth_slot_before_a_busy_one() -> None:
    g = MatchGraph.from_facts(
        _crew_world(
            SkillClaimed("nb", "cinematography", 5),
            _busy("nb"),
            SkillClaimed("nf", "cinematography", 4),
        )
    )
    assert _top(g) == [("c1", False), ("c2", False), ("c3", False), ("c4", False), ("nf", True)]
    assert [m for m, _ in _top(g, k=10)] == ["c1", "c2", "c3", "c4", "c5", "c6", "nf", "nb"]


def test_recommend_crew_busy_newcomer_is_never_promoted() -> None:
    g = MatchGraph.from_facts(_crew_world(SkillClaimed("nb", "cinematography", 5), _busy("nb")))
    assert _top(g) == [("c1", False), ("c2", False), ("c3", False), ("c4", False), ("c5", False)]


def test_recommend_crew_slot_is_given_among_what_is_shown_after_exclusions() -> None:
    g = MatchGraph.from_facts(_crew_world(SkillClaimed("nf", "cinematography", 4)))
    assert _top(g) == [("c1", False), ("c2", False), ("c3", False), ("c4", False), ("nf", True)]
    assert _top(g, exclude=("c1",)) == [
        ("c2", False),
        ("c3", False),
        ("c4", False),
        ("c5", False),
        ("nf", True),
    ]


def test_recommend_crew_hire_still_to_shoot_is_not_a_film() -> None:
    """h claims one film (and the role's skill: the fitness floor) and was hired onto a project
    still to shoot: a newcomer, and the best ranked one. Once that project wraps and the credit
    is verified, h has two films."""
    hired = [
        MemberRegistered("h", name="h"),
        SkillClaimed("h", "cinematography", 2),
        ProjectListed("w1", 2023, title="Short"),
        Collaborated("h", "w1", "cinematographer", 2023),
        ProjectListed("p9", 2026, title="Summer"),
        Collaborated("h", "p9", "cinematographer", 2026, credit=False),
        SkillClaimed("nf", "cinematography", 4),
    ]
    g = MatchGraph.from_facts(_crew_world(*hired))
    assert is_newcomer(g, "h") and is_newcomer(g, "nf") and not is_newcomer(g, "c1")
    assert _top(g)[-1] == ("h", True)
    h = recommend_crew(g, RoleQuery.for_open_role(g, "p1", "r1"), k=5)[-1]
    assert h.newcomer and h.reasons[:2] == ("1 film as cinematographer", FAIR_LOOK)
    g.apply(Collaborated("h", "p9", "cinematographer", 2026))  # verified at the wrap
    assert not is_newcomer(g, "h")
    assert _top(g)[-1] == ("nf", True)


def test_recommend_crew_newcomer_behind_many_better_skill_holders_still_reaches_the_rule() -> None:
    """More than a pool's worth of established cinematographers claim a higher level than the
    newcomer: the newcomer is still a candidate, and takes the slot."""
    facts: list[Fact] = [
        ProjectListed("p1", 2026, title="Spring", director_ids=("d1",)),
        RoleOpened(
            "p1", "r1", "cinematographer", ("cinematography",), start=SHOOT[0], end=SHOOT[1]
        ),
        SkillClaimed("new", "cinematography", 4),
    ]
    for i in range(130):
        facts += [
            ProjectListed(f"a{i}", 2020, title=f"A{i}"),
            ProjectListed(f"b{i}", 2021, title=f"B{i}"),
            Collaborated(f"m{i:03}", f"a{i}", "editor", 2020),
            Collaborated(f"m{i:03}", f"b{i}", "editor", 2021),
            SkillClaimed(f"m{i:03}", "cinematography", 5),
        ]
    g = MatchGraph.from_facts(facts)
    shown = _top(g, k=10)
    assert shown[-1] == ("new", True)
    assert [m for m, _ in shown[:9]] == [f"m{i:03}" for i in range(9)]
