"""Every read model the product serves, in one list: what `serve`, `projections run` and the
rebuild and as-of replays all use."""

from __future__ import annotations

from projections.directory import Directory
from projections.runner import View


def all_views() -> list[View]:
    return [Directory()]
