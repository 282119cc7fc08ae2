"""One entity as of a past moment, on an N-event log: the time → position lookup (head
checkpoints) and the entity's events up to that position (read by its primary key).

    filmhouse bench asof --size 1000000 [--samples 500]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.synthetic_log import fill
from domain.clock import SEOUL
from projections.audit import Audit
from projections.eventstore import open_application


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench asof")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args(argv)
    say = lambda text: print(text, end="", file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        app = open_application(url, secret=b"bench-secret")
        ids = fill(app, args.size, say=say)
        audit = Audit(app)
        rng = random.Random(3)
        first = datetime(2024, 1, 1, 9, tzinfo=SEOUL).timestamp()
        last = first + args.size * 60  # the log advances about a minute per event
        timings = []
        for _ in range(args.samples):
            entity = rng.choice(ids["members"] + ids["projects"])
            moment = datetime.fromtimestamp(rng.uniform(first, last), SEOUL)
            started = time.perf_counter()
            position = audit.position_at(moment)
            audit.entity_state(entity, position)
            timings.append((time.perf_counter() - started) * 1000)
        app.close()
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"entity as of a moment on {ids['written']:,} events: median {p50:.2f} ms, "
          f"p99 {p99:.2f} ms over {len(timings)} samples")
    print(json.dumps({"bench": "asof", "value": round(p99, 2), "unit": "ms", "p50_ms":
                      round(p50, 2), "events": ids["written"], "samples": len(timings),
                      "database": url.split(":")[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
