"""`filmhouse demo`: two years of realistic history, and the accounts to sign in with."""

from __future__ import annotations

import argparse
import sys

from projections.log.eventstore import open_application
from web.cli.common import Commands, prepare
from web.settings import Settings


def demo(args: argparse.Namespace) -> int:
    from argon2 import PasswordHasher

    from domain.clock import SettableClock, SystemClock
    from web.demo import demo_start, generate
    from web.demo.cast import DEMO_ACCOUNTS

    settings = Settings.from_env()
    # Demo members sign up thousands at a time: their (real argon2) hashes use a low cost.
    filmhouse = open_application(
        settings.database_url,
        secret=settings.secret,
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


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("demo", help="write two years of realistic demo history")
    command.add_argument("--members", type=int, default=1200)
    command.add_argument("--seed", type=int, default=2026)
    command.add_argument("--if-empty", action="store_true", help="only into a database without it")
    command.set_defaults(run=demo)
