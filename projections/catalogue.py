"""Every read model the product serves, in one list: what `serve`, `projections run` and the
rebuild and as-of replays all use. Add a view here (one line) when you add its module."""

from __future__ import annotations

from projections.bridge import Bridge
from projections.calendar import Calendar
from projections.directory import Directory
from projections.funds import Funds
from projections.inbox import Inbox
from projections.mailbox import Mailbox
from projections.projects import Projects
from projections.reports import Reports
from projections.runner import View
from projections.timers import Timers
from projections.trainings import Trainings

# What rebuilding each view alone costs, in CPU seconds per 100,000 log events (reading and
# decoding its topics included; measured on bench/rebuild.py's log, 25 Nov 2026, after the
# third round of bench/RESULTS-rebuild.md). A parallel rebuild splits the views into groups of
# about equal cost (projections/parallel_rebuild.py).
REBUILD_COST = {
    "inbox": 3.47, "directory": 2.79, "reports": 1.81, "projects": 1.52, "calendar": 0.82,
    "timers": 0.67, "trainings": 0.55, "bridge": 0.29, "funds": 0.03, "mailbox": 0.03,
}


def all_views() -> list[View]:
    return [
        Directory(),
        Bridge(),
        Trainings(),
        Projects(),
        Funds(),
        Inbox(),
        Mailbox(),
        Reports(),
        Calendar(),
        Timers(),
    ]
