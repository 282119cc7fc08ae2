"""How often each member is shown as a recommendation, for the fairness report: counted in
memory and written in batches (one upsert per member, day and newcomer status), never an event
per impression.

Each appearance is counted under the status the recommender ranked the member with when it was
shown (matching/newcomers.py: fewer than two films then), so the report counts the same
newcomers the exposure rule gave their slots to, and a later credit does not move old
appearances.

The same counts feed the exposure rule itself: the newcomer slot goes to the fitting newcomer
shown least so far (matching/newcomers.py). What it reads is `ShownSoFar`, kept in memory and
read again from the table after a flush: never a query per recommendation."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain import clock
from projections.projector.sql import Database, Tx

TABLE = "exposure_counts"
BY_NEWCOMER = "exposure_counts_newcomer"  # index: each newcomer's appearances, all days together
BEFORE_NEWCOMERS = "exposure_counts_v1"  # counted before the status was recorded: not reported
NEWCOMERS = "Newcomers"
ESTABLISHED = "Established members"
DIRECTORS_TABLE = "exposure_directors"  # directors shown to scouts, as the crew's above
FIRST_TIME = "First-time directors"
ESTABLISHED_DIRECTORS = "Directors with a wrapped project"


@dataclass(frozen=True)
class ExposureLine:
    group: str
    members: int
    shown: int
    share: float


@dataclass(frozen=True)
class ShownSoFar:
    """How often each member has been shown as a newcomer, all days together, as of the
    counter's last publication. `epoch` moves with each publication: what was ranked by these
    counts may be kept until it moves."""

    epoch: int
    newcomers: Mapping[str, int]  # member id (hex) -> appearances


class ExposureCounter:
    """Appearances counted in memory, written every `batch` members or `seconds`. After a write
    the counts the exposure rule reads are published again: at every `flush()`, and at most
    once per `seconds` when the batch fills (under load it fills many times a second, and each
    publication makes the recommendations and the pages kept with them be worked out again)."""

    table = TABLE
    index = BY_NEWCOMER

    def __init__(self, db: Database, *, batch: int = 500, seconds: float = 10.0) -> None:
        self.db = db
        self.batch, self.seconds = batch, seconds
        self._counts: Counter[tuple[date, UUID, bool]] = Counter()
        self._newcomer: dict[UUID, bool] = {}  # as each member was last ranked
        self._lock = threading.Lock()
        self._since = time.monotonic()
        self._so_far: ShownSoFar | None = None  # read on first use
        self._publishing = threading.Lock()
        self._published = time.monotonic()
        self._unpublished = False  # written since the last publication
        with db.schema_change() as tx:
            if _has_table(tx, TABLE) and not _has_column(tx, TABLE, "newcomer"):
                tx.execute(f"ALTER TABLE {TABLE} RENAME TO {BEFORE_NEWCOMERS}")
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (day TEXT NOT NULL, "
                "member_id TEXT NOT NULL, newcomer INTEGER NOT NULL, "
                "shown BIGINT NOT NULL, PRIMARY KEY (day, member_id, newcomer))"
            )
            tx.execute(
                f"CREATE INDEX IF NOT EXISTS {self.index} ON {self.table} "
                "(newcomer, member_id, shown)"
            )

    def shown(self, members: Iterable[UUID], newcomers: Collection[UUID] | None = None) -> None:
        """One appearance of each member. `newcomers`: which of them the recommender ranked as
        newcomers just now (the others were not); when not told (a kept page served again),
        each counts as the recommender last ranked them."""
        today = clock.seoul_date(clock.now())
        with self._lock:
            for member in members:
                if newcomers is not None:
                    self._newcomer[member] = member in newcomers
                self._counts[(today, member, self._newcomer.get(member, False))] += 1
            due = (
                sum(self._counts.values()) >= self.batch
                or time.monotonic() - self._since >= self.seconds
            )
        if due:
            self._flush(publish=time.monotonic() - self._published >= self.seconds)

    def flush(self) -> int:
        """Write what is counted, and publish the counts the exposure rule reads."""
        return self._flush(publish=True)

    @property
    def epoch(self) -> int:
        """Moves with each publication (no I/O: safe on the event loop)."""
        so_far = self._so_far
        return 0 if so_far is None else so_far.epoch

    def shown_so_far(self) -> ShownSoFar:
        """The newcomers' appearances as last published (read from the table on first use)."""
        so_far = self._so_far
        if so_far is not None:
            return so_far
        with self._publishing:
            if self._so_far is None:
                self._so_far = ShownSoFar(0, self._read())
            return self._so_far

    def _read(self) -> dict[str, int]:
        with self.db.read() as tx:
            rows = tx.execute(
                f"SELECT member_id, SUM(shown) FROM {self.table} WHERE newcomer = 1 "
                "GROUP BY member_id"
            ).fetchall()
        return {member: int(shown) for member, shown in rows}

    def _publish(self, at: float) -> None:
        with self._publishing:
            self._unpublished = False
            self._published = at
            self._so_far = ShownSoFar(self.epoch + 1, self._read())

    def _flush(self, *, publish: bool) -> int:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._since = now = time.monotonic()
        if counts:
            self._write(counts)
        if publish and self._unpublished:
            self._publish(now)
        return len(counts)

    def _write(self, counts: Counter[tuple[date, UUID, bool]]) -> None:
        with self.db.write() as tx:
            tx.executemany(
                f"INSERT INTO {self.table} (day, member_id, newcomer, shown) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (day, member_id, newcomer) DO UPDATE SET shown = "
                f"{self.table}.shown + excluded.shown",
                [
                    (day.isoformat(), member.hex, int(new), n)
                    for (day, member, new), n in counts.items()
                ],
            )
        self._unpublished = True


