"""One entity as of a past moment, on an N-event log: the time → position lookup (head
checkpoints) and the entity's events up to that position (read by its primary key).

    filmhouse bench asof --size 1000000 [--samples 500] [--log PATH]

`--log PATH` keeps the generated log in a SQLite file and reuses it (the same file as
`bench rebuild --log`); the members and projects sampled are then read back from the log.
The objects left over from setting up (the generator's aggregates, the ids) are frozen out of
the cyclic collector's sight before sampling, as a server does after start-up; the collections
that still run during the samples are counted and timed, so a pause cannot pass for a lookup.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsourcing.utils import get_topic

from bench.synthetic_log import fill
from domain.clock import SEOUL
from domain.member import Member
from domain.project import Project
from projections.log.eventstore import open_application
from projections.views.audit import Audit


def _ids_in(app: Any) -> dict[str, Any]:
    """The members and projects of a log written earlier (read back in pages of 50,000)."""
    ids: dict[str, Any] = {"members": [], "projects": []}
    kinds = {get_topic(Member.Registered): "members", get_topic(Project.Drafted): "projects"}
    start = 1
    while True:
        notes = app.recorder.select_notifications(start=start, limit=50_000, topics=sorted(kinds))
        for note in notes:
            ids[kinds[note.topic]].append(note.originator_id)
        if len(notes) < 50_000:
            break
        start = notes[-1].id + 1
    ids["written"] = int(app.recorder.max_notification_id() or 0)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench asof")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument(
        "--log", type=Path, help="a SQLite file holding the log: written once, then reused"
    )
    args = parser.parse_args(argv)
    say = lambda text: print(text, end="", file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        if args.log is not None and not args.database_url:
            if not args.log.exists():
                kept = open_application(f"sqlite:///{args.log.resolve()}", secret=b"bench-secret")
                fill(kept, args.size, say=say)
                kept.close()
            for suffix in ("", "-wal"):
                if Path(f"{args.log}{suffix}").exists():
                    shutil.copy(f"{args.log}{suffix}", Path(tmp) / f"bench.sqlite{suffix}")
            app = open_application(url, secret=b"bench-secret")
            ids = _ids_in(app)
        else:
            app = open_application(url, secret=b"bench-secret")
            ids = fill(app, args.size, say=say)
        audit = Audit(app)
        chosen = ids["members"] + ids["projects"]
        gc.collect()
        gc.freeze()
        pauses: list[float] = []
        began: list[float] = []

        def watch(phase: str, info: dict[str, Any]) -> None:
            if info["generation"] == 2:
                if phase == "start":
                    began.append(time.perf_counter())
                else:
                    pauses.append((time.perf_counter() - began.pop()) * 1000)

        gc.callbacks.append(watch)
        rng = random.Random(3)
        first = datetime(2024, 1, 1, 9, tzinfo=SEOUL).timestamp()
        last = first + args.size * 60  # the log advances about a minute per event
        timings = []
        cpu_ms: list[float] = []  # the same samples in this thread's CPU time: a sample far
        # slower on the wall clock than on the CPU clock waited (for a core, or the disk)
        for _ in range(args.samples):
            entity = rng.choice(chosen)
            moment = datetime.fromtimestamp(rng.uniform(first, last), SEOUL)
            started, cpu = time.perf_counter(), time.thread_time()
            position = audit.position_at(moment)
            audit.entity_state(entity, position)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_ms.append((time.thread_time() - cpu) * 1000)
        gc.callbacks.remove(watch)
        gc.unfreeze()
        app.close()
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    cpu_ms.sort()
    cpu_p99 = cpu_ms[int(len(cpu_ms) * 0.99) - 1]
    print(
        f"entity as of a moment on {ids['written']:,} events: median {p50:.2f} ms, "
        f"p99 {p99:.2f} ms, max {timings[-1]:.2f} ms over {len(timings)} samples; "
        f"{len(pauses)} full collections during them ({sum(pauses):.1f} ms); "
        f"CPU time per sample: median {statistics.median(cpu_ms):.2f} ms, p99 {cpu_p99:.2f} ms"
    )
    print(
        json.dumps(
            {
                "bench": "asof",
                "value": round(p99, 2),
                "unit": "ms",
                "p50_ms": round(p50, 2),
                "max_ms": round(timings[-1], 2),
                "full_gc_ms": round(sum(pauses), 1),
                "cpu_p99_ms": round(cpu_p99, 2),
                "events": ids["written"],
                "samples": len(timings),
                "database": url.split(":")[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
