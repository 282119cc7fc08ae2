"""The bridge's scores, as vectors: every partner for one project, or every project for one
partner, in a few numpy operations over the tables of matching/partner_tables.py.

Each signal is named with its weight (hand-set, in score units; the same signals and weights
both ways, so a partner ranks a project as that project ranks the partner, follows and
proximity aside):
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph
from matching.partner_graph import PICKED
from matching.partner_tables import CANCELLED, NO_STAGE

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

GENRE_FIT = 1.0  # times the share of the project's genres the partner looks for
FORMAT_FIT = 0.5  # the project's format is one the partner takes
BUDGET_FIT = FORMAT_FIT  # the project's budget is within the partner's range
STAGE_FIT = FORMAT_FIT  # the project is at a stage the partner engages at
SIMILAR_DEALS = 0.6  # per log(1 + deals on projects of one of the project's genres)
SIMILAR_PICKS = 0.3  # per log(1 + shortlists, meetings, interest in such projects)
FOLLOWS = 1.0  # the partner (or one of its representatives) follows the director
CREW = 0.4  # the partner picked a project someone on this project's side was on
UNIVERSITY = 0.2  # per log(1 + projects picked from directors of the director's university)


@dataclass(frozen=True)
class Signals:
    """Each signal per row (partner or project), and their weighted sum."""

    genre: FloatArray
    format: BoolArray
    budget: BoolArray
    stage: BoolArray
    deals: IntArray
    picks: IntArray
    follows: BoolArray
    crew: BoolArray
    university: IntArray

    @cached_property
    def score(self) -> FloatArray:
        score = GENRE_FIT * self.genre
        fits = self.format.view(np.uint8) + self.budget.view(np.uint8) + self.stage.view(np.uint8)
        score += FORMAT_FIT * fits  # the three fits weigh the same
        score += FOLLOWS * self.follows + CREW * self.crew
        score += SIMILAR_DEALS * np.log1p(self.deals) + SIMILAR_PICKS * np.log1p(self.picks)
        score += UNIVERSITY * np.log1p(self.university)
        return np.asarray(score, dtype=np.float64)


def _budget_fit(budget: IntArray, low: IntArray, high: IntArray, stated: BoolArray) -> BoolArray:
    """Within a range the partner stated (a profile with neither bound states none)."""
    stated = stated & ((low > 0) | (high > 0))
    return np.asarray(
        stated & (budget > 0) & (budget >= low) & ((high == 0) | (budget <= high)), dtype=np.bool_
    )


def _best_genre(counts: npt.NDArray[np.generic], genres: BoolArray) -> IntArray:
    """Per row, the most engagements on projects of any one genre among `genres`."""
    if not counts.shape[1] or not genres.any():
        return np.zeros(counts.shape[0], dtype=np.int64)
    return np.asarray(counts[:, genres].max(axis=1), dtype=np.int64)


def side_of(graph: MatchGraph, project_id: str) -> set[str]:
    """Who is on the project: its directors and the crew hired so far."""
    side = set(graph.directors.get(project_id, set()))
    for role in graph.open_roles.get(project_id, {}).values():
        side.update(role.hired)
    return side


def crew_picks(graph: MatchGraph, project_id: str) -> dict[str, tuple[str, str]]:
    """Partners who picked another project someone on this one was on: partner -> (member,
    project), the latest such project of the first such member by id."""
    found: dict[str, tuple[str, str]] = {}
    bridge = graph.bridge
    for member in sorted(side_of(graph, project_id)):
        m = graph.members.index.get(member)
        if m is None:
            continue
        films = sorted(
            graph.projects.ids[p]
            for p in graph.films.get(m, set())
            if graph.projects.ids[p] != project_id
        )
        for film in films:
            for partner, level in bridge.engaged_with.get(film, {}).items():
                if level >= PICKED:
                    found.setdefault(partner, (member, film))
    return found


def partners_signals(graph: MatchGraph, project_id: str) -> Signals:
    """Every partner (rows of the partner table) against one project."""
    bridge = graph.bridge
    t = bridge.partners
    n, g = len(t.ids), len(bridge.genres)
    info = bridge.listing.get(project_id)
    wanted = np.zeros(g, dtype=np.bool_)
    fmt, budget, director = -1, 0, ""
    if info is not None:
        for genre in info.genres:
            j = bridge.genres.index.get(genre)
            if j is not None:
                wanted[j] = True
        fmt = bridge.formats.index.get(info.format, -1) if info.format else -1
        budget, director = info.budget, bridge.director_of(project_id)
    wants_genre = t.wants_genre.view(n, g).astype(np.bool_)
    genre_share = np.asarray(
        (wants_genre & wanted[:g]).sum(axis=1) / max(1, int(wanted.sum())), dtype=np.float64
    )
    formats = t.wants_format.view(n, len(bridge.formats))
    format_fit = formats[:, fmt] if fmt >= 0 else np.zeros(n, dtype=np.bool_)
    stage = bridge.stage.get(project_id, "")
    code = ("development", "production", "distribution").index(stage) if stage in (
        "development", "production", "distribution"
    ) else -1  # fmt: skip
    stage_fit = t.wants_stage.view(n, 3)[:, code] if code >= 0 else np.zeros(n, np.bool_)
    follows = np.zeros(n, dtype=np.bool_)
    for follower in bridge.followers.get(director, set()) if director else set():
        partner = bridge.represents.get(follower, follower)
        i = t.ids.index.get(partner)
        if i is not None:
            follows[i] = True
    crew = np.zeros(n, dtype=np.bool_)
    for partner in crew_picks(graph, project_id):
        i = t.ids.index.get(partner)
        if i is not None:
            crew[i] = True
    university = np.zeros(n, dtype=np.int64)
    home = bridge.university.get(director) if director else None
    u = bridge.universities.index.get(home, -1) if home is not None else -1
    if u >= 0:
        university = np.asarray(
            t.by_university.view(n, len(bridge.universities))[:, u], dtype=np.int64
        )
    return Signals(
        genre=genre_share,
        format=np.asarray(format_fit, dtype=np.bool_),
        budget=_budget_fit(
            np.full(n, budget, dtype=np.int64),
            np.asarray(t.budget_min.view(n), dtype=np.int64),
            np.asarray(t.budget_max.view(n), dtype=np.int64),
            np.asarray(t.profiled.view(n), dtype=np.bool_),
        ),
        stage=np.asarray(stage_fit, dtype=np.bool_),
        deals=_best_genre(t.deals_by_genre.view(n, g), wanted[:g]),
        picks=_best_genre(t.picks_by_genre.view(n, g), wanted[:g]),
        follows=follows,
        crew=crew,
        university=university,
    )


def picked_side(graph: MatchGraph, partner_id: str) -> dict[str, str]:
    """Members who were on a project the partner picked: member -> that project (the first by
    id)."""
    found: dict[str, str] = {}
    for project, level in sorted(graph.bridge.engaged.get(partner_id, {}).items()):
        if level >= PICKED:
            for member in sorted(side_of(graph, project)):
                found.setdefault(member, project)
    return found


def _marked(rows: IntArray, chosen: list[int], size: int) -> BoolArray:
    """Which rows hold one of the chosen values (rows of -1 hold none)."""
    mark = np.zeros(size + 1, dtype=np.bool_)
    mark[np.array(chosen, dtype=np.int64)] = True
    return np.asarray(mark[np.where(rows >= 0, rows, size)], dtype=np.bool_)


def _best_of(bits: npt.NDArray[np.uint64], row: IntArray, *, add: bool = False) -> IntArray:
    """Per project, the most of `row` (a count per genre) over the project's genres, or with
    `add` their sum; only the genres the row counts are visited."""
    best = np.zeros(len(bits), dtype=np.int64)
    for j in np.flatnonzero(row).tolist():
        has = ((bits[:, j // 64] >> np.uint64(j % 64)) & np.uint64(1)).astype(np.int64)
        if add:
            best += has * int(row[j])
        else:
            np.maximum(best, has * int(row[j]), out=best)
    return best


@dataclass(frozen=True)
class Rows:
    """What every partner's ranking of the projects starts from, kept until a fact changes it."""

    version: int
    open: BoolArray  # listed and neither without a stage nor cancelled
    stage: IntArray
    director: IntArray
    format: IntArray
    budget: IntArray
    genres: IntArray  # how many genres each has
    university: IntArray  # its director's university, -1 for none
    first_time: BoolArray  # its director has no wrapped project


