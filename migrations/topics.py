"""Renamed or moved event classes keep their old topics resolving.

When an event or aggregate class moves, add `"old.module:Old.Topic": "new.module:New.Topic"` to
RENAMED; `register()` runs when the application starts, so old stored events still load.
"""

from __future__ import annotations

from eventsourcing.utils import register_topic, resolve_topic

_DESK_EVENTS = ("Opened", "DeskLet", "DeskFreed", "DeskHeld", "DeskHoldReleased", "HeldDeskLet")

RENAMED: dict[str, str] = {
    # The desk month left domain/booking.py for a module of its own.
    "domain.booking:DeskMonth": "domain.desk_month:DeskMonth",
    **{
        f"domain.booking:DeskMonth.{name}": f"domain.desk_month:DeskMonth.{name}"
        for name in _DESK_EVENTS
    },
}


def register(renamed: dict[str, str] | None = None) -> None:
    for old, new in (RENAMED if renamed is None else renamed).items():
        register_topic(old, resolve_topic(new))


def stored_as(topic: str) -> list[str]:
    """Every name events of this class are stored under: its topic and the old names it was
    renamed from. Whatever selects the log by topic (views, the graph feeder) asks for all of
    them, so events written before a rename still reach it."""
    return sorted({topic, *(old for old, new in RENAMED.items() if new == topic)})
