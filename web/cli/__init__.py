"""The `filmhouse` command line: serve, demo, admin, projections, replay, audit, backup and
restore, bench, match. Each command (or family of subcommands) is a module here that adds its
own parser; `main` is the console script's entry point (and `python -m web.cli`'s)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from web.cli import admin, audit, backup, bench, demo, match, projections, replay, serve
from web.cli.common import prepare

__all__ = ["main", "parser", "prepare"]

DESCRIPTION = "The Film House command line: serve, demo, admin, match and the log's tools."
COMMANDS = (serve, demo, admin, projections, replay, audit, backup, bench, match)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="filmhouse", description=DESCRIPTION)
    sub = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
