"""Rebuild disjoint sets of views in parallel processes, one per core.

Each worker owns some views outright: it opens the application, drops and creates its views'
tables, and catches them up from zero with the ordinary `Projector.rebuild`, reading and
decoding only the topics its views subscribe to. Reading, decoding and the handlers happen
before the write transaction (see `Projector.catch_up`), so on SQLite the workers take turns at
the single write lock only to write what each batch changed; on PostgreSQL both write at once.

The views are split so that the groups take about as long, counting what each view's handlers
cost on the events it takes and, once per process, reading and decoding every event a group
takes (`partition`): views that take the same events are cheaper together. A worker that fails
leaves its views where their last committed batch put them (rows and position move together),
to be rebuilt from zero again; the others finish, and `RebuildFailed` names the views that did
not reach the head.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from typing import Any

from projections.log.eventstore import open_application
from projections.projector.catalogue import (
    DECODING_US,
    HANDLING_US,
    HANDLING_US_DEFAULT,
    VIEW_FIXED_US,
)
from projections.projector.runner import Projector

VIEWS = "projections.projector.catalogue:all_views"


class RebuildFailed(Exception):
    def __init__(self, views: Sequence[str], reasons: Sequence[str]) -> None:
        self.views = tuple(views)
        super().__init__(f"views not rebuilt: {', '.join(views)} ({'; '.join(reasons)})")


@dataclass
class Outcome:
    """What the rebuild did: deliveries applied and, per group of views, seconds spent waiting
    for the write lock and the CPU seconds of its process."""

    applied: int = 0
    lock_wait: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


MIX_SAMPLE = 100_000  # the log's latest events: their topics stand for the whole log's mix


def topic_mix(projector: Projector, until: int) -> Counter[str]:
    """How many of the log's latest events (up to `MIX_SAMPLE`, none past `until`) have each
    topic: what the views' costs are weighed by."""
    start = max(0, until - MIX_SAMPLE)
    return Counter(
        topic
        for position, _, _, topic in projector.app.recorder.versions_after(start, MIX_SAMPLE)  # type: ignore[attr-defined]
        if position <= until
    )


def group_cost(
    topics: Mapping[str, Collection[str]], group: Collection[str], mix: Mapping[str, int]
) -> float:
    """What rebuilding `group` in one process costs, in µs over the events of `mix`: each view's
    handlers and writes on the events it takes, plus reading and decoding, once, every event
    one of them takes. Views that share topics are cheaper together."""
    wanted: set[str] = set()
    handling = 0.0
    for name in group:
        wanted.update(topics[name])
        handling += VIEW_FIXED_US + HANDLING_US.get(name, HANDLING_US_DEFAULT) * sum(
            mix.get(topic, 0) for topic in topics[name]
        )
    return handling + DECODING_US * sum(mix.get(topic, 0) for topic in wanted)


def partition(
    topics: Mapping[str, Collection[str]], mix: Mapping[str, int], jobs: int
) -> list[list[str]]:
    """Split the views (name → the topics it takes) into at most `jobs` groups, one per
    process, so that the costliest group (`group_cost`) costs as little as found: each view,
    costliest first, into the group it adds least to the costliest; then single moves and
    swaps between groups while one lowers the costliest group (or, at equal, the total)."""
    names = sorted(topics)
    groups: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(names))))]

    def score(candidate: list[list[str]]) -> tuple[float, float]:
        costs = [group_cost(topics, g, mix) for g in candidate]
        return max(costs), sum(costs)

    for name in sorted(names, key=lambda n: (-group_cost(topics, [n], mix), n)):
        best = min(
            range(len(groups)),
            key=lambda i: (score([[*g, name] if j == i else g for j, g in enumerate(groups)]), i),
        )
        groups[best].append(name)
    current = score(groups)
    while better := next((t for t in _neighbours(groups) if score(t) < current), None):
        groups, current = better, score(better)
    return sorted(sorted(g) for g in groups if g)


