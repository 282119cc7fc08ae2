"""What every command of the command line shares: opening the application on the configured
database (seeded with what a new one needs), reading a moment typed on the command line, and
the progress line long replays print."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from domain.filmhouse import FilmHouse
from projections.log.eventstore import open_application
from web.settings import Settings

# `filmhouse`'s subcommands, to which each command module adds its own (argparse's own name
# for them; it offers no public one).
Commands = argparse._SubParsersAction


def prepare(filmhouse: FilmHouse) -> None:
    """Create and seed what a new database needs: the universities and the centre's rooms."""
    filmhouse.seed_universities()
    filmhouse.seed_workspaces()


def open_filmhouse(settings: Settings) -> FilmHouse:
    filmhouse = open_application(settings.database_url, secret=settings.secret)
    prepare(filmhouse)
    return filmhouse


def moment(text: str) -> datetime:
    """A moment given on the command line: ISO 8601 with its offset (an operator's time is
    never guessed to be Seoul's), read as the pages and the API read one (web.forms)."""
    from web.forms import moment_or_none

    found = moment_or_none(text, naive_in=None)
    if found is None:
        raise SystemExit(f"{text}: give the time with its offset, e.g. 2026-03-02T10:00:00+09:00")
    return found


def progress(name: str, position: int, target: int) -> None:
    print(f"\r{name:<24} {position:>10,} / {target:,}", end="", file=sys.stderr, flush=True)