_ROWS: list[tuple[object, Rows]] = []  # (bridge state, its rows), the last few


def project_rows(graph: MatchGraph) -> Rows:
    bridge = graph.bridge
    t = bridge.projects
    for state, rows in _ROWS:
        if state is bridge and rows.version == bridge.version:
            return rows
    n = len(t.ids)
    stage = np.array(t.stage.view(n), dtype=np.int64)
    directors = np.array(t.director.view(n), dtype=np.int64)
    size = max(1, len(t.directors))
    home = np.asarray(t.university.view(size), dtype=np.int64)
    made = np.asarray(t.wrapped.view(size), dtype=np.int64)
    safe = np.maximum(directors, 0)
    found = Rows(
        version=bridge.version,
        open=np.asarray(t.listed.view(n), dtype=np.bool_)
        & (stage != NO_STAGE)
        & (stage != CANCELLED),
        stage=stage,
        director=directors,
        format=np.array(t.format.view(n), dtype=np.int64),
        budget=np.array(t.budget.view(n), dtype=np.int64),
        genres=np.array(t.genre_count.view(n), dtype=np.int64),
        university=np.where(directors >= 0, home[safe], -1),
        first_time=np.asarray((directors >= 0) & (made[safe] == 0), dtype=np.bool_),
    )
    _ROWS[:] = [*(kept for kept in _ROWS[-3:] if kept[0] is not bridge), (bridge, found)]
    return found


