"""Batch features over a credit snapshot: the classical link-prediction scores and our own.

Everything is computed from credits of films released up to `as_of`, so a snapshot taken at a
cut never sees the future. Scores come out as dense (queries x candidates) blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.facts import project_tokens
from matching.graph import MatchGraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


@dataclass(frozen=True)
class Query:
    """One open role: who directs, what the film is about, and (in evaluation) who was hired."""

    role: str
    directors: IntArray  # member indices known to the snapshot
    tokens: tuple[str, ...]
    year: int
    targets: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    key: str = ""


class Snapshot:
    """Sparse views of the graph's credits as of one year."""

    def __init__(self, graph: MatchGraph, as_of: int) -> None:
        rows = graph.credit_arrays()
        rows = rows[rows[:, 3] <= as_of]
        self.as_of = as_of
        self.n_members = len(graph.members)
        self.n_projects = len(graph.projects)
        self.role_names = list(graph.roles.ids)
        m, p, r, y = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
        shape = (self.n_members, self.n_projects)
        ones = np.ones(len(rows))
        incidence = sp.csr_matrix((ones, (m, p)), shape=shape)
        incidence.data[:] = 1.0  # a member credited twice on one film shares it once
        self.B: sp.csr_matrix = incidence
        self.project_year = np.zeros(self.n_projects, dtype=np.int64)
        self.project_year[p] = y
        self.role_B: dict[str, sp.csr_matrix] = {}
        self.pop: dict[str, FloatArray] = {}
        self.recent: dict[str, FloatArray] = {}
        for ri, name in enumerate(self.role_names):
            sel = r == ri
            mat = sp.csr_matrix((ones[sel], (m[sel], p[sel])), shape=shape)
            self.role_B[name] = mat
            self.pop[name] = np.asarray(mat.sum(axis=1)).ravel()
            recent = sel & (y > as_of - 10)
            self.recent[name] = np.bincount(m[recent], minlength=self.n_members).astype(float)
        co = (incidence @ incidence.T).tocsr()
        co.setdiag(0)
        co.eliminate_zeros()
        self.W: sp.csr_matrix = co  # films shared
        self.A: sp.csr_matrix = co.copy()
        self.A.data[:] = 1.0
        self.degree = np.asarray(self.A.sum(axis=1)).ravel()
        self.project_tokens: list[list[str]] = [[] for _ in range(self.n_projects)]
        for pid, info in graph.project_info.items():
            idx = graph.projects.index[pid]
            if info.year <= as_of:
                self.project_tokens[idx] = project_tokens(info)
        self._content: tuple[TfidfVectorizer, sp.csr_matrix] | None = None

    def candidates(self, role: str) -> IntArray:
        pop = self.pop.get(role)
        if pop is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(pop > 0).astype(np.int64)

    def director_matrix(self, queries: Sequence[Query]) -> sp.csr_matrix:
        rows = np.repeat(np.arange(len(queries)), [len(q.directors) for q in queries])
        cols = np.concatenate([q.directors for q in queries] + [np.zeros(0, dtype=np.int64)])
        return sp.csr_matrix(
            (np.ones(len(cols)), (rows, cols)), shape=(len(queries), self.n_members)
        )

    # --- content ---

    def content_model(self) -> tuple[TfidfVectorizer, sp.csr_matrix]:
        if self._content is None:
            docs: list[list[str]] = [[] for _ in range(self.n_members)]
            indptr, indices = self.B.indptr, self.B.indices
            for member in range(self.n_members):
                doc = docs[member]
                for film in indices[indptr[member] : indptr[member + 1]]:
                    doc.extend(self.project_tokens[film])
            self._content = tfidf(docs)
        return self._content


def tfidf(docs: list[list[str]]) -> tuple[TfidfVectorizer, sp.csr_matrix]:
    """Sublinear TF-IDF with min_df 2; min_df 1 when so few documents leave no vocabulary."""
    for min_df in (2, 1):
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=min_df)
        try:
            return vec, vec.fit_transform(docs).tocsr()
        except ValueError:  # empty vocabulary
            continue
    vec = TfidfVectorizer(analyzer=_identity)
    return vec, vec.fit_transform([["-"], *docs])[1:].tocsr()


def dense(block: sp.spmatrix, cols: IntArray) -> FloatArray:
    return np.asarray(sp.csr_matrix(block)[:, cols].toarray(), dtype=np.float64)


# --- the README's baselines ---------------------------------------------------------------------


