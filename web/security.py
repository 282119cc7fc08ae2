"""Browser security: server-side sessions in the database (renewed at sign-in), CSRF, security
headers, and sign-in rate limits whose counters live in the database so that every process
agrees on them.

The tables here are the web layer's own, not read models: `web_sessions` and
`web_signin_failures`. They are created at start-up in the application's database, beside the
event log. (API tokens are the domain's: AccountServices.issue_token / member_for_token.)
"""

from __future__ import annotations

import base64
import hmac
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import timedelta
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import anyio
from eventsourcing.sqlite import SQLiteDatastore
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty, Message, Scope, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

from projections.projector.sql import Database

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection

SESSION_COOKIE = "fh_session"
CSRF_COOKIE = "fh_csrf"
CSRF_HEADER = "x-csrftoken"
SESSION_DAYS = 14
RENEW_FLAG = "filmhouse_renew_session"

DDL = (
    "CREATE TABLE IF NOT EXISTS web_sessions (session_id TEXT PRIMARY KEY, "
    "data TEXT NOT NULL, expires_at DOUBLE PRECISION)",
    "CREATE TABLE IF NOT EXISTS web_signin_failures (scope TEXT NOT NULL, subject TEXT NOT NULL, "
    "at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS web_signin_failures_subject "
    "ON web_signin_failures (scope, subject, at)",
)


def create_tables(db: Database) -> None:
    with db.schema_change() as tx:
        for statement in DDL:
            tx.execute(statement)


# -- sessions -----------------------------------------------------------------------------


def _seconds(value: int | timedelta | None) -> float | None:
    if value is None:
        return None
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class LoopReader:
    """A SQLite connection of the event loop's own, for the short indexed reads every request
    makes (its session, the log's head): answered on the loop in microseconds instead of in a
    worker thread through the pool (whose queue also waits behind writers). In WAL mode a
    reader never waits for a writer. Only for a SQLite file: elsewhere `beside` gives None and
    those reads take the worker-thread path."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    @classmethod
    def beside(cls, db: Database) -> LoopReader | None:
        datastore = db.datastore
        if not isinstance(datastore, SQLiteDatastore):
            return None
        name = datastore.pool.db_name
        return None if datastore.pool.detect_memory_mode(name) else cls(name)

    def one(self, statement: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        """The first row, or None (also when SQLite is busy: the caller then takes the
        worker-thread path, which waits as long as it must)."""
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(
                    self.path, uri=True, timeout=0.05, check_same_thread=False, isolation_level=None
                )
            row = self._connection.execute(statement, params).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else tuple(row)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


REFRESH_SECONDS = 3600.0
REMEMBERED_MAX = 50_000


class DatabaseStore(Store):
    """A Litestar store over the application's SQL database, so that every process sees the
    same sessions. Values are kept base64-encoded in a TEXT column (portable across SQLite and
    PostgreSQL).

    Litestar stores the session again with every response, to slide its expiry on: here that
    write is skipped when the data are what this process has just read and the expiry would
    move by less than REFRESH_SECONDS (so a page view is a read, not a write)."""

    def __init__(self, db: Database, reader: LoopReader | None = None) -> None:
        self.db = db
        self.reader = reader
        self._rows: dict[str, tuple[str, float | None]] = {}  # as last read or written here

    def _remember(self, key: str, encoded: str, expires_at: float | None) -> None:
        if len(self._rows) >= REMEMBERED_MAX:
            self._rows.clear()
        self._rows[key] = (encoded, expires_at)

    def _unchanged(self, key: str, encoded: str, expires_at: float | None) -> bool:
        seen = self._rows.get(key)
        return (
            seen is not None
            and seen[0] == encoded
            and seen[1] is not None
            and expires_at is not None
            and expires_at - seen[1] < REFRESH_SECONDS
        )

    def _set(self, key: str, value: bytes, expires_at: float | None) -> None:
        encoded = base64.b64encode(value).decode("ascii")
        if self._unchanged(key, encoded, expires_at):
            return
        with self.db.write() as tx:
            tx.execute(
                "INSERT INTO web_sessions (session_id, data, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, "
                "expires_at = excluded.expires_at",
                (key, encoded, expires_at),
            )
        self._remember(key, encoded, expires_at)

    def _get(self, key: str, renew_for: float | None) -> bytes | None:
        now = time.time()
        with self.db.read() as tx:
            row = tx.execute(
                "SELECT data, expires_at FROM web_sessions WHERE session_id = ?", (key,)
            ).fetchone()
        if row is None:
            self._rows.pop(key, None)
            return None
        if row[1] is not None and float(row[1]) <= now:
            self._delete(key)
            return None
        expires_at = None if row[1] is None else float(row[1])
        if renew_for is not None and row[1] is not None:
            expires_at = now + renew_for
            with self.db.write() as tx:
                tx.execute(
                    "UPDATE web_sessions SET expires_at = ? WHERE session_id = ?", (expires_at, key)
                )
        self._remember(key, row[0], expires_at)
        return base64.b64decode(row[0])

    def _delete(self, key: str) -> None:
        self._rows.pop(key, None)
        with self.db.write() as tx:
            tx.execute("DELETE FROM web_sessions WHERE session_id = ?", (key,))

    def _delete_expired(self) -> None:
        with self.db.write() as tx:
            tx.execute(
                "DELETE FROM web_sessions WHERE expires_at IS NOT NULL AND expires_at <= ?",
                (time.time(),),
            )

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        data = value.encode() if isinstance(value, str) else value
        seconds = _seconds(expires_in)
        expires_at = time.time() + seconds if seconds is not None else None
        if self._unchanged(key, base64.b64encode(data).decode("ascii"), expires_at):
            return
        await anyio.to_thread.run_sync(self._set, key, data, expires_at)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        if self.reader is not None and renew_for is None:
            row = self.reader.one(
                "SELECT data, expires_at FROM web_sessions WHERE session_id = ?", (key,)
            )
            if row is not None and (row[1] is None or float(row[1]) > time.time()):
                self._remember(key, row[0], None if row[1] is None else float(row[1]))
                return base64.b64decode(row[0])
        return await anyio.to_thread.run_sync(self._get, key, _seconds(renew_for))

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(self._delete, key)

    async def delete_all(self) -> None:
        def clear() -> None:
            self._rows.clear()
            with self.db.write() as tx:
                tx.execute("DELETE FROM web_sessions")

        await anyio.to_thread.run_sync(clear)

    async def delete_expired(self) -> None:
        await anyio.to_thread.run_sync(self._delete_expired)

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        def remaining() -> int | None:
            with self.db.read() as tx:
                row = tx.execute(
                    "SELECT expires_at FROM web_sessions WHERE session_id = ?", (key,)
                ).fetchone()
            if row is None or row[0] is None:
                return None
            return max(int(float(row[0]) - time.time()), 0)

        return await anyio.to_thread.run_sync(remaining)


def renew_session(scope: Scope) -> None:
    """Ask for a fresh session id when this response is sent (at sign-in and sign-out), so an
    id planted or seen before the login is worth nothing after it."""
    scope.setdefault("state", {})[RENEW_FLAG] = True


class RenewingSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side sessions keep the id chosen before login; this backend drops the
    old id and issues a new one when the request asked for it (see `renew_session`)."""

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        state: dict[str, Any] = connection.scope.get("state", {})
        if not state.pop(RENEW_FLAG, False):
            await super().store_in_message(scope_session, message, connection)
            return
        store = self.config.get_store_from_app(connection.scope["app"])
        old = connection.cookies.get(self.config.key)
        if old:
            await self.delete(old, store=store)
        headers = MutableScopeHeaders.from_message(message)
        cookie_params = dict(
            extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys())
        )
        if scope_session is Empty or not scope_session:
            headers.add(
                "Set-Cookie",
                Cookie(value="null", key=self.config.key, expires=0, **cookie_params).to_header(
                    header=""
                ),
            )
            return
        session_id = self.generate_session_id()
        await self.set(
            session_id, self.serialize_data(scope_session, connection.scope), store=store
        )
        headers.add(
            "Set-Cookie",
            Cookie(value=session_id, key=self.config.key, **cookie_params).to_header(header=""),
        )


