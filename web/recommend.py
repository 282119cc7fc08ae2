"""Recommended crew for a role: the matching engine (matching/recommend.py) over the graph the
log keeps current (web/match_graph.py), each recommendation with its reasons in words. What is
shown is counted for the fairness report (projections/exposure.py), in batches.

The API endpoint and the project page's panel both call `recommend`; nothing else ranks crew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from uuid import UUID

from matching.ranker import OnlineModel, default_model
from matching.recommend import RoleQuery, recommend_crew
from projections.database import Tx
from projections.directory import Directory
from projections.exposure import ExposureCounter
from web.i18n import gettext_ as _
from web.match_graph import GraphFeeder


@dataclass(frozen=True)
class Recommendation:
    member_id: UUID
    name: str
    score: float
    reasons: tuple[str, ...]


@lru_cache(maxsize=1)
def model() -> OnlineModel:
    """The ranker fitted offline on the development data (matching/weights.json)."""
    return default_model()


def recommend(
    tx: Tx,
    feeder: GraphFeeder,
    *,
    project_id: UUID,
    role_id: UUID,
    exclude: set[UUID],
    limit: int = 10,
    exposure: ExposureCounter | None = None,
) -> list[Recommendation]:
    feeder.catch_up()
    graph = feeder.graph
    if role_id.hex not in graph.open_roles.get(project_id.hex, {}):
        return []
    query = RoleQuery.for_open_role(graph, project_id.hex, role_id.hex)
    found: list[Recommendation] = []
    for match in recommend_crew(graph, query, k=limit + len(exclude), model=model()):
        member_id = UUID(match.member_id)
        card = Directory.member(tx, member_id)
        if member_id in exclude or card is None:
            continue
        found.append(Recommendation(member_id, card.name, round(match.score, 4), match.reasons))
        if len(found) == limit:
            break
    if exposure is not None:
        exposure.shown(r.member_id for r in found)
    return found


# The engine states its reasons in English (the API returns them as they are); pages show them
# in the reader's language through these patterns.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message) for pattern, message in (
        (r"^worked with (?P<who>.+), who is close to this project$",
         "worked with %(who)s, who is close to this project"),
        (r"^worked with (?P<who>.+) on (?P<what>.+)$", "worked with %(who)s on %(what)s"),
        (r"^(?P<n>\d+) films? as (?P<role>.+)$", "%(n)s film(s) as %(role)s"),
        (r"^has made films like this one$", "has made films like this one"),
        (r"^new to Film House: given a fair look$", "new to Film House: given a fair look"),
        (r"^certified in (?P<what>.+)$", "certified in %(what)s"),
        (r"^claims (?P<skill>.+) \(level (?P<level>\d)\)$", "claims %(skill)s (level %(level)s)"),
        (r"^endorsed (?P<n>\d+)× for (?P<skill>.+)$", "endorsed %(n)s× for %(skill)s"),
        (r"^wants to work on (?P<genres>.+)$", "wants to work on %(genres)s"),
        (r"^free on the shoot dates$", "free on the shoot dates"),
        (r"^busy on the shoot dates$", "busy on the shoot dates"),
    )
)


def in_words(reason: str) -> str:
    """One of the engine's reasons in the reader's language (as it is, if not recognised)."""
    for pattern, message in _REASONS:
        found = pattern.match(reason)
        if found:
            return _(message, **found.groupdict())
    return reason


def localised(recommendations: list[Recommendation]) -> list[Recommendation]:
    return [replace(r, reasons=tuple(in_words(x) for x in r.reasons)) for r in recommendations]
