"""A synthetic Film House graph: N members, about 10N edges, heavy-tailed careers."""

from __future__ import annotations

import random
from datetime import date
from itertools import accumulate

from matching.facts import (
    AvailabilityChanged,
    Collaborated,
    Fact,
    GenreInterest,
    ProjectListed,
    RoleOpened,
    SkillCertified,
    SkillClaimed,
)
from matching.graph import MatchGraph

ROLES = ("cinematographer", "editor", "composer", "producer", "writer", "production_designer")
GENRES = ("Drama", "Comedy", "Horror", "Documentary", "Romance", "Thriller", "Animation")
COUNTRIES = ("South Korea", "Japan", "France", "United States of America")
SKILLS = ("ai-editing", "generative-previs", "ai-dubbing", "colour-grading", "sound-mix")


def facts(n_members: int, seed: int = 0) -> tuple[list[Fact], list[tuple[str, str]]]:
    """The facts, and the (project, role id) pairs of open roles to query."""
    rng = random.Random(seed)
    members = [f"m{i}" for i in range(n_members)]
    primary = {m: ROLES[i % len(ROLES)] for i, m in enumerate(members)}
    # heavy tail: a member's chance to be picked grows with a Pareto weight
    weights = [rng.paretovariate(1.5) for _ in members]
    by_role = {r: [m for m in members if primary[m] == r] for r in ROLES}
    role_cum = {r: list(accumulate(weights[int(m[1:])] for m in ms)) for r, ms in by_role.items()}
    all_cum = list(accumulate(weights))
    out: list[Fact] = []
    for m in members[::7]:
        out.append(SkillClaimed(m, rng.choice(SKILLS), rng.randint(1, 3)))
    for m in members[::23]:
        out.append(SkillCertified(m, rng.choice(SKILLS), "Film House training"))
    for m in members[::5]:
        out.append(GenreInterest(m, rng.choice(GENRES)))
        start = date(2026, rng.randint(1, 12), rng.randint(1, 20))
        out.append(AvailabilityChanged(m, busy=((start, start.replace(day=start.day + 7)),)))
    n_projects = n_members  # ~9.5 credits each, plus the facts above: ~10N edges
    queries = []
    for p in range(n_projects):
        pid = f"p{p}"
        director = rng.choices(members, cum_weights=all_cum)[0]
        year = 1990 + p * 36 // n_projects
        out.append(
            ProjectListed(
                pid,
                year,
                title=f"Film {p}",
                genres=(rng.choice(GENRES),),
                countries=(rng.choice(COUNTRIES),),
                director_ids=(director,),
            )
        )
        out.append(Collaborated(director, pid, "director", year))
        crew_roles = rng.sample(ROLES, rng.randint(3, 6))
        for role in crew_roles:
            for m in rng.choices(
                by_role[role], cum_weights=role_cum[role], k=rng.choice((1, 1, 2))
            ):
                out.append(Collaborated(m, pid, role, year))
        for actor in rng.sample(members, 3):
            out.append(Collaborated(actor, pid, "actor", year))
        if p >= n_projects - 2000 and p % 4 == 0:
            role = rng.choice(ROLES)
            start = date(2026, rng.randint(1, 12), rng.randint(1, 10))
            out.append(
                RoleOpened(
                    pid,
                    "open",
                    role,
                    skills=(rng.choice(SKILLS),),
                    start=start,
                    end=start.replace(day=start.day + 14),
                )
            )
            queries.append((pid, "open"))
    return out, queries


def build(n_members: int, seed: int = 0) -> tuple[MatchGraph, list[tuple[str, str]]]:
    all_facts, queries = facts(n_members, seed)
    return MatchGraph.from_facts(all_facts), queries
