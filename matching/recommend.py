"""Recommendations over a MatchGraph: crew for a role, partners for a project, and the reverse.

Crew scoring = the learned logistic model on graph/content/activity features (weights fitted
offline on the film-credits data, or from the log's own hires vs declines) plus the product
signals the film data cannot teach (skills, availability, interests, declines), whose weights
are set by hand in logit units and named below.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph, ProjectListed, project_tokens
from matching.newcomers import NEWCOMER_FILMS, films_in_role, newcomer_mask, newcomer_slots
from matching.pools import newcomer_pool, skill_holders
from matching.ranker import ONLINE_FEATURES, OnlineModel, default_model

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

POOL_GRAPH = 150  # nearest members on the graph
POOL_ACTIVE = 100  # most recently active members of the role, always considered
POOL_SKILLED = 100  # best holders of the role's skills
POOL_NEWCOMERS = 30  # best newcomers among them, however many established holders rank above
# Bounds on the common-neighbour walk, so prolific members cannot blow the latency: at most
# graph.STRONGEST of a member's coworkers (most shared films first) and WALK_BUDGET steps per
# query.
WALK_BUDGET = 10_000
HIRED_CREW_WEIGHT = 0.5  # hired crew count half as much as the director for proximity
DECAY_YEARS = 5.0  # as in features.DECAY_YEARS
CERTIFIED_BONUS = 0.8  # a verified badge for a required skill
CLAIMED_BONUS = 0.15  # per claimed level of a required skill
ENDORSED_BONUS = 0.1  # per log(1 + endorsements)
INTEREST_BONUS = 0.4  # reciprocity: the candidate says they want this genre
DECLINE_PENALTY = 0.3  # per log(1 + roles the candidate turned down)
BUSY_TIER = 100.0  # busy candidates rank after every free one


@dataclass(frozen=True)
class RoleQuery:
    project_id: str
    role: str
    skills: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    role_id: str = ""

    @classmethod
    def for_open_role(cls, graph: MatchGraph, project_id: str, role_id: str) -> RoleQuery:
        r = graph.open_roles[project_id][role_id]
        return cls(project_id, r.role, r.skills, r.start, r.end, role_id)


@dataclass(frozen=True)
class Match:
    member_id: str
    score: float
    reasons: tuple[str, ...]
    newcomer: bool = False  # fewer than NEWCOMER_FILMS films when ranked (matching.newcomers)


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


def _name(graph: MatchGraph, kind: str, ident: str) -> str:
    attrs = graph.nx.nodes.get((kind, ident), {})
    return str(attrs.get("name") or attrs.get("title") or ident)


def _as_of(graph: MatchGraph, info: ProjectListed | None) -> int:
    if info is not None:
        return info.year
    years = graph.credit_arrays()[:, 3]
    return int(years.max()) if len(years) else 0


def _lookup(keys: IntArray, values: FloatArray, wanted: IntArray) -> FloatArray:
    """values[keys == w] for each w in wanted (keys sorted and unique), 0.0 where absent."""
    if not len(keys):
        return np.zeros(len(wanted))
    pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[pos] == wanted, values[pos], 0.0)


def _sums(ids: list[IntArray], *weights: FloatArray) -> tuple[IntArray, list[FloatArray]]:
    """Per distinct id (sorted), the sum of each weight column. np.bincount adds in input
    order, so each sum is the same float as adding the contributions one by one in walk order."""
    if not ids:
        return np.zeros(0, dtype=np.int64), [np.zeros(0) for _ in weights]
    keys, inverse = np.unique(np.concatenate(ids), return_inverse=True)
    return keys, [np.bincount(inverse, w, len(keys)).astype(np.float64) for w in weights]


class _Proximity:
    """Graph features of candidates relative to the query side (directors + hired crew).

    The walk visits the same films and coworkers in the same order as a member-by-member walk
    would, but gathers each step's members as cached arrays and sums them in numpy.
    """

    def __init__(self, graph: MatchGraph, side: dict[int, float], role: str, as_of: int) -> None:
        self.side = side
        crew: list[IntArray] = []  # crew of the side's films, but the side member
        in_role: list[IntArray] = []  # those of them credited in the role on that film
        crew_w: list[float] = []  # per side member
        role_w: list[FloatArray] = []  # (side weight, side weight x film decay) per member
        walk: list[IntArray] = []  # reach of each coworker walked
        walk_w: list[tuple[float, float, float]] = []  # cn, aa, ra weight per coworker walked
        budget = WALK_BUDGET
        for s, w in sorted(side.items(), key=lambda sw: (-sw[1], sw[0])):
            members, mask, years = graph.films_crew(s, role)
            crew.append(members)
            crew_w.append(w)
            in_role.append(members[mask])
            when, film = np.unique(years[mask], return_inverse=True)
            decay = [w * math.exp(-(as_of - int(y)) / DECAY_YEARS) for y in when]
            recent = np.array(decay, dtype=np.float64)[film]
            role_w.append(np.column_stack([np.full(len(recent), w), recent]))
            # common neighbours, walked only to members who hold a credit in the role
            for z in graph.strongest(s):
                reach = graph.reach(z, role)
                if not len(reach) or budget <= 0:
                    continue
                budget -= len(reach)
                deg = len(graph.coworkers[z])
                walk.append(reach)
                walk_w.append((w, w / math.log(deg) if deg > 1 else 0.0, w / deg))
        self.crew_keys, (self.repeat,) = _sums(crew, np.repeat(crew_w, [len(c) for c in crew]))
        by_role = np.concatenate(role_w) if role_w else np.zeros((0, 2))
        self.role_keys, (self.in_role, self.in_role_recent) = _sums(in_role, *by_role.T)
        per_step = np.repeat(np.array(walk_w).reshape(-1, 3), [len(r) for r in walk], axis=0)
        self.walk_keys, (self.cn, self.aa, self.ra) = _sums(walk, *per_step.T)

    def closest(self, n: int) -> list[int]:
        """The n candidates the graph puts nearest (role repeats, then resource allocation,
        then index)."""
        side = np.fromiter(self.side, np.int64, len(self.side))
        ahead = self.role_keys[(self.in_role_recent > 0) & ~np.isin(self.role_keys, side)]
        if len(ahead) < n:  # the rest by resource allocation alone: only the best few matter
            rest = np.setdiff1d(np.union1d(self.role_keys, self.walk_keys), ahead)
            rest = rest[~np.isin(rest, side)]
            ra = _lookup(self.walk_keys, self.ra, rest)
            want = n - len(ahead)
            if len(rest) > want:  # keep every tie of the last one in
                rest = rest[ra >= np.partition(ra, len(ra) - want)[len(ra) - want]]
            ahead = np.concatenate([ahead, rest])
        recent = _lookup(self.role_keys, self.in_role_recent, ahead)
        ra = _lookup(self.walk_keys, self.ra, ahead)
        return [int(c) for c in ahead[np.lexsort((ahead, -ra, -recent))[:n]]]

    def features(self, members: IntArray) -> list[FloatArray]:
        """repeat, repeat_in_role, repeat_in_role_recent, common_neighbours, adamic_adar,
        resource_allocation of each member."""
        return [
            _lookup(self.crew_keys, self.repeat, members),
            _lookup(self.role_keys, self.in_role, members),
            _lookup(self.role_keys, self.in_role_recent, members),
            _lookup(self.walk_keys, self.cn, members),
            _lookup(self.walk_keys, self.aa, members),
            _lookup(self.walk_keys, self.ra, members),
        ]

    def reasons(self, graph: MatchGraph, c: int) -> list[str]:
        best: tuple[int, int, int] | None = None  # (year, -member, -project)
        for s in self.side:
            for p in graph.films.get(s, set()) & graph.films.get(c, set()):
                key = (graph.project_year.get(p, 0), -s, -p)
                if best is None or key > best:
                    best = key
        if best is not None:
            who = _name(graph, "member", graph.members.ids[-best[1]])
            what = _name(graph, "project", graph.projects.ids[-best[2]])
            return [f"worked with {who} on {what}"]
        mine = graph.coworkers.get(c, Counter()).keys()
        vias = [
            (1.0 / len(graph.coworkers[z]), -z)
            for s in self.side
            for z in graph.coworkers.get(s, Counter()).keys() & mine
        ]
        if vias:
            who = _name(graph, "member", graph.members.ids[-max(vias)[1]])
            return [f"worked with {who}, who is close to this project"]
        return []


def _content(graph: MatchGraph, tokens: list[str], members: list[int]) -> FloatArray:
    """TF-IDF cosine (sublinear tf, smooth idf, min_df 2), as the offline content features,
    over the members' cached token vectors."""
    counts = Counter(tokens)
    q_ids = np.array([graph.vocabulary(t) for t in counts], dtype=np.int64)
    vectors = [graph.token_vector(m) for m in members]
    idf = graph.idf_vector()
    q = np.zeros(len(idf))
    q[q_ids] = [(1 + math.log(n)) * w for n, w in zip(counts.values(), idf[q_ids], strict=True)]
    qn = math.sqrt(float(np.sum(q * q))) or 1.0
    if not vectors:
        return np.zeros(0)
    ids = np.concatenate([v[0] for v in vectors])
    v = np.concatenate([v[1] for v in vectors]) * idf[ids]
    owner = np.repeat(np.arange(len(members)), [len(v[0]) for v in vectors])
    norm = np.bincount(owner, v * v, len(members))
    dot = np.bincount(owner, v * q[ids], len(members))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm > 0, dot / (np.sqrt(norm) * qn), 0.0)


