"""The `filmhouse` command line: serve, demo, admin, match."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from domain.filmhouse import FilmHouse
from projections.log.eventstore import open_application
from web.settings import Settings


def prepare(filmhouse: FilmHouse) -> None:
    """Create and seed what a new database needs: the universities and the centre's rooms."""
    filmhouse.seed_universities()
    filmhouse.seed_workspaces()


def _open(settings: Settings) -> FilmHouse:
    filmhouse = open_application(settings.database_url, secret=settings.secret)
    prepare(filmhouse)
    return filmhouse


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings.from_env(host=args.host, port=args.port)
    _open(settings).close()
    # Worker processes read their settings from the environment.
    os.environ["FILMHOUSE_DATABASE_URL"] = settings.database_url
    os.environ.setdefault("FILMHOUSE_SECRET", settings.secret.decode())
    print(f"Film House on http://{settings.host}:{settings.port}", file=sys.stderr)
    uvicorn.run(
        "web.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from argon2 import PasswordHasher

    from domain.clock import SettableClock, SystemClock
    from web.demo import DEMO_ACCOUNTS, demo_start, generate

    settings = Settings.from_env()
    # Demo members sign up thousands at a time: their (real argon2) hashes use a low cost.
    filmhouse = open_application(
        settings.database_url, secret=settings.secret,
        clock_=SettableClock(demo_start(SystemClock().now())),
        passwords=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1),
    )
    prepare(filmhouse)
    try:
        if args.if_empty and filmhouse.member_by_email(DEMO_ACCOUNTS[0].email) is not None:
            print("The database already holds the demo data.", file=sys.stderr)
        else:
            generate(filmhouse, members=args.members, seed=args.seed)
        # A demo loaded by an older version may lack the newer accounts (the reviewer).
        accounts = [a for a in DEMO_ACCOUNTS if filmhouse.member_by_email(a.email) is not None]
    finally:
        filmhouse.close()
    print("Demo accounts (email / password):")
    for account in accounts:
        print(f"  {account.role:<12} {account.email:<32} {account.password}")
    return 0


def cmd_admin_create(args: argparse.Namespace) -> int:
    filmhouse = _open(Settings.from_env())
    try:
        member_id = filmhouse.create_admin(email=args.email, password=args.password,
                                           name=args.name)
    finally:
        filmhouse.close()
    print(f"admin {args.email}: {member_id}")
    return 0


def cmd_match_evaluate(args: argparse.Namespace) -> int:
    from matching.evaluate import main as evaluate

    argv = [args.dataset, "--cut", str(args.cut), "--until", str(args.until)]
    return evaluate([*argv, "--json"] if args.json else argv)


def cmd_match_retrain(args: argparse.Namespace) -> int:
    from matching.ranker import MIN_EACH, MIN_OUTCOMES
    from projections.graph.retrain import report, retrain_from_log
    from projections.projector.sql import Database

    least = MIN_OUTCOMES if args.min_outcomes is None else args.min_outcomes
    each = MIN_EACH if args.min_each is None else args.min_each
    filmhouse = _open(Settings.from_env())
    try:
        db = Database.beside(filmhouse.factory.datastore)  # type: ignore[attr-defined]
        result = retrain_from_log(filmhouse, db, min_outcomes=least, min_each=each)
    finally:
        filmhouse.close()
    print(report(result, min_outcomes=least, min_each=each))
    return 0


def _progress(name: str, position: int, target: int) -> None:
    print(f"\r{name:<24} {position:>10,} / {target:,}", end="", file=sys.stderr, flush=True)


def cmd_projections(args: argparse.Namespace) -> int:
    import signal
    import threading

    from projections.projector.catalogue import all_views
    from projections.projector.parallel_rebuild import RebuildFailed, rebuild
    from projections.projector.runner import Projector

    settings = Settings.from_env()
    filmhouse = _open(settings)
    projector = Projector(filmhouse, all_views())
    try:
        rebuilt = projector.ensure()
        if rebuilt:
            print(f"rebuilt (schema changed): {', '.join(rebuilt)}", file=sys.stderr)
        if args.projections_command == "status":
            print(f"{'view':<24} {'position':>10} {'head':>10} {'lag':>8} {'schema':>6}")
            for s in projector.status():
                print(f"{s.name:<24} {s.position:>10} {s.head:>10} {s.lag:>8} "
                      f"{s.schema_version:>6}")
        elif args.projections_command == "rebuild":
            unknown = set(args.names) - set(projector.views)
            if unknown:
                print(f"unknown views: {', '.join(sorted(unknown))}", file=sys.stderr)
                return 2
            try:
                applied = rebuild(projector, args.names or list(projector.views), jobs=args.jobs,
                                  database_url=settings.database_url, secret=settings.secret,
                                  progress=_progress).applied
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


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise SystemExit(f"{text}: give the time with its offset, e.g. 2026-03-02T10:00:00+09:00")
    return moment


