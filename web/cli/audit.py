"""`filmhouse audit`: verify the log's hash chain (against a seal kept outside the system),
print a seal, or export one entity's history."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from uuid import UUID

import psycopg

from web.cli.common import Commands, open_filmhouse
from web.settings import DEFAULT_DATABASE_URL, Settings


def verify(args: argparse.Namespace) -> int:
    """Read the log without the application: no seeding, no migration, no timer, no key read,
    the database opened read-only. Tampering is `ok: false` (exit 1) at its position; a log
    that cannot be read at all, or a seal that is not one, says why (exit 2)."""
    from projections.log.chain_check import LogUnavailable, ReadOnlyLog, Seal, SealError

    try:
        seal = Seal.parse(args.digest) if args.digest else None
    except SealError as error:
        print(f"--digest: {error}", file=sys.stderr)
        return 2
    url = os.environ.get("FILMHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        log = ReadOnlyLog(url)
    except LogUnavailable as error:
        print(f"cannot verify: {error}", file=sys.stderr)
        return 2
    try:
        result = log.verify(seal)
    except (sqlite3.Error, psycopg.Error) as error:
        print(f"cannot verify: the database failed while reading: {error}", file=sys.stderr)
        return 2
    finally:
        log.close()
    if args.json:
        print(json.dumps(result.as_json()))
    elif result.ok:
        print(f"ok: {result.events} events, head {result.head}")
    else:
        print(
            f"NOT OK at position {result.first_bad_position}: {result.problem} "
            f"({result.events} events verified before it)"
        )
    return 0 if result.ok else 1


def audit(args: argparse.Namespace) -> int:
    from domain.context import SYSTEM
    from projections.views.audit import Audit

    if args.audit_command == "verify":
        return verify(args)
    try:
        entity = UUID(args.entity) if args.audit_command == "export" else None
    except ValueError:
        print(f"{args.entity}: not an entity id (a UUID)", file=sys.stderr)
        return 2
    filmhouse = open_filmhouse(Settings.from_env())
    try:
        trail = Audit(filmhouse)
        if args.audit_command == "seal":
            seal = trail.seal()
            filmhouse.record_seal(
                SYSTEM, events=seal.events, position=seal.position, digest=seal.digest.hex()
            )
            print(seal)
            return 0
        assert entity is not None
        print(trail.export(entity, args.format), end="")
        return 0
    finally:
        filmhouse.close()


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("audit", help="verify, seal or export the log")
    commands = command.add_subparsers(dest="audit_command", required=True)
    checking = commands.add_parser("verify", help="recompute the hash chain (reads only)")
    checking.add_argument("--digest", help="a seal printed earlier by `audit seal`")
    checking.add_argument("--json", action="store_true")
    commands.add_parser("seal", help="print a digest to keep outside the system")
    export = commands.add_parser("export", help="one entity's history")
    export.add_argument("entity")
    export.add_argument("--format", choices=["csv", "json"], default="json")
    command.set_defaults(run=audit)
