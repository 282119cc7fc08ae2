"""Full rebuild of every view from an N-event log, through the real decoding path
(stored bytes → JSON → per-member decryption → domain event → view handlers → SQL).

    filmhouse bench rebuild --size 1000000 [--database-url URL] [--log PATH] [--jobs N]

`--log PATH` keeps the generated log in a SQLite file and reuses it on the next run (writing a
1,000,000-event log takes longer than rebuilding from it); each run rebuilds from a copy.
With `--database-url`, a database that already holds the log (a previous run) is not written
again: its views are rebuilt in place. `--jobs N` rebuilds as `filmhouse projections rebuild
--jobs N` does (default: one process per core; 1: in this process); the CPU figure then adds
the workers' to this process's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic_log import fill
from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from projections.projector.parallel_rebuild import rebuild
from projections.projector.runner import Projector

SECRET = b"bench-secret"


def _cpu() -> float:
    """CPU seconds of this process and of its finished workers."""
    mine, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return sum(r.ru_utime + r.ru_stime for r in (mine, workers))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench rebuild")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument(
        "--log", type=Path, help="a SQLite file holding the log: written once, then reused"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes sharing the views (1: rebuild in this process)",
    )
    args = parser.parse_args(argv)
    say = lambda text: print(text, end="", file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        fill_seconds = 0.0
        if args.log is not None and not args.database_url:
            if not args.log.exists():
                kept = open_application(f"sqlite:///{args.log.resolve()}", secret=SECRET)
                started = time.perf_counter()
                fill(kept, args.size, say=say)
                fill_seconds = time.perf_counter() - started
                kept.close()
            for suffix in ("", "-wal"):  # a log left in WAL mode keeps its tail beside it
                if Path(f"{args.log}{suffix}").exists():
                    shutil.copy(f"{args.log}{suffix}", Path(tmp) / f"bench.sqlite{suffix}")
        app = open_application(url, secret=SECRET)
        if (args.log is None or args.database_url) and int(
            app.recorder.max_notification_id() or 0
        ) < args.size:
            started = time.perf_counter()
            fill(app, args.size, say=say)
            fill_seconds = time.perf_counter() - started
        events = int(app.recorder.max_notification_id() or 0)
        projector = Projector(app, all_views())
        projector.ensure()
        started, cpu = time.perf_counter(), _cpu()
        outcome = rebuild(
            projector,
            list(projector.views),
            jobs=args.jobs,
            database_url=url,
            secret=SECRET,
            progress=lambda n, p, t: say(f"\rrebuilding {n:<28} {p:,}/{t:,}"),
        )
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        applied = outcome.applied
        say("\n")
        app.close()
    rate = events / seconds
    print(
        f"log: {events:,} events written in {fill_seconds:.1f} s"
        if fill_seconds
        else f"log: {events:,} events, reused from {args.log or url}"
    )
    waits = ", ".join(
        f"{group} {wait:.1f} s (of {outcome.cpu[group]:.1f} s CPU)"
        for group, wait in outcome.lock_wait.items()
    )
    print(
        f"rebuild of {len(all_views())} views in {args.jobs} process(es): {applied:,} "
        f"deliveries, {seconds:.1f} s, {rate:,.0f} events/s ({cpu:.1f} s of CPU: "
        f"{events / cpu:,.0f} events per CPU-second; on a shared machine the gap is other "
        f"processes' load); waiting for the write lock: {waits}"
    )
    print(
        json.dumps(
            {
                "bench": "rebuild",
                "value": round(rate),
                "unit": "events/s",
                "events": events,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "jobs": args.jobs,
                "lock_wait_seconds": {g: round(w, 2) for g, w in outcome.lock_wait.items()},
                "cpu_seconds_by_group": {g: round(c, 2) for g, c in outcome.cpu.items()},
                "views": len(all_views()),
                "database": url.split(":")[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
