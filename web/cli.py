"""The `filmhouse` command line: serve, demo, admin, match."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from domain.filmhouse import FilmHouse
from projections.eventstore import open_application
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
    from web.demo import DEMO_ACCOUNTS, generate

    settings = Settings.from_env()
    filmhouse = _open(settings)
    try:
        if args.if_empty and filmhouse.member_by_email(DEMO_ACCOUNTS[0].email) is not None:
            print("The database already holds the demo data.", file=sys.stderr)
        else:
            generate(filmhouse, members=args.members, seed=args.seed)
    finally:
        filmhouse.close()
    print("Demo accounts (email / password):")
    for account in DEMO_ACCOUNTS:
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

    match = sub.add_parser("match", help="matching engine")
    match_sub = match.add_subparsers(dest="match_command", required=True)
    evaluate = match_sub.add_parser("evaluate", help="evaluate on the film-credits data")
    evaluate.add_argument("dataset")
    evaluate.add_argument("--cut", type=int, required=True)
    evaluate.add_argument("--until", type=int, required=True)
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=cmd_match_evaluate)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
