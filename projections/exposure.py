"""How often each member is shown as a recommendation, for the fairness report: counted in
memory and written in batches (one upsert per member and day), never an event per impression."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain import clock
from projections.database import Database, Tx

TABLE = "exposure_counts"


@dataclass(frozen=True)
class ExposureLine:
    group: str
    members: int
    shown: int
    share: float


class ExposureCounter:
    def __init__(self, db: Database, *, batch: int = 500, seconds: float = 10.0) -> None:
        self.db = db
        self.batch, self.seconds = batch, seconds
        self._counts: Counter[tuple[date, UUID]] = Counter()
        self._lock = threading.Lock()
        self._since = time.monotonic()
        with db.schema_change() as tx:
            tx.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (day TEXT NOT NULL, "
                       "member_id TEXT NOT NULL, shown BIGINT NOT NULL, "
                       "PRIMARY KEY (day, member_id))")

    def shown(self, members: Iterable[UUID]) -> None:
        today = clock.seoul_date(clock.now())
        with self._lock:
            for member in members:
                self._counts[(today, member)] += 1
            due = (sum(self._counts.values()) >= self.batch
                   or time.monotonic() - self._since >= self.seconds)
        if due:
            self.flush()

    def flush(self) -> int:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._since = time.monotonic()
        if not counts:
            return 0
        with self.db.write() as tx:
            tx.executemany(
                f"INSERT INTO {TABLE} (day, member_id, shown) VALUES (?, ?, ?) "
                "ON CONFLICT (day, member_id) DO UPDATE SET shown = "
                f"{TABLE}.shown + excluded.shown",
                [(day.isoformat(), member.hex, n) for (day, member), n in counts.items()])
        return len(counts)


def exposure_fairness(tx: Tx) -> list[ExposureLine]:
    """Appearances in recommendations by university, and for members never yet hired on the
    platform ("first-time") against those already hired once or more."""
    rows = tx.execute(
        f"SELECT e.member_id, COALESCE(u.name, 'Outside the network'), SUM(e.shown) "
        f"FROM {TABLE} e LEFT JOIN rpt_members m ON m.member_id = e.member_id "
        "LEFT JOIN rpt_universities u ON u.university_id = m.university_id "
        "GROUP BY e.member_id, u.name").fetchall()
    hired = {r[0] for r in tx.execute(
        "SELECT DISTINCT member_id FROM prj_pipeline WHERE status = 'accepted'").fetchall()}
    groups: dict[str, list[int]] = {}
    for member, university, shown in rows:
        groups.setdefault(university, []).append(int(shown))
        key = "Hired before" if member in hired else "First-time members"
        groups.setdefault(key, []).append(int(shown))
    total = sum(int(r[2]) for r in rows) or 1
    return sorted((ExposureLine(group, len(v), sum(v), round(sum(v) / total, 3))
                   for group, v in groups.items()), key=lambda line: (-line.shown, line.group))