def cmd_replay(args: argparse.Namespace) -> int:
    import json

    from projections.projector.catalogue import all_views
    from projections.projector.runner import Projector
    from projections.projector.sql import Database
    from projections.views.audit import Audit

    if args.what_if:
        return _what_if(args)
    if not args.as_of:
        print("replay needs --as-of T (or --what-if fund|bookings)", file=sys.stderr)
        return 2
    filmhouse = _open(Settings.from_env())
    try:
        audit = Audit(filmhouse)
        position = audit.position_at(_moment(args.as_of))
        if args.entity:
            state = audit.entity_state(UUID(args.entity), position)
            print(json.dumps({"position": position, "as_of": args.as_of, "entity": state},
                             ensure_ascii=False, indent=2))
            return 0
        views = all_views()
        past = Projector(filmhouse, views, db=Database.memory())
        past.ensure()
        past.catch_up_all(until=position, progress=_progress)
        print(file=sys.stderr)
        with past.db.read() as tx:
            counts = {t: tx.scalar(f"SELECT COUNT(*) FROM {t}") for v in views for t in v.TABLES}
        print(json.dumps({"position": position, "as_of": args.as_of, "rows": counts}, indent=2))
    finally:
        filmhouse.close()
    return 0


def _what_if(args: argparse.Namespace) -> int:
    import json

    from projections.views.whatif import booking_what_if, fund_what_if

    filmhouse = _open(Settings.from_env())
    try:
        if args.what_if == "fund":
            if not args.fund:
                print("--what-if fund needs --fund ID", file=sys.stderr)
                return 2
            weights = None
            if args.weights:
                pairs = [w.split("=", 1) for w in args.weights.split(",")]
                weights = {name.strip(): int(value) for name, value in pairs}
            result = fund_what_if(filmhouse, UUID(args.fund), cap_krw=args.cap,
                                  budget_krw=args.budget, weights=weights)
        else:
            if not (args.since and args.until and args.quota):
                print("--what-if bookings needs --since, --until and --quota", file=sys.stderr)
                return 2
            result = booking_what_if(filmhouse, _moment(args.since), _moment(args.until),
                                     member_quota_hours=args.quota,
                                     university_budget_hours=args.university_budget)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        filmhouse.close()
    print(json.dumps(result.as_json(), indent=2))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    import json

    from projections.views.audit import Audit, Seal

    filmhouse = _open(Settings.from_env())
    try:
        audit = Audit(filmhouse)
        if args.audit_command == "seal":
            print(audit.seal())
            return 0
        if args.audit_command == "export":
            print(audit.export(UUID(args.entity), args.format), end="")
            return 0
        seal = Seal.parse(args.digest) if args.digest else None
        result = audit.verify(seal)
        if args.json:
            print(json.dumps(result.as_json()))
        elif result.ok:
            print(f"ok: {result.events} events, head {result.head}")
        else:
            print(f"NOT OK at position {result.first_bad_position}: {result.problem} "
                  f"({result.events} events verified before it)")
        return 0 if result.ok else 1
    finally:
        filmhouse.close()


def cmd_backup(args: argparse.Namespace) -> int:
    from projections.log.backup import BackupError, backup

    try:
        print(backup(Settings.from_env().database_url, args.path))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from projections.log.backup import BackupError, restore

    settings = Settings.from_env()
    try:
        print(restore(settings.database_url, args.path, force=args.force))
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


BENCHES = {
    "rebuild": "bench.rebuild",
    "asof": "bench.asof",
    "match": "bench.match_latency",
    "match-update": "bench.match_update",
    "append": "bench.append",
    "web": "bench.web_load",
    "web-mixed": "bench.web_mixed",
    "schemathesis": "bench.schemathesis_long",
    "crash": "bench.crash",
}


