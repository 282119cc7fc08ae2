"""Every read model the product serves, in one list: what `serve`, `projections run` and the
rebuild and as-of replays all use. Add a view here (one line) when you add its module."""

from __future__ import annotations

from projections.directory import Directory
from projections.funds import Funds
from projections.projects import Projects
from projections.reports import Reports
from projections.runner import View
from projections.trainings import Trainings


def all_views() -> list[View]:
    return [
        Directory(),
        Trainings(),
        Projects(),
        Funds(),
        Reports(),
    ]
