"""Renamed or moved event classes keep their old topics resolving.

When an event or aggregate class moves, add `"old.module:Old.Topic": "new.module:New.Topic"` to
RENAMED; `register()` runs when the application starts, so old stored events still load.
"""

from __future__ import annotations

from eventsourcing.utils import register_topic, resolve_topic

RENAMED: dict[str, str] = {}


def register(renamed: dict[str, str] | None = None) -> None:
    for old, new in (RENAMED if renamed is None else renamed).items():
        register_topic(old, resolve_topic(new))
