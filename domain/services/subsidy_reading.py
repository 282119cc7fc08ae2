"""What every subsidy service shares: loading funds, applications and the project applied for,
who counts as the applicant, and reading a command's input into checked values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain import validation as v
from domain.clock import SEOUL
from domain.context import Context
from domain.errors import Forbidden, Invalid, NotFound
from domain.fund import DEFAULT_CRITERIA, MAX_CRITERIA, MAX_WEIGHT, Fund
from domain.member import Member
from domain.permissions import Action
from domain.services.core import Core
from domain.subsidy import SubsidyApplication
from domain.subsidy_rules import MAX_KRW
from domain.vocabulary import FundEligibility, ReasonCode


class ProjectLike(Protocol):
    """What subsidies need of a project: who directs it and who is on it."""

    id: UUID
    director_id: UUID

    def members(self) -> set[UUID]: ...


# -- reading input (422) ----------------------------------------------------------------------


@contextmanager
def about(field: str) -> Iterator[None]:
    """A refusal of an item inside a list or map argument keeps its words ("the weight of
    story must be ..."), and names the argument it belongs to as its field."""
    try:
        yield
    except Invalid as refused:
        refused.field = field
        raise


def money(value: object, field: str) -> int:
    return v.whole(value, field, low=1, high=MAX_KRW)


def fund_moment(value: object, field: str, *, end_of_day: bool) -> datetime:
    """A fund's opening or closing moment: an aware datetime as given, or a date meaning the
    start of that day in Seoul (for `opens`) or the end of it (for `closes`)."""
    if isinstance(value, datetime):
        return v.aware(value, field)
    if isinstance(value, date):
        day = value + timedelta(days=1) if end_of_day else value
        return datetime.combine(day, time(0, 0), tzinfo=SEOUL)
    raise Invalid("{field} must be a date, or a date and time with an offset", field=field)


def criteria_of(value: object) -> list[dict[str, Any]]:
    """Named scoring criteria with whole-number weights; plain names weigh 1."""
    if value is None:
        return [dict(c) for c in DEFAULT_CRITERIA]
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("criteria must list at least one criterion", field="criteria")
    if len(value) > MAX_CRITERIA:
        raise Invalid(
            "a fund takes at most {max_criteria} criteria",
            max_criteria=MAX_CRITERIA,
            field="criteria",
        )
    out: list[dict[str, Any]] = []
    for item in value:
        raw_name, raw_weight = (
            (item, 1)
            if isinstance(item, str)
            else (
                (item.get("name"), item.get("weight", 1)) if isinstance(item, dict) else (None, 1)
            )
        )
        with about("criteria"):
            name = v.text(raw_name, "criterion name", limit=v.SHORT_MAX).lower()
            weight = v.whole(raw_weight, f"the weight of {name}", low=1, high=MAX_WEIGHT)
        if any(c["name"] == name for c in out):
            raise Invalid("the criterion {name} is listed twice", name=name, field="criteria")
        out.append({"name": name, "weight": weight})
    return out


def requirements_of(value: object) -> list[FundEligibility]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise Invalid("requires must be a list of eligibility conditions", field="requires")
    out = []
    for item in value:
        try:
            out.append(item if isinstance(item, FundEligibility) else FundEligibility(item))
        except ValueError:
            known = ", ".join(e.value for e in FundEligibility)
            raise Invalid(
                "unknown eligibility condition {item!r}; known: {known}",
                item=item,
                known=known,
                field="requires",
            ) from None
    return out


def reason_code_of(value: object) -> ReasonCode:
    if isinstance(value, ReasonCode):
        return value
    try:
        return ReasonCode(value)
    except ValueError:
        known = ", ".join(c.value for c in ReasonCode)
        raise Invalid(
            "reason_code must be one of {known}", known=known, field="reason_code"
        ) from None


def criteria_scores_of(value: object) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(
            "criteria_scores must map each criterion to a score from 1 to 5",
            field="criteria_scores",
        )
    out: dict[str, int] = {}
    for name, score in value.items():
        with about("criteria_scores"):
            key = v.text(name, "criterion name", limit=v.SHORT_MAX).lower()
            out[key] = v.whole(score, f"the score for {key}", low=1, high=5)
    return out


class SubsidyReading(Core):
    """Loads shared by the fund, application, review and grant services."""

    def fund(self, fund_id: UUID) -> Fund:
        return self._load(Fund, fund_id, "fund")

    def subsidy_application(self, application_id: UUID) -> SubsidyApplication:
        return self._load(SubsidyApplication, application_id, "application")

    def _project_for_subsidy(self, project_id: UUID) -> ProjectLike:
        try:
            aggregate: object = self.repository.get(project_id)
        except AggregateNotFoundError:
            raise NotFound(
                "no project {project_id}", project_id=project_id, field="project_id"
            ) from None
        if not isinstance(getattr(aggregate, "director_id", None), UUID) or not callable(
            getattr(aggregate, "members", None)
        ):
            raise NotFound("no project {project_id}", project_id=project_id, field="project_id")
        return cast(ProjectLike, aggregate)

    def _as_subsidy_applicant(self, ctx: Context, application: SubsidyApplication) -> Member:
        actor = self._authorise(ctx, Action.APPLY_FOR_SUBSIDY)
        if actor.id != application.applicant_id:
            raise Forbidden("only the applicant can do this with the application")
        return actor