@dataclass
class RenewingSessionConfig(ServerSideSessionConfig):
    _backend_class = RenewingSessionBackend
    key: str = field(default=SESSION_COOKIE)
    max_age: int = field(default=SESSION_DAYS * 24 * 3600)
    httponly: bool = field(default=True)
    samesite: Any = field(default="lax")
    store: str = field(default="sessions")


def session_config(*, development: bool) -> RenewingSessionConfig:
    return RenewingSessionConfig(secure=not development)


def csrf_config(secret: bytes, *, development: bool) -> CSRFConfig:
    """Every unsafe browser request needs the token (forms send `_csrf_token`, htmx sends the
    header from `hx-headers` on <body>); the bearer-token API takes no cookies and is exempt."""
    key = hmac.new(secret, b"filmhouse-csrf", sha256).hexdigest()
    return CSRFConfig(
        secret=key,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_secure=not development,
        cookie_httponly=True,
        cookie_samesite="lax",
        exclude=["^/api/v1/"],
    )


# -- security headers ---------------------------------------------------------------------

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


async def security_headers(message: Message, scope: Scope) -> None:
    """`before_send` hook: the headers on every HTTP response, error pages included."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value


# -- sign-in rate limits ------------------------------------------------------------------

WINDOW_SECONDS = 60.0
PER_ADDRESS = 10
PER_ACCOUNT = 5


@dataclass(frozen=True)
class Throttled:
    retry_after: int
    message: str


class SignInLimiter:
    """Failed sign-ins counted in the database: 10 a minute per client address, 5 a minute per
    account; beyond that, sign-in is refused (429) until the oldest failure leaves the window.
    Accounts are keyed by the application's keyed hash of the address, never the address."""

    def __init__(self, db: Database, account_key: Any) -> None:
        self.db = db
        self.account_key = account_key

    def _subjects(self, address: str, email: str) -> list[tuple[str, str, int]]:
        return [
            ("address", address, PER_ADDRESS),
            ("account", self.account_key(email), PER_ACCOUNT),
        ]

    def check(self, address: str, email: str) -> Throttled | None:
        now = time.time()
        since = now - WINDOW_SECONDS
        with self.db.read() as tx:
            for scope, subject, limit in self._subjects(address, email):
                rows = tx.execute(
                    "SELECT at FROM web_signin_failures WHERE scope = ? AND subject = ? "
                    "AND at > ? ORDER BY at DESC LIMIT ?",
                    (scope, subject, since, limit),
                ).fetchall()
                if len(rows) >= limit:
                    oldest = min(float(r[0]) for r in rows)
                    wait = max(int(oldest + WINDOW_SECONDS - now) + 1, 1)
                    what = "from this address" if scope == "address" else "for this account"
                    return Throttled(
                        wait, f"too many failed sign-ins {what}; try again in {wait} seconds"
                    )
        return None

    def failed(self, address: str, email: str) -> None:
        now = time.time()
        with self.db.write() as tx:
            tx.execute("DELETE FROM web_signin_failures WHERE at < ?", (now - 3600,))
            for scope, subject, _ in self._subjects(address, email):
                tx.execute(
                    "INSERT INTO web_signin_failures (scope, subject, at) VALUES (?, ?, ?)",
                    (scope, subject, now),
                )


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
