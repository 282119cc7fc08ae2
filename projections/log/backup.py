"""Backups of the database (log, chain, keys and read models) and their restore.

SQLite: the online backup API copies a consistent snapshot while the server keeps writing.
PostgreSQL: `pg_dump` of the application's schema (custom format) and `pg_restore` of it, where
those programs are installed. The erasure ledger lives outside the database and its backups, so
a restore brings back keys that were shredded since; the caller re-applies the ledger
(`app.reapply_erasures()`) straight after restoring.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from projections.log.eventstore import storage_env


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


def _sqlite_file(env: dict[str, str]) -> Path:
    name = env["SQLITE_DBNAME"]
    if name.startswith("file:"):
        raise BackupError("an in-memory database has nothing to back up")
    return Path(name)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    with target:
        source.backup(target)


def _holds_events(file: Path) -> bool:
    if not file.exists():
        return False
    with sqlite3.connect(file) as connection:
        tables = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'stored_events'"
        ).fetchone()
        if tables is None:
            return False
        return connection.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone() is not None


def _pg(env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    args = [
        "--host",
        env["POSTGRES_HOST"],
        "--port",
        env["POSTGRES_PORT"],
        "--username",
        env["POSTGRES_USER"],
        "--dbname",
        env["POSTGRES_DBNAME"],
    ]
    process_env = dict(os.environ)
    if env["POSTGRES_PASSWORD"]:
        process_env["PGPASSWORD"] = env["POSTGRES_PASSWORD"]
    return args, process_env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client programs "
            f"(e.g. apt-get install postgresql-client) to back up PostgreSQL"
        )
    return found


def backup(url: str, path: str) -> str:
    """Write a backup of the database the URL names to `path`; what was done, in words."""
    env = storage_env(url)
    target = Path(path)
    if env["PERSISTENCE_MODULE"].endswith("sqlite"):
        source_file = _sqlite_file(env)
        if not source_file.exists():
            raise BackupError(f"no database at {source_file}")
        if target.exists():
            raise BackupError(f"{target} exists; choose a new file")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source_file) as source, sqlite3.connect(target) as copy:
            _copy(source, copy)
        source.close()
        copy.close()
        return f"backed up {source_file} to {target} (SQLite online backup)"
    args, process_env = _pg(env)
    schema = env["POSTGRES_SCHEMA"]
    done = subprocess.run(
        [_tool("pg_dump"), *args, "--schema", schema, "--format", "custom", "--file", str(target)],
        env=process_env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return f"backed up schema {schema} of {env['POSTGRES_DBNAME']} to {target} (pg_dump)"


def restore(url: str, path: str, *, force: bool = False) -> str:
    """Replace the database the URL names with the backup at `path`; refuses to overwrite a
    database that holds events unless `force`. Re-apply the erasure ledger afterwards."""
    env = storage_env(url)
    source = Path(path)
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    if env["PERSISTENCE_MODULE"].endswith("sqlite"):
        target_file = _sqlite_file(env)
        if _holds_events(target_file) and not force:
            raise BackupError(f"{target_file} already holds events; add --force to replace it")
        target_file.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as backup_copy, sqlite3.connect(target_file) as live:
            _copy(backup_copy, live)
        backup_copy.close()
        live.close()
        return f"restored {target_file} from {source}"
    args, process_env = _pg(env)
    schema = env["POSTGRES_SCHEMA"]
    probe = subprocess.run(
        [
            "psql",
            *args,
            "--tuples-only",
            "--no-align",
            "--command",
            f"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}'",
        ],
        env=process_env,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode == 0 and probe.stdout.strip() not in ("", "0") and not force:
        raise BackupError(f"schema {schema} already holds tables; add --force to replace it")
    done = subprocess.run(
        [_tool("pg_restore"), *args, "--clean", "--if-exists", "--schema", schema, str(source)],
        env=process_env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    return f"restored schema {schema} of {env['POSTGRES_DBNAME']} from {source}"
