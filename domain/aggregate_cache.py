"""The repository's cache of aggregates: most commands load four to seven aggregates, and
rebuilding each from its events (select, decrypt, decode, replay) was most of a command's CPU.

What keeps it correct:

- The log says when an entry is out of date. Before loading, the cache reads the positions
  written since it last looked (ids and versions, nothing decoded), and marks an entry stale
  when a newer version of its aggregate appears, whichever process wrote it. Concurrent loads
  share one such read, but never one that began before they did, so a load sees every write
  committed before it began, as an uncached load would. Inside one attempt of a command
  (`reading_once`) the first load's read serves the others: the attempt sees the log as of its
  start, plus what this process has written since. A stale entry is brought forward with only
  its new events.
- The database stays the arbiter. A command gets its own copy (the entry is kept pickled), and
  its save still claims (originator_id, version) under the unique constraint: a command decided
  on a state that has since moved on conflicts and is run again on fresh state, as before.
- After a save, the saved aggregates become the entries (their state is the stored one, as of
  versions this process just committed), so the next command on them needs no read at all.
- Personal data does not outlive its key. An entry remembers the members whose keys opened its
  personal fields and is used only while each of those keys is still in the key store: shredding
  makes the next load rebuild it and read ERASED, in this process at once and in every other
  process at its next load, since following the log it sees the member's Erased event and tells
  its key store never to use that key again (even before the key's row is deleted).

FILMHOUSE_AGGREGATE_CACHE sets the number of entries (default 20,000; 0 turns the cache off).
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository, project_aggregate
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import EventStore
from eventsourcing.utils import get_topic

from domain.member import Member
from domain.personal_data import KeyStore

ERASURE_TOPIC = get_topic(Member.Erased)  # seen in the log: the member's key is never used again
DEFAULT_SIZE = 20_000
_TAIL_PAGE = 1_000
_RECENT_LIMIT = 100_000  # ids remembered from the tail; beyond, older loads are not kept


class VersionLog(Protocol):
    """The recorder, as the cache follows it (projections/log/eventstore.py)."""

    def max_notification_id(self) -> int | None: ...

    def versions_after(
        self, position: int, limit: int
    ) -> Sequence[tuple[int, UUID | str, int, str]]:
        """(position, originator id, version, topic) of the events after `position`, in log
        order."""


class _Attempt:
    followed = False


_attempt: ContextVar[_Attempt | None] = ContextVar("filmhouse_cache_attempt", default=None)


@dataclass
class _Entry:
    version: int
    data: bytes  # the pickled aggregate: every load unpickles its own copy
    subjects: frozenset[UUID]  # members whose keys opened personal fields in its events
    newest: int  # the newest version of the aggregate the log has shown


@dataclass
class CacheStats:
    hits: int = 0
    forwarded: int = 0  # stale entries brought forward with their new events
    rebuilt: int = 0  # loads from the first event
    kept_after_save: int = 0
    tail_reads: int = 0


def subjects_of(events: Iterable[DomainEventProtocol[UUID]]) -> set[UUID]:
    """The members whose keys seal personal fields in these events (domain/personal_data.py)."""
    found = set()
    for event in events:
        cls = type(event)
        if getattr(cls, "personal", ()):
            subject = getattr(event, getattr(cls, "subject", "originator_id"), None)
            if isinstance(subject, UUID):
                found.add(subject)
    return found


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    # The library's project_aggregate, without its per-event runtime Protocol check.
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class CachedRepository(Repository[UUID]):
    """The library's Repository, with the cache described in the module docstring."""

    def __init__(
        self,
        event_store: EventStore[UUID],
        *,
        recorder: VersionLog,
        keys: KeyStore,
        size: int = DEFAULT_SIZE,
    ) -> None:
        super().__init__(event_store)
        self.recorder = recorder
        self.keys = keys
        self.size = size
        self.stats = CacheStats()
        self._entries: OrderedDict[UUID, _Entry] = OrderedDict()
        self._lock = threading.Lock()  # entries, recent, floor, position
        self._tail_lock = threading.Lock()  # one tail read at a time
        self._tails_begun = 0
        self._tails_done = 0
        self._position = recorder.max_notification_id() or 0
        self._floor = self._position
        self._recent: dict[UUID, int] = {}  # newest version the tail showed, since the floor

    # -- loading ----------------------------------------------------------------------------

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = project_aggregate,
        **kwargs: Any,
    ) -> Any:
        if version is not None or projector_func is not project_aggregate:
            return super().get(
                aggregate_id, version=version, projector_func=projector_func, **kwargs
            )
        attempt = _attempt.get()
        if attempt is None or not attempt.followed:
            self.follow_log()
            if attempt is not None:
                attempt.followed = True
        seen = self._position
        with self._lock:
            entry = self._entries.get(aggregate_id)
            if entry is not None:
                self._entries.move_to_end(aggregate_id)
        if entry is not None and not self._keys_kept(entry.subjects):
            self.forget(aggregate_id)
            entry = None
        if entry is not None and entry.newest <= entry.version:
            self.stats.hits += 1
            return pickle.loads(entry.data)
        if entry is not None:
            events = list(self.event_store.get(aggregate_id, gt=entry.version))
            aggregate = _replay(pickle.loads(entry.data), events)
            subjects = entry.subjects | subjects_of(events)
            self.stats.forwarded += 1
        else:
            events = list(self.event_store.get(aggregate_id))
            aggregate = _replay(None, events)
            if aggregate is None:
                raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
            subjects = frozenset(subjects_of(events))
            self.stats.rebuilt += 1
        self._keep(aggregate, frozenset(subjects), seen)
        return aggregate

    def forget(self, aggregate_id: UUID) -> None:
        with self._lock:
            self._entries.pop(aggregate_id, None)

    @contextmanager
    def reading_once(self) -> Iterator[None]:
        """One attempt of a command: its loads share the first one's read of the log."""
        token = _attempt.set(_Attempt())
        try:
            yield
        finally:
            _attempt.reset(token)

    # -- what the log says ------------------------------------------------------------------

    @property
    def position(self) -> int:
        """The log position up to which entries have been checked."""
        return self._position

    def follow_log(self) -> None:
        """Mark stale every entry the log has a newer version of, reading the log after the
        call began (or sharing a read that began after it did)."""
        called_at = self._tails_begun
        with self._tail_lock:
            if self._tails_done > called_at:
                return
            self._tails_begun += 1
            ticket = self._tails_begun
            position = self._position
            while True:
                page = self.recorder.versions_after(position, _TAIL_PAGE)
                if page:
                    position = self._note(page)
                if len(page) < _TAIL_PAGE:
                    break
            self.stats.tail_reads += 1
            self._tails_done = ticket

    def _note(self, page: Sequence[tuple[int, UUID | str, int, str]]) -> int:
        with self._lock:
            recent, entries = self._recent, self._entries
            for _, originator, version, topic in page:
                if not isinstance(originator, UUID):
                    originator = UUID(originator)
                if topic == ERASURE_TOPIC:
                    self.keys.erased(originator)
                if recent.get(originator, 0) < version:
                    recent[originator] = version
                entry = entries.get(originator)
                if entry is not None and entry.newest < version:
                    entry.newest = version
            self._position = page[-1][0]
            if len(recent) > _RECENT_LIMIT:
                recent.clear()
                self._floor = self._position
            return self._position

    # -- keeping ----------------------------------------------------------------------------

    def saved(self, aggregates: dict[UUID, Any], events: Sequence[Any], seen: int) -> None:
        """After a committed save: the saved aggregates become the entries. `seen` is the
        position checked before the save began. An aggregate is kept only when its entry
        held the version the save started from (or it is new), so its subjects are known."""
        if not self.size:
            return
        new: dict[UUID, list[Any]] = {}
        for event in events:
            new.setdefault(event.originator_id, []).append(event)
        for aggregate_id, aggregate in aggregates.items():
            own = new.get(aggregate_id)
            if not own:
                continue
            before = own[0].originator_version - 1
            if before == 0:
                subjects: frozenset[UUID] = frozenset()
            else:
                with self._lock:
                    entry = self._entries.get(aggregate_id)
                if entry is None or entry.version != before:
                    continue
                subjects = entry.subjects
            if self._keep(aggregate, subjects | subjects_of(own), seen):
                self.stats.kept_after_save += 1

    def _keep(self, aggregate: Any, subjects: frozenset[UUID], seen: int) -> bool:
        """Keep a copy of an aggregate read (or written) after position `seen` was checked."""
        if not self.size or not self._keys_kept(subjects):
            return False
        try:
            data = pickle.dumps(aggregate, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return False  # not copyable this way (a lock, a lambda): loaded from events instead
        aggregate_id, version = aggregate.id, aggregate.version
        with self._lock:
            if seen < self._floor:
                return False  # the tail's memory no longer reaches back to `seen`
            current = self._entries.get(aggregate_id)
            if current is not None and current.version >= version:
                return False
            newest = max(
                version,
                self._recent.get(aggregate_id, 0),
                current.newest if current is not None else 0,
            )
            self._entries[aggregate_id] = _Entry(version, data, subjects, newest)
            self._entries.move_to_end(aggregate_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return True

    def _keys_kept(self, subjects: frozenset[UUID]) -> bool:
        return all(self.keys.key(subject) is not None for subject in subjects)
