"""Recommendations over a MatchGraph: crew for a role, partners for a project, and the reverse.

Crew scoring = the learned logistic model on graph/content/activity features (weights fitted
offline on the film-credits data, or from the log's own hires vs declines) plus the product
signals the film data cannot teach (skills, availability, interests, declines), whose weights
are set by hand in logit units and named below.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.graph import MatchGraph, ProjectListed, project_tokens
from matching.ranker import ONLINE_FEATURES, OnlineModel, default_model

FloatArray = npt.NDArray[np.float64]

POOL_GRAPH = 150  # nearest members on the graph
POOL_ACTIVE = 100  # most recently active members of the role, always considered
POOL_SKILLED = 100  # best holders of the role's skills
# Bounds on the common-neighbour walk, so prolific members cannot blow the latency: at most
# MAX_VIA of a member's coworkers (most shared films first) and WALK_BUDGET steps per query.
MAX_VIA = 200
WALK_BUDGET = 10_000
HIRED_CREW_WEIGHT = 0.5  # hired crew count half as much as the director for proximity
DECAY_YEARS = 5.0  # as in features.DECAY_YEARS
CERTIFIED_BONUS = 0.8  # a verified badge for a required skill
CLAIMED_BONUS = 0.15  # per claimed level of a required skill
ENDORSED_BONUS = 0.1  # per log(1 + endorsements)
INTEREST_BONUS = 0.4  # reciprocity: the candidate says they want this genre
DECLINE_PENALTY = 0.3  # per log(1 + roles the candidate turned down)
BUSY_TIER = 100.0  # busy candidates rank after every free one
NEWCOMER_CREDITS = 2  # fewer films than this on the graph makes a member "new"


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


class _Proximity:
    """Graph features of candidates relative to the query side (directors + hired crew)."""

    def __init__(self, graph: MatchGraph, side: dict[int, float], role: str, as_of: int) -> None:
        self.repeat: defaultdict[int, float] = defaultdict(float)
        self.in_role: defaultdict[int, float] = defaultdict(float)
        self.in_role_recent: defaultdict[int, float] = defaultdict(float)
        self.cn: defaultdict[int, float] = defaultdict(float)
        self.aa: defaultdict[int, float] = defaultdict(float)
        self.ra: defaultdict[int, float] = defaultdict(float)
        self.side = side
        budget = WALK_BUDGET
        for s, w in sorted(side.items(), key=lambda sw: (-sw[1], sw[0])):
            for p in graph.films.get(s, ()):
                decay = math.exp(-(as_of - graph.project_year.get(p, 0)) / DECAY_YEARS)
                for c, roles in graph.crew[p].items():
                    if c == s:
                        continue
                    self.repeat[c] += w
                    if role in roles:
                        self.in_role[c] += w
                        self.in_role_recent[c] += w * decay
            # common neighbours, walked only to members who hold a credit in the role
            for z in _strongest(graph.coworkers.get(s, Counter()), MAX_VIA):
                reach = graph.role_coworkers.get(z, {}).get(role)
                if not reach or budget <= 0:
                    continue
                budget -= len(reach)
                deg = len(graph.coworkers[z])
                aa = w / math.log(deg) if deg > 1 else 0.0
                ra = w / deg
                for c in reach:
                    self.cn[c] += w
                    self.aa[c] += aa
                    self.ra[c] += ra

    def closest(self, n: int) -> list[int]:
        """The n candidates the graph puts nearest (role repeats, then resource allocation)."""
        reached = set(self.in_role) | set(self.ra)
        reached -= set(self.side)
        get_recent, get_ra = self.in_role_recent.get, self.ra.get
        return heapq.nsmallest(n, reached, key=lambda c: (-get_recent(c, 0.0), -get_ra(c, 0.0), c))

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
        vias = [
            (1.0 / len(graph.coworkers[z]), -z)
            for s in self.side
            for z in graph.coworkers.get(s, {})
            if c in graph.coworkers[z]
        ]
        if vias:
            who = _name(graph, "member", graph.members.ids[-max(vias)[1]])
            return [f"worked with {who}, who is close to this project"]
        return []


def _strongest(coworkers: Counter[int], n: int) -> list[int]:
    """All coworkers, or for the most connected members the n with the most shared films."""
    if len(coworkers) <= n:
        return list(coworkers)
    return [z for z, _ in heapq.nlargest(n, coworkers.items(), key=lambda kv: (kv[1], -kv[0]))]


def _content(graph: MatchGraph, tokens: list[str], members: list[int]) -> FloatArray:
    """TF-IDF cosine (sublinear tf, smooth idf, min_df 2), as the offline content features."""
    idf: dict[str, float] = {}

    def weight(t: str) -> float:
        v = idf.get(t)
        if v is None:
            v = idf[t] = graph.idf(t) if graph.token_df.get(t, 0) >= 2 else 0.0
        return v

    q = {t: (1 + math.log(n)) * weight(t) for t, n in Counter(tokens).items()}
    qn = math.sqrt(sum(v * v for v in q.values())) or 1.0
    out = np.zeros(len(members))
    for i, m in enumerate(members):
        mine = graph.tokens.get(m)
        if not mine:
            continue
        dot = norm = 0.0
        for t, n in mine.items():
            v = (1 + math.log(n)) * weight(t)
            norm += v * v
            if t in q:
                dot += v * q[t]
        out[i] = dot / (math.sqrt(norm) * qn) if norm else 0.0
    return out


def _activity(graph: MatchGraph, m: int, role: str, as_of: int) -> tuple[float, ...]:
    years = [y for y in graph.role_years.get(m, {}).get(role, []) if y <= as_of]
    recent = sum(1 for y in years if y > as_of - 10)
    last3 = sum(1 for y in years if y > as_of - 3)
    since = as_of - max(years) if years else 50
    return (math.log1p(len(years)), math.log1p(recent), float(last3), float(since))


def _skilled(graph: MatchGraph, skills: tuple[str, ...], n: int) -> list[int]:
    """Up to n holders of the role's skills: certified first, then level and endorsements."""
    best: dict[int, tuple[int, int, int]] = {}
    for skill in skills:
        for m, st in graph.skills.get(skill, {}).items():
            key = (1 if st.certified else 0, st.level, st.endorsements)
            best[m] = max(best.get(m, key), key)
    return sorted(best, key=lambda m: (tuple(-v for v in best[m]), m))[:n]


