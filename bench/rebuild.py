"""Full rebuild of every view from an N-event log, through the real decoding path
(stored bytes → JSON → per-member decryption → domain event → view handlers → SQL).

    filmhouse bench rebuild --size 1000000 [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic_log import fill
from projections.catalogue import all_views
from projections.eventstore import open_application
from projections.runner import Projector


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench rebuild")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args(argv)
    say = lambda text: print(text, end="", file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        app = open_application(url, secret=b"bench-secret")
        started = time.perf_counter()
        fill(app, args.size, say=say)
        fill_seconds = time.perf_counter() - started
        events = int(app.recorder.max_notification_id() or 0)
        projector = Projector(app, all_views())
        projector.ensure()
        started = time.perf_counter()
        applied = projector.rebuild(progress=lambda n, p, t: say(f"\rrebuilding {n:<10} {p:,}/{t:,}"))
        seconds = time.perf_counter() - started
        say("\n")
        app.close()
    rate = events / seconds
    print(f"log: {events:,} events written in {fill_seconds:.1f} s")
    print(f"rebuild of {len(all_views())} views: {applied:,} deliveries, {seconds:.1f} s, "
          f"{rate:,.0f} events/s")
    print(json.dumps({"bench": "rebuild", "value": round(rate), "unit": "events/s",
                      "events": events, "seconds": round(seconds, 2),
                      "views": len(all_views()), "database": url.split(":")[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
