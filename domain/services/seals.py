"""Recording the seals taken of the log (domain/seal_record.py): auditors and admins on the
audit console, the operator on the command line (as the system)."""

from __future__ import annotations

import re
from uuid import UUID

from domain.context import SYSTEM, Context
from domain.errors import Invalid
from domain.permissions import Action
from domain.seal_record import SealRecord
from domain.services.core import Core

_DIGEST = re.compile(r"[0-9a-f]{64}")


class SealServices(Core):
    def record_seal(self, ctx: Context, *, events: int, position: int, digest: str) -> UUID:
        """Record that a seal was taken; the same seal twice is recorded once."""
        if ctx != SYSTEM:
            self._authorise(ctx, Action.TAKE_SEAL)
        if not _DIGEST.fullmatch(digest):
            raise Invalid("a seal's digest is 64 hexadecimal characters", field="digest")
        if events < 0 or position < events:
            raise Invalid("a seal counts at most as many events as its position", field="events")
        record_id = SealRecord.id_for(position, digest)
        if self._load_or_none(SealRecord, record_id) is not None:
            return record_id
        record = SealRecord.take(events, position, digest)
        self._attempt(lambda: self._save(ctx, record))
        return record_id
