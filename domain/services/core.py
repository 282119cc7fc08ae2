"""The one write path, and what every service shares.

`_save` stamps each event with actor and request, passes the commit time to the recorder (which
records which log position was the head at that moment), and encrypts personal fields through
the mapper. `_attempt` runs a command against freshly loaded aggregates and, when another writer
got there first (optimistic concurrency: two writers of the same aggregate version), runs it
again on the new state, so cross-aggregate invariants hold without check-then-write races.

On SQLite the recorder group-commits (projections/log/group_commit.py): concurrent `_save`s share
one transaction, each in its own savepoint; a save that collides is rolled back alone and raises
RecordConflictError here as before, and `_save` returns only once its transaction committed.

Loads go through the repository's aggregate cache (domain/aggregate_cache.py): each attempt of
a command sees the log as of its start, a save's aggregates become the cached entries, and the
unique (originator_id, version) constraint still decides every race.
"""

from __future__ import annotations

import hmac
import random
import time
from collections.abc import Callable
from datetime import date
from hashlib import sha256
from typing import Any, TypeVar
from uuid import UUID

from argon2 import PasswordHasher
from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    InfrastructureFactory,
    JSONTranscoder,
    Mapper,
    RecordConflictError,
    Recording,
    Transcoding,
)

from domain import clock
from domain.aggregate_cache import DEFAULT_SIZE, CachedRepository
from domain.attachments import FileStore
from domain.context import Context
from domain.errors import Busy, Forbidden, NotFound
from domain.member import Member
from domain.permissions import Action, require
from domain.personal_data import ErasureLedger, KeyStore, PersonalDataMapper, stamping
from domain.transcoder import TaggedJSONTranscoder
from domain.vocabulary import ALL_ENUMS, Role
from migrations import topics

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)

MAX_ATTEMPTS = 40


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def enum_transcoding(enum_type: type[Any]) -> Transcoding:
    class EnumByValue(Transcoding):
        type = enum_type
        name = f"enum:{enum_type.__module__}.{enum_type.__qualname__}"

        def encode(self, obj: Any) -> Any:
            return obj.value

        def decode(self, data: Any) -> Any:
            return enum_type(data)

    return EnumByValue()


KeyStoreFactory = Callable[[InfrastructureFactory[Any]], KeyStore]


class Core(Application[UUID]):
    name = "FilmHouse"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        key_store: KeyStoreFactory,
        secret: bytes,
        clock_: clock.Clock | None = None,
        files: FileStore | None = None,
        passwords: PasswordHasher | None = None,
        erasures: ErasureLedger | None = None,
    ) -> None:
        self._key_store_factory = key_store
        self.files = files
        self.passwords = passwords or PasswordHasher()
        self.erasures = erasures
        self.secret = secret
        self.clock = clock_ or clock.SystemClock()
        clock.use(self.clock)
        self.conflicts = 0
        topics.register()
        super().__init__(env)

    # -- the write path -------------------------------------------------------------------

    def construct_mapper(self) -> Mapper[UUID]:
        self.keys = self._key_store_factory(self.factory)
        return PersonalDataMapper(transcoder=self.construct_transcoder(), keys=self.keys)

    def construct_transcoder(self) -> TaggedJSONTranscoder:
        transcoder = TaggedJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        for enum_type in ALL_ENUMS:
            transcoder.register(enum_transcoding(enum_type))

    def construct_repository(self) -> CachedRepository:
        size = self.env.get("FILMHOUSE_AGGREGATE_CACHE", str(DEFAULT_SIZE))
        return CachedRepository(
            self.events,
            recorder=self.recorder,  # type: ignore[arg-type]
            keys=self.keys,
            size=0 if size.lower() in ("off", "no") else int(size),
        )

    @property
    def repository(self) -> CachedRepository:
        return self._repository  # type: ignore[return-value]

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's save, collecting without its per-object runtime Protocol checks (a
        fifth of a save's CPU): we save aggregates, or events for the library's own uses."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        aggregates = [obj for obj in objs if isinstance(obj, Aggregate)]
        if len(aggregates) != sum(obj is not None for obj in objs):
            processing_event.collect_events(*objs, **kwargs)
        else:
            for aggregate in aggregates:
                processing_event.events.extend(aggregate.collect_events())
                processing_event.aggregates[aggregate.id] = aggregate
            processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, kept for parity
        return recordings

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """The library's record, then the saved aggregates become the cache's entries."""
        seen = self.repository.position
        recordings = super()._record(processing_event)
        self.repository.saved(processing_event.aggregates, processing_event.events, seen)
        return recordings

    def _save(self, ctx: Context, *aggregates: Aggregate | None) -> list[int]:
        """Write the aggregates' new events in one atomic transaction; return their positions."""
        stamp = {"actor": ctx.actor_label, "request": ctx.request_id}
        with stamping(stamp):
            recordings = self.save(*aggregates, head_at=self.clock.now())
        return [r.notification.id for r in recordings]

    def _attempt(self, command: Callable[[], T]) -> T:
        """Run a load-decide-save command, again on fresh state when a concurrent writer won."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.repository.reading_once():
                    return command()
            except RecordConflictError:
                self.conflicts += 1
                time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))
        raise Busy("too many people are changing this at once; please try again")

    # -- reading aggregates ---------------------------------------------------------------

    def _load(self, kind: type[A], aggregate_id: UUID, what: str | None = None) -> A:
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(
                "no {what} {aggregate_id}",
                what=what or kind.__name__.lower(),
                aggregate_id=aggregate_id,
            ) from None
        if not isinstance(aggregate, kind):
            raise NotFound(
                "no {what} {aggregate_id}",
                what=what or kind.__name__.lower(),
                aggregate_id=aggregate_id,
            )
        return aggregate

    def _load_or_none(self, kind: type[A], aggregate_id: UUID) -> A | None:
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def exists(self, aggregate_id: UUID) -> bool:
        try:
            self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    # -- who is asking --------------------------------------------------------------------

    def _actor(self, ctx: Context) -> Member:
        if ctx.actor is None:
            raise Forbidden("sign in first")
        member = self._load_or_none(Member, ctx.actor)
        if member is None or member.erased:
            raise Forbidden("sign in first")
        return member

    def _authorise(self, ctx: Context, action: Action) -> Member:
        """The acting member, once the role table allows them the action."""
        member = self._actor(ctx)
        require(member.roles, action)
        return member

    def roles_of(self, member_id: UUID) -> frozenset[Role]:
        member = self._load_or_none(Member, member_id)
        return member.roles if member else frozenset()

    def reapply_erasures(self) -> int:
        """Shred again every key the ledger names (after a restore from backup, or at start)."""
        if self.erasures is None:
            return 0
        subjects = self.erasures.subjects()
        for subject in subjects:
            self.keys.shred(subject)
        return len(subjects)

    def email_key(self, email: str) -> str:
        """Lookups by email use a keyed hash, never the address nor a bare hash of it."""
        normal = email.strip().lower()
        return hmac.new(self.secret, normal.encode(), sha256).hexdigest()
