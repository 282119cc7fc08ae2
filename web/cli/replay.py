"""`filmhouse replay`: the views, or one entity, as they stood at a past moment; or past
requests replayed under a proposed rule (a fund's cap and weights, a booking quota)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from web.cli.common import Commands, moment, open_filmhouse, progress
from web.settings import Settings

if TYPE_CHECKING:
    from projections.projector.sql import Database


def replay(args: argparse.Namespace) -> int:
    from projections.projector.catalogue import all_views
    from projections.projector.runner import Projector
    from projections.projector.sql import Database
    from projections.views.audit import Audit

    if args.what_if:
        return what_if(args)
    if not args.as_of:
        print("replay needs --as-of T (or --what-if fund|bookings)", file=sys.stderr)
        return 2
    if args.out:
        taken = [p for p in (Path(args.out), csv_dir(Path(args.out))) if p.exists()]
        if taken:
            print(f"{taken[0]} exists: replay writes only new files", file=sys.stderr)
            return 2
    filmhouse = open_filmhouse(Settings.from_env())
    try:
        audit = Audit(filmhouse)
        position = audit.position_at(moment(args.as_of))
        if args.entity:
            try:
                entity = UUID(args.entity)
            except ValueError:
                print(f"{args.entity}: not an entity id (a UUID)", file=sys.stderr)
                return 2
            state = audit.entity_state(entity, position)
            print(
                json.dumps(
                    {"position": position, "as_of": args.as_of, "entity": state},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return 0
        views = all_views()
        out = Path(args.out) if args.out else None
        past = Projector(filmhouse, views, db=Database.memory() if out is None else _new(out))
        past.ensure()
        past.catch_up_all(until=position, progress=progress)
        print(file=sys.stderr)
        with past.db.read() as tx:
            counts = {t: tx.scalar(f"SELECT COUNT(*) FROM {t}") for v in views for t in v.TABLES}
        answer: dict[str, object] = {"position": position, "as_of": args.as_of, "rows": counts}
        if out is not None:
            tables = [t for v in views for t in v.TABLES]
            answer["database"] = str(out)
            answer["csv"] = [str(p) for p in write_csv(past.db, tables, csv_dir(out))]
        print(json.dumps(answer, indent=2))
    finally:
        filmhouse.close()
    return 0


def csv_dir(out: Path) -> Path:
    """Where the CSV files of `--out PATH` go: a new folder beside it, PATH's name + `-csv`."""
    return out.with_name(out.stem + "-csv")


def _new(out: Path) -> Database:
    from eventsourcing.sqlite import SQLiteDatastore

    from projections.projector.sql import Database

    out.parent.mkdir(parents=True, exist_ok=True)
    # `mode=rwc` would reuse a file made meanwhile; exclusive creation refuses one instead.
    with out.open("xb"):
        pass
    return Database(SQLiteDatastore(str(out)))


def write_csv(db: Database, tables: list[str], folder: Path) -> list[Path]:
    """One CSV file per table (header row of column names, UTF-8 with a byte-order mark so a
    spreadsheet reads Korean); a cell a spreadsheet would take for a formula is quoted as text."""
    folder.mkdir(parents=True)
    written = []
    with db.read() as tx:
        for table in tables:
            names = [
                r[0]
                for r in tx.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
            ]
            rows = tx.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            path = folder / f"{table}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(names)
                writer.writerows([_cell(v) for v in row] for row in rows)
            written.append(path)
    return written


def _cell(value: object) -> object:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def what_if(args: argparse.Namespace) -> int:
    from projections.views.whatif import WhatIf, booking_what_if, fund_what_if

    filmhouse = open_filmhouse(Settings.from_env())
    result: WhatIf
    try:
        if args.what_if == "fund":
            if not args.fund:
                print("--what-if fund needs --fund ID", file=sys.stderr)
                return 2
            weights = None
            if args.weights:
                pairs = [w.split("=", 1) for w in args.weights.split(",")]
                weights = {name.strip(): int(value) for name, value in pairs}
            result = fund_what_if(
                filmhouse,
                UUID(args.fund),
                cap_krw=args.cap,
                budget_krw=args.budget,
                weights=weights,
            )
        else:
            if not (args.since and args.until and args.quota):
                print("--what-if bookings needs --since, --until and --quota", file=sys.stderr)
                return 2
            result = booking_what_if(
                filmhouse,
                moment(args.since),
                moment(args.until),
                member_quota_hours=args.quota,
                university_budget_hours=args.university_budget,
            )
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        filmhouse.close()
    print(json.dumps(result.as_json(), indent=2))
    return 0


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("replay", help="the views or one entity as of a past moment")
    command.add_argument("--as-of", help="ISO 8601 time with offset")
    command.add_argument("--entity", help="an entity id: print its state then")
    command.add_argument(
        "--out",
        help="a new SQLite file to write the views into as they stood (never overwritten), "
        "with one CSV file per table in the folder PATH-csv beside it",
    )
    command.add_argument(
        "--what-if", choices=["fund", "bookings"], help="replay past requests under a proposed rule"
    )
    command.add_argument("--fund", help="fund id (--what-if fund)")
    command.add_argument("--cap", type=int, help="proposed cap per project, KRW")
    command.add_argument("--budget", type=int, help="proposed fund budget, KRW")
    command.add_argument("--weights", help="proposed criteria weights, e.g. story=2,budget=1")
    command.add_argument("--since", help="period start (--what-if bookings)")
    command.add_argument("--until", help="period end (--what-if bookings)")
    command.add_argument("--quota", type=float, help="proposed weekly hours per member")
    command.add_argument(
        "--university-budget", type=float, help="proposed weekly hours per university"
    )
    command.set_defaults(run=replay)