def recommend_crew(
    graph: MatchGraph, role_query: RoleQuery, *, k: int = 10, model: OnlineModel | None = None
) -> list[Match]:
    model = model or default_model()
    q = role_query
    info = graph.project_info.get(q.project_id)
    as_of = _as_of(graph, info)
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
    side = {m: HIRED_CREW_WEIGHT for m in hired} | {d: 1.0 for d in directors}
    prox = _Proximity(graph, side, q.role, as_of)
    # candidate generation: graph-near, recently active in the role, holders of the skills
    pool = set(prox.closest(POOL_GRAPH))
    active = graph.activity.get(q.role)
    if active is not None:
        pool |= set(active.most_active(POOL_ACTIVE).tolist())
    pool |= set(_skilled(graph, q.skills, POOL_SKILLED))
    p = graph.projects.index.get(q.project_id)
    on_project = set(graph.crew.get(p, {})) if p is not None else set()
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
    content = _content(graph, project_tokens(info) if info is not None else [], members)
    rows = []
    for i, c in enumerate(members):
        pop, recent, last3, since = _activity(graph, c, q.role, as_of)
        rows.append(
            (
                prox.repeat[c],
                prox.in_role[c],
                prox.in_role_recent[c],
                prox.cn[c],
                prox.aa[c],
                prox.ra[c],
                content[i],
                pop,
                recent,
                last3,
                since,
            )
        )
    x = np.array(rows, dtype=np.float64).reshape(len(members), len(ONLINE_FEATURES))
    genres = set(info.genres) if info is not None else set()
    score = model.logit(x) + np.array([_product_signals(graph, c, q, genres)[0] for c in members])
    ids = np.array(members, dtype=np.int64)
    order = np.lexsort((np.array([graph.members.ids[c] for c in members]), -score))
    chosen = _with_newcomers(graph, ids, order, k)
    promoted = set(chosen) - {int(i) for i in order[:k]}
    out = []
    for i in chosen:
        c = members[i]
        why = prox.reasons(graph, c)
        films = len(graph.role_years.get(c, {}).get(q.role, []))
        if films:
            why.append(f"{films} film{'s' if films != 1 else ''} as {q.role.replace('_', ' ')}")
        if content[i] >= 0.3:
            why.append("has made films like this one")
        if i in promoted:
            why.append("new to Film House: given a fair look")
        why += _product_signals(graph, c, q, genres)[1]
        out.append(Match(graph.members.ids[c], round(float(score[i]), 6), tuple(why)))
    return out


def _declined_this(graph: MatchGraph, c: int, q: RoleQuery) -> bool:
    key = ("member", graph.members.ids[c])
    proj = ("project", q.project_id)
    if not graph.nx.has_edge(key, proj):
        return False
    return any(
        isinstance(e, tuple) and e[0] == "declined" and (not q.role_id or e[1] == q.role_id)
        for e in graph.nx[key][proj]
    )


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


def _with_newcomers(
    graph: MatchGraph, members: npt.NDArray[np.int64], order: npt.NDArray[np.int64], k: int
) -> list[int]:
    """Exposure rule: k // 5 of the k slots (one in five) go to newcomers when any qualify.

    A newcomer has fewer than NEWCOMER_CREDITS films on the graph. The best-ranked newcomers
    (by the same score, ties by id) replace the lowest-ranked established members of the top
    k, keeping score order; nobody busy or excluded is promoted, since they never reach here.
    """
    top = [int(i) for i in order[:k]]
    quota = k // 5
    new = [i for i in top if len(graph.films.get(int(members[i]), ())) < NEWCOMER_CREDITS]
    if len(new) >= quota or len(top) < k:
        return top
    extra = [
        int(i) for i in order[k:] if len(graph.films.get(int(members[i]), ())) < NEWCOMER_CREDITS
    ][: quota - len(new)]
    if not extra:
        return top
    established = [i for i in top if i not in new]
    keep = set(new) | set(established[: k - len(new) - len(extra)]) | set(extra)
    rank = {int(i): r for r, i in enumerate(order)}
    return sorted(keep, key=lambda i: rank[i])


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
