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

# What a rebuild spends, in CPU µs: on each view's handlers and writes, per event the view
# takes; on reading and decoding an event and handing it on, once per process for every event
# one of its views takes; and on a view whatever its events (so that views of an empty log are
# spread too). Measured on bench/rebuild.py's 1,000,000-event log, 25 Nov 2026 (each view alone,
# then groups of views side by side: bench/RESULTS-rebuild.md, fifth round). A parallel rebuild
# splits the views into groups of about equal cost (projections/parallel_rebuild.py).
HANDLING_US = {
    "inbox": 10.3, "directory": 10.1, "reports": 6.4, "projects": 15.0, "calendar": 14.0,
    "timers": 8.0, "trainings": 4.3, "bridge": 4.9,
}
HANDLING_US_DEFAULT = 10.0  # a view the bench's log gives no events (funds, mailbox)
DECODING_US = 22.0
VIEW_FIXED_US = 1.0


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
