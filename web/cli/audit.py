"""`filmhouse audit`: verify the log's hash chain (against a seal kept outside the system),
print a seal, or export one entity's history."""

from __future__ import annotations

import argparse
import json
from uuid import UUID

from web.cli.common import Commands, open_filmhouse
from web.settings import Settings


def audit(args: argparse.Namespace) -> int:
    from projections.views.audit import Audit, Seal

    filmhouse = open_filmhouse(Settings.from_env())
    try:
        trail = Audit(filmhouse)
        if args.audit_command == "seal":
            print(trail.seal())
            return 0
        if args.audit_command == "export":
            print(trail.export(UUID(args.entity), args.format), end="")
            return 0
        seal = Seal.parse(args.digest) if args.digest else None
        result = trail.verify(seal)
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
    finally:
        filmhouse.close()


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("audit", help="verify, seal or export the log")
    commands = command.add_subparsers(dest="audit_command", required=True)
    verify = commands.add_parser("verify", help="recompute the hash chain")
    verify.add_argument("--digest", help="a seal printed earlier by `audit seal`")
    verify.add_argument("--json", action="store_true")
    commands.add_parser("seal", help="print a digest to keep outside the system")
    export = commands.add_parser("export", help="one entity's history")
    export.add_argument("entity")
    export.add_argument("--format", choices=["csv", "json"], default="json")
    command.set_defaults(run=audit)
