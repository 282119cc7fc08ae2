"""Learning to rank crew from outcomes: candidate pools from cheap scores, re-ranked by a model.

The model is fitted on an earlier temporal split of the same graph (snapshot at `cut - 5`,
outcomes of films released after it up to the cut), so nothing from after the cut is ever seen.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from matching import features as F
from matching.facts import project_tokens
from matching.graph import MatchGraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ROLES = ("cinematographer", "editor", "composer", "producer", "writer", "production_designer")
POOL_GRAPH = 150
POOL_CONTENT = 200
POOL_RECENT = 50
BATCH = 96


def _top(values: FloatArray, n: int, positive: bool) -> IntArray:
    idx = np.flatnonzero(values > 0) if positive else np.arange(len(values))
    if len(idx) > n:
        idx = idx[np.argpartition(-values[idx], n)[:n]]
    return idx.astype(np.int64)


def cold_prior(blocks: FloatArray, ctx: F.RoleContext) -> FloatArray:
    """A cheap content-times-activity score; ranks everyone the model does not re-rank."""
    content = blocks[F.PAIR_FEATURES.index("content_role")]
    return np.asarray(content * np.log1p(ctx.recent)[None, :], dtype=np.float64)


def pools(blocks: FloatArray, ctx: F.RoleContext) -> list[IntArray]:
    graph_scores = [
        blocks[F.PAIR_FEATURES.index(n)]
        for n in ("resource_allocation", "two_hop_in_role_ra", "repeat", "repeat_in_role")
    ]
    prior = cold_prior(blocks, ctx)
    country = blocks[F.PAIR_FEATURES.index("country_role")] * np.log1p(ctx.recent)[None, :]
    recent_top = _top(ctx.recent, POOL_RECENT, positive=False)
    out = []
    for r in range(blocks.shape[1]):
        parts = [_top(g[r], POOL_GRAPH, positive=True) for g in graph_scores]
        parts += [
            _top(prior[r], POOL_CONTENT, True),
            _top(country[r], POOL_CONTENT, True),
            recent_top,
        ]
        out.append(np.unique(np.concatenate(parts)))
    return out


def pool_rows(
    blocks: FloatArray, ctx: F.RoleContext, qfeat: FloatArray, pool: Sequence[IntArray]
) -> FloatArray:
    rel = [F.PAIR_FEATURES.index(name) for name in F.RELATIVE_FEATURES]
    top = blocks[rel].max(axis=2)  # features x queries: the best candidate's value
    rows = []
    for r, idx in enumerate(pool):
        rows.append(
            np.hstack(
                [
                    blocks[:, r, idx].T,
                    blocks[rel, r][:, idx].T / np.maximum(top[:, r], 1e-9),
                    ctx.candidate_features[idx],
                    np.repeat(qfeat[r : r + 1], len(idx), axis=0),
                ]
            )
        )
    return np.vstack(rows)


def outcome_queries(graph: MatchGraph, snap: F.Snapshot, until: int) -> list[F.Query]:
    """Queries from films in the graph released after the snapshot up to `until`."""
    out = []
    for pid, info in sorted(graph.project_info.items()):
        if not snap.as_of < info.year <= until:
            continue
        p = graph.projects.index[pid]
        crew = graph.crew.get(p, {})
        directors = {m for m, roles in crew.items() if "director" in roles}
        if not directors:
            continue
        known = np.array(
            sorted(
                m
                for m in directors
                if snap.B.indptr[m + 1] > snap.B.indptr[m]
                if m < snap.n_members
            ),
            dtype=np.int64,
        )
        for role in ROLES:
            pop = snap.pop.get(role)
            if pop is None:
                continue
            targets = np.array(
                sorted(
                    m
                    for m, roles in crew.items()
                    if role in roles and m not in directors and pop[m] > 0
                ),
                dtype=np.int64,
            )
            if len(targets):
                out.append(
                    F.Query(
                        role,
                        known,
                        tuple(project_tokens(info)),
                        info.year,
                        targets,
                        f"{pid}/{role}",
                    )
                )
    return out


def training_set(
    snap: F.Snapshot, queries: Sequence[F.Query], negatives: int = 100, seed: int = 0
) -> tuple[FloatArray, IntArray]:
    rng = np.random.default_rng(seed)
    xs, ys = [np.zeros((0, len(F.FEATURE_NAMES)))], [np.zeros(0, dtype=np.int64)]
    for role in ROLES:
        qs = [q for q in queries if q.role == role]
        if not qs:
            continue
        ctx = F.RoleContext(snap, role)
        for b in range(0, len(qs), BATCH):
            batch = qs[b : b + BATCH]
            blocks = ctx.pair_blocks(batch)
            pool = pools(blocks, ctx)
            kept = []
            for q, idx in zip(batch, pool, strict=True):
                label = np.isin(ctx.cands[idx], q.targets)
                neg = np.flatnonzero(~label)
                if len(neg) > negatives:
                    neg = np.sort(rng.choice(neg, negatives, replace=False))
                keep = np.concatenate([np.flatnonzero(label), neg])
                kept.append(idx[keep])
                ys.append(label[keep].astype(np.int64))
            xs.append(pool_rows(blocks, ctx, ctx.query_features(batch), kept))
    return np.vstack(xs), np.concatenate(ys)


def fit(x: FloatArray, y: IntArray) -> HistGradientBoostingClassifier | None:
    """None when the outcomes cannot teach anything (one class only): callers fall back."""
    if len(y) < 20 or y.min() == y.max():
        return None
    model = HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.08,
        max_leaf_nodes=31,
        min_samples_leaf=50,
        l2_regularization=1.0,
        random_state=0,
    )
    return model.fit(x, y)


class Scorer:
    """Scores every candidate of a role: re-ranked pool first, the rest by the cheap prior."""

    def __init__(
        self,
        snap: F.Snapshot,
        model: HistGradientBoostingClassifier | None,
        online: OnlineModel | None = None,
    ) -> None:
        self.snap = snap
        self.model = model
        self.online = online
        self.contexts: dict[str, F.RoleContext] = {}

    def __call__(self, queries: Sequence[F.Query], cands: IntArray) -> dict[str, FloatArray]:
        """Scores by name: the re-ranker, and the product's logistic model on the same pools."""
        role = queries[0].role
        ctx = self.contexts.get(role)
        if ctx is None:
            ctx = self.contexts[role] = F.RoleContext(self.snap, role)
        out = np.zeros((len(queries), len(ctx.cands)))
        out_online = np.zeros_like(out)
        for b in range(0, len(queries), BATCH):
            batch = queries[b : b + BATCH]
            blocks = ctx.pair_blocks(batch)
            pool = pools(blocks, ctx)
            prior = cold_prior(blocks, ctx)
            prior = prior / (prior.max(axis=1, keepdims=True) + 1e-9)
            rows = pool_rows(blocks, ctx, ctx.query_features(batch), pool)
            online = (self.online or default_model()).logit(rows[:, ONLINE_COLUMNS])
            online = 1.0 / (1.0 + np.exp(-online))
            # too few outcomes to fit a re-ranker: the logistic model stands in
            proba = online if self.model is None else self.model.predict_proba(rows)[:, 1]
            start = 0
            for r, idx in enumerate(pool):
                end = start + len(idx)
                for target, values in ((out, proba), (out_online, online)):
                    row = 0.5 * prior[r]
                    row[idx] = 1.0 + values[start:end]
                    target[b + r] = row
                start = end
        return {"filmhouse": out, "filmhouse-online": out_online}


