"""What a partner organisation looks for, stated so that projects and directors can be matched
to it: genres and formats from the project vocabulary, a budget range, the stages of a
project's life it engages at, the kinds of opportunity it offers, and a few words of its own.

A profile is read here from command input (each refusal names its field); the Partner keeps
the stated profile as one event (domain/partner.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from domain import validation as v
from domain.errors import Invalid, Won
from domain.vocabulary import GENRES, OpportunityKind, PartnerStage, ProjectFormat

E = TypeVar("E", bound=Enum)

BUDGET_MAX_KRW = 10**12  # a trillion won: more than any film the centre sees
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class PartnerProfile:
    """A partner's stated profile. budget_max_krw 0 means no upper bound."""

    genres: tuple[str, ...] = ()
    formats: tuple[ProjectFormat, ...] = ()
    budget_min_krw: int = 0
    budget_max_krw: int = 0
    stages: tuple[PartnerStage, ...] = ()
    offers: tuple[OpportunityKind, ...] = ()
    description: str = ""

    @classmethod
    def read(
        cls,
        *,
        genres: object = (),
        formats: object = (),
        budget_min_krw: object = 0,
        budget_max_krw: object = 0,
        stages: object = (),
        offers: object = (),
        description: object = "",
    ) -> PartnerProfile:
        """The profile in command input, checked field by field."""
        low = _krw(budget_min_krw, "budget_min_krw")
        high = _krw(budget_max_krw, "budget_max_krw")
        if high and low > high:
            raise Invalid(
                "the budget range is upside down: the most ({budget_max_krw}) is below the "
                "least ({budget_min_krw})",
                field="budget_max_krw",
                budget_min_krw=Won(low),
                budget_max_krw=Won(high),
            )
        return cls(
            genres=_genres(genres),
            formats=_values(ProjectFormat, formats, "formats"),
            budget_min_krw=low,
            budget_max_krw=high,
            stages=_values(PartnerStage, stages, "stages"),
            offers=_values(OpportunityKind, offers, "offers"),
            description=v.text(description, "description", limit=DESCRIPTION_MAX, required=False),
        )

    @property
    def stated(self) -> bool:
        """Whether anything was said (an empty profile matches nothing)."""
        return bool(
            self.genres
            or self.formats
            or self.budget_min_krw
            or self.budget_max_krw
            or self.stages
            or self.offers
            or self.description
        )


def _krw(value: object, field: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise Invalid("{field} cannot be negative", field=field)
    return v.whole(value, field, low=0, high=BUDGET_MAX_KRW)


def _genres(values: object) -> tuple[str, ...]:
    chosen = v.labels(values, "genres", most=len(GENRES))
    for genre in chosen:
        if genre not in GENRES:
            raise Invalid(
                "genres include “{genre}”, which is not on our list; choose from the list",
                genre=genre,
                field="genres",
            )
    return tuple(chosen)


def _values(kind: type[E], values: object, field: str) -> tuple[E, ...]:
    if not isinstance(values, list | tuple):
        raise Invalid("{field} must be a list", field=field)
    chosen: list[E] = []
    for value in values:
        try:
            member = value if isinstance(value, kind) else kind(value)
        except ValueError:
            raise Invalid(
                "{field} must be one of {known}",
                field=field,
                known=", ".join(str(member.value) for member in kind),
            ) from None
        if member not in chosen:
            chosen.append(member)
    return tuple(chosen)
