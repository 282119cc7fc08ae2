"""Every read model the product serves, in one list: what `serve`, `projections run` and the
rebuild and as-of replays all use. Add a view here (one line) when you add its module."""

from __future__ import annotations

from projections.projector.view import View
from projections.views.bridge import Bridge
from projections.views.calendar import Calendar
from projections.views.directory import Directory
from projections.views.funds import Funds
from projections.views.inbox import Inbox
from projections.views.mailbox import Mailbox
from projections.views.projects import Projects
from projections.views.reports import Reports
from projections.views.talent import Talent
from projections.views.timers import Timers
from projections.views.trainings import Trainings

# What a rebuild spends, in CPU µs: on each view's handlers and writes, per event the view
# takes; on reading and decoding an event and handing it on, once per process for every event
# one of its views takes; and on a view whatever its events (so that views of an empty log are
# spread too). Measured on bench/rebuild.py's 1,000,000-event log, 25 Nov 2026 (each view alone,
# then groups of views side by side: bench/RESULTS-rebuild.md, fifth round). A parallel rebuild
# splits the views into groups of about equal cost (projections/projector/parallel_rebuild.py).
HANDLING_US = {
    "inbox": 10.3,
    "directory": 10.1,
    "reports": 6.4,
    "projects": 15.0,
    "calendar": 14.0,
    "timers": 8.0,
    "trainings": 4.3,
    "bridge": 4.9,
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
        Talent(),
    ]
