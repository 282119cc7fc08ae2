"""Conflicts of interest in the reader's language: each is recorded as a code with its params
(domain/conflicts.py) and said from the same template as the domain's English, through the
refusal catalogues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.conflicts import phrase
from web.display.refusals import said


def conflict_words(conflicts: Iterable[Mapping[str, Any]]) -> list[str]:
    """Each recorded conflict as a phrase in the reader's language."""
    return [said(phrase(conflict)) for conflict in conflicts]
