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

from matching.graph import MatchGraph, project_tokens

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
            vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
            self._content = (vec, vec.fit_transform(docs).tocsr())
        return self._content


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