def _activity(graph: MatchGraph, m: int, role: str, as_of: int) -> tuple[float, ...]:
    years = graph.role_years.get(m, {}).get(role, [])  # sorted
    n = bisect.bisect_right(years, as_of)
    recent = n - bisect.bisect_right(years, as_of - 10, 0, n)
    last3 = n - bisect.bisect_right(years, as_of - 3, 0, n)
    since = as_of - years[n - 1] if n else 50
    return (math.log1p(n), math.log1p(recent), float(last3), float(since))


class _RoleContext:
    """What a role query needs from the graph: the project, its side (directors and hired
    crew) and the side's proximity to everyone."""

    def __init__(self, graph: MatchGraph, q: RoleQuery) -> None:
        self.graph, self.q = graph, q
        self.info = graph.project_info.get(q.project_id)
        self.as_of = _as_of(graph, self.info)
        directors = {
            graph.members.index[d]
            for d in graph.directors.get(q.project_id, ())
            if d in graph.members.index
        }
        hired = {
            graph.members.index[h]
            for r in graph.open_roles.get(q.project_id, {}).values()
            for h in r.hired
            if h in graph.members.index
        }
        self.side = {m: HIRED_CREW_WEIGHT for m in hired} | {d: 1.0 for d in directors}
        self.prox = _Proximity(graph, self.side, q.role, self.as_of)

    def features(self, members: list[int]) -> tuple[FloatArray, FloatArray]:
        """The ranker's features (ONLINE_FEATURES order) of these members, and their content."""
        graph, q = self.graph, self.q
        tokens = project_tokens(self.info) if self.info is not None else []
        content = _content(graph, tokens, members)
        activity = np.array(
            [_activity(graph, c, q.role, self.as_of) for c in members], dtype=np.float64
        ).reshape(len(members), 4)
        graph_part = self.prox.features(np.array(members, dtype=np.int64))
        x = np.column_stack([*graph_part, content, activity]).reshape(
            len(members), len(ONLINE_FEATURES)
        )
        return x, content


