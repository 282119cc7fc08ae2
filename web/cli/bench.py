"""`filmhouse bench NAME`: run one benchmark of bench/ (its last line is JSON)."""

from __future__ import annotations

import argparse

from web.cli.common import Commands

BENCHES = {
    "rebuild": "bench.rebuild",
    "asof": "bench.asof",
    "match": "bench.match_latency",
    "match-update": "bench.match_update",
    "partners": "bench.partner_latency",
    "team": "bench.team_latency",
    "append": "bench.append",
    "web": "bench.web_load",
    "web-mixed": "bench.web_mixed",
    "schemathesis": "bench.schemathesis_long",
    "crash": "bench.crash",
}


def bench(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(BENCHES[args.name])
    argv = [] if args.size is None else ["--size", str(args.size)]
    return int(module.main([*argv, *args.rest]))


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("bench", help="run one benchmark of bench/ (last line: JSON)")
    command.add_argument("name", choices=sorted(BENCHES))
    command.add_argument("--size", type=int)
    command.add_argument("rest", nargs=argparse.REMAINDER, help="the benchmark's own options")
    command.set_defaults(run=bench)
