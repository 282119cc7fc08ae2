"""The project details form (title, logline, format, budget, the prep, shoot and post dates)
read into the arguments of the create and update commands, with inline errors for what is
missing or malformed. Drafting a project and editing it share it (web/pages/project_editor.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.vocabulary import ProjectFormat
from web.display.labels import format_labels
from web.display.vocabulary import GENRE, keys_of
from web.forms import day_or_none, field_of, text
from web.i18n import gettext_ as _
from web.pages.project_common import commas, whole_number

DETAIL_NAMES = (
    "title",
    "logline",
    "synopsis",
    "genres",
    "format",
    "language",
    "budget_krw",
    "prep_start",
    "prep_end",
    "shoot_start",
    "shoot_end",
    "post_start",
    "post_end",
)
DATE_NAMES = ("prep_start", "prep_end", "shoot_start", "shoot_end", "post_start", "post_end")

# -- reading the details form ----------------------------------------------------------------


@dataclass(frozen=True)
class DetailsInput:
    """The details form read into the values the project commands take."""

    title: str
    logline: str
    synopsis: str
    genres: list[str]
    format: ProjectFormat
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    prep_start: date | None
    prep_end: date | None
    post_start: date | None
    post_end: date | None


def details_input(
    data: dict[str, Any],
) -> tuple[dict[str, str], DetailsInput | None, dict[str, str]]:
    """The form's values as typed, the command's arguments (None when the form is incomplete),
    and what is missing or malformed."""
    values = {name: text(data, name) for name in DETAIL_NAMES}
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the project a title.")
    if not values["logline"]:
        errors["logline"] = _("Write the logline: the film in one sentence.")
    if values["format"] not in format_labels():
        errors["format"] = _("Choose the format.")
    budget = whole_number(values["budget_krw"])
    if budget is None:
        errors["budget_krw"] = _("Enter the budget in won as a whole number, e.g. 30000000.")
    days = {name: day_or_none(values[name]) for name in DATE_NAMES}
    shoot_start, shoot_end = days["shoot_start"], days["shoot_end"]
    if shoot_start is None or shoot_end is None:
        errors["dates"] = _("Give the first and the last shoot day.")
    elif any(values[name] and days[name] is None for name in DATE_NAMES):
        errors["dates"] = _("Write each date as a day, e.g. 2026-05-01.")
    if errors or budget is None or shoot_start is None or shoot_end is None:
        return values, None, errors
    return (
        values,
        DetailsInput(
            title=values["title"],
            logline=values["logline"],
            synopsis=values["synopsis"],
            genres=keys_of(GENRE, commas(values["genres"])),
            format=ProjectFormat(values["format"]),
            language=values["language"],
            budget_krw=budget,
            shoot_start=shoot_start,
            shoot_end=shoot_end,
            prep_start=days["prep_start"],
            prep_end=days["prep_end"],
            post_start=days["post_start"],
            post_end=days["post_end"],
        ),
        errors,
    )


def detail_error_key(error: DomainError) -> str:
    """Where on the details form a refusal goes: the dates share one place."""
    key = field_of(error, DETAIL_NAMES)
    return "dates" if key in DATE_NAMES else key
