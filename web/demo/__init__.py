"""`filmhouse demo`: two years of a film centre's life, written through the same commands as the
web uses, at simulated times (the application clock moves week by week), so every page,
dashboard and "as of" view has something true to show; then today, dated from the moment the
demo is loaded, so that each demo account finds something to do.

Refusals are part of real life: a clashing hire, a full role, a taken slot are tried and
refused exactly as they would be for a person, and the generator moves on.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta

from domain.clock import SEOUL, SettableClock, SystemClock, seoul_time
from domain.filmhouse import FilmHouse
from web.demo.base import WEEKS, Figures
from web.demo.story import Demo

__all__ = ["demo_start", "generate"]


def generate(
    app: FilmHouse,
    *,
    members: int = 1200,
    seed: int = 2026,
    weeks: int = WEEKS,
    say: Callable[[str], None] | None = None,
    now: datetime | None = None,
) -> Figures:
    """Write the demo history ending about now, then today's chapter dated from `now` (by
    default the moment of the call); the clock is the app's own, moved by hand."""
    if not isinstance(app.clock, SettableClock):
        raise TypeError("the demo needs an application opened with a SettableClock")
    report = say or (lambda line: print(line, file=sys.stderr, flush=True))
    demo = Demo(app, app.clock, random.Random(seed), members, report, weeks)
    figures = demo.run(now or SystemClock().now())
    report(
        f"demo: {figures.events} events, {figures.members} members, {figures.projects} "
        f"projects, {figures.hires} hires, {figures.credits} verified credits, "
        f"{figures.bookings} bookings, {figures.trainings} trainings "
        f"({figures.certified} certified), {figures.applications} subsidy applications, "
        f"{figures.decisions} decisions, {figures.partners} partners, "
        f"{figures.submissions} submissions, {figures.deals} deals, "
        f"{figures.waitlisted} waitlist entries, {figures.timers} timer actions, "
        f"{figures.refusals} refusals, in {figures.seconds:.0f} s"
    )
    return figures


def demo_start(now: datetime) -> datetime:
    """Two years before now, on a Monday morning, Seoul time."""
    start = (now - timedelta(weeks=WEEKS)).astimezone(SEOUL)
    monday = start.date() - timedelta(days=start.weekday())
    return seoul_time(monday, datetime.min.time()) + timedelta(hours=9)
