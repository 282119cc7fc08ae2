"""Who asks, and from which request: every command carries it, every event records it."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4


@dataclass(frozen=True)
class Context:
    actor: UUID | None
    request_id: str = field(default_factory=lambda: uuid4().hex)

    @property
    def actor_label(self) -> str:
        return self.actor.hex if self.actor else "system"


SYSTEM = Context(actor=None, request_id="system")