def repeat(s: Snapshot, D: sp.csr_matrix, cols: IntArray) -> FloatArray:
    return dense(D @ s.W[:, cols], np.arange(len(cols)))


def _weighted_common(s: Snapshot, D: sp.csr_matrix, cols: IntArray, w: FloatArray) -> FloatArray:
    left = (D @ s.A) @ sp.diags(w)
    return dense(left @ s.A[:, cols], np.arange(len(cols)))


def common_neighbours(s: Snapshot, D: sp.csr_matrix, cols: IntArray) -> FloatArray:
    return _weighted_common(s, D, cols, np.ones(s.n_members))


def adamic_adar(s: Snapshot, D: sp.csr_matrix, cols: IntArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        w = np.where(s.degree > 1, 1.0 / np.log(np.maximum(s.degree, 2)), 0.0)
    return _weighted_common(s, D, cols, w)


def resource_allocation(s: Snapshot, D: sp.csr_matrix, cols: IntArray) -> FloatArray:
    w = np.where(s.degree > 0, 1.0 / np.maximum(s.degree, 1), 0.0)
    return _weighted_common(s, D, cols, w)


def personalised_pagerank(
    s: Snapshot, D: sp.csr_matrix, cols: IntArray, alpha: float = 0.15
) -> FloatArray:
    """Random walk with restart on the bipartite member-film graph, one column per query."""
    B = s.B
    dm = np.asarray(B.sum(axis=1)).ravel()
    dp = np.asarray(B.sum(axis=0)).ravel()
    to_film = (B.T @ sp.diags(1.0 / np.maximum(dm, 1))).tocsr().astype(np.float32)
    to_member = (B @ sp.diags(1.0 / np.maximum(dp, 1))).tocsr().astype(np.float32)
    restart = D.toarray().T.astype(np.float32)
    sums = restart.sum(axis=0)
    restart /= np.where(sums > 0, sums, 1.0)
    x = restart.copy()  # member part
    y = np.zeros((B.shape[1], restart.shape[1]), dtype=np.float32)
    for _ in range(30):
        x_new = (1 - alpha) * (to_member @ y) + alpha * restart
        y_new = (1 - alpha) * (to_film @ x)
        change = np.abs(x_new - x).sum(axis=0) + np.abs(y_new - y).sum(axis=0)
        x, y = x_new, y_new
        if change.max() < 1e-5:
            break
    return np.asarray(x[cols].T, dtype=np.float64)


def content(s: Snapshot, queries: Sequence[Query], cols: IntArray) -> FloatArray:
    vec, people = s.content_model()
    q = vec.transform([list(query.tokens) for query in queries])
    return dense(q @ people[cols].T, np.arange(len(cols)))


# --- our features -------------------------------------------------------------------------------

FIELDS = ("g:", "t:", "c:", "l:")
PAIR_FEATURES = (
    "repeat",
    "repeat_in_role",
    "repeat_in_role_recent",
    "repeat_in_role_last",
    "repeat_in_role_share",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "two_hop_in_role",
    "two_hop_in_role_ra",
    "content_all",
    "content_role",
    "genre_role",
    "tag_role",
    "country_role",
    "language_role",
)
CANDIDATE_FEATURES = (
    "log_pop",
    "log_recent",
    "credits_last3",
    "credits_last5",
    "years_since_last",
    "career_years",
    "log_films",
    "log_degree",
    "role_share",
)
QUERY_FEATURES = ("n_directors", "log_director_films", "director_years_since_last")
RELATIVE_FEATURES = (
    "repeat",
    "repeat_in_role_recent",
    "resource_allocation",
    "two_hop_in_role_ra",
    "content_role",
    "country_role",
    "language_role",
)
FEATURE_NAMES = (
    PAIR_FEATURES
    + tuple(f"{name}_relative" for name in RELATIVE_FEATURES)
    + CANDIDATE_FEATURES
    + QUERY_FEATURES
)
DECAY_YEARS = 5.0


class RoleContext:
    """Per-role precomputation: the role's candidates and their slices of the snapshot."""

    def __init__(self, snap: Snapshot, role: str) -> None:
        self.snap = snap
        self.role = role
        self.cands = snap.candidates(role)
        c = self.cands
        role_b = snap.role_B[role][c]  # candidates x films, their credits in this role
        decayed = role_b.copy()
        decayed.data = np.exp(-(snap.as_of - snap.project_year[decayed.indices]) / DECAY_YEARS)
        self.M = (snap.B @ role_b.T).tocsr()  # member x candidate: films together, c in role
        self.M_recent = (snap.B @ decayed.T).tocsr()
        latest = role_b.copy()
        latest.data = np.exp(-(snap.as_of - snap.project_year[latest.indices]) / 1.5)
        self.M_latest = (snap.B @ latest.T).tocsr()
        self.W_c = snap.W[:, c].tocsr()
        self.A_c = snap.A[:, c].tocsr()
        years = snap.project_year
        last = np.zeros(len(c))
        first = np.full(len(c), float(snap.as_of))
        for i in range(len(c)):
            films = role_b.indices[role_b.indptr[i] : role_b.indptr[i + 1]]
            if len(films):
                last[i] = years[films].max()
            allf = snap.B.indices[snap.B.indptr[c[i]] : snap.B.indptr[c[i] + 1]]
            if len(allf):
                first[i] = years[allf].min()
        role_years = years[role_b.indices]
        owner = np.repeat(np.arange(len(c)), np.diff(role_b.indptr))
        pop = snap.pop[role][c]
        films_all = np.asarray(snap.B[c].sum(axis=1)).ravel()
        self.candidate_features = np.column_stack(
            [
                np.log1p(pop),
                np.log1p(snap.recent[role][c]),
                np.bincount(owner[role_years > snap.as_of - 3], minlength=len(c)),
                np.bincount(owner[role_years > snap.as_of - 5], minlength=len(c)),
                snap.as_of - last,
                snap.as_of - first,
                np.log1p(films_all),
                np.log1p(snap.degree[c]),
                pop / np.maximum(films_all, 1),
            ]
        ).astype(np.float64)
        self.recent = snap.recent[role][c]
        # content: one TF-IDF per field over each candidate's films in this role
        docs: list[list[str]] = []
        for i in range(len(c)):
            films = role_b.indices[role_b.indptr[i] : role_b.indptr[i + 1]]
            docs.append([t for f in films for t in snap.project_tokens[f]])
        self.field_models: list[tuple[TfidfVectorizer, sp.csr_matrix]] = []
        for prefix in ("", *FIELDS):
            sub = [[t for t in d if t.startswith(prefix)] or ["-"] for d in docs]
            self.field_models.append(tfidf(sub))

    def pair_blocks(self, queries: Sequence[Query]) -> FloatArray:
        """(features x queries x candidates) for one batch of this role's queries."""
        s = self.snap
        D = s.director_matrix(queries)
        DA = (D @ s.A).tocsr()
        inv_log = np.where(s.degree > 1, 1.0 / np.log(np.maximum(s.degree, 2)), 0.0)
        inv_deg = 1.0 / np.maximum(s.degree, 1)
        blocks = [
            D @ self.W_c,
            D @ self.M,
            D @ self.M_recent,
            D @ self.M_latest,
            sp.diags(1.0 / np.maximum(np.asarray(D @ s.B.sum(axis=1)).ravel(), 1)) @ D @ self.M,
            DA @ self.A_c,
            (DA @ sp.diags(inv_log)) @ self.A_c,
            (DA @ sp.diags(inv_deg)) @ self.A_c,
            DA @ self.M,
            (DA @ sp.diags(inv_deg)) @ self.M,
        ]
        out = np.zeros((len(PAIR_FEATURES), len(queries), len(self.cands)))
        for i, b in enumerate(blocks):
            out[i] = sp.csr_matrix(b).toarray()
        _, people = s.content_model()
        vec, _ = s.content_model()
        q_all = vec.transform([list(q.tokens) for q in queries])
        out[PAIR_FEATURES.index("content_all")] = (q_all @ people[self.cands].T).toarray()
        for j, (prefix, (fvec, fmat)) in enumerate(
            zip(("", *FIELDS), self.field_models, strict=True)
        ):
            toks = [[t for t in q.tokens if t.startswith(prefix)] or ["-"] for q in queries]
            out[PAIR_FEATURES.index("content_role") + j] = (fvec.transform(toks) @ fmat.T).toarray()
        return out

    def query_features(self, queries: Sequence[Query]) -> FloatArray:
        s = self.snap
        rows = []
        for q in queries:
            films = np.unique(
                np.concatenate(
                    [s.B.indices[s.B.indptr[d] : s.B.indptr[d + 1]] for d in q.directors]
                    + [np.zeros(0, dtype=np.int32)]
                )
            )
            last = s.project_year[films].max() if len(films) else s.as_of - 30
            rows.append((len(q.directors), np.log1p(len(films)), s.as_of - last))
        return np.array(rows, dtype=np.float64).reshape(len(queries), len(QUERY_FEATURES))
