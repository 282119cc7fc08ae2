"""The commercial bridge's recommendations: partners for a director's project (each with the
partner's open calls the project fits, for a one-click submission), and projects to see and
directors to watch for a partner's scouts. The engine is matching/partners.py over the graph the
log keeps current (projections/graph/feeder.py); names and titles come from the views. What
scouts are shown is counted per director (projections/views/exposure.py, DirectorExposure), and
the same counts decide which fitting first-time director takes the slot kept for them.

The API (web/api/bridge_recommend.py) and the pages call these; nothing else ranks partners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar
from uuid import UUID

from domain import clock
from matching.partners import (
    recommend_directors_for_partner,
    recommend_partners,
    recommend_projects_for_partner,
)
from projections.graph.feeder import GraphFeeder
from projections.projector.sql import Tx
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.exposure import ExposureCounter
from projections.views.projects import Projects
from web.display.vocabulary import GENRE, format_label, in_sentence
from web.i18n import gettext_ as _
from web.recommend import Message, say


@dataclass(frozen=True)
class OpenCall:
    opportunity_id: UUID
    title: str


@dataclass(frozen=True)
class PartnerSuggestion:
    partner_id: UUID
    name: str
    score: float
    reasons: tuple[str, ...]
    open_calls: tuple[OpenCall, ...]  # open, not past their deadline, and the project fits


@dataclass(frozen=True)
class ProjectSuggestion:
    project_id: UUID
    title: str
    director_id: UUID
    director_name: str
    score: float
    reasons: tuple[str, ...]
    first_time: bool  # its director has no wrapped project


@dataclass(frozen=True)
class DirectorSuggestion:
    director_id: UUID
    name: str
    score: float
    reasons: tuple[str, ...]
    first_time: bool


PROJECT_KINDS = ("call_for_pitches", "co_production", "distribution")  # calls a project answers


def partners_for_project(
    tx: Tx, feeder: GraphFeeder, *, project_id: UUID, limit: int = 10, head: int | None = None
) -> list[PartnerSuggestion]:
    """Verified partners likely to back the project, best first, with their open calls that
    the project fits and has not been submitted to yet."""
    feeder.catch_up(head)
    graph = feeder.graph
    matches = feeder.memoised(
        ("partners", project_id.hex, limit),
        lambda: recommend_partners(graph, project_id.hex, k=limit),
    )
    info = graph.bridge.listing.get(project_id.hex)
    genres = set(info.genres) if info is not None else set()
    fmt = info.format if info is not None else ""
    director = graph.bridge.director_of(project_id.hex)
    # a wrapped film answers distribution calls only (what the submission service accepts)
    kinds = (
        ("distribution",)
        if graph.bridge.stage.get(project_id.hex) == "distribution"
        else (PROJECT_KINDS)
    )
    submitted = {
        s.opportunity_id
        for s in (Bridge.submissions_of_director(tx, UUID(director)) if director else ())
        if s.project_id == project_id
    }
    now = clock.now()
    found = []
    for m in matches:
        partner = Bridge.partner(tx, UUID(m.partner_id))
        if partner is None:
            continue
        calls = tuple(
            OpenCall(card.opportunity_id, card.title)
            for card in Bridge.postings_of(tx, partner.partner_id)
            if card.status == "open"
            and card.deadline > now
            and card.kind in kinds
            and card.opportunity_id not in submitted
            and (not card.genres or genres & set(card.genres))
            and (not card.formats or fmt in card.formats)
        )
        found.append(
            PartnerSuggestion(partner.partner_id, partner.name, round(m.score, 4), m.reasons, calls)
        )
    return found


def projects_for_partner(
    tx: Tx,
    feeder: GraphFeeder,
    *,
    partner_id: UUID,
    limit: int = 10,
    exposure: ExposureCounter | None = None,
    head: int | None = None,
) -> list[ProjectSuggestion]:
    """Projects the partner's scouts should see, best first, first-time directors given their
    slot; each shown director is counted (under their first-time status then)."""
    feeder.catch_up(head)
    graph = feeder.graph
    so_far = exposure.shown_so_far() if exposure is not None else None
    matches = feeder.memoised(
        ("projects for partner", partner_id.hex, limit, so_far.epoch if so_far else None),
        lambda: recommend_projects_for_partner(
            graph, partner_id.hex, k=limit, impressions=so_far.newcomers if so_far else None
        ),
    )
    names = Directory.names(tx, [UUID(m.director_id) for m in matches if m.director_id])
    found = []
    for m in matches:
        page = Projects.page(tx, UUID(m.project_id))
        if page is None or not m.director_id:
            continue
        director = UUID(m.director_id)
        found.append(
            ProjectSuggestion(
                page.card.project_id,
                page.card.title,
                director,
                names.get(director, ""),
                round(m.score, 4),
                m.reasons,
                m.first_time,
            )
        )
    _count(exposure, [(s.director_id, s.first_time) for s in found])
    return found


def directors_for_partner(
    tx: Tx,
    feeder: GraphFeeder,
    *,
    partner_id: UUID,
    limit: int = 10,
    exposure: ExposureCounter | None = None,
    head: int | None = None,
) -> list[DirectorSuggestion]:
    """Directors the partner does not follow yet whose projects suit it, best first, with the
    first-time directors' slot; each shown director is counted."""
    feeder.catch_up(head)
    graph = feeder.graph
    so_far = exposure.shown_so_far() if exposure is not None else None
    matches = feeder.memoised(
        ("directors for partner", partner_id.hex, limit, so_far.epoch if so_far else None),
        lambda: recommend_directors_for_partner(
            graph, partner_id.hex, k=limit, impressions=so_far.newcomers if so_far else None
        ),
    )
    names = Directory.names(tx, [UUID(m.director_id) for m in matches])
    found = [
        DirectorSuggestion(
            UUID(m.director_id),
            names[UUID(m.director_id)],
            round(m.score, 4),
            m.reasons,
            m.first_time,
        )
        for m in matches
        if UUID(m.director_id) in names
    ]
    _count(exposure, [(s.director_id, s.first_time) for s in found])
    return found