def _has_table(tx: Tx, table: str) -> bool:
    if tx.postgres:
        return bool(
            tx.scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE "
                "table_schema = current_schema() AND table_name = ?",
                (table,),
            )
        )
    return bool(
        tx.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    )


def _has_column(tx: Tx, table: str, column: str) -> bool:
    if tx.postgres:
        return bool(
            tx.scalar(
                "SELECT COUNT(*) FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = ? AND "
                "column_name = ?",
                (table, column),
            )
        )
    return bool(
        tx.scalar("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?", (table, column))
    )


def exposure_fairness(tx: Tx) -> list[ExposureLine]:
    """Appearances in recommendations of newcomers (fewer than two films when shown) against
    established members, then by university. Each share is of all appearances."""
    return _fairness(tx, TABLE, NEWCOMERS, ESTABLISHED)


def director_exposure(tx: Tx) -> list[ExposureLine]:
    """Appearances of directors in scouts' recommendations (projects to see and directors to
    watch): first-time directors (no wrapped project when shown) against the others, then by
    the director's university. Each share is of all appearances."""
    return _fairness(tx, DIRECTORS_TABLE, FIRST_TIME, ESTABLISHED_DIRECTORS)


class ExposureView:
    """The fairness dashboard's queries: crew recommendations, and directors shown to scouts."""

    fairness = staticmethod(exposure_fairness)
    director_exposure = staticmethod(director_exposure)


def _fairness(tx: Tx, table: str, newcomers: str, established: str) -> list[ExposureLine]:
    if not _has_table(tx, table):
        return []
    rows = tx.execute(
        f"SELECT e.member_id, e.newcomer, COALESCE(u.name, 'Outside the network'), "
        f"SUM(e.shown) FROM {table} e LEFT JOIN rpt_members m ON m.member_id = e.member_id "
        "LEFT JOIN rpt_universities u ON u.university_id = m.university_id "
        "GROUP BY e.member_id, e.newcomer, u.name"
    ).fetchall()
    status: dict[str, dict[str, int]] = {newcomers: {}, established: {}}
    universities: dict[str, dict[str, int]] = {}
    for member, newcomer, university, shown in rows:
        for groups, key in (
            (status, newcomers if newcomer else established),
            (universities, university),
        ):
            members = groups.setdefault(key, {})
            members[member] = members.get(member, 0) + int(shown)
    total = sum(int(r[3]) for r in rows) or 1

    def line(group: str, members: dict[str, int]) -> ExposureLine:
        shown = sum(members.values())
        return ExposureLine(group, len(members), shown, round(shown / total, 3))

    by_status = [line(group, members) for group, members in status.items()] if rows else []
    by_university = sorted(
        (line(group, members) for group, members in universities.items()),
        key=lambda found: (-found.shown, found.group),
    )
    return by_status + by_university


class DirectorExposure(ExposureCounter):
    """How often each director is shown to scouts (a project of theirs to see, or themselves to
    watch), counted as ExposureCounter counts crew: `newcomer` here is first-time (no wrapped
    project when shown), and the first-time directors' slot goes to the one shown least."""

    table = DIRECTORS_TABLE
    index = "exposure_directors_first"


class Impressions:
    """Recommendations shown by answers served on the event loop, handed to the exposure
    counter (ExposureCounter above) from a worker thread, in batches (`batch` members or
    `seconds`, whichever comes first): its flushes write to the database, which the loop must
    never wait for."""

    def __init__(self, counter: ExposureCounter, batch: int = 2000, seconds: float = 5.0) -> None:
        self.counter, self.batch, self.seconds = counter, batch, seconds
        self._pending: list[UUID] = []
        self._since = time.monotonic()

    def add(self, members: tuple[UUID, ...]) -> None:
        """On the event loop."""
        self._pending.extend(members)
        now = time.monotonic()
        if len(self._pending) >= self.batch or now - self._since >= self.seconds:
            pending, self._pending, self._since = self._pending, [], now
            asyncio.get_running_loop().run_in_executor(None, self.counter.shown, pending)

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        self.counter.shown(pending)
