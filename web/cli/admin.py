"""`filmhouse admin create`: the first admin (or a member promoted to one)."""

from __future__ import annotations

import argparse

from web.cli.common import Commands, open_filmhouse
from web.settings import Settings


def create(args: argparse.Namespace) -> int:
    filmhouse = open_filmhouse(Settings.from_env())
    try:
        member_id = filmhouse.create_admin(email=args.email, password=args.password, name=args.name)
    finally:
        filmhouse.close()
    print(f"admin {args.email}: {member_id}")
    return 0


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    admin = sub.add_parser("admin", help="administration")
    commands = admin.add_subparsers(dest="admin_command", required=True)
    command = commands.add_parser("create", help="create (or promote) an admin")
    command.add_argument("--email", required=True)
    command.add_argument("--password", required=True)
    command.add_argument("--name", required=True)
    command.set_defaults(run=create)
