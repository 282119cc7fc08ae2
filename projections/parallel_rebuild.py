"""Rebuild disjoint sets of views in parallel processes, one per core.

Each worker owns some views outright: it opens the application, drops and creates its views'
tables, and catches them up from zero with the ordinary `Projector.rebuild`, reading and
decoding only the topics its views subscribe to. Reading, decoding and the handlers happen
before the write transaction (see `Projector.catch_up`), so on SQLite the workers take turns at
the single write lock only to write what each batch changed; on PostgreSQL both write at once.

The views are split by what each costs to rebuild (`catalogue.REBUILD_COST`), so the groups
take about as long. A worker that fails leaves its views where their last committed batch put
them (rows and position move together), to be rebuilt from zero again; the others finish, and
`RebuildFailed` names the views that did not reach the head.
"""

from __future__ import annotations

import importlib
import multiprocessing
import queue
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from typing import Any

from projections.catalogue import REBUILD_COST
from projections.eventstore import open_application
from projections.runner import Projector

VIEWS = "projections.catalogue:all_views"


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


def partition(names: Sequence[str], jobs: int) -> list[list[str]]:
    """Split the views into at most `jobs` groups of about equal cost (largest first, each
    into the lightest group so far)."""
    groups: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(names))))]
    loads = [0.0] * len(groups)
    for name in sorted(names, key=lambda n: (-REBUILD_COST.get(n, 1.0), n)):
        lightest = loads.index(min(loads))
        groups[lightest].append(name)
        loads[lightest] += REBUILD_COST.get(name, 1.0)
    return [g for g in groups if g]


def rebuild(projector: Projector, names: Sequence[str], *, jobs: int, database_url: str,
            secret: bytes, progress: Callable[[str, int, int], None] | None = None,
            views: str | None = None) -> Outcome:
    """Rebuild `names` from zero up to the head now: in this process when `jobs` is 1 (or
    there is one view), else in up to `jobs` worker processes."""
    if jobs <= 1 or len(names) <= 1:
        cpu = time.process_time()
        applied = projector.rebuild(names, progress=progress)
        return Outcome(applied, {",".join(names): projector.lock_wait},
                       {",".join(names): time.process_time() - cpu})
    return rebuild_in_parallel(database_url, secret, names, jobs=jobs, until=projector.head(),
                               progress=progress, views=views)


def rebuild_in_parallel(database_url: str, secret: bytes, names: Sequence[str], *,
                        jobs: int, until: int,
                        progress: Callable[[str, int, int], None] | None = None,
                        views: str | None = None) -> Outcome:
    """Rebuild `names` up to position `until` in `jobs` processes. `views` names the function
    that makes the views ("module:function", default `VIEWS`), imported again in each
    worker."""
    views = views or VIEWS
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    reports: Queue[tuple[Any, ...]] = context.Queue()
    groups = partition(names, jobs)
    workers = [
        context.Process(target=_work, name=f"rebuild:{','.join(group)}",
                        args=(index, database_url, secret, group, until, views, reports))
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
        raise RebuildFailed([n for group, _ in failed for n in group],
                            [reason for _, reason in failed])
    return outcome


def _work(index: int, database_url: str, secret: bytes, names: list[str], until: int,
          views: str, reports: Queue[tuple[Any, ...]]) -> None:
    """One worker: an error ends the process with its traceback on stderr and a non-zero exit
    code, which the parent reads."""
    module, function = views.split(":")
    chosen = [v for v in getattr(importlib.import_module(module), function)() if v.name in names]
    app = open_application(database_url, secret=secret)
    try:
        projector = Projector(app, chosen)
        projector.ensure()
        applied = projector.rebuild(
            names, until=until,
            progress=lambda n, p, t: reports.put(("progress", index, n, p, t)))
        reports.put(("done", index, applied, projector.lock_wait, time.process_time()))
    finally:
        app.close()
