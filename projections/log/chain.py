"""The audit hash chain: each stored event's link covers the previous link, its log position,
aggregate id, version, topic and stored bytes, so an edited, deleted, inserted or reordered
event breaks every link from there on."""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

GENESIS = bytes(32)


def link(
    previous: bytes,
    position: int,
    originator_id: UUID | str,
    version: int,
    topic: str,
    state: bytes,
) -> bytes:
    ident = originator_id.bytes if isinstance(originator_id, UUID) else originator_id.encode()
    topic_bytes = topic.encode()
    digest = hashlib.sha256()
    digest.update(previous)
    digest.update(struct.pack(">QQ", position, version))
    digest.update(struct.pack(">I", len(ident)) + ident)
    digest.update(struct.pack(">I", len(topic_bytes)) + topic_bytes)
    digest.update(struct.pack(">Q", len(state)))
    digest.update(state)
    return digest.digest()
