"""What the match graph keeps beside its networkx nodes: open roles and skill states, and the
numpy-backed tables and interners that let queries pool and rank candidates without walking
the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class OpenRole:
    role_id: str
    role: str
    skills: tuple[str, ...]
    start: date | None
    end: date | None
    budget: int
    hired: list[str] = field(default_factory=list)


@dataclass
class SkillState:
    level: int = 0
    endorsements: int = 0
    certified: str | None = None


class Growable:
    """Append-only int64 columns with amortised O(1) appends."""

    def __init__(self, columns: int) -> None:
        self._data = np.zeros((1024, columns), dtype=np.int64)
        self.size = 0

    def append(self, row: tuple[int, ...]) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.zeros_like(self._data)])
        self._data[self.size] = row
        self.size += 1

    def view(self) -> npt.NDArray[np.int64]:
        return self._data[: self.size]

    def add_to(self, row: int, column: int, value: int) -> None:
        self._data[row, column] += value

    def raise_to(self, row: int, column: int, value: int) -> None:
        self._data[row, column] = max(int(self._data[row, column]), value)

    def set(self, row: int, values: tuple[int, ...]) -> None:
        self._data[row] = values


class RoleActivity:
    """Who has worked in one role, how often and how lately: pools candidates in O(n) numpy."""

    def __init__(self) -> None:
        self.row: dict[int, int] = {}
        self.table = Growable(3)  # member, last year, credits

    def add(self, m: int, year: int) -> None:
        i = self.row.get(m)
        if i is None:
            self.row[m] = self.table.size
            self.table.append((m, year, 1))
        else:
            self.table.raise_to(i, 1, year)
            self.table.add_to(i, 2, 1)

    def most_active(self, n: int) -> npt.NDArray[np.int64]:
        """The n members with the latest credit (then most credits, then lowest index)."""
        t = self.table.view()
        if len(t) > n:
            key = t[:, 1] * 100_000 + np.minimum(t[:, 2], 99_999)
            keep = np.argpartition(-key, n - 1)[:n]
            t = t[keep]
        order = np.lexsort((t[:, 0], -t[:, 2], -t[:, 1]))
        return np.asarray(t[order, 0], dtype=np.int64)


class SkillTable:
    """Holders of one skill as rows (member, certified, level, endorsements): ranks in numpy."""

    def __init__(self) -> None:
        self.row: dict[int, int] = {}
        self.table = Growable(4)

    def put(self, m: int, state: SkillState) -> None:
        values = (m, 1 if state.certified else 0, state.level, state.endorsements)
        i = self.row.get(m)
        if i is None:
            self.row[m] = self.table.size
            self.table.append(values)
        else:
            self.table.set(i, values)


class Interner:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self._ranks: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)

    def ranks(self) -> npt.NDArray[np.int64]:
        """Each index's place in the ids' sorted order, so ties can be broken by id in numpy
        (sorted again only after new ids arrived)."""
        if len(self._ranks) != len(self.ids):
            order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
            ranks = np.empty(len(self.ids), dtype=np.int64)
            ranks[np.array(order, dtype=np.int64)] = np.arange(len(self.ids), dtype=np.int64)
            self._ranks = ranks
        return self._ranks

    def __call__(self, ident: str) -> int:
        found = self.index.get(ident)
        if found is None:
            found = self.index[ident] = len(self.ids)
            self.ids.append(ident)
        return found

    def __len__(self) -> int:
        return len(self.ids)
