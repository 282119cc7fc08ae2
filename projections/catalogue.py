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
# decoding its topics included; measured on bench/rebuild.py's log, 25 Nov 2026). A parallel
# rebuild splits the views into groups of about equal cost (projections/parallel_rebuild.py).
REBUILD_COST = {
    "inbox": 2.35, "directory": 1.55, "reports": 0.95, "projects": 0.74, "calendar": 0.40,
    "trainings": 0.33, "timers": 0.31, "bridge": 0.22, "funds": 0.02, "mailbox": 0.02,
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
