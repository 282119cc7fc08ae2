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
