"""How well the bridge ranks, measured on a log cut at a moment: the graph is built from the
facts before the cut, and the partners who shortlist, ask to meet or sign a project after it are
the answers. Both directions are measured (partners for each such project, and projects for
each such partner), for the ranker (matching/partners.py) beside two baselines: popularity
(partners, or projects, by how many shortlists, meetings, interest and deals they had before the
cut) and genre match (by the share of the project's genres the partner's profile states). The
share of slots given to first-time directors is read from the projects-for-partner lists.

Pairs already engaged before the cut (a submission the partner had not decided on yet) are no
answers: every ranking leaves them out. Projects, directors and partners that arrive after the cut
are described to the graph as they arrive (a project as pitched: what it is, not what became of
it), as a director asking for partners for a new project would be (split)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from matching.facts import (
    DealRecorded,
    Fact,
    MeetingRequested,
    MemberRegistered,
    PartnerProfiled,
    PartnerRegistered,
    PartnerStanding,
    ProjectListed,
    ProjectStaged,
    Represents,
    Shortlisted,
    UniversityJoined,
)
from matching.graph import MatchGraph
from matching.partner_graph import PICKED
from matching.partners import recommend_partners, recommend_projects_for_partner

POSITIVE = (Shortlisted, MeetingRequested, DealRecorded)


@dataclass(frozen=True)
class Line:
    method: str
    direction: str  # "partners for a project" or "projects for a partner"
    hr: float
    ndcg: float
    first_time_share: float | None  # of the slots shown (projects for a partner only)
    queries: int


# What is known of a project, member or partner that arrives after the cut, without anything it
# did: a director asks for partners as they pitch a new project, a scout sees new projects.
DESCRIPTIVE = (
    MemberRegistered,
    UniversityJoined,
    PartnerRegistered,
    PartnerProfiled,
    PartnerStanding,
    Represents,
    ProjectListed,
)


def split(timed: Iterable[tuple[datetime, Fact]], cut: datetime) -> tuple[list[Fact], list[Fact]]:
    """The graph's facts (everything up to the cut, and after it what describes a newcomer:
    a new project as first staged, not what became of it) and every fact after the cut."""
    before: list[Fact] = []
    after: list[Fact] = []
    staged: set[str] = set()
    for at, fact in timed:
        if at <= cut:
            before.append(fact)
            if isinstance(fact, ProjectStaged):
                staged.add(fact.project_id)
            continue
        after.append(fact)
        if isinstance(fact, DESCRIPTIVE):
            before.append(fact)
        elif isinstance(fact, ProjectStaged) and fact.project_id not in staged:
            staged.add(fact.project_id)
            before.append(ProjectStaged(fact.project_id, "development", listed=True))
    return before, after


def answers(graph: MatchGraph, after: list[Fact]) -> dict[str, set[str]]:
    """project -> partners who picked it after the cut, among the projects and partners the
    graph knew at the cut and the pairs not engaged yet."""
    found: dict[str, set[str]] = defaultdict(set)
    bridge = graph.bridge
    for fact in after:
        if not isinstance(fact, POSITIVE):
            continue
        partner, project = fact.partner_id, fact.project_id
        if project not in bridge.stage or not bridge.recommendable(partner):
            continue
        if project in bridge.engaged.get(partner, {}):
            continue
        found[project].add(partner)
    return dict(found)


def _ndcg(ranked: list[str], relevant: set[str], k: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, x in enumerate(ranked[:k]) if x in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def _popularity(graph: MatchGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Positive engagements before the cut, by partner and by project."""
    partners: dict[str, int] = defaultdict(int)
    projects: dict[str, int] = defaultdict(int)
    for partner, levels in graph.bridge.engaged.items():
        for project, level in levels.items():
            if level >= PICKED:
                partners[partner] += 1
                projects[project] += 1
    return partners, projects


def _genre_share(graph: MatchGraph, partner: str, project: str) -> float:
    profile = graph.bridge.profiles.get(partner)
    info = graph.bridge.listing.get(project)
    if profile is None or info is None or not info.genres:
        return 0.0
    return len(set(profile.genres) & set(info.genres)) / len(info.genres)


def evaluate(before: list[Fact], after: list[Fact], *, k: int = 10) -> list[Line]:
    graph = MatchGraph.from_facts(before)
    bridge = graph.bridge
    truth = answers(graph, after)
    by_partner: dict[str, set[str]] = defaultdict(set)
    for project, partners in truth.items():
        for partner in partners:
            by_partner[partner].add(project)
    pop_partner, pop_project = _popularity(graph)
    active = sorted(p for p, ok in bridge.active.items() if ok)
    open_projects = sorted(
        p for p, stage in bridge.stage.items() if stage != "cancelled" and bridge.listed.get(p)
    )

    def partners_by(key: Callable[[str, str], tuple[float, ...]]) -> Callable[[str], list[str]]:
        def rank(project: str) -> list[str]:
            engaged = bridge.engaged_with.get(project, {})
            pool = [p for p in active if p not in engaged]
            return sorted(pool, key=lambda p: (*key(p, project), p))[:k]

        return rank

    def projects_by(key: Callable[[str, str], tuple[float, ...]]) -> Callable[[str], list[str]]:
        def rank(partner: str) -> list[str]:
            engaged = bridge.engaged.get(partner, {})
            pool = [q for q in open_projects if q not in engaged]
            return sorted(pool, key=lambda q: (*key(partner, q), q))[:k]

        return rank

    methods: dict[str, tuple[Callable[[str], list[str]], Callable[[str], list[str]]]] = {
        "ranker": (
            lambda q: [m.partner_id for m in recommend_partners(graph, q, k=k)],
            lambda p: [m.project_id for m in recommend_projects_for_partner(graph, p, k=k)],
        ),
        "popularity": (
            partners_by(lambda p, q: (-pop_partner.get(p, 0),)),
            projects_by(lambda p, q: (-pop_project.get(q, 0),)),
        ),
        "genre match": (
            partners_by(lambda p, q: (-_genre_share(graph, p, q),)),
            projects_by(lambda p, q: (-_genre_share(graph, p, q),)),
        ),
    }
    lines = []
    for name, (for_project, for_partner) in methods.items():
        lines.append(_line(name, "partners for a project", truth, for_project, k, None))
        lines.append(_line(name, "projects for a partner", by_partner, for_partner, k, graph))
    return lines


def _line(
    method: str,
    direction: str,
    truth: dict[str, set[str]],
    rank: Callable[[str], list[str]],
    k: int,
    graph: MatchGraph | None,
) -> Line:
    hits, gains, slots, first = 0, 0.0, 0, 0
    for query in sorted(truth):
        ranked = rank(query)
        hits += bool(set(ranked[:k]) & truth[query])
        gains += _ndcg(ranked, truth[query], k)
        if graph is not None:
            slots += len(ranked)
            first += sum(graph.bridge.first_time(graph.bridge.director_of(q)) for q in ranked)
    n = len(truth) or 1
    share = round(first / slots, 3) if graph is not None and slots else None
    return Line(method, direction, round(hits / n, 3), round(gains / n, 3), share, len(truth))


def table(lines: list[Line], k: int = 10) -> str:
    """The lines as a Markdown table."""
    out = [
        f"| method | direction | queries | hr@{k} | ndcg@{k} | first-time directors' share |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for x in lines:
        share = "" if x.first_time_share is None else f"{x.first_time_share:.3f}"
        out.append(
            f"| {x.method} | {x.direction} | {x.queries} | {x.hr:.3f} | {x.ndcg:.3f} | {share} |"
        )
    return "\n".join(out)