def crew_features(graph: MatchGraph, role_query: RoleQuery, member_ids: list[str]) -> FloatArray:
    """The learned ranker's features (ONLINE_FEATURES order) of these members for the role, as
    the graph knows them now: what a retraining records at the moment of each decision."""
    members = [graph.members.index[m] for m in member_ids]
    return _RoleContext(graph, role_query).features(members)[0]


def recommend_crew(
    graph: MatchGraph,
    role_query: RoleQuery,
    *,
    k: int = 10,
    model: OnlineModel | None = None,
    exclude: Collection[str] = (),
    impressions: Mapping[str, int] | None = None,
) -> list[Match]:
    """The k members to show for the role, best first, with newcomers given their slots
    (matching.newcomers) among exactly these k: `exclude` (member ids the caller will not
    show) are left out before the slots are given, never after; `impressions` (appearances so
    far, by member id) give them to the least shown, so newcomers take turns."""
    model = model or default_model()
    q = role_query
    ctx = _RoleContext(graph, q)
    info, side, prox = ctx.info, ctx.side, ctx.prox
    # candidate generation: graph-near, recently active in the role, holders of the skills, and
    # the best newcomers holding them (the exposure rule can only promote whom the pool holds)
    pool = set(prox.closest(POOL_GRAPH))
    active = graph.activity.get(q.role)
    if active is not None:
        pool |= set(active.most_active(POOL_ACTIVE).tolist())
    pool |= set(skill_holders(graph, q.skills, POOL_SKILLED))
    pool |= set(newcomer_pool(graph, q.skills, q.start, q.end, POOL_NEWCOMERS, impressions))
    p = graph.projects.index.get(q.project_id)
    on_project = set(graph.crew.get(p, {})) if p is not None else set()
    on_project |= {graph.members.index[m] for m in exclude if m in graph.members.index}
    director_ids = graph.directors.get(q.project_id, set())
    members = sorted(
        c
        for c in pool
        if c not in side
        and c not in on_project
        and not any((d, c) in graph.rejected for d in director_ids)
        and not _declined_this(graph, c, q)
    )
    if not members:
        return []
    x, content = ctx.features(members)
    genres = set(info.genres) if info is not None else set()
    score = model.logit(x) + np.array([_product_signals(graph, c, q, genres)[0] for c in members])
    ids = np.array(members, dtype=np.int64)
    order = np.lexsort((np.array([graph.members.ids[c] for c in members]), -score))
    new = newcomer_mask(graph, ids)
    chosen = newcomer_slots(graph, members, order, new, k, q.skills, q.start, q.end, impressions)
    promoted = set(chosen) - {int(i) for i in order[:k]}
    out = []
    for i in chosen:
        c = members[i]
        why = prox.reasons(graph, c)
        films = films_in_role(graph, c, q.role)  # films, not hires still to shoot
        if films:
            why.append(f"{films} film{'s' if films != 1 else ''} as {q.role.replace('_', ' ')}")
        if content[i] >= 0.3:
            why.append("has made films like this one")
        if i in promoted:
            why.append(f"newcomer with fewer than {NEWCOMER_FILMS} films: given a fair look")
        why += _product_signals(graph, c, q, genres)[1]
        out.append(Match(graph.members.ids[c], round(float(score[i]), 6), tuple(why), bool(new[i])))
    return out


