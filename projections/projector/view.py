"""What a read model is to the projector: `View` (its DDL, the events it handles, marked with
`@on(...)`, and queries that take a `Tx`, so the same code serves the live view and a replay "as
of" a past position into a private in-memory database), the `Envelope` each event reaches it in,
and the read-only transaction a batch is applied in before the write lock is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, TypeVar
from uuid import UUID

from eventsourcing.utils import get_topic

from migrations.topics import stored_as
from projections.projector.batching import Rows
from projections.projector.sql import Tx


class Envelope(NamedTuple):
    """One event as a view sees it: where it stands in the log, who wrote it, when. (A named
    tuple: a rebuild makes a million, and a frozen dataclass costs three times as much to make.)"""

    position: int
    event: Any
    meta: dict[str, Any]

    @property
    def originator_id(self) -> UUID:
        return self.event.originator_id  # type: ignore[no-any-return]

    @property
    def at(self) -> datetime:
        return self.event.timestamp  # type: ignore[no-any-return]

    @property
    def actor(self) -> str:
        return str(self.meta.get("actor", "system"))


class WritesNeeded(Exception):
    """A handler tried to write SQL while its batch was being applied outside the write lock."""


class ReadOnlyTx(Tx):
    """The transaction handlers see while a batch is applied before the write lock is taken:
    they may read; a statement that would write stops the batch (see `Projector.catch_up`)."""

    def __init__(self, tx: Tx) -> None:
        super().__init__(tx._cursor, tx.postgres)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Tx:
        if statement.lstrip()[:6].upper() != "SELECT":
            raise WritesNeeded(statement)
        return super().execute(statement, params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            raise WritesNeeded(statement)


F = TypeVar("F", bound=Callable[..., None])


def on(
    *event_classes: type, batched: bool = False, writes_other_tables: bool = False
) -> Callable[[F], F]:
    """Mark a view method as the handler of these events.
    - `batched`: the method reaches the tables its view holds in `Rows` (write-behind, flushed
      once per batch) only through them, and may read its other tables with SQL;
    - `writes_other_tables` (implies `batched`): it also writes, with SQL, tables its view does
      not hold in `Rows`, so it runs inside the write transaction, the view keeping what it
      holds;
    - neither: it may write any of its view's tables with SQL. Before it the view writes what
      the batch holds and drops it, so that its SQL sees everything and is seen afterwards."""

    def mark(method: F) -> F:
        method._handles = event_classes  # type: ignore[attr-defined]
        method._batched = batched or writes_other_tables  # type: ignore[attr-defined]
        method._writes = writes_other_tables or not batched  # type: ignore[attr-defined]
        return method

    return mark


class View:
    name: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1
    TABLES: ClassVar[tuple[str, ...]] = ()
    DDL: ClassVar[tuple[str, ...]] = ()
    _handlers: ClassVar[dict[type, list[Callable[..., None]]]]
    _dispatch: ClassVar[dict[type, tuple[tuple[Callable[..., None], bool], ...]]]
    _locked: ClassVar[frozenset[type]]  # events some handler applies by writing SQL

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers: dict[type, list[Callable[..., None]]] = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, "_handles", ()):
                    handlers.setdefault(event_class, []).append(attr)
        cls._handlers = handlers
        cls._dispatch = {
            event_class: tuple((h, bool(getattr(h, "_batched", False))) for h in methods)
            for event_class, methods in handlers.items()
        }
        cls._locked = frozenset(
            event_class
            for event_class, methods in handlers.items()
            if any(getattr(h, "_writes", True) for h in methods)
        )

    def __init__(self) -> None:
        self._rows: list[Rows] = []
        self._in_batch = False

    def rows(self, table: str, key: Sequence[str], columns: Sequence[str]) -> Rows:
        """A write-behind cache of one of this view's tables (projections/projector/batching.py)."""
        cache = Rows(table, key, columns)
        self._rows.append(cache)
        return cache

    # -- batches ------------------------------------------------------------------------------

    KEEP_ROWS = 200_000  # rows a view may keep between batches; past this it reads afresh

    def begin_batch(self, tx: Tx, *, keep: bool = False) -> None:
        """A batch of events starts in `tx`. `keep`: the tables hold exactly what this view
        wrote at the end of its previous batch, so the rows it kept are still true."""
        if not keep:
            self.forget()
        self._in_batch = True

    def flush(self, tx: Tx) -> None:
        """Write what the batch holds; the projector calls it before moving the position."""
        for cache in self._rows:
            cache.flush(tx)

    def end_batch(self, keep_rows: int | None = None) -> None:
        self._in_batch = False
        if sum(len(cache) for cache in self._rows) > (keep_rows or self.KEEP_ROWS):
            self.forget()

    def fresh(self) -> None:
        """The view's tables were just created, empty: until it forgets, what its rows hold is
        all the tables hold, so a row it has not seen is absent without asking the table."""
        self.forget()
        for cache in self._rows:
            cache.complete = True

    def forget(self) -> None:
        """Drop every row held: the next reads go to the tables."""
        for cache in self._rows:
            cache.clear()

    def topics(self) -> list[str]:
        """The log's topics this view takes, old names of renamed classes included."""
        return sorted({name for c in self._handlers for name in stored_as(get_topic(c))})

    def create(self, tx: Tx) -> None:
        for statement in self.DDL:
            tx.execute(statement)

    def drop(self, tx: Tx) -> None:
        for table in self.TABLES:
            tx.execute(f"DROP TABLE IF EXISTS {table}")

    def apply(self, tx: Tx, envelope: Envelope) -> None:
        """Apply one event; outside a batch (a redelivery, a test), as a batch of its own."""
        if not self._in_batch:
            self.begin_batch(tx)
            try:
                self._apply(tx, envelope)
                self.flush(tx)
            finally:
                self.end_batch()
                self.forget()  # the caller's transaction may yet roll back
            return
        self._apply(tx, envelope)

    def _apply(self, tx: Tx, envelope: Envelope) -> None:
        for handler, batched in self._dispatch.get(type(envelope.event), ()):
            if not batched:
                self.flush(tx)
                self.forget()
            handler(self, tx, envelope)


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    head: int
    schema_version: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)