def _count(exposure: ExposureCounter | None, shown: list[tuple[UUID, bool]]) -> None:
    if exposure is not None and shown:
        exposure.shown([d for d, _ in shown], newcomers={d for d, first in shown if first})


# The engine states its reasons in English (the API returns them as they are); pages show them
# in the reader's language through these patterns (matching/partner_reasons.py says them).
_REASONS: tuple[tuple[re.Pattern[str], Message], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^looks for (?P<genres>.+)$", "looks for %(genres)s"),
        (r"^takes (?P<format>.+) projects$", "takes %(format)s projects"),
        (r"^the budget is within their range$", "the budget is within their range"),
        (r"^engages at the (?P<stage>.+) stage$", "engages at the %(stage)s stage"),
        (
            r"^signed (?P<n>\d+) deals? on (?P<genres>.+) projects$",
            (
                "signed %(n)s deal on %(genres)s projects",
                "signed %(n)s deals on %(genres)s projects",
            ),
        ),
        (
            r"^picked (?P<n>\d+) (?P<genres>.+) projects? before$",
            ("picked %(n)s %(genres)s project before", "picked %(n)s %(genres)s projects before"),
        ),
        (r"^follows (?P<who>.+)$", "follows %(who)s"),
        (
            r"^picked (?P<what>.+), with (?P<who>.+) of this project$",
            "picked %(what)s, with %(who)s of this project",
        ),
        (
            r"^picked (?P<n>\d+) projects? from this director's university$",
            (
                "picked %(n)s project from this director's university",
                "picked %(n)s projects from this director's university",
            ),
        ),
        (r"^in genres you look for: (?P<genres>.+)$", "in genres you look for: %(genres)s"),
        (r"^a format you take: (?P<format>.+)$", "a format you take: %(format)s"),
        (r"^budget within your range$", "budget within your range"),
        (r"^at a stage you engage at: (?P<stage>.+)$", "at a stage you engage at: %(stage)s"),
        (
            r"^(?P<genres>.+), like (?P<n>\d+) projects? you signed$",
            (
                "%(genres)s, like %(n)s project you signed",
                "%(genres)s, like %(n)s projects you signed",
            ),
        ),
        (
            r"^(?P<genres>.+), like (?P<n>\d+) projects? you picked$",
            (
                "%(genres)s, like %(n)s project you picked",
                "%(genres)s, like %(n)s projects you picked",
            ),
        ),
        (
            r"^from a university whose directors you picked (?P<n>\d+) times?$",
            (
                "from a university whose directors you picked %(n)s time",
                "from a university whose directors you picked %(n)s times",
            ),
        ),
        (r"^by (?P<who>.+), whom you follow$", "by %(who)s, whom you follow"),
        (r"^by (?P<who>.+), who was on (?P<what>.+)$", "by %(who)s, who was on %(what)s"),
        (r"^directs (?P<what>.+)$", "directs %(what)s"),
        (r"^was on (?P<what>.+), which you picked$", "was on %(what)s, which you picked"),
        (
            r"^(?P<n>\d+) projects? you may like$",
            ("%(n)s project you may like", "%(n)s projects you may like"),
        ),
        (r"^first-time director: given a fair look$", "first-time director: given a fair look"),
    )
)


def _stage(stage: str) -> str:
    words = {
        "development": _("development"),
        "production": _("production"),
        "distribution": _("distribution"),
    }
    return words.get(stage, stage)


def _mid(said: str) -> str:
    """A label for the middle of a sentence ("short", but "AI")."""
    return said[:1].lower() + said[1:] if said[1:2].islower() else said


def in_words(reason: str) -> str:
    """One of the engine's bridge reasons in the reader's language (as it is if unknown)."""
    for pattern, message in _REASONS:
        found = pattern.match(reason)
        if found:
            values = found.groupdict()
            if "genres" in values:
                values["genres"] = ", ".join(
                    in_sentence(GENRE, w) for w in values["genres"].split(", ")
                )
            if "format" in values:
                values["format"] = _mid(format_label(values["format"]))
            if "stage" in values:
                values["stage"] = _stage(values["stage"])
            return say(message, values)
    return reason


S = TypeVar("S", PartnerSuggestion, ProjectSuggestion, DirectorSuggestion)


def localised(suggestions: list[S]) -> list[S]:
    """The suggestions with their reasons in the reader's language."""
    return [replace(s, reasons=tuple(in_words(r) for r in s.reasons)) for s in suggestions]
