"""Funds, subsidy applications, reviewers, reviews, decisions and disbursements.

Every command that moves money saves the application and its fund in one write, inside
`_attempt`: a fund's committed total is checked against its budget on the version that is
written, so concurrent approvals can never overspend it, and an application is decided once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain import validation as v
from domain.clock import SEOUL, seoul_date
from domain.commitments import Commitments
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.fund import DEFAULT_CRITERIA, MAX_CRITERIA, MAX_WEIGHT, Fund, as_typed
from domain.member import Member
from domain.permissions import Action
from domain.services.core import Core
from domain.subsidy import (
    CONFLICT_YEARS,
    MAX_KRW,
    SubsidyApplication,
    conflicts_of_interest,
    parse_breakdown,
)
from domain.vocabulary import FundEligibility, ReasonCode


class ProjectLike(Protocol):
    """What subsidies need of a project: who directs it and who is on it."""

    id: UUID
    director_id: UUID

    def members(self) -> set[UUID]: ...


def _money(value: object, field: str) -> int:
    return v.whole(value, field, low=1, high=MAX_KRW)


def _moment(value: object, field: str, *, end_of_day: bool) -> datetime:
    """An aware datetime; a plain date means the start of that day in Seoul (for `opens`) or
    the end of it (for `closes`)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = (
                datetime.fromisoformat(text)
                if "T" in text or " " in text
                else (date.fromisoformat(text))
            )
        except ValueError:
            raise Invalid(
                "{field} must be an ISO 8601 date, or a date and time with an offset",
                field=field,
            ) from None
    if isinstance(value, datetime):
        return v.aware(value, field)
    if isinstance(value, date):
        day = value + timedelta(days=1) if end_of_day else value
        return datetime.combine(day, time(0, 0), tzinfo=SEOUL)
    raise Invalid("{field} must be a date, or a date and time with an offset", field=field)


def _criteria(value: object) -> list[dict[str, Any]]:
    """Named scoring criteria with whole-number weights; plain names weigh 1."""
    if value is None:
        return [dict(c) for c in DEFAULT_CRITERIA]
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("criteria must list at least one criterion")
    if len(value) > MAX_CRITERIA:
        raise Invalid("a fund takes at most {max_criteria} criteria", max_criteria=MAX_CRITERIA)
    out: list[dict[str, Any]] = []
    for item in value:
        raw_name, raw_weight = (
            (item, 1)
            if isinstance(item, str)
            else (
                (item.get("name"), item.get("weight", 1)) if isinstance(item, dict) else (None, 1)
            )
        )
        name = v.text(raw_name, "criterion name", limit=v.SHORT_MAX).lower()
        weight = v.whole(raw_weight, f"the weight of {name}", low=1, high=MAX_WEIGHT)
        if any(c["name"] == name for c in out):
            raise Invalid("the criterion {name} is listed twice", name=name)
        out.append({"name": name, "weight": weight})
    return out


def _requirements(value: object) -> list[FundEligibility]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise Invalid("requires must be a list of eligibility conditions")
    out = []
    for item in value:
        try:
            out.append(item if isinstance(item, FundEligibility) else FundEligibility(item))
        except ValueError:
            known = ", ".join(e.value for e in FundEligibility)
            raise Invalid(
                "unknown eligibility condition {item!r}; known: {known}",
                item=item, known=known,
            ) from None
    return out


def _reason_code(value: object) -> ReasonCode:
    if isinstance(value, ReasonCode):
        return value
    try:
        return ReasonCode(value)
    except ValueError:
        known = ", ".join(c.value for c in ReasonCode)
        raise Invalid("reason_code must be one of {known}", known=known) from None


def _criteria_scores(value: object) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid("criteria_scores must map each criterion to a score from 1 to 5")
    out: dict[str, int] = {}
    for name, score in value.items():
        key = v.text(name, "criterion name", limit=v.SHORT_MAX).lower()
        out[key] = v.whole(score, f"the score for {key}", low=1, high=5)
    return out