def candidate_rows(graph: MatchGraph, partner_id: str) -> IntArray | None:
    """The rows that may score above OUTSIDE for the partner: projects in a genre it looks for
    or has engaged with, and those of directors it follows or worked with; None (every row)
    when it states no genre (then anything may fit it)."""
    bridge = graph.bridge
    t, pt = bridge.projects, bridge.partners
    i = pt.ids.index.get(partner_id)
    profile = bridge.profiles.get(partner_id)
    if i is None or profile is None or not profile.genres:
        return None
    g = max(1, len(bridge.genres))
    counts = (
        np.asarray(pt.wants_genre.view(i + 1, g)[i], dtype=np.int64)
        + np.asarray(pt.deals_by_genre.view(i + 1, g)[i], dtype=np.int64)
        + np.asarray(pt.picks_by_genre.view(i + 1, g)[i], dtype=np.int64)
    )
    parts = [t.genre_rows(j) for j in np.flatnonzero(counts).tolist()]
    index = t.directors.index
    people = [*bridge.followed_by(partner_id), *picked_side(graph, partner_id)]
    for director in people:
        d = index.get(director)
        if d is not None:
            parts.append(np.array(t.by_director.get(d, []), dtype=np.int64))
    mark = np.zeros(len(t.ids), dtype=np.bool_)
    for part in parts:
        mark[part] = True
    return np.flatnonzero(mark)


def outside(graph: MatchGraph, partner_id: str) -> float:
    """The most a project outside `candidate_rows` can score: format, budget and stage fit,
    and the partner's best university."""
    pt = graph.bridge.partners
    i = pt.ids.index[partner_id]
    unis = max(1, len(graph.bridge.universities))
    best = int(np.asarray(pt.by_university.view(i + 1, unis)[i]).max())
    return FORMAT_FIT + BUDGET_FIT + STAGE_FIT + UNIVERSITY * float(np.log1p(best))


@dataclass(frozen=True)
class Scored:
    signals: Signals
    ok: BoolArray  # may be recommended at all
    rows: IntArray  # the project table's row of each position


