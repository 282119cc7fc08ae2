"""`filmhouse projections`: follow the log (the scale-out process), show every view's lag, or
rebuild views from position zero."""

from __future__ import annotations

import argparse
import os
import sys

from web.cli.common import Commands, open_filmhouse, progress
from web.settings import Settings


def projections(args: argparse.Namespace) -> int:
    import signal
    import threading

    from projections.projector.catalogue import all_views
    from projections.projector.parallel_rebuild import RebuildFailed, rebuild
    from projections.projector.runner import Projector

    settings = Settings.from_env()
    filmhouse = open_filmhouse(settings)
    projector = Projector(filmhouse, all_views())
    try:
        rebuilt = projector.ensure()
        if rebuilt:
            print(f"rebuilt (schema changed): {', '.join(rebuilt)}", file=sys.stderr)
        if args.projections_command == "status":
            print(f"{'view':<24} {'position':>10} {'head':>10} {'lag':>8} {'schema':>6}")
            for s in projector.status():
                print(
                    f"{s.name:<24} {s.position:>10} {s.head:>10} {s.lag:>8} {s.schema_version:>6}"
                )
        elif args.projections_command == "rebuild":
            unknown = set(args.names) - set(projector.views)
            if unknown:
                print(f"unknown views: {', '.join(sorted(unknown))}", file=sys.stderr)
                return 2
            try:
                applied = rebuild(
                    projector,
                    args.names or list(projector.views),
                    jobs=args.jobs,
                    database_url=settings.database_url,
                    secret=settings.secret,
                    progress=progress,
                ).applied
            except RebuildFailed as failure:
                print(f"\nrebuild failed: {failure}; rebuild them again", file=sys.stderr)
                return 1
            print(f"\nrebuilt from {applied:,} events", file=sys.stderr)
        else:
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            print("following the log (Ctrl-C stops)", file=sys.stderr)
            projector.run(stop)
    finally:
        filmhouse.close()
    return 0


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("projections", help="the read models")
    commands = command.add_subparsers(dest="projections_command", required=True)
    commands.add_parser("run", help="follow the log (the scale-out process)")
    commands.add_parser("status", help="position, head and lag of every view")
    rebuild = commands.add_parser("rebuild", help="rebuild views from position zero")
    rebuild.add_argument("names", nargs="*", help="views to rebuild (default: all)")
    rebuild.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes sharing the views (default: one per core; 1: rebuild in this process)",
    )
    command.set_defaults(run=projections)