def _neighbours(groups: list[list[str]]) -> Iterator[list[list[str]]]:
    """The splits one step away: a view moved to another group, or two views swapped."""
    for i, j in ((i, j) for i in range(len(groups)) for j in range(len(groups)) if i != j):
        for name in groups[i]:
            for other in [None, *groups[j]]:
                trial = [list(g) for g in groups]
                trial[i].remove(name)
                trial[j].append(name)
                if other is not None:
                    trial[j].remove(other)
                    trial[i].append(other)
                if trial[i]:
                    yield trial


def rebuild(
    projector: Projector,
    names: Sequence[str],
    *,
    jobs: int,
    database_url: str,
    secret: bytes,
    progress: Callable[[str, int, int], None] | None = None,
    views: str | None = None,
) -> Outcome:
    """Rebuild `names` from zero up to the head now: in this process when `jobs` is 1 (or
    there is one view), else in up to `jobs` worker processes."""
    if jobs <= 1 or len(names) <= 1:
        cpu = time.process_time()
        applied = projector.rebuild(names, progress=progress)
        return Outcome(
            applied,
            {",".join(names): projector.lock_wait},
            {",".join(names): time.process_time() - cpu},
        )
    until = projector.head()
    groups = partition(
        {n: projector.views[n].topics() for n in names}, topic_mix(projector, until), jobs
    )
    return rebuild_in_parallel(
        database_url, secret, groups, until=until, progress=progress, views=views
    )


def rebuild_in_parallel(
    database_url: str,
    secret: bytes,
    groups: Sequence[Sequence[str]],
    *,
    until: int,
    progress: Callable[[str, int, int], None] | None = None,
    views: str | None = None,
) -> Outcome:
    """Rebuild each group of views up to position `until` in a process of its own. `views`
    names the function that makes the views ("module:function", default `VIEWS`), imported
    again in each worker."""
    views = views or VIEWS
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    reports: Queue[tuple[Any, ...]] = context.Queue()
    workers = [
        context.Process(
            target=_work,
            name=f"rebuild:{','.join(group)}",
            args=(index, database_url, secret, list(group), until, views, reports),
        )
        for index, group in enumerate(groups)
    ]
    for worker in workers:
        worker.start()
    outcome = Outcome()
    finished: dict[int, str | None] = {}
    while len(finished) < len(workers):
        try:
            report = reports.get(timeout=0.2)
        except queue.Empty:
            for index, worker in enumerate(workers):
                if index not in finished and not worker.is_alive():
                    worker.join()
                    # a failure's traceback went to stderr; exit 0 without "done" is a failure too
                    finished[index] = f"its worker exited with code {worker.exitcode}"
            continue
        kind, index, *rest = report
        if kind == "progress" and progress:
            progress(*rest)
        elif kind == "done":
            outcome.applied += rest[0]
            outcome.lock_wait[",".join(groups[index])] = rest[1]
            outcome.cpu[",".join(groups[index])] = rest[2]
            finished[index] = None
    for worker in workers:
        worker.join()
    failed = [(groups[i], reason) for i, reason in sorted(finished.items()) if reason]
    if failed:
        raise RebuildFailed(
            [n for group, _ in failed for n in group], [reason for _, reason in failed]
        )
    return outcome


def _work(
    index: int,
    database_url: str,
    secret: bytes,
    names: list[str],
    until: int,
    views: str,
    reports: Queue[tuple[Any, ...]],
) -> None:
    """One worker: an error ends the process with its traceback on stderr and a non-zero exit
    code, which the parent reads."""
    module, function = views.split(":")
    chosen = [v for v in getattr(importlib.import_module(module), function)() if v.name in names]
    app = open_application(database_url, secret=secret)
    try:
        projector = Projector(app, chosen)
        projector.ensure()
        applied = projector.rebuild(
            names, until=until, progress=lambda n, p, t: reports.put(("progress", index, n, p, t))
        )
        reports.put(("done", index, applied, projector.lock_wait, time.process_time()))
    finally:
        app.close()
    # Done and committed: end here rather than free the views' rows (millions) one by one,
    # which kept the parent waiting a second more; the report is sent first.
    reports.close()
    reports.join_thread()
    os._exit(0)
