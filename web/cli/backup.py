"""`filmhouse backup` and `filmhouse restore`: an online copy of the database, and putting one
back (then shredding again the keys of members erased since the copy was made)."""

from __future__ import annotations

import argparse
import sys

from projections.log.eventstore import open_application
from web.cli.common import Commands
from web.settings import Settings


def backup(args: argparse.Namespace) -> int:
    from projections.log.backup import BackupError
    from projections.log.backup import backup as copy

    try:
        print(copy(Settings.from_env().database_url, args.path))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def restore(args: argparse.Namespace) -> int:
    from projections.log.backup import BackupError
    from projections.log.backup import restore as put_back

    settings = Settings.from_env()
    try:
        print(put_back(settings.database_url, args.path, force=args.force))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    filmhouse = open_application(settings.database_url, secret=settings.secret)
    try:
        shredded = filmhouse.reapply_erasures()
    finally:
        filmhouse.close()
    print(f"erasure ledger re-applied: {shredded} member key(s) shredded again")
    return 0


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("backup", help="copy the database to a file (online)")
    command.add_argument("path")
    command.set_defaults(run=backup)
    command = sub.add_parser("restore", help="restore a backup, then re-apply erasures")
    command.add_argument("path")
    command.add_argument("--force", action="store_true", help="replace a non-empty database")
    command.set_defaults(run=restore)