def projects_signals(graph: MatchGraph, partner_id: str, k: int) -> Scored:
    """The projects (rows of the project table) against one partner, and which of them may be
    recommended at all (listed, not cancelled, not yet engaged with the partner): the candidate
    rows when at least k of them score above what any other row could, else every row."""
    sub = candidate_rows(graph, partner_id)
    if sub is not None:
        scored = _projects_signals(graph, partner_id, sub)
        above = scored.ok & (scored.signals.score > outside(graph, partner_id))
        if int(above.sum()) >= k:
            return scored
    return _projects_signals(graph, partner_id, None)


def _projects_signals(graph: MatchGraph, partner_id: str, sub: IntArray | None) -> Scored:
    bridge = graph.bridge
    t, pt = bridge.projects, bridge.partners
    g = len(bridge.genres)
    words = max(1, (g + 63) // 64)
    i = pt.ids.index.get(partner_id)
    base = project_rows(graph)
    rows = np.arange(len(t.ids), dtype=np.int64) if sub is None else sub
    n = len(rows)
    stage, directors = base.stage[rows], base.director[rows]
    listed = base.open[rows]
    engaged = [t.ids.index[p] for p in bridge.engaged.get(partner_id, {}) if p in t.ids.index]
    if engaged:
        listed &= ~np.isin(rows, engaged)
    zeros_b, zeros_i = np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.int64)
    index = t.directors.index
    followed = [index[d] for d in bridge.followed_by(partner_id) if d in index]
    worked = [index[d] for d in picked_side(graph, partner_id) if d in index]
    follows = _marked(directors, followed, len(t.directors))
    crew = _marked(directors, worked, len(t.directors))
    if i is None:
        empty = Signals(np.zeros(n), zeros_b, zeros_b, zeros_b, zeros_i, zeros_i, follows, crew,
                        zeros_i)  # fmt: skip
        return Scored(empty, listed, rows)
    bits = np.asarray(t.genre_bits.view(len(t.ids), words), dtype=np.uint64)[rows]
    wanted = np.asarray(pt.wants_genre.view(i + 1, max(1, g))[i], dtype=np.int64)
    liked = _best_of(bits, wanted, add=True)  # how many of each project's genres it wants
    genre = liked / np.maximum(base.genres[rows], 1)
    fmt = base.format[rows]
    takes = pt.wants_format.view(i + 1, max(1, len(bridge.formats)))[i]
    format_fit = (fmt >= 0) & np.asarray(takes[np.maximum(fmt, 0)], dtype=np.bool_)
    engages = pt.wants_stage.view(i + 1, 3)[i]
    stage_fit = (stage >= 0) & (stage < 3) & np.asarray(engages[np.clip(stage, 0, 2)], np.bool_)
    profiled = bool(pt.profiled.view(i + 1)[i])
    budget = _budget_fit(
        base.budget[rows],
        np.full(n, int(pt.budget_min.view(i + 1)[i]), dtype=np.int64),
        np.full(n, int(pt.budget_max.view(i + 1)[i]), dtype=np.int64),
        np.full(n, profiled, dtype=np.bool_),
    )
    deals_row = np.asarray(pt.deals_by_genre.view(i + 1, max(1, g))[i], dtype=np.int64)
    picks_row = np.asarray(pt.picks_by_genre.view(i + 1, max(1, g))[i], dtype=np.int64)
    university = zeros_i
    unis = len(bridge.universities)
    by_uni = np.asarray(pt.by_university.view(i + 1, max(1, unis))[i], dtype=np.int64)
    if unis and by_uni.any():
        where = base.university[rows]
        university = np.where(where >= 0, by_uni[np.maximum(where, 0)], 0)
    signals = Signals(
        genre=np.asarray(genre, dtype=np.float64),
        format=np.asarray(format_fit, dtype=np.bool_),
        budget=budget,
        stage=np.asarray(stage_fit, dtype=np.bool_),
        deals=_best_of(bits, deals_row),
        picks=_best_of(bits, picks_row),
        follows=follows,
        crew=crew,
        university=np.asarray(university, dtype=np.int64),
    )
    return Scored(signals, listed, rows)
