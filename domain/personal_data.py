"""Personal data in events is encrypted with a key per member (crypto-shredding), and every stored
event carries who wrote it and from which request.

An event class lists its personal fields in `personal`; the member whose key protects them is the
event's `subject` field (by default the aggregate itself). Deleting that member's key makes every
such value read as ERASED, while the log itself, and its hash chain, stay as they were.
"""

from __future__ import annotations

import base64
import json
import os
from binascii import a2b_base64
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol
from uuid import UUID

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder, UUIDAsHex

from domain.transcoder import uuid_from_hex

ERASED = "[erased]"
_PREFIX = "pd1:"
_META_KEY = "_meta"
_parse = msgspec.json.Decoder().decode

_stamp: ContextVar[dict[str, Any] | None] = ContextVar("filmhouse_stamp", default=None)


class KeyStore(Protocol):
    """Where members' data keys live: apart from the log, so that deleting one shreds."""

    def key(self, subject: UUID) -> bytes | None: ...

    def preload(self, subjects: Iterable[UUID]) -> None:
        """Fetch many members' keys at once, so that the next `key` calls need no round trip."""

    def create(self, subject: UUID) -> bytes: ...

    def shred(self, subject: UUID) -> None: ...

    def erased(self, subject: UUID) -> None:
        """The log says this member is erased (perhaps by another process, whose shredding of
        the key may be a moment behind): never use their key again in this process."""


@contextmanager
def stamping(stamp: dict[str, Any]) -> Iterator[None]:
    token = _stamp.set(stamp)
    try:
        yield
    finally:
        _stamp.reset(token)


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class _FastUUIDs(UUIDAsHex):
    """The library's `uuid_hex` transcoding, its UUIDs made without `UUID`'s parsing: a rebuild
    reads millions of them. (Remembering the ones made cost more than making them.)"""

    def decode(self, data: str) -> UUID:
        return uuid_from_hex(data)


class PersonalDataMapper(Mapper[UUID]):
    def __init__(self, transcoder: Transcoder, keys: KeyStore) -> None:
        if isinstance(transcoder, JSONTranscoder):
            transcoder.register(_FastUUIDs())
        super().__init__(transcoder)
        self.keys = keys

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        personal: tuple[str, ...] = getattr(type(domain_event), "personal", ())
        stamp = _stamp.get()
        if not personal and stamp is None:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        if personal:
            subject = self._subject(domain_event, state)
            key = self.keys.key(subject) or self.keys.create(subject)
            for name in personal:
                if state.get(name) is not None:
                    state[name] = _seal(key, subject, state[name])
        if stamp is not None:
            state[_META_KEY] = stamp
        shadow = object.__new__(type(domain_event))
        object.__setattr__(shadow, "__dict__", state)
        return super().to_stored_event(shadow)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        return self.decode(stored_event)[0]

    def decode(self, stored_event: StoredEvent) -> tuple[DomainEventProtocol[UUID], dict[str, Any]]:
        """The event with its personal fields opened (or ERASED), and the write path's stamp."""
        return self.decode_many([stored_event])[0]

    def decode_many(
        self, stored_events: Sequence[StoredEvent]
    ) -> list[tuple[DomainEventProtocol[UUID], dict[str, Any]]]:
        """`decode` for many events, the keys of all their members fetched in one go."""
        decoded = []
        sealed = []
        for stored_event in stored_events:
            event = super().to_domain_event(stored_event)
            state = vars(event)
            meta: dict[str, Any] = state.pop(_META_KEY, None) or {}
            decoded.append((event, meta))
            personal: tuple[str, ...] = getattr(type(event), "personal", ())
            if personal:
                sealed.append((self._subject(event, state), state, personal))
        if len(sealed) > 1:
            self.keys.preload({subject for subject, _, _ in sealed})
        aeads: dict[bytes, AESGCM] = {}  # one per member key in this call, kept no longer
        for subject, state, personal in sealed:
            aead: AESGCM | None = None
            for name in personal:
                value = state.get(name)
                if isinstance(value, str) and value.startswith(_PREFIX):
                    if aead is None:
                        key = self.keys.key(subject)
                        if key is None:
                            state[name] = ERASED
                            continue
                        aead = aeads.get(key)
                        if aead is None:
                            aead = aeads[key] = AESGCM(key)
                    state[name] = _open_with(aead, subject, value)
        return decoded

    @staticmethod
    def _subject(event: DomainEventProtocol[UUID], state: dict[str, Any]) -> UUID:
        field: str = getattr(type(event), "subject", "originator_id")
        subject = state[field]
        if not isinstance(subject, UUID):
            raise TypeError(f"{type(event).__qualname__}.{field} must be a UUID")
        return subject


def _seal(key: bytes, subject: UUID, value: object) -> str:
    nonce = os.urandom(12)
    plain = json.dumps(value, default=str).encode()
    sealed = AESGCM(key).encrypt(nonce, plain, subject.bytes)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def _open_with(aead: AESGCM, subject: UUID, value: str) -> object:
    raw = a2b_base64(value[len(_PREFIX) :])
    try:
        plain = aead.decrypt(raw[:12], raw[12:], subject.bytes)
    except InvalidTag:
        return ERASED
    try:
        return _parse(plain)
    except msgspec.DecodeError:  # JSON the fast parser refuses (NaN, huge integers)
        return json.loads(plain.decode())


class ErasureLedger(Protocol):
    """Erasures, kept apart from the database so that a restore from backup cannot undo one."""

    def record(self, subject: UUID) -> None: ...

    def subjects(self) -> list[UUID]: ...
