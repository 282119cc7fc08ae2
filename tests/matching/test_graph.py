from __future__ import annotations

import random
from collections import Counter

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.facts import Collaborated, Fact, ProjectListed, SkillClaimed
from matching.graph import MatchGraph
from tests.matching.helpers import small_world


def _state(g: MatchGraph) -> dict[str, object]:
    ids = g.members.ids
    pids = g.projects.ids
    return {
        "edges": sorted((str(u), str(v), str(k)) for u, v, k in g.nx.edges(keys=True)),
        "coworkers": {
            ids[m]: {ids[o]: n for o, n in c.items() if n} for m, c in g.coworkers.items() if c
        },
        "crew": {pids[p]: {ids[m]: sorted(r) for m, r in c.items()} for p, c in g.crew.items()},
        "role_years": {
            ids[m]: {r: sorted(y) for r, y in ry.items()} for m, ry in g.role_years.items()
        },
        "tokens": {ids[m]: dict(t) for m, t in g.tokens.items() if t},
        "token_df": dict(g.token_df),
        "activity": {
            r: sorted((ids[int(m)], int(y), int(n)) for m, y, n in a.table.view())
            for r, a in g.activity.items()
        },
        "role_coworkers": {
            ids[z]: {r: sorted(ids[c] for c in cs) for r, cs in by.items()}
            for z, by in g.role_coworkers.items()
            if by
        },
        "directors": {p: sorted(d) for p, d in g.directors.items() if d},
    }


def _random_facts(seed: int, n: int) -> list[Fact]:
    rng = random.Random(seed)
    facts: list[Fact] = []
    for i in range(n):
        p = f"p{rng.randrange(8)}"
        if rng.random() < 0.2:
            facts.append(
                ProjectListed(
                    p,
                    2000 + rng.randrange(10),
                    genres=(rng.choice("ABC"),),
                    countries=(rng.choice("XY"),),
                )
            )
        elif rng.random() < 0.1:
            facts.append(SkillClaimed(f"m{rng.randrange(10)}", "editing", 1 + i % 3))
        else:
            role = rng.choice(["director", "editor", "writer", "actor"])
            facts.append(Collaborated(f"m{rng.randrange(10)}", p, role, 2000 + int(p[1:])))
    return facts


def test_apply_one_fact_at_a_time_equals_rebuild() -> None:
    facts = small_world()
    one_by_one = MatchGraph()
    for fact in facts:
        one_by_one.apply(fact)
    assert _state(one_by_one) == _state(MatchGraph.from_facts(facts))


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_incremental_indices_equal_recount_from_scratch(seed: int) -> None:
    facts = _random_facts(seed, 60)
    g = MatchGraph()
    for fact in facts:
        g.apply(fact)
    # listing projects first (their final listing) gives the same state
    listed = [f for f in facts if isinstance(f, ProjectListed)]
    last = {f.project_id: f for f in listed}
    reordered = list(last.values()) + [f for f in facts if not isinstance(f, ProjectListed)]
    other = MatchGraph.from_facts(reordered)
    a, b = _state(g), _state(other)
    for key in (
        "edges",
        "coworkers",
        "crew",
        "role_years",
        "activity",
        "directors",
        "tokens",
        "role_coworkers",
        "token_df",
    ):
        assert a[key] == b[key], key
    # coworker counts equal the co-credit matrix B B^T rebuilt from the credit arrays
    rows = g.credit_arrays()
    inc = sp.csr_matrix(
        (np.ones(len(rows)), (rows[:, 0], rows[:, 1])), shape=(len(g.members), len(g.projects))
    )
    inc.data[:] = 1.0
    co = (inc @ inc.T).toarray()
    np.fill_diagonal(co, 0)
    for m in range(len(g.members)):
        assert {o: n for o, n in g.coworkers.get(m, Counter()).items() if n} == {
            int(o): int(co[m, o]) for o in np.flatnonzero(co[m])
        }


def test_same_credit_twice_is_applied_once() -> None:
    g = MatchGraph()
    fact = Collaborated("m1", "p1", "editor", 2020)
    g.apply(fact)
    g.apply(fact)
    assert len(g.credit_arrays()) == 1
    assert g.role_years[0]["editor"] == [2020]


def test_work_terms_replace_rate_and_interests_and_availability_keeps_the_rate() -> None:
    from matching.facts import AvailabilityChanged, WorkTerms

    g = MatchGraph.from_facts(small_world())
    g.apply(WorkTerms("e1", day_rate=200_000, genres=("Drama", "Comedy")))
    m = g.members.index["e1"]
    assert (g.day_rate[m], g.interests[m]) == (200_000, {"Drama", "Comedy"})
    g.apply(AvailabilityChanged("e1", busy=()))  # a calendar change says nothing of the rate
    assert g.day_rate[m] == 200_000
    g.apply(WorkTerms("e1", day_rate=0, genres=("Horror",)))
    assert m not in g.day_rate and g.interests[m] == {"Horror"}
    assert not g.nx.has_edge(("member", "e1"), ("genre", "Drama"))
