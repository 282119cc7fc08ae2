"""What tells directors apart on the scouting board (two can share a name), in the reader's
language: their university, city, how many projects they have shown, and when they joined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from uuid import UUID

from projections.projector.sql import Tx
from projections.views import director_facts as facts
from projections.views.director_facts import DirectorFacts
from web.i18n import current_language

__all__ = ["director_facts"]


def director_facts(tx: Tx, director_ids: Iterable[UUID]) -> dict[UUID, DirectorFacts]:
    """The facts by director, `university` named in the reader's language."""
    found = facts.director_facts(tx, director_ids)
    if current_language() != "ko":
        return found
    return {
        director: replace(fact, university=fact.university_ko or fact.university)
        for director, fact in found.items()
    }
