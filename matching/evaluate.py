"""Offline evaluation on the film-credits data, with the temporal protocol of its README.

`python -m matching.evaluate DATASET_DIR --cut 2003 --until 2008 [--json]`
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching import features as F
from matching.dataset import CATEGORIES, QUERY_ROLES, FilmCredits, facts_up_to, load
from matching.graph import MatchGraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
K = 10
METRICS = ("hr@10", "recall@10", "ndcg@10", "mrr")
BASELINES = (
    "random",
    "popularity",
    "recent popularity",
    "repeat",
    "common neighbours",
    "Adamic-Adar",
    "resource allocation",
    "personalised PageRank",
    "content TF-IDF",
)
OURS = ("filmhouse", "filmhouse-online")  # the re-ranker; the product's logistic model


# --- metrics ------------------------------------------------------------------------------------


def target_ranks(scores: FloatArray, tiebreak: FloatArray, targets: IntArray) -> IntArray:
    """Rank of each target: 1 + candidates strictly ahead on (score, tie-break)."""
    st = scores[targets][:, None]
    bt = tiebreak[targets][:, None]
    ahead = (scores[None, :] > st) | ((scores[None, :] == st) & (tiebreak[None, :] > bt))
    return np.asarray(1 + ahead.sum(axis=1), dtype=np.int64)


def query_metrics(ranks: IntArray, k: int = K) -> dict[str, float]:
    hits = ranks[ranks <= k]
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(ranks), k)))
    return {
        "hr@10": float(len(hits) > 0),
        "recall@10": len(hits) / len(ranks),
        "ndcg@10": float(np.sum(1.0 / np.log2(hits + 1.0))) / ideal,
        "mrr": 1.0 / float(ranks.min()),
    }


@dataclass
class Tally:
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    n: int = 0

    def add(self, ranks: IntArray) -> None:
        for key, value in query_metrics(ranks).items():
            self.sums[key] += value
        self.n += 1

    def result(self) -> dict[str, float]:
        out = {key: (v / self.n if self.n else 0.0) for key, v in self.sums.items()}
        return {**out, "n": self.n}


# --- queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalQuery:
    query: F.Query
    warm: bool
    repeat_targets: IntArray
    new_targets: IntArray


def build_queries(
    data: FilmCredits, graph: MatchGraph, snap: F.Snapshot, cut: int, until: int
) -> list[EvalQuery]:
    director = CATEGORIES.index("director")
    order = np.argsort(data.credit_film, kind="stable")
    films, persons, roles = (
        data.credit_film[order],
        data.credit_person[order],
        data.credit_role[order],
    )
    starts = np.searchsorted(films, np.arange(len(data.film_ids) + 1))
    out: list[EvalQuery] = []
    for film in np.flatnonzero((data.years > cut) & (data.years <= until)):
        lo, hi = starts[film], starts[film + 1]
        ppl, rls = persons[lo:hi], roles[lo:hi]
        directors = {data.person_ids[p] for p in ppl[rls == director]}
        if not directors:
            continue
        known = np.array(
            sorted(graph.members.index[d] for d in directors if d in graph.members.index),
            dtype=np.int64,
        )
        tokens = tuple(data.film_tokens(int(film)))
        for role in QUERY_ROLES:
            pop = snap.pop.get(role)
            if pop is None:
                continue
            ids = {data.person_ids[p] for p in ppl[rls == CATEGORIES.index(role)]} - directors
            idx = [graph.members.index[i] for i in ids if i in graph.members.index]
            targets = np.array(sorted(i for i in idx if pop[i] > 0), dtype=np.int64)
            if len(targets) == 0:
                continue
            shared = (
                np.asarray(snap.W[known][:, targets].sum(axis=0)).ravel()
                if len(known)
                else np.zeros(len(targets))
            )
            q = F.Query(
                role=role,
                directors=known,
                tokens=tokens,
                year=int(data.years[film]),
                targets=targets,
                key=f"{data.film_ids[film]}/{role}",
            )
            out.append(EvalQuery(q, len(known) > 0, targets[shared > 0], targets[shared == 0]))
    return out


# --- methods ------------------------------------------------------------------------------------

# A film-level scorer returns a (queries x union-of-candidates) block; role does not matter.
FilmScorer = Callable[[F.Snapshot, Sequence[F.Query], sp.csr_matrix, IntArray], FloatArray]
# A role-level scorer sees queries of one role and that role's candidates.
RoleScorer = Callable[[Sequence[F.Query], IntArray], FloatArray]


def film_scorers(seed: int = 0) -> dict[str, FilmScorer]:
    rng = np.random.default_rng(seed)
    return {
        "random": lambda s, qs, D, cols: rng.random((len(qs), len(cols))),
        "repeat": lambda s, qs, D, cols: F.repeat(s, D, cols),
        "common neighbours": lambda s, qs, D, cols: F.common_neighbours(s, D, cols),
        "Adamic-Adar": lambda s, qs, D, cols: F.adamic_adar(s, D, cols),
        "resource allocation": lambda s, qs, D, cols: F.resource_allocation(s, D, cols),
        "personalised PageRank": lambda s, qs, D, cols: F.personalised_pagerank(s, D, cols),
        "content TF-IDF": lambda s, qs, D, cols: F.content(s, qs, cols),
    }


@dataclass
class Results:
    overall: dict[str, Tally] = field(default_factory=dict)
    splits: dict[str, dict[str, Tally]] = field(default_factory=dict)
    top_slots: dict[str, int] = field(default_factory=dict)
    top_popular: dict[str, int] = field(default_factory=dict)
    hires: int = 0  # the real hires (targets), for comparison with the exposure shares
    hires_popular: int = 0

    def record(
        self,
        name: str,
        eq: EvalQuery,
        pos: dict[int, int],
        scores: FloatArray,
        tiebreak: FloatArray,
        popular: npt.NDArray[np.bool_],
    ) -> None:
        q = eq.query
        ranks = target_ranks(scores, tiebreak, np.array([pos[t] for t in q.targets]))
        self.overall.setdefault(name, Tally()).add(ranks)
        split = self.splits.setdefault(
            name, {s: Tally() for s in ("warm", "cold", "repeat", "new")}
        )
        split["warm" if eq.warm else "cold"].add(ranks)
        if eq.warm:
            for label, subset in (("repeat", eq.repeat_targets), ("new", eq.new_targets)):
                if len(subset):
                    split[label].add(ranks[np.isin(q.targets, subset)])
        top = top_k(scores, tiebreak, K)
        self.top_slots[name] = self.top_slots.get(name, 0) + len(top)
        self.top_popular[name] = self.top_popular.get(name, 0) + int(popular[top].sum())


def top_k(scores: FloatArray, tiebreak: FloatArray, k: int) -> IntArray:
    """Top k by score, then tie-break, then candidate order (id order)."""
    if len(scores) > 4 * k:
        keep = np.argpartition(-scores, 4 * k)[: 4 * k]
        floor = scores[keep].min()
        keep = np.flatnonzero(scores >= floor)
    else:
        keep = np.arange(len(scores))
    order = np.lexsort((keep, -tiebreak[keep], -scores[keep]))
    return keep[order[:k]].astype(np.int64)


def most_credited(snap: F.Snapshot, cands: IntArray, role: str) -> npt.NDArray[np.bool_]:
    """The most-credited tenth of a role's candidates (credits in any role, ties by id)."""
    credits = np.asarray(snap.B[cands].sum(axis=1)).ravel()
    order = np.lexsort((cands, -credits))
    flag = np.zeros(len(cands), dtype=bool)
    flag[order[: max(1, len(cands) // 10)]] = True
    return flag


def run(
    snap: F.Snapshot,
    queries: Sequence[EvalQuery],
    ours: Callable[[Sequence[F.Query], IntArray], dict[str, FloatArray]] | None,
    batch: int = 256,
    progress: Callable[[str], None] = lambda _msg: None,
) -> Results:
    res = Results()
    cands = {role: snap.candidates(role) for role in QUERY_ROLES}
    union = np.unique(np.concatenate(list(cands.values())))
    role_pos = {role: np.searchsorted(union, c) for role, c in cands.items()}
    pos_maps = {role: {int(m): i for i, m in enumerate(c)} for role, c in cands.items()}
    popular = {role: most_credited(snap, c, role) for role, c in cands.items()}
    tiebreak = {role: snap.recent[role][c] for role, c in cands.items()}
    scorers = film_scorers()
    by_film: dict[str, list[EvalQuery]] = {}
    for eq in queries:
        by_film.setdefault(eq.query.key.split("/")[0], []).append(eq)
    films = list(by_film)
    started = time.perf_counter()
    for b in range(0, len(films), batch):
        group = films[b : b + batch]
        reps = [by_film[f][0].query for f in group]
        D = snap.director_matrix(reps)
        row = {f: i for i, f in enumerate(group)}
        warm_rows = np.array([i for i, q in enumerate(reps) if len(q.directors)], dtype=np.int64)
        blocks: dict[str, FloatArray] = {}
        for name, fn in scorers.items():
            if name in (
                "repeat",
                "common neighbours",
                "Adamic-Adar",
                "resource allocation",
                "personalised PageRank",
            ):
                block = np.zeros((len(reps), len(union)))
                if len(warm_rows):
                    block[warm_rows] = fn(snap, [reps[i] for i in warm_rows], D[warm_rows], union)
                blocks[name] = block
            else:
                blocks[name] = fn(snap, reps, D, union)
        members = [eq for f in group for eq in by_film[f]]
        ours_scores: dict[int, dict[str, FloatArray]] = {}
        if ours is not None:
            for role in QUERY_ROLES:
                sub = [i for i, eq in enumerate(members) if eq.query.role == role]
                if sub:
                    named = ours([members[i].query for i in sub], cands[role])
                    for j, i in enumerate(sub):
                        ours_scores[i] = {name: block[j] for name, block in named.items()}
        for i, eq in enumerate(members):
            role = eq.query.role
            r = row[eq.query.key.split("/")[0]]
            pos, tb, pop = pos_maps[role], tiebreak[role], popular[role]
            res.hires += len(eq.query.targets)
            res.hires_popular += int(sum(pop[pos[t]] for t in eq.query.targets))
            res.record("popularity", eq, pos, snap.pop[role][cands[role]], tb, pop)
            res.record("recent popularity", eq, pos, snap.recent[role][cands[role]], tb, pop)
            for name, block in blocks.items():
                res.record(name, eq, pos, block[r, role_pos[role]], tb, pop)
            for name, scores in ours_scores.get(i, {}).items():
                res.record(name, eq, pos, scores, tb, pop)
        progress(
            f"evaluated {min(b + batch, len(films))}/{len(films)} films "
            f"({time.perf_counter() - started:.0f}s)"
        )
    return res


# --- reporting ----------------------------------------------------------------------------------


def report(res: Results, n_queries: int) -> dict[str, object]:
    names = [n for n in (*BASELINES, *OURS) if n in res.overall]
    return {
        "queries": n_queries,
        "methods": {n: res.overall[n].result() for n in names},
        "splits": {
            s: {n: res.splits[n][s].result() for n in names}
            for s in ("warm", "cold", "repeat", "new")
        },
        "exposure": {n: res.top_popular[n] / max(1, res.top_slots[n]) for n in names},
    }


def table(rep: dict[str, object]) -> str:
    methods = cast(dict[str, dict[str, float]], rep["methods"])
    splits = cast(dict[str, dict[str, dict[str, float]]], rep["splits"])
    exposure = cast(dict[str, float], rep["exposure"])
    head = (
        "| method | hr@10 | recall@10 | ndcg@10 | mrr | warm hr@10 | cold hr@10 "
        "| repeat hr@10 | new hr@10 | top-10% share |"
    )
    lines = [head, "|" + "---|" * 10]
    for name, m in methods.items():
        sp_ = {s: splits[s][name]["hr@10"] for s in ("warm", "cold", "repeat", "new")}
        lines.append(
            f"| {name} | {m['hr@10']:.3f} | {m['recall@10']:.3f} | {m['ndcg@10']:.3f} "
            f"| {m['mrr']:.3f} | {sp_['warm']:.3f} | {sp_['cold']:.3f} | {sp_['repeat']:.3f} "
            f"| {sp_['new']:.3f} | {exposure[name]:.3f} |"
        )
    return "\n".join(lines)


def hires_share(res: Results) -> str:
    share = res.hires_popular / max(1, res.hires)
    return f"real hires going to the most-credited tenth of candidates: {share:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse match evaluate")
    parser.add_argument("dataset_dir")
    parser.add_argument("--cut", type=int, required=True)
    parser.add_argument("--until", type=int, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-ours", action="store_true", help="baselines only")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    data = load(args.dataset_dir)
    say(f"loaded {len(data.film_ids)} films, {len(data.credit_film)} credits")
    graph = MatchGraph.from_facts(facts_up_to(data, args.cut))
    snap = F.Snapshot(graph, args.cut)
    queries = build_queries(data, graph, snap, args.cut, args.until)
    say(
        f"graph up to {args.cut}: {len(graph.members)} people; {len(queries)} queries "
        f"({sum(q.warm for q in queries)} warm) ({time.perf_counter() - started:.0f}s)"
    )
    ours = None
    if not args.no_ours:
        from matching.ranker import fit_for_evaluation

        ours = fit_for_evaluation(graph, snap, args.cut, progress=say)
    res = run(snap, queries, ours, progress=say)
    rep = report(res, len(queries))
    say(hires_share(res))
    say(f"done in {time.perf_counter() - started:.0f}s")
    if args.json:
        print(json.dumps(rep))
    else:
        print(table(rep))
        print(hires_share(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
