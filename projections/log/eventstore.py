"""Where the log lives: `open_application(url, ...)` maps one database URL onto the library's
persistence settings and opens the application on it, with its recorder (sqlite_log.py,
postgres_log.py: events, chain links and head checkpoints in one transaction), member key store
(key_store.py), erasure ledger (erasure_ledger.py) and attachment files (files.py).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse
from uuid import uuid4

from argon2 import PasswordHasher
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.utils import get_topic

from domain import clock
from domain.filmhouse import FilmHouse
from projections.log.chained import HEADS_TABLE, micros
from projections.log.erasure_ledger import FileErasureLedger, erasure_ledger_path
from projections.log.files import DiskFileStore
from projections.log.key_store import key_store
from projections.log.postgres_log import PostgresLog
from projections.log.sqlite_log import SQLiteLog

__all__ = ["files_dir", "open_application", "position_at", "storage_env"]


def storage_env(url: str) -> dict[str, str]:
    """The eventsourcing library's settings for a `sqlite:///…` or `postgresql://…` URL."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path in ("/:memory:", ""):
            name = f"file:filmhouse-{uuid4().hex}?mode=memory&cache=shared"
        else:
            file = Path(path[1:]) if path.startswith("/") else Path(path)
            file.parent.mkdir(parents=True, exist_ok=True)
            name = str(file)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name,
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": get_topic(SQLiteLog),
        }
    if parsed.scheme in ("postgresql", "postgres"):
        query = parse_qs(parsed.query)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": (parsed.path or "/postgres")[1:] or "postgres",
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": unquote(parsed.username or os.environ.get("USER", "postgres")),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["8"])[0],
            "POSTGRES_MAX_OVERFLOW": "16",
            "POSTGRES_CONN_MAX_AGE": "600",
            "POSTGRES_PRE_PING": "y",
            "APPLICATION_RECORDER_TOPIC": get_topic(PostgresLog),
        }
    raise ValueError(f"FILMHOUSE_DATABASE_URL must be sqlite:///… or postgresql://…, not {url!r}")


def open_application(
    url: str,
    *,
    secret: bytes,
    clock_: clock.Clock | None = None,
    passwords: PasswordHasher | None = None,
) -> FilmHouse:
    """The application on the database the URL names, tables created if missing."""
    env = storage_env(url)
    env["CREATE_TABLE"] = "y"
    files = DiskFileStore(files_dir(url))
    ledger = FileErasureLedger(erasure_ledger_path(url))
    app = FilmHouse(
        env,
        key_store=key_store,
        secret=secret,
        clock_=clock_,
        files=files,
        passwords=passwords,
        erasures=ledger,
    )
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    if isinstance(datastore, SQLiteDatastore):
        # Under load a writer may wait its turn longer than the library's 5 s default.
        datastore.pool.pool_timeout = 30.0
    app.reapply_erasures()
    return app


def files_dir(url: str) -> Path:
    """Attachments live beside the SQLite file, or under FILMHOUSE_FILES_DIR (default var/files)."""
    configured = os.environ.get("FILMHOUSE_FILES_DIR")
    if configured:
        return Path(configured)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite" and parsed.path not in ("", "/:memory:"):
        path = unquote(parsed.path)
        file = Path(path[1:]) if path.startswith("/") else Path(path)
        return file.with_suffix(".files")
    return Path("var/files")


def position_at(app: FilmHouse, at: datetime) -> int:
    """The log position that was the head at that moment (0 before the first event)."""
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    # Checkpoint times never go back (_rising), so the last checkpoint at or before the moment
    # in time order is the highest position then: one step down the time index, whatever the
    # log's length.
    if isinstance(datastore, SQLiteDatastore):
        sql = (
            f"SELECT position AS max FROM {HEADS_TABLE} WHERE at_us <= ? "
            "ORDER BY at_us DESC, position DESC LIMIT 1"
        )
    else:
        sql = (
            f'SELECT position AS max FROM "{datastore.schema}".{HEADS_TABLE} '
            "WHERE at_us <= %s ORDER BY at_us DESC, position DESC LIMIT 1"
        )
    with datastore.transaction(commit=False) as c:
        c.execute(sql, (micros(at),))
        row = c.fetchone()
    if row is None:
        return 0
    value = row[0] if isinstance(datastore, SQLiteDatastore) else row["max"]
    return int(value or 0)
