"""The bridge's offline evaluation on a hand-made log cut at a moment."""

from __future__ import annotations

from datetime import UTC, datetime

from matching.facts import (
    DealRecorded,
    Fact,
    PartnerProfiled,
    PartnerRegistered,
    PartnerStanding,
    ProjectListed,
    ProjectStaged,
    Shortlisted,
    SubmittedTo,
)
from matching.partner_eval import evaluate, split, table

BEFORE = datetime(2026, 1, 1, tzinfo=UTC)
CUT = datetime(2026, 3, 1, tzinfo=UTC)
AFTER = datetime(2026, 5, 1, tzinfo=UTC)


def _log() -> list[tuple[datetime, Fact]]:
    """Horror House signed a horror film before the cut; after it, a new drama pitched then
    shortlisted by Drama Co (whose profile says drama), and a horror short shortlisted by
    Horror House after a submission made before the cut (no answer: already engaged)."""
    facts: list[tuple[datetime, Fact]] = [
        (BEFORE, PartnerRegistered("a", name="Drama Co")),
        (BEFORE, PartnerProfiled("a", genres=("drama",))),
        (BEFORE, PartnerStanding("a", True)),
        (BEFORE, PartnerRegistered("b", name="Horror House")),
        (BEFORE, PartnerProfiled("b", genres=("horror",))),
        (BEFORE, PartnerStanding("b", True)),
        (BEFORE, ProjectListed("old", 2025, genres=("horror",), director_ids=("d0",))),
        (BEFORE, ProjectStaged("old", "development")),
        (BEFORE, DealRecorded("b", "old")),
        (BEFORE, ProjectListed("h", 2026, genres=("horror",), director_ids=("d2",))),
        (BEFORE, ProjectStaged("h", "development")),
        (BEFORE, SubmittedTo("b", "h")),
        (AFTER, ProjectListed("new", 2026, genres=("drama",), director_ids=("d1",))),
        (AFTER, ProjectStaged("new", "production")),
        (AFTER, SubmittedTo("a", "new")),
        (AFTER, Shortlisted("a", "new")),
        (AFTER, Shortlisted("b", "h")),
    ]
    return facts


def test_a_new_project_is_described_to_the_graph_but_not_what_became_of_it() -> None:
    before, after = split(_log(), CUT)
    assert ProjectStaged("new", "development") in before
    assert ProjectStaged("new", "production") not in before
    assert SubmittedTo("a", "new") not in before and Shortlisted("a", "new") in after


def test_the_ranker_and_baselines_against_what_happened_after_the_cut() -> None:
    lines = evaluate(*split(_log(), CUT), k=1)
    got = {(x.method, x.direction): (x.hr, x.queries) for x in lines}
    assert got == {
        ("ranker", "partners for a project"): (1.0, 1),
        ("ranker", "projects for a partner"): (1.0, 1),
        ("popularity", "partners for a project"): (0.0, 1),  # Horror House signed before
        ("popularity", "projects for a partner"): (0.0, 1),  # the old horror film was picked
        ("genre match", "partners for a project"): (1.0, 1),
        ("genre match", "projects for a partner"): (1.0, 1),
    }
    assert table(lines, 1).splitlines()[0].startswith("| method | direction | queries | hr@1")
