"""Timers as policies: what the timers view says is due, the runner does, as the system.

`serve` calls `PolicyRunner.run_due(app.clock.now())` on an interval. Each due timer becomes one
application command with domain.context.SYSTEM: an offer that ran out passes to the next in line,
a booking not checked into is released as a no-show, an unanswered screening-room request is
refused. The commands check their own preconditions on the aggregates, so running a timer that
someone already handled (the member checked in, an admin answered, another process ran it
first, the view had not caught up) is refused as a conflict and skipped, never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.context import SYSTEM
from domain.errors import Conflict
from domain.filmhouse import FilmHouse
from projections.projector.runner import Projector
from projections.views.timers import (
    CHECK_IN_GRACE_ENDS,
    OFFER_EXPIRES,
    REQUEST_ANSWER_DUE,
    Timer,
    Timers,
)

log = logging.getLogger(__name__)


@dataclass
class PolicyRun:
    """What one run did: commands that changed something, and timers skipped as handled."""

    done: list[Timer] = field(default_factory=list)
    skipped: list[Timer] = field(default_factory=list)


class PolicyRunner:
    def __init__(self, app: FilmHouse, projector: Projector) -> None:
        if not any(isinstance(v, Timers) for v in projector.views.values()):
            raise ValueError("the policy runner needs a projector that keeps the timers view")
        self.app = app
        self.projector = projector
        self.commands: dict[str, Callable[[UUID], object]] = {
            OFFER_EXPIRES: lambda entry_id: app.expire_offer(SYSTEM, entry_id),
            CHECK_IN_GRACE_ENDS: lambda booking_id: app.release_no_show(SYSTEM, booking_id),
            REQUEST_ANSWER_DUE: lambda booking_id: app.refuse_unanswered_request(
                SYSTEM, booking_id
            ),
        }

    def due(self, now: datetime) -> list[Timer]:
        """The timers due at `now`, once the view has caught up with the log."""
        self.projector.wait_for()
        with self.projector.db.read() as tx:
            return Timers.due(tx, now)

    def run(self, now: datetime) -> PolicyRun:
        return self.execute(self.due(now))

    def execute(self, timers: list[Timer]) -> PolicyRun:
        """Issue each timer's command; one already handled is skipped."""
        run = PolicyRun()
        for timer in timers:
            try:
                self.commands[timer.kind](timer.subject_id)
            except Conflict as refusal:
                log.info("timer %s %s skipped: %s", timer.kind, timer.subject_id, refusal.message)
                run.skipped.append(timer)
            else:
                run.done.append(timer)
        return run

    def run_due(self, now: datetime) -> int:
        """Run every timer due at `now`; returns how many commands changed something."""
        return len(self.run(now).done)