def cmd_bench(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(BENCHES[args.name])
    argv = [] if args.size is None else ["--size", str(args.size)]
    return int(module.main([*argv, *args.rest]))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="filmhouse", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=cmd_serve)

    demo = sub.add_parser("demo", help="write two years of realistic demo history")
    demo.add_argument("--members", type=int, default=1200)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--if-empty", action="store_true", help="only into a database without it")
    demo.set_defaults(run=cmd_demo)

    admin = sub.add_parser("admin", help="administration")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="create (or promote) an admin")
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True)
    create.add_argument("--name", required=True)
    create.set_defaults(run=cmd_admin_create)

    projections = sub.add_parser("projections", help="the read models")
    proj_sub = projections.add_subparsers(dest="projections_command", required=True)
    proj_sub.add_parser("run", help="follow the log (the scale-out process)")
    proj_sub.add_parser("status", help="position, head and lag of every view")
    rebuild = proj_sub.add_parser("rebuild", help="rebuild views from position zero")
    rebuild.add_argument("names", nargs="*", help="views to rebuild (default: all)")
    rebuild.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="processes sharing the views (default: one per core; "
                              "1: rebuild in this process)")
    projections.set_defaults(run=cmd_projections)

    replay = sub.add_parser("replay", help="the views or one entity as of a past moment")
    replay.add_argument("--as-of", help="ISO 8601 time with offset")
    replay.add_argument("--entity", help="an entity id: print its state then")
    replay.add_argument("--what-if", choices=["fund", "bookings"],
                        help="replay past requests under a proposed rule")
    replay.add_argument("--fund", help="fund id (--what-if fund)")
    replay.add_argument("--cap", type=int, help="proposed cap per project, KRW")
    replay.add_argument("--budget", type=int, help="proposed fund budget, KRW")
    replay.add_argument("--weights", help="proposed criteria weights, e.g. story=2,budget=1")
    replay.add_argument("--since", help="period start (--what-if bookings)")
    replay.add_argument("--until", help="period end (--what-if bookings)")
    replay.add_argument("--quota", type=float, help="proposed weekly hours per member")
    replay.add_argument("--university-budget", type=float,
                        help="proposed weekly hours per university")
    replay.set_defaults(run=cmd_replay)

    audit = sub.add_parser("audit", help="verify, seal or export the log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="recompute the hash chain")
    verify.add_argument("--digest", help="a seal printed earlier by `audit seal`")
    verify.add_argument("--json", action="store_true")
    audit_sub.add_parser("seal", help="print a digest to keep outside the system")
    export = audit_sub.add_parser("export", help="one entity's history")
    export.add_argument("entity")
    export.add_argument("--format", choices=["csv", "json"], default="json")
    audit.set_defaults(run=cmd_audit)

    backup_ = sub.add_parser("backup", help="copy the database to a file (online)")
    backup_.add_argument("path")
    backup_.set_defaults(run=cmd_backup)
    restore_ = sub.add_parser("restore", help="restore a backup, then re-apply erasures")
    restore_.add_argument("path")
    restore_.add_argument("--force", action="store_true", help="replace a non-empty database")
    restore_.set_defaults(run=cmd_restore)

    bench = sub.add_parser("bench", help="run one benchmark of bench/ (last line: JSON)")
    bench.add_argument("name", choices=sorted(BENCHES))
    bench.add_argument("--size", type=int)
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="the benchmark's own options")
    bench.set_defaults(run=cmd_bench)

    match = sub.add_parser("match", help="matching engine")
    match_sub = match.add_subparsers(dest="match_command", required=True)
    evaluate = match_sub.add_parser("evaluate", help="evaluate on the film-credits data")
    evaluate.add_argument("dataset")
    evaluate.add_argument("--cut", type=int, required=True)
    evaluate.add_argument("--until", type=int, required=True)
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=cmd_match_evaluate)
    retrain = match_sub.add_parser("retrain", help="refit the crew ranker on the log's hires "
                                   "and declines (the offline weights until there are enough)")
    retrain.add_argument("--min-outcomes", type=int,
                         help="decisions needed to replace the offline weights (default 200)")
    retrain.add_argument("--min-each", type=int,
                         help="of which hires, and declines or rejections, at least (default 20)")
    retrain.set_defaults(run=cmd_match_retrain)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130

