"""Write-behind rows for a batch of events.

A handler that reads a row, changes it and writes it back costs two SQL statements per event;
over a rebuild that is most of the time spent. `Rows` keeps the rows of one table that the batch
touched in a dict keyed by the primary key, and `flush` writes the final state of each changed
row once, with `executemany`, before the batch's tracked position moves (same transaction).
The rows stay known after the flush, so the next batch of the same catch-up need not read them
again; the projector has the view forget them whenever someone else may have changed the table
(another process moved the view, a transaction failed, a handler wrote SQL of its own).

What the dict holds is exactly what the table would hold had every change been written through:
a row read once from the table (or known to be absent), then changed in memory. Inserts that
must not overwrite an existing row (`insert_new`, SQL's ON CONFLICT DO NOTHING) are kept aside
until the row is read or flushed, so the table still wins when it already had the row.

A cache is `complete` when the table holds nothing it does not know: the view's tables were
created empty by a rebuild and nothing has been forgotten since. A key it has not seen is then
absent, with no query; `clear` ends that (the next reads go to the table again).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.projector.sql import Tx

Key = tuple[Any, ...]
Row = tuple[Any, ...]


class Rows:
    """The rows of one table a batch has read or changed, by primary key."""

    def __init__(self, table: str, key: Sequence[str], columns: Sequence[str]) -> None:
        self.table = table
        self.key = tuple(key)
        self.columns = tuple(columns)
        self.width = len(self.key)
        self._index = {name: i for i, name in enumerate(self.columns)}
        where = " AND ".join(f"{k} = ?" for k in self.key)
        names = ", ".join(self.columns)
        marks = ", ".join("?" for _ in self.columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in self.columns[self.width :])
        conflict = ", ".join(self.key)
        self._select = f"SELECT {names} FROM {table} WHERE {where}"
        self._upsert = (
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) "
            + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
        )
        self._insert_new = (
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO NOTHING"
        )
        self._delete = f"DELETE FROM {table} WHERE {where}"
        self._rows: dict[Key, Row | None] = {}
        self._dirty: set[Key] = set()
        self._new: dict[Key, Row] = {}
        self.complete = False

    def get(self, tx: Tx, key: Key) -> Row | None:
        """The row as the table would hold it now (None when absent)."""
        try:
            return self._rows[key]
        except KeyError:
            pass
        found = None if self.complete else tx.execute(self._select, key).fetchone()
        if found is None and key in self._new:
            found = self._new[key]
            self._dirty.add(key)
        self._new.pop(key, None)
        self._rows[key] = found
        return found

    def seed(self, row: Row) -> None:
        """A row just read from the table by another query (kept unless already known)."""
        key = row[: self.width]
        if key not in self._rows:
            self._new.pop(key, None)
            self._rows[key] = tuple(row)

    def put(self, row: Row) -> None:
        """Insert or replace the whole row (its first columns are the key)."""
        key = row[: self.width]
        self._new.pop(key, None)
        self._rows[key] = tuple(row)
        self._dirty.add(key)

    def insert_new(self, row: Row) -> None:
        """Insert the row unless the table already has one with its key."""
        key = row[: self.width]
        if key in self._rows:
            if self._rows[key] is None:
                self.put(row)
            return
        if self.complete:  # the table has no row with this key either
            self.put(row)
            return
        self._new.setdefault(key, tuple(row))

    def update(self, tx: Tx, key: Key, **values: Any) -> Row | None:
        """Change some columns of an existing row (nothing when there is none); the new row."""
        row = self.get(tx, key)
        if row is None:
            return None
        changed = list(row)
        index = self._index
        for name, value in values.items():
            changed[index[name]] = value
        self._rows[key] = new = tuple(changed)
        self._dirty.add(key)
        return new

    def delete(self, key: Key) -> None:
        self._new.pop(key, None)
        self._rows[key] = None
        self._dirty.add(key)

    def flush(self, tx: Tx) -> None:
        """Write every change; the rows stay known, as the table now holds them."""
        upserts = []
        deletes = []
        for key in self._dirty:
            row = self._rows[key]
            if row is None:
                deletes.append(key)
            else:
                upserts.append(row)
        tx.executemany(self._delete, deletes)
        tx.executemany(self._upsert, upserts)
        tx.executemany(self._insert_new, list(self._new.values()))
        self._dirty.clear()
        self._new.clear()
        for key in deletes:
            self._rows[key] = None

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        self.complete = False
        self._rows.clear()
        self._dirty.clear()
        self._new.clear()

    def column(self, name: str) -> int:
        return self._index[name]
