"""Partners for a project, and projects for a partner to scout: genre fit, directors already
followed, what the partner backed or shortlisted before."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from matching.graph import MatchGraph
from matching.proximity import name_of


@dataclass(frozen=True)
class PartnerMatch:
    partner_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ProjectMatch:
    project_id: str
    score: float
    reasons: tuple[str, ...]


def recommend_partners(graph: MatchGraph, project_id: str, k: int = 10) -> list[PartnerMatch]:
    """Partners whose genres and past interest/deals resemble this project."""
    info = graph.project_info.get(project_id)
    genres = set(info.genres) if info is not None else set()
    directors = graph.directors.get(project_id, set())
    out = []
    for partner in sorted(set(graph.partner_genres) | set(graph.partner_projects)):
        score, why = 0.0, []
        liked = sorted(graph.partner_genres.get(partner, set()) & genres)
        if liked:
            score += len(liked) / max(1, len(genres))
            why.append(f"backs {', '.join(liked)}")
        backed = sorted(graph.partner_projects.get(partner, set()) - {project_id})
        same_director = [p for p in backed if graph.directors.get(p, set()) & directors]
        if same_director:
            score += 1.0 + 0.1 * len(same_director)
            title = name_of(graph, "project", same_director[-1])
            why.append(f"interested in this director's {title}")
        similar = [p for p in backed if genres & set(_genres(graph, p))]
        if similar:
            score += 0.3 * math.log1p(len(similar))
            why.append(
                f"{len(similar)} similar project{'s' if len(similar) != 1 else ''} "
                "shortlisted or backed"
            )
        if project_id in graph.partner_projects.get(partner, set()):
            continue  # already engaged: nothing to recommend
        if score > 0:
            out.append(PartnerMatch(partner, round(score, 6), tuple(why)))
    out.sort(key=lambda m: (-m.score, m.partner_id))
    return out[:k]


def _genres(graph: MatchGraph, project_id: str) -> Iterable[str]:
    info = graph.project_info.get(project_id)
    return info.genres if info is not None else ()


def recommend_projects_for_partner(
    graph: MatchGraph, partner_id: str, k: int = 10
) -> list[ProjectMatch]:
    """Projects to scout: genre fit, directors the partner already followed, crew strength."""
    liked = graph.partner_genres.get(partner_id, set())
    engaged = graph.partner_projects.get(partner_id, set())
    followed = {d for p in engaged for d in graph.directors.get(p, set())}
    out = []
    for pid, info in sorted(graph.project_info.items()):
        if pid in engaged:
            continue
        score, why = 0.0, []
        match = sorted(liked & set(info.genres))
        if match:
            score += len(match) / max(1, len(info.genres))
            why.append(f"{', '.join(match)}, as you back")
        known = sorted(graph.directors.get(pid, set()) & followed)
        if known:
            score += 1.0
            why.append(f"by {name_of(graph, 'member', known[0])}, whose work you followed")
        roles = graph.open_roles.get(pid, {})
        filled = sum(1 for r in roles.values() if r.hired)
        if roles:
            score += 0.2 * filled / len(roles)
            why.append(f"{filled} of {len(roles)} crew roles filled")
        if score > 0:
            out.append(ProjectMatch(pid, round(score, 6), tuple(why)))
    out.sort(key=lambda m: (-m.score, m.project_id))
    return out[:k]