def _declined_this(graph: MatchGraph, c: int, q: RoleQuery) -> bool:
    roles = graph.declined.get((q.project_id, c))
    if not roles:
        return False
    return not q.role_id or q.role_id in roles


def _product_signals(
    graph: MatchGraph, c: int, q: RoleQuery, genres: set[str]
) -> tuple[float, list[str]]:
    bonus, why = 0.0, []
    for skill in q.skills:
        state = graph.skills.get(skill, {}).get(c)
        if state is None:
            continue
        if state.certified:
            bonus += CERTIFIED_BONUS
            why.append(f"certified in {state.certified}")
        elif state.level:
            bonus += CLAIMED_BONUS * state.level
            why.append(f"claims {skill} (level {state.level})")
        if state.endorsements:
            bonus += ENDORSED_BONUS * math.log1p(state.endorsements)
            why.append(f"endorsed {state.endorsements}× for {skill}")
    liked = sorted(graph.interests.get(c, set()) & genres)
    if liked:
        bonus += INTEREST_BONUS
        why.append(f"wants to work on {', '.join(liked)}")
    declined = graph.declined_by.get(c, 0)
    if declined:
        bonus -= DECLINE_PENALTY * math.log1p(declined)
    if q.start is not None and q.end is not None:
        if graph.is_free(c, q.start, q.end):
            why.append("free on the shoot dates")
        else:
            bonus -= BUSY_TIER
            why.append("busy on the shoot dates")
    return bonus, why


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
            title = _name(graph, "project", same_director[-1])
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
            why.append(f"by {_name(graph, 'member', known[0])}, whose work you followed")
        roles = graph.open_roles.get(pid, {})
        filled = sum(1 for r in roles.values() if r.hired)
        if roles:
            score += 0.2 * filled / len(roles)
            why.append(f"{filled} of {len(roles)} crew roles filled")
        if score > 0:
            out.append(ProjectMatch(pid, round(score, 6), tuple(why)))
    out.sort(key=lambda m: (-m.score, m.project_id))
    return out[:k]
