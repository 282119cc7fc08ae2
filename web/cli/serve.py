"""`filmhouse serve`: the web app and the API."""

from __future__ import annotations

import argparse
import os
import sys

from web.cli.common import Commands, open_filmhouse
from web.settings import Settings


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings.from_env(host=args.host, port=args.port)
    open_filmhouse(settings).close()
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


def add(sub: Commands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("serve", help="serve the web app and API")
    command.add_argument("--host", default=None)
    command.add_argument("--port", type=int, default=None)
    command.add_argument("--workers", type=int, default=1)
    command.set_defaults(run=serve)