class SubsidyServices(Core):
    # -- reading --------------------------------------------------------------------------

    def fund(self, fund_id: UUID) -> Fund:
        return self._load(Fund, fund_id, "fund")

    def subsidy_application(self, application_id: UUID) -> SubsidyApplication:
        return self._load(SubsidyApplication, application_id, "application")

    def _project_for_subsidy(self, project_id: UUID) -> ProjectLike:
        try:
            aggregate: object = self.repository.get(project_id)
        except AggregateNotFoundError:
            raise NotFound("no project {project_id}", project_id=project_id) from None
        if not isinstance(getattr(aggregate, "director_id", None), UUID) or not callable(
            getattr(aggregate, "members", None)
        ):
            raise NotFound("no project {project_id}", project_id=project_id)
        return cast(ProjectLike, aggregate)

    def _as_subsidy_applicant(self, ctx: Context, application: SubsidyApplication) -> Member:
        actor = self._authorise(ctx, Action.APPLY_FOR_SUBSIDY)
        if actor.id != application.applicant_id:
            raise Forbidden("only the applicant can do this with the application")
        return actor

    # -- funds ----------------------------------------------------------------------------

    def open_fund(
        self,
        ctx: Context,
        *,
        name: object,
        budget_krw: object,
        cap_krw: object,
        opens: object,
        closes: object,
        eligibility: object = "",
        requires: object = (),
        criteria: object = None,
        min_reviews: object = 0,
    ) -> UUID:
        """An admin opens a fund with its budget, cap, dates, eligibility and criteria."""
        self._authorise(ctx, Action.MANAGE_FUNDS)
        starts = _moment(opens, "opens", end_of_day=False)
        ends = _moment(closes, "closes", end_of_day=True)
        if ends <= self.clock.now():
            raise Invalid("closes ({ends}) is already past", ends=as_typed(ends, closing=True))
        fund = Fund.open(
            name=v.text(name, "name", limit=v.TITLE_MAX),
            budget_krw=_money(budget_krw, "budget_krw"),
            cap_krw=_money(cap_krw, "cap_krw"),
            opens=starts,
            closes=ends,
            eligibility=v.text(eligibility, "eligibility", limit=v.COMMENT_MAX, required=False),
            requires=_requirements(requires),
            criteria=_criteria(criteria),
            min_reviews=v.whole(min_reviews, "min_reviews", low=0, high=20),
        )
        self._save(ctx, fund)
        return fund.id

    def close_fund(self, ctx: Context, fund_id: UUID, *, reason: object = "") -> None:
        """An admin stops a fund taking applications before (or at) its closing date."""
        self._authorise(ctx, Action.MANAGE_FUNDS)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False) or "closed by an admin"

        def command() -> None:
            fund = self.fund(fund_id)
            fund.close(why)
            self._save(ctx, fund)

        self._attempt(command)

    def close_fund_if_due(self, fund_id: UUID) -> bool:
        """The timer policy: a fund past its closing date is closed; True when this call did."""

        def command() -> bool:
            fund = self.fund(fund_id)
            if fund.closed or self.clock.now() < fund.closes:
                return False
            fund.close("the closing date passed")
            self._save(SYSTEM, fund)
            return True

        return self._attempt(command)

    # -- applying -------------------------------------------------------------------------

    def apply_for_subsidy(
        self,
        ctx: Context,
        fund_id: UUID,
        *,
        project_id: UUID,
        amount_krw: object,
        breakdown: object,
        draft: bool = False,
    ) -> UUID:
        """The project's director asks a fund for an amount with its breakdown. Submitted at
        once as version 1 unless kept as a draft; one application per project per fund."""
        actor = self._authorise(ctx, Action.APPLY_FOR_SUBSIDY)
        self.fund(fund_id)
        project = self._project_for_subsidy(project_id)
        if project.director_id != actor.id:
            raise Forbidden("only the project's director can apply for a subsidy for it")
        amount = _money(amount_krw, "amount_krw")
        lines = parse_breakdown(breakdown)

        def command() -> UUID:
            fund = self.fund(fund_id)
            applicant = self._authorise(ctx, Action.APPLY_FOR_SUBSIDY)
            application = SubsidyApplication.start(
                fund_id=fund_id,
                project_id=project_id,
                applicant_id=applicant.id,
                amount_krw=amount,
                breakdown=lines,
                cap_krw=fund.cap_krw,
            )
            if self.exists(application.id):
                raise Conflict(
                    "this project already has an application to this fund; revise it instead"
                )
            status = getattr(
                getattr(self._project_for_subsidy(project_id), "status", None), "value", None
            )
            if status == "cancelled":
                raise Conflict("the project is cancelled")
            self._check_fund_eligibility(fund, applicant)
            if not draft:
                self._check_fund_open(fund)
                application.submit()
            self._save(ctx, application)
            return application.id

        return self._attempt(command)

    def _check_fund_open(self, fund: Fund) -> None:
        refusal = fund.submission_refusal(self.clock.now())
        if refusal:
            raise refusal

    @staticmethod
    def _check_fund_eligibility(fund: Fund, applicant: Member) -> None:
        if FundEligibility.AFFILIATED_STUDENTS in fund.requires and not (
            applicant.affiliation_verified
        ):
            raise Conflict(
                "{fund} is for verified students of network universities; ask your university's "
                "coordinator to verify your affiliation",
                fund=fund.name,
            )
        if FundEligibility.REGISTERED_FILMMAKERS in fund.requires and not (
            applicant.registry_confirmed
        ):
            raise Conflict(
                "{fund} is for filmmakers with registered credits; ask a coordinator to record "
                "your film-registry check",
                fund=fund.name,
            )

    def edit_application_draft(
        self, ctx: Context, application_id: UUID, *, amount_krw: object, breakdown: object
    ) -> None:
        """The applicant changes a draft that is not submitted yet."""
        self._as_subsidy_applicant(ctx, self.subsidy_application(application_id))
        amount = _money(amount_krw, "amount_krw")
        lines = parse_breakdown(breakdown)

        def command() -> None:
            application = self.subsidy_application(application_id)
            fund = self.fund(application.fund_id)
            application.edit_draft(amount, lines, fund.cap_krw)
            self._save(ctx, application)

        self._attempt(command)

    def submit_application(self, ctx: Context, application_id: UUID) -> int:
        """The applicant submits the draft, freezing it as the next version; returns it."""
        self._as_subsidy_applicant(ctx, self.subsidy_application(application_id))

        def command() -> int:
            application = self.subsidy_application(application_id)
            fund = self.fund(application.fund_id)
            self._check_fund_eligibility(fund, self._actor(ctx))
            self._check_fund_open(fund)
            application.submit()
            self._save(ctx, application)
            return application.submitted_version

        return self._attempt(command)

    def revise_application(
        self, ctx: Context, application_id: UUID, *, amount_krw: object, breakdown: object
    ) -> int:
        """The applicant resubmits a changed request as a new version, before any decision and
        while the fund is open; returns the new version."""
        self._as_subsidy_applicant(ctx, self.subsidy_application(application_id))
        amount = _money(amount_krw, "amount_krw")
        lines = parse_breakdown(breakdown)

        def command() -> int:
            application = self.subsidy_application(application_id)
            fund = self.fund(application.fund_id)
            application.revise(amount, lines, fund.cap_krw)
            self._check_fund_open(fund)
            self._save(ctx, application)
            return application.submitted_version

        return self._attempt(command)

    # -- the review panel -----------------------------------------------------------------

    def reviewer_conflicts(self, application_id: UUID, member_id: UUID) -> list[str]:
        """Why this member should not review this application, read from the graph: same
        university, on the project, worked with the applicant or shared a credit in the last
        five years, or a declared conflict. Empty when nothing links them."""
        application = self.subsidy_application(application_id)
        reviewer = self._load(Member, member_id, "member")
        if reviewer.erased:
            raise NotFound("no member {member_id}", member_id=member_id)
        applicant = self._load(Member, application.applicant_id, "member")
        project = self._project_for_subsidy(application.project_id)
        today = seoul_date(self.clock.now())
        found = conflicts_of_interest(
            reviewer_id=reviewer.id,
            reviewer_university=reviewer.university_id,
            reviewer_credits=reviewer.credits,
            applicant_university=applicant.university_id,
            applicant_credits=applicant.credits,
            project_members=project.members(),
            worked_together_on=self._worked_together_recently(
                reviewer.id, applicant.id, besides=project.id, today=today
            ),
            today=today,
        )
        declared = application.declared.get(member_id)
        if declared is not None:
            found.append(f"declared: {declared['reason']}")
        return found

    def _worked_together_recently(
        self, reviewer_id: UUID, applicant_id: UUID, *, besides: UUID, today: date
    ) -> list[str]:
        """Titles of projects, other than this one, that both were on and that ended within
        the last five years (from either side's engagements)."""
        since = today - timedelta(days=365 * CONFLICT_YEARS + 1)
        titles: list[str] = []
        seen: set[UUID] = {besides}
        for one, other in ((reviewer_id, applicant_id), (applicant_id, reviewer_id)):
            commitments = self._load_or_none(Commitments, Commitments.id_for(one))
            if commitments is None:
                continue
            for project_id, engagement in sorted(commitments.engagements.items()):
                if project_id in seen or engagement["end"] < since:
                    continue
                try:
                    project = self._project_for_subsidy(project_id)
                except NotFound:
                    continue
                if other in project.members():
                    seen.add(project_id)
                    titles.append(str(getattr(project, "title", project_id)))
        return titles

    def assign_reviewer(
        self,
        ctx: Context,
        application_id: UUID,
        member_id: UUID,
        *,
        override_reason: object = None,
    ) -> list[str]:
        """An admin appoints a reviewer; a conflict of interest refuses it unless the admin
        overrides with a reason, which goes on the record. Returns the conflicts overridden."""
        self._authorise(ctx, Action.ASSIGN_REVIEWER)
        self.subsidy_application(application_id)
        override = (
            v.text(override_reason, "override_reason", limit=v.COMMENT_MAX)
            if override_reason is not None
            else None
        )

        def command() -> list[str]:
            application = self.subsidy_application(application_id)
            found = self.reviewer_conflicts(application_id, member_id)
            declared = [f for f in found if f.startswith("declared: ")]
            application.assign_reviewer(
                member_id, [f for f in found if f not in declared], override
            )
            self._save(ctx, application)
            return found

        return self._attempt(command)

    def declare_conflict(
        self,
        ctx: Context,
        application_id: UUID,
        *,
        reason: object,
        member_id: UUID | None = None,
    ) -> None:
        """A reviewer declares a conflict of their own (their scores stop counting), or the
        applicant declares a relationship with a member (`member_id`), who then cannot be
        appointed without an override and whose scores do not count."""
        actor = self._authorise(ctx, Action.REVIEW_APPLICATION)
        self.subsidy_application(application_id)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        subject = member_id or actor.id
        if subject != actor.id:
            self._load(Member, subject, "member")

        def command() -> None:
            application = self.subsidy_application(application_id)
            application.declare_conflict(subject, actor.id, why)
            self._save(ctx, application)

        self._attempt(command)

    def review_application(
        self,
        ctx: Context,
        application_id: UUID,
        *,
        score: object,
        comment: object,
        criteria_scores: object = None,
    ) -> int:
        """An appointed reviewer without a conflict scores the current version, once per
        version; returns the version scored."""
        reviewer = self._authorise(ctx, Action.REVIEW_APPLICATION)
        application = self.subsidy_application(application_id)
        if reviewer.id not in application.reviewers or application.excluded(reviewer.id):
            raise Forbidden(
                "only reviewers appointed to this application, without a declared "
                "conflict, can review it"
            )
        grade = v.whole(score, "score", low=1, high=5)
        words = v.text(comment, "comment", limit=v.COMMENT_MAX)
        per_criterion = _criteria_scores(criteria_scores)

        def command() -> int:
            current = self.subsidy_application(application_id)
            fund = self.fund(current.fund_id)
            current.review(reviewer.id, grade, words, per_criterion, fund.criteria_names)
            self._save(ctx, current)
            return current.submitted_version

        return self._attempt(command)

    # -- the decision ---------------------------------------------------------------------

    def decide_subsidy(
        self,
        ctx: Context,
        application_id: UUID,
        *,
        approve: object,
        amount_krw: object = None,
        reason_code: object,
        reason: object,
    ) -> None:
        """An admin approves an amount (at most the cap, the request and what the fund has
        left) or rejects, always with a reason code and a reason in words. An approval commits
        the amount on the fund in the same write, so concurrent decisions cannot overspend it,
        and the decision records what it was based on."""
        self._authorise(ctx, Action.DECIDE_SUBSIDY)
        fund_id = self.subsidy_application(application_id).fund_id
        if not isinstance(approve, bool):
            raise Invalid("approve must be true or false")
        code = _reason_code(reason_code)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        amount = 0
        if approve:
            if amount_krw is None:
                raise Invalid("an approval needs amount_krw")
            amount = v.whole(amount_krw, "amount_krw", low=-MAX_KRW, high=MAX_KRW)
        elif amount_krw not in (None, 0):
            raise Invalid("a rejection takes no amount_krw")

        def command() -> None:
            # The fund first: it is written with every decision, so an application read after
            # it is at least as recent, and a decided application is seen as decided.
            fund = self.fund(fund_id)
            application = self.subsidy_application(application_id)
            weights = {str(c["name"]): int(c["weight"]) for c in fund.criteria}
            if approve:
                application.approve(
                    amount_krw=amount,
                    reason_code=code,
                    reason=why,
                    cap_krw=fund.cap_krw,
                    min_reviews=fund.min_reviews,
                    weights=weights,
                    fund_remaining_krw=fund.remaining_krw,
                )
                fund.commit(application.id, amount)
                self._save(ctx, application, fund)
            else:
                application.reject(
                    reason_code=code, reason=why, min_reviews=fund.min_reviews, weights=weights
                )
                self._save(ctx, application)

        self._attempt(command)

    # -- the grant ------------------------------------------------------------------------

    def disburse(
        self, ctx: Context, application_id: UUID, *, amount_krw: object, note: object = ""
    ) -> int:
        """An admin pays a tranche of an approved grant; returns the tranche's number."""
        self._authorise(ctx, Action.DISBURSE_SUBSIDY)
        fund_id = self.subsidy_application(application_id).fund_id
        amount = _money(amount_krw, "amount_krw")
        words = v.text(note, "note", limit=v.COMMENT_MAX, required=False)

        def command() -> int:
            fund = self.fund(fund_id)
            application = self.subsidy_application(application_id)
            application.disburse(amount, words)
            fund.disburse(application.id, amount)
            self._save(ctx, application, fund)
            return len(application.tranches)

        return self._attempt(command)

    def submit_final_report(
        self, ctx: Context, application_id: UUID, *, summary: object, spent_krw: object
    ) -> int:
        """The applicant's final report closes the grant; what was approved but not paid goes
        back to the fund in the same write. Returns the amount released."""
        application = self.subsidy_application(application_id)
        self._as_subsidy_applicant(ctx, application)
        fund_id = application.fund_id
        words = v.text(summary, "summary", limit=v.SYNOPSIS_MAX)
        spent = v.whole(spent_krw, "spent_krw", low=0, high=MAX_KRW)

        def command() -> int:
            fund = self.fund(fund_id)
            application = self.subsidy_application(application_id)
            released = application.submit_final_report(words, spent)
            if released:
                fund.release(application.id, released, "the grant closed with this part unpaid")
            self._save(ctx, application, fund if released else None)
            return released

        return self._attempt(command)
