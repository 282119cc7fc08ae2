"""The numpy tables the bridge's queries rank from: one row per partner (what it looks for, its
standing, its engagements by genre and by university) and one row per Film House project (its
genres, format, budget, stage and director), kept current fact by fact, so that ranking 10,000
partners or 100,000 projects is a few vector operations rather than a walk of the graph."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from matching.facts import STAGES
from matching.graph_tables import Interner

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

CANCELLED = len(STAGES)  # the stage code of a cancelled project
NO_STAGE = -1


class Grid:
    """A matrix that grows in rows and columns (amortised O(1)), zero where never set."""

    def __init__(self, dtype: type, rows: int = 256, columns: int = 32) -> None:
        self.data: npt.NDArray[np.generic] = np.zeros((rows, columns), dtype=dtype)

    def fit(self, row: int, column: int = 0) -> None:
        rows, columns = self.data.shape
        if row < rows and column < columns:
            return
        new_rows, new_columns = rows, columns
        while new_rows <= row:
            new_rows *= 2
        while new_columns <= column:
            new_columns *= 2
        grown = np.zeros((new_rows, new_columns), dtype=self.data.dtype)
        grown[:rows, :columns] = self.data
        self.data = grown

    def view(self, rows: int, columns: int) -> npt.NDArray[np.generic]:
        self.fit(max(rows - 1, 0), max(columns - 1, 0))
        return self.data[:rows, :columns]


class Column:
    """A growable one-dimensional array."""

    def __init__(self, dtype: type, fill: int = 0) -> None:
        self.fill = fill
        self.data: npt.NDArray[np.generic] = np.full(256, fill, dtype=dtype)

    def fit(self, i: int) -> None:
        while i >= len(self.data):
            self.data = np.concatenate([self.data, np.full_like(self.data, self.fill)])

    def set(self, i: int, value: int | bool) -> None:
        self.fit(i)
        self.data[i] = value

    def view(self, n: int) -> npt.NDArray[np.generic]:
        self.fit(max(n - 1, 0))
        return self.data[:n]


class PartnerTable:
    """Partners as rows: their profile, standing and engagements."""

    def __init__(self, genres: Interner, formats: Interner, universities: Interner) -> None:
        self.ids = Interner()
        self.genres, self.formats, self.universities = genres, formats, universities
        self.active = Column(np.bool_)
        self.profiled = Column(np.bool_)
        self.budget_min = Column(np.int64)
        self.budget_max = Column(np.int64)  # 0: no upper bound
        self.wants_genre = Grid(np.bool_)
        self.wants_format = Grid(np.bool_, columns=8)
        self.wants_stage = Grid(np.bool_, columns=len(STAGES))
        self.deals_by_genre = Grid(np.int32)  # deals signed on projects of each genre
        self.picks_by_genre = Grid(np.int32)  # shortlists, meetings, interest by genre
        self.by_university = Grid(np.int32)  # positive engagements with directors of each

    def row(self, partner_id: str) -> int:
        i = self.ids(partner_id)
        self.active.fit(i)
        return i

    def profile(
        self,
        partner_id: str,
        genres: tuple[str, ...],
        formats: tuple[str, ...],
        budget: tuple[int, int],
        stages: tuple[str, ...],
    ) -> None:
        i = self.row(partner_id)
        self.profiled.set(i, True)
        self.budget_min.set(i, budget[0])
        self.budget_max.set(i, budget[1])
        for grid, words, vocabulary in (
            (self.wants_genre, genres, self.genres),
            (self.wants_format, formats, self.formats),
        ):
            grid.fit(i)
            grid.data[i] = False
            for word in words:
                j = vocabulary(word)
                grid.fit(i, j)
                grid.data[i, j] = True
        self.wants_stage.fit(i, len(STAGES) - 1)
        self.wants_stage.data[i] = [stage in stages for stage in STAGES]

    def count(self, grid: Grid, partner_id: str, columns: list[int], by: int = 1) -> None:
        i = self.row(partner_id)
        for j in columns:
            grid.fit(i, j)
            grid.data[i, j] += by


class ProjectTable:
    """Film House projects (those with a stage) as rows."""

    def __init__(self, genres: Interner, formats: Interner) -> None:
        self.ids = Interner()
        self.genres, self.formats = genres, formats
        self.directors = Interner()
        self.genre_bits = Grid(np.uint64, columns=1)  # genre j is bit j % 64 of word j // 64
        self.genre_count = Column(np.int64)
        self.format = Column(np.int64, fill=-1)
        self.budget = Column(np.int64)
        self.stage = Column(np.int8, fill=NO_STAGE)
        self.listed = Column(np.bool_)
        self.director = Column(np.int64, fill=-1)
        self.wrapped = Column(np.int64)  # by director: wrapped projects (or director credits)
        self.university = Column(np.int64, fill=-1)  # by director: their university's index
        self.wrapped_what: dict[int, set[str]] = defaultdict(set)
        self.by_director: dict[int, list[int]] = defaultdict(list)
        self.by_genre: dict[int, list[int]] = defaultdict(list)  # may hold former listings
        self._genre_rows: dict[int, IntArray] = {}

    def genre_rows(self, j: int) -> IntArray:
        """The rows listed (now or before) with genre j, as an array kept until it grows."""
        rows = self.by_genre.get(j, [])
        found = self._genre_rows.get(j)
        if found is None or len(found) != len(rows):
            found = self._genre_rows[j] = np.array(rows, dtype=np.int64)
        return found

    def row(self, project_id: str) -> int:
        i = self.ids(project_id)
        self.format.fit(i)
        self.stage.fit(i)
        return i

    def listing(
        self, project_id: str, genres: tuple[str, ...], format: str, budget: int, director: str
    ) -> None:
        i = self.row(project_id)
        self.genre_bits.fit(i)
        self.genre_bits.data[i] = 0
        for genre in set(genres):
            j = self.genres(genre)
            self.genre_bits.fit(i, j // 64)
            self.genre_bits.data[i, j // 64] |= np.uint64(1 << (j % 64))
            self.by_genre[j].append(i)
        self.genre_count.set(i, len(set(genres)))
        self.format.set(i, self.formats(format) if format else -1)
        self.budget.set(i, budget)
        if director:
            d = self.directors(director)
            self.wrapped.fit(d)
            before = int(self.director.data[i]) if i < len(self.director.data) else -1
            if before != d:
                if before >= 0:
                    self.by_director[before].remove(i)
                self.by_director[d].append(i)
                self.director.set(i, d)

    def staged(self, project_id: str, stage: str, listed: bool) -> None:
        i = self.row(project_id)
        self.stage.set(i, STAGES.index(stage) if stage in STAGES else CANCELLED)
        self.listed.set(i, listed)

    def director_made(self, director: str, what: str) -> None:
        """The director has a film: a wrapped project, or a credit as director."""
        d = self.directors(director)
        self.wrapped.fit(d)
        made = self.wrapped_what[d]
        if what not in made:
            made.add(what)
            self.wrapped.data[d] = len(made)

    def first_time(self, director: str) -> bool:
        d = self.directors.index.get(director)
        return d is None or d >= len(self.wrapped.data) or not self.wrapped.data[d]
