from __future__ import annotations

import random

import pytest

from matching.facts import (
    Collaborated,
    Declined,
    Fact,
    Hired,
    ProjectListed,
    RoleOpened,
    SkillCertified,
    SkillClaimed,
    SkillEndorsed,
)
from matching.graph import MatchGraph
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery
from tests.matching.helpers import busy, declined, small_world


def _crew(g: MatchGraph, k: int = 10) -> list[str]:
    return [m.member_id for m in recommend_crew(g, RoleQuery.for_open_role(g, "p3", "r1"), k=k)]


def test_recommend_crew_small_world_ranks_past_collaborator_first_with_reasons() -> None:
    g = MatchGraph.from_facts(small_world())
    matches = recommend_crew(g, RoleQuery.for_open_role(g, "p3", "r1"), k=5)
    assert [m.member_id for m in matches] == ["e1", "e2", "e3", "n1"]
    assert matches[0].reasons == (
        "worked with Kim Ji-woo on Night Bus",
        "1 film as editor",
        "has made films like this one",
        "free on the shoot dates",
    )
    assert matches[1].reasons[0] == "worked with Lee Min, who is close to this project"
    assert matches[2].reasons == ("certified in AI editing", "free on the shoot dates")
    assert matches[3].reasons == (
        "claims ai-editing (level 2)",
        "endorsed 1× for ai-editing",
        "wants to work on Drama",
        "free on the shoot dates",
    )
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_recommend_crew_busy_candidate_ranks_after_free_ones() -> None:
    g = MatchGraph.from_facts([*small_world(), busy("e1")])
    matches = recommend_crew(g, RoleQuery.for_open_role(g, "p3", "r1"))
    assert [m.member_id for m in matches] == ["e2", "e3", "n1", "e1"]
    assert matches[-1].reasons[-1] == "busy on the shoot dates"


def test_recommend_crew_member_who_declined_the_role_is_not_offered_again() -> None:
    g = MatchGraph.from_facts([*small_world(), declined("e1")])
    assert _crew(g) == ["e2", "e3", "n1"]


def test_recommend_crew_director_rejection_applies_to_later_projects() -> None:
    facts = [
        *small_world(),
        Declined("e2", "p3", "r1", by_member=False),
        ProjectListed("p4", 2026, title="Autumn", director_ids=("d1",)),
        RoleOpened("p4", "r9", "editor"),
    ]
    g = MatchGraph.from_facts(facts)
    names = [m.member_id for m in recommend_crew(g, RoleQuery.for_open_role(g, "p4", "r9"))]
    assert "e2" not in names and names[0] == "e1"


def test_recommend_crew_hired_member_leaves_the_pool_and_counts_as_proximity() -> None:
    facts = [*small_world(), RoleOpened("p3", "r2", "writer"), Hired("e2", "p3", "r1")]
    g = MatchGraph.from_facts(facts)
    names = [m.member_id for m in recommend_crew(g, RoleQuery.for_open_role(g, "p3", "r2"))]
    assert names == ["e1"]  # the only writer, close to both the director and the hired editor


def test_recommend_crew_exposure_rule_gives_a_newcomer_one_slot_in_five() -> None:
    facts = [
        ProjectListed("p0", 2020, title="Old", director_ids=("d1",)),
        Collaborated("d1", "p0", "director", 2020),
    ]
    for i in range(6):  # six established editors, each with two films
        facts += [
            Collaborated(f"e{i}", "p0", "editor", 2020),
            Collaborated(f"e{i}", f"x{i}", "editor", 2019),
        ]
    facts += [
        SkillClaimed("new", "editor", 1),
        ProjectListed("p1", 2021, director_ids=("d1",)),
        RoleOpened("p1", "r1", "editor", skills=("editor",)),
    ]
    g = MatchGraph.from_facts(facts)
    names = [m.member_id for m in recommend_crew(g, RoleQuery.for_open_role(g, "p1", "r1"), k=5)]
    assert names == ["e0", "e1", "e2", "e3", "new"]
    last = recommend_crew(g, RoleQuery.for_open_role(g, "p1", "r1"), k=5)[-1]
    assert last.reasons == (
        "newcomer with fewer than 2 films: given a fair look",
        "claims editor (level 1)",
    )
    assert _established_only(g, k=4) == ["e0", "e1", "e2", "e3"]  # no slot for k < 5


def _established_only(g: MatchGraph, k: int) -> list[str]:
    return [m.member_id for m in recommend_crew(g, RoleQuery.for_open_role(g, "p1", "r1"), k=k)]


def _mixed_facts(seed: int, n: int) -> list[Fact]:
    rng = random.Random(seed)
    facts: list[Fact] = [
        ProjectListed("p0", 2009, genres=("A",), countries=("X",), director_ids=("m0",)),
        RoleOpened("p0", "r", "editor", skills=("editing",)),
    ]
    for i in range(n):
        m, p = f"m{rng.randrange(12)}", f"p{rng.randrange(8)}"
        draw = rng.random()
        if draw < 0.15:
            facts.append(
                ProjectListed(
                    p,
                    2000 + rng.randrange(10),
                    genres=(rng.choice("AB"),),
                    countries=(rng.choice("XY"),),
                )
            )
        elif draw < 0.25:
            facts.append(SkillClaimed(m, "editing", 1 + i % 3))
        elif draw < 0.3:
            facts.append(SkillEndorsed(m, "editing", "m1"))
        elif draw < 0.33:
            facts.append(SkillCertified(m, "editing", "AI editing"))
        elif draw < 0.36:
            facts.append(Declined(m, "p0", "r", by_member=rng.random() < 0.5))
        else:
            role = rng.choice(["director", "editor", "writer", "actor"])
            facts.append(Collaborated(m, p, role, 2000 + int(p[1:])))
    return facts


@pytest.mark.parametrize("seed", range(12))
def test_recommend_crew_with_queries_between_facts_equals_a_rebuilt_graph(seed: int) -> None:
    """The graph's query caches (crews, reaches, token vectors, skill tables) are dropped by
    the facts that change them: asking between facts never leaves a stale answer behind."""
    facts = _mixed_facts(seed, 80)
    g = MatchGraph()
    for i, fact in enumerate(facts):
        g.apply(fact)
        if i % 4 == 1:
            recommend_crew(g, RoleQuery.for_open_role(g, "p0", "r"))
    rebuilt = MatchGraph.from_facts(facts)
    assert recommend_crew(g, RoleQuery.for_open_role(g, "p0", "r")) == recommend_crew(
        rebuilt, RoleQuery.for_open_role(rebuilt, "p0", "r")
    )