def fit_for_evaluation(
    graph: MatchGraph, snap: F.Snapshot, cut: int, progress: Callable[[str], None]
) -> Scorer:
    """Fit on two earlier splits (graph to cut-10 -> films to cut-5, graph to cut-5 -> cut)."""
    xs, ys = [], []
    for start in (cut - 10, cut - 5):
        train_snap = F.Snapshot(graph, start)
        queries = outcome_queries(graph, train_snap, start + 5)
        progress(f"training split: graph to {start}, {len(queries)} queries to {start + 5}")
        x, y = training_set(train_snap, queries)
        xs.append(x)
        ys.append(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    progress(f"fitting on {len(y)} rows ({int(y.sum())} positive)")
    online = fit_online(x[:, ONLINE_COLUMNS], y) if len(y) >= 20 and y.min() < y.max() else None
    return Scorer(snap, fit(x, y), online)


# --- the online model: a logistic combination the product can evaluate per candidate ----------

ONLINE_FEATURES = (
    "repeat",
    "repeat_in_role",
    "repeat_in_role_recent",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "content_all",
    "log_pop",
    "log_recent",
    "credits_last3",
    "years_since_last",
)
WEIGHTS_PATH = Path(__file__).with_name("weights.json")
ONLINE_COLUMNS = [F.FEATURE_NAMES.index(name) for name in ONLINE_FEATURES]


def _squash(x: FloatArray) -> FloatArray:
    """log1p on the count-like graph features, so one prolific pair does not dominate."""
    return np.log1p(np.maximum(x, 0.0))


@dataclass(frozen=True)
class OnlineModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    source: str = ""

    def logit(self, x: FloatArray) -> FloatArray:
        z = (_squash(x) - np.array(self.mean)) / np.array(self.scale)
        return np.asarray(z @ np.array(self.coef) + self.intercept, dtype=np.float64)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> OnlineModel:
        raw = json.loads(text)
        return cls(
            features=tuple(raw["features"]),
            mean=tuple(raw["mean"]),
            scale=tuple(raw["scale"]),
            coef=tuple(raw["coef"]),
            intercept=float(raw["intercept"]),
            source=str(raw.get("source", "")),
        )


@lru_cache(maxsize=1)
def default_model() -> OnlineModel:
    return OnlineModel.from_json(WEIGHTS_PATH.read_text(encoding="utf-8"))


def fit_online(x: FloatArray, y: IntArray, source: str = "") -> OnlineModel:
    """Logistic regression over ONLINE_FEATURES columns (x already in that column order)."""
    z = _squash(x)
    mean, scale = z.mean(axis=0), z.std(axis=0) + 1e-9
    scale[scale < 1e-6] = 1.0  # a feature constant over these outcomes teaches nothing
    lr = LogisticRegression(C=1.0, max_iter=1000, random_state=0)
    lr.fit((z - mean) / scale, y)
    return OnlineModel(
        features=ONLINE_FEATURES,
        mean=tuple(round(float(v), 6) for v in mean),
        scale=tuple(round(float(v), 6) for v in scale),
        coef=tuple(round(float(v), 6) for v in lr.coef_[0]),
        intercept=round(float(lr.intercept_[0]), 6),
        source=source,
    )


# --- retraining from the product's own outcomes (hires vs declines in the log) -----------------

MIN_OUTCOMES = 200  # decisions the log must hold before its own model replaces the offline one
MIN_EACH = 20  # and at least this many hires and this many declines or rejections
HELD_OUT = 0.2  # the latest fifth of the decisions, kept aside to compare the two models


@dataclass(frozen=True)
class Retrained:
    """What a retraining learned from: counts, the held-out comparison, and the model (None
    while the outcomes are too few, or when it ranks the held-out decisions worse than the
    offline weights: those stay in use)."""

    outcomes: int
    positives: int
    negatives: int
    held_out: int
    auc_retrained: float | None
    auc_offline: float | None
    model: OnlineModel | None


def _auc(y: IntArray, score: FloatArray) -> float | None:
    if len(y) == 0 or y.min() == y.max():
        return None
    return round(float(roc_auc_score(y, score)), 4)


def retrain(
    x: FloatArray,
    y: IntArray,
    *,
    min_outcomes: int = MIN_OUTCOMES,
    min_each: int = MIN_EACH,
    source: str = "",
) -> Retrained:
    """Fit the online model on outcomes given in the order they were decided (rows of
    ONLINE_FEATURES as known at each decision; y 1 for a hire). The latest HELD_OUT of them
    first score a model fitted on the earlier ones against the offline weights (ROC AUC); the
    model returned is then fitted on all of them, unless the early one did worse than the
    offline weights on the held-out decisions. Deterministic: same rows, same model."""
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    cut = len(y) - round(len(y) * HELD_OUT)
    enough = len(y) >= min_outcomes and min(positives, negatives) >= min_each
    auc_new = auc_old = None
    if enough and 0 < cut < len(y) and y[:cut].min() < y[:cut].max():
        early = fit_online(x[:cut], y[:cut])
        auc_new = _auc(y[cut:], early.logit(x[cut:]))
        auc_old = _auc(y[cut:], default_model().logit(x[cut:]))
    worse = auc_new is not None and auc_old is not None and auc_new < auc_old
    model = fit_online(x, y, source=source) if enough and not worse else None
    return Retrained(len(y), positives, negatives, len(y) - cut, auc_new, auc_old, model)


def export_weights(argv: list[str] | None = None) -> int:
    """`python -m matching.ranker DATASET_DIR --cut 2003 [--out matching/weights.json]`."""
    from matching.dataset import facts_up_to, load

    parser = argparse.ArgumentParser(prog="python -m matching.ranker")
    parser.add_argument("dataset_dir")
    parser.add_argument("--cut", type=int, default=2003)
    parser.add_argument("--out", default=str(WEIGHTS_PATH))
    args = parser.parse_args(argv)
    graph = MatchGraph.from_facts(facts_up_to(load(args.dataset_dir), args.cut))
    xs, ys = [], []
    for start in (args.cut - 10, args.cut - 5):
        snap = F.Snapshot(graph, start)
        x, y = training_set(snap, outcome_queries(graph, snap, start + 5))
        xs.append(x)
        ys.append(y)
    model = fit_online(
        np.vstack(xs)[:, ONLINE_COLUMNS],
        np.concatenate(ys),
        source=f"film-credits, graph to {args.cut - 10}/{args.cut - 5}, outcomes to {args.cut}",
    )
    Path(args.out).write_text(model.to_json(), encoding="utf-8")
    print(model.to_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(export_weights())
