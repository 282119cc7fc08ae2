"""Recommended crew for a role: the matching engine (matching/recommend.py) over the graph the
log keeps current (projections/graph/feeder.py), each recommendation with its reasons in words.
What is shown is counted for the fairness report (projections/views/exposure.py), in batches,
and the same counts, as last published, decide which fitting newcomer takes the newcomer
slot: the least shown.

The API endpoint and the project page's panel both call `recommend`; nothing else ranks crew.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import lru_cache
from uuid import UUID

from matching.ranker import OnlineModel, default_model
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery
from projections.graph.feeder import GraphFeeder
from projections.graph.retrain import TABLE as RANKER_TABLE
from projections.graph.retrain import retrained_model
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.exposure import ExposureCounter
from web.display.vocabulary import GENRE, ROLE, SKILL, in_sentence
from web.i18n import gettext_ as _
from web.i18n import translations
from web.security import LoopReader


@dataclass(frozen=True)
class Recommendation:
    member_id: UUID
    name: str
    score: float
    reasons: tuple[str, ...]
    newcomer: bool = False  # fewer than two films when ranked (matching/newcomers.py)


# Where read_your_writes (web/app.py) leaves, in the request's state, the log position a read
# (GET) is answered as of: the views have reached it, and the graph need not ask the log again.
READ_HEAD = "filmhouse_read_head"


def model(tx: Tx) -> OnlineModel:
    """The ranker `filmhouse match retrain` fitted on the log's own hires and declines, or
    until there are enough, the one fitted offline on the development data (weights.json)."""
    return retrained_model(tx) or offline_model()


RANKER_TABLE_EXISTS = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
LATEST_RANKER = (
    f"SELECT (SELECT rowid FROM {RANKER_TABLE} ORDER BY log_position DESC, trained_at DESC LIMIT 1)"
)


def ranker_on_loop(reader: LoopReader) -> Hashable | None:
    """Which ranker `model` would use, read on the event loop through the loop's own SQLite
    connection: the row `match retrain` stored last, or the offline weights (None: SQLite is
    busy; the caller then takes the worker-thread path)."""
    found = reader.one(RANKER_TABLE_EXISTS, (RANKER_TABLE,))
    if found is None:
        return None
    if not found[0]:
        return "offline weights"
    latest = reader.one(LATEST_RANKER)
    return None if latest is None else ("retrained", latest[0])


@lru_cache(maxsize=1)
def offline_model() -> OnlineModel:
    """matching/weights.json, read once per process (not on every recommendation)."""
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
    head: int | None = None,
) -> list[Recommendation]:
    """The `limit` members to show, as the engine chose them: `exclude` goes to the engine,
    which gives newcomers their slots among exactly what is shown (cutting its answer here
    would cut the newcomers it placed last). `head`: the log position the request has already
    read (the graph then skips asking the log whether it is behind). The newcomers' appearances
    are read from memory (`ExposureCounter.shown_so_far`), the answer kept until they are
    published again."""
    feeder.catch_up(head)
    graph = feeder.graph
    if role_id.hex not in graph.open_roles.get(project_id.hex, {}):
        return []
    ranker = model(tx)
    hidden = frozenset(m.hex for m in exclude)
    so_far = exposure.shown_so_far() if exposure is not None else None
    matches = feeder.memoised(
        (
            "crew",
            project_id.hex,
            role_id.hex,
            limit,
            hidden,
            ranker,
            so_far.epoch if so_far is not None else None,
        ),
        lambda: recommend_crew(
            graph,
            RoleQuery.for_open_role(graph, project_id.hex, role_id.hex),
            k=limit,
            model=ranker,
            exclude=hidden,
            impressions=so_far.newcomers if so_far is not None else None,
        ),
    )
    listed = Directory.names(tx, [UUID(m.member_id) for m in matches])
    found = [
        Recommendation(
            UUID(m.member_id), listed[UUID(m.member_id)], round(m.score, 4), m.reasons, m.newcomer
        )
        for m in matches
        if UUID(m.member_id) in listed
    ]
    if exposure is not None:
        exposure.shown(
            [r.member_id for r in found], newcomers={r.member_id for r in found if r.newcomer}
        )
    return found


# The engine states its reasons in English (the API returns them as they are); pages show them
# in the reader's language through these patterns. A message with a count is a (singular,
# plural) pair, said with the count's plural form.
Message = str | tuple[str, str]


def say(message: Message, values: dict[str, str]) -> str:
    """A reason's message with the values it matched, in the reader's language."""
    if isinstance(message, tuple):
        return translations().ngettext(message[0], message[1], int(values["n"])) % values
    return _(message, **values)


_REASONS: tuple[tuple[re.Pattern[str], Message], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"^worked with (?P<who>.+), who is close to this project$",
            "worked with %(who)s, who is close to this project",
        ),
        (r"^worked with (?P<who>.+) on (?P<what>.+)$", "worked with %(who)s on %(what)s"),
        (
            r"^(?P<n>\d+) films? as (?P<role>.+)$",
            ("%(n)s film as %(role)s", "%(n)s films as %(role)s"),
        ),
        (r"^has made films like this one$", "has made films like this one"),
        (
            r"^newcomer with fewer than (?P<n>\d+) films: given a fair look$",
            "newcomer with fewer than %(n)s films: given a fair look",
        ),
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
            values = found.groupdict()
            for name, kind in (("skill", SKILL), ("role", ROLE), ("genres", GENRE)):
                if name in values:  # the vocabulary's words in the reader's language
                    values[name] = ", ".join(in_sentence(kind, w) for w in values[name].split(", "))
            if message == "certified in %(what)s":  # what: a skill (elsewhere, a title)
                values["what"] = in_sentence(SKILL, values["what"])
            return say(message, values)
    return reason


def localised(recommendations: list[Recommendation]) -> list[Recommendation]:
    return [replace(r, reasons=tuple(in_words(x) for x in r.reasons)) for r in recommendations]
