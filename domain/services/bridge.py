"""The commercial bridge: partner organisations, opportunities, submissions, interest, deals.

A submission is saved together with the opportunity that receives it, so a close or a take-down
and a submission cannot both win a race; a registration is saved together with the member's
Representation, so a company (keyed by its business registration number) and a member's seat
are each claimed once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum
from typing import TypeVar
from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid
from domain.member import Member
from domain.opportunity import Opportunity, Posting, Submission
from domain.partner import Partner, PartnerStatus, Representation
from domain.partner import business_number as checked_business_number
from domain.permissions import Action
from domain.project import OPEN, Project
from domain.services.core import Core
from domain.vocabulary import (
    DealKind,
    OpportunityKind,
    PartnerKind,
    PayBasis,
    ProjectFormat,
    ProjectStatus,
    Role,
)

E = TypeVar("E", bound=Enum)

PAY_MAX_KRW = 10**11
DEAL_MAX_KRW = 10**12
CRITERIA_MAX = 20
GENRES_MAX = 10
DEADLINE_HORIZON = timedelta(days=366)


# -- parsing input (422) ------------------------------------------------------------------


def _choice(kind: type[E], value: object, field: str) -> E:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(str(member.value) for member in kind)
        raise Invalid("{field} must be one of {known}", field=field, known=known) from None


def _moment(value: object, field: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            example = "2026-05-01T18:00:00+09:00"
            raise Invalid(
                "{field} must be a date and time like {example}",
                field=field, example=example,
            ) from None
    return v.aware(value, field)


def _business_number(value: object) -> str:
    text = v.text(value, "business registration number", limit=v.SHORT_MAX)
    return checked_business_number(text)


def _reason(value: object, *, required: bool = True) -> str:
    return v.text(value, "reason", limit=v.COMMENT_MAX, required=required)


def _krw(value: object, field: str, *, high: int) -> int | None:
    if value is None or value == "":
        return None
    return v.whole(value, field, low=0, high=high)


def _criteria(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("criteria must be a list")
    items = [v.text(item, "a criterion", limit=v.LOGLINE_MAX) for item in value]
    if len(items) > CRITERIA_MAX:
        raise Invalid("criteria takes at most {criteria_max} entries", criteria_max=CRITERIA_MAX)
    return tuple(dict.fromkeys(items))


def _formats(value: object) -> tuple[ProjectFormat, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("formats must be a list")
    return tuple(dict.fromkeys(_choice(ProjectFormat, f, "format") for f in value))


_REFUSED_BECAUSE = {
    PartnerStatus.PENDING: "is waiting for the centre to verify it",
    PartnerStatus.REJECTED: "was not verified",
    PartnerStatus.SUSPENDED: "is suspended",
}


class BridgeServices(Core):
    # -- reading --------------------------------------------------------------------------

    def partner(self, partner_id: UUID) -> Partner:
        return self._load(Partner, partner_id, "partner organisation")

    def partner_of(self, member_id: UUID) -> Partner | None:
        """The organisation the member currently represents, if any."""
        seat = self._load_or_none(Representation, Representation.id_for(member_id))
        partner = self._load_or_none(Partner, seat.partner_id) if seat else None
        if partner is None or partner.representative_id != member_id:
            return None
        return partner

    def opportunity(self, opportunity_id: UUID) -> Opportunity:
        return self._load(Opportunity, opportunity_id, "opportunity")

    def submission(self, submission_id: UUID) -> Submission:
        return self._load(Submission, submission_id, "submission")

    def submission_for(self, opportunity_id: UUID, project_id: UUID) -> Submission | None:
        return self._load_or_none(Submission, Submission.id_for(opportunity_id, project_id))

    # -- who may act ----------------------------------------------------------------------

    def _as_partner(self, ctx: Context, action: Action, doing: str) -> tuple[Member, Partner]:
        """The acting member and the organisation they speak for, once it is verified."""
        member = self._authorise(ctx, action)
        partner = self.partner_of(member.id)
        if partner is None:
            raise Forbidden(
                "register your organisation first; once the centre verifies it you can {doing}",
                doing=doing,
            )
        if not partner.verified:
            why = f": {partner.reason}" if partner.reason else ""
            raise Forbidden(
                "{partner} {standing}{why}; only a verified partner can {doing}",
                partner=partner.name, standing=_REFUSED_BECAUSE[partner.status], why=why,
                doing=doing,
            )
        return member, partner

    def _admin_on_partner(
        self, ctx: Context, partner_id: UUID, change: Callable[[Partner], None]
    ) -> None:
        def command() -> None:
            self._authorise(ctx, Action.VERIFY_PARTNER)
            partner = self.partner(partner_id)
            change(partner)
            self._save(ctx, partner)

        self._attempt(command)

    # -- partner organisations ------------------------------------------------------------

    def register_partner(
        self,
        ctx: Context,
        *,
        name: object,
        kind: object,
        business_number: object,
        website: object = "",
    ) -> UUID:
        """A partner member registers their organisation; it is pending until an admin verifies
        it. A rejected organisation registers again (with corrected details) the same way."""
        org_name = v.text(name, "organisation name", limit=v.NAME_MAX)
        org_kind = _choice(PartnerKind, kind, "kind")
        site = v.url(website, "website") if website else ""
        number = _business_number(business_number)
        self._authorise(ctx, Action.REGISTER_PARTNER)

        def command() -> UUID:
            member = self._authorise(ctx, Action.REGISTER_PARTNER)
            seat = self._load_or_none(Representation, Representation.id_for(member.id))
            current = self.partner_of(member.id)
            if current is not None and current.status is not PartnerStatus.REJECTED:
                raise Conflict(
                    "you already represent {current} ({status}); a member speaks for one "
                    "organisation",
                    current=current.name, status=current.status.value,
                )
            partner = self._load_or_none(Partner, Partner.id_for(number))
            if partner is None:
                partner = Partner.register(member.id, org_name, org_kind, site, number)
            else:
                partner.resubmit(member.id, org_name, org_kind, site)
            if seat is None:
                seat = Representation.appoint(member.id, partner.id)
            elif seat.partner_id != partner.id:
                seat.move(partner.id)
            self._save(ctx, partner, seat)
            return partner.id

        return self._attempt(command)

    def verify_partner(self, ctx: Context, partner_id: UUID) -> None:
        """An admin has checked the organisation (or reinstates a suspended one)."""
        self._admin_on_partner(ctx, partner_id, Partner.verify)

    def reject_partner(self, ctx: Context, partner_id: UUID, reason: object) -> None:
        """An admin refuses a pending registration, saying why so it can be corrected."""
        why = _reason(reason)
        self._admin_on_partner(ctx, partner_id, lambda partner: partner.reject(why))

    def suspend_partner(self, ctx: Context, partner_id: UUID, reason: object) -> None:
        """An admin stops a verified organisation acting on the bridge, saying why."""
        why = _reason(reason)
        self._admin_on_partner(ctx, partner_id, lambda partner: partner.suspend(why))

    # -- opportunities --------------------------------------------------------------------

    def post_opportunity(
        self,
        ctx: Context,
        *,
        kind: object,
        title: object,
        description: object,
        criteria: object,
        deadline: object,
        genres: object = (),
        formats: object = (),
        pay_min_krw: object = None,
        pay_max_krw: object = None,
        pay_basis: object = None,
        conditions: object = "",
    ) -> UUID:
        """A verified partner posts a call for pitches, co-production, distribution or hiring.
        One pay figure is given as pay_min_krw alone; a range as both. A hiring post without
        pay and conditions is refused."""
        low = _krw(pay_min_krw, "pay_min_krw", high=PAY_MAX_KRW)
        high = _krw(pay_max_krw, "pay_max_krw", high=PAY_MAX_KRW)
        if high is None:
            high = low
        posting = Posting(
            kind=_choice(OpportunityKind, kind, "kind"),
            title=v.text(title, "title", limit=v.TITLE_MAX),
            description=v.text(description, "description", limit=v.SYNOPSIS_MAX),
            criteria=_criteria(criteria),
            genres=tuple(v.labels(genres, "genres", most=GENRES_MAX)),
            formats=_formats(formats),
            deadline=_moment(deadline, "deadline"),
            pay_min_krw=low,
            pay_max_krw=high,
            pay_basis=None if pay_basis in (None, "") else _choice(PayBasis, pay_basis,
                                                                    "pay_basis"),
            conditions=v.text(conditions, "conditions", limit=v.COMMENT_MAX, required=False),
        )  # fmt: skip
        now = self.clock.now()
        if posting.deadline > now + DEADLINE_HORIZON:
            raise Invalid("the deadline must be within a year; post again when the time comes")
        member, partner = self._as_partner(ctx, Action.POST_OPPORTUNITY, "post opportunities")
        opportunity = Opportunity.post(partner.id, member.id, posting, now)
        self._save(ctx, opportunity)
        return opportunity.id

    def close_opportunity(self, ctx: Context, opportunity_id: UUID, reason: object = "") -> None:
        """The partner stops taking submissions before the deadline."""
        why = _reason(reason, required=False)

        def command() -> None:
            _, partner = self._as_partner(ctx, Action.POST_OPPORTUNITY, "close postings")
            opportunity = self.opportunity(opportunity_id)
            if opportunity.partner_id != partner.id:
                raise Forbidden("only the organisation that posted it can close it")
            opportunity.close(why)
            self._save(ctx, opportunity)

        self._attempt(command)

    def take_down_opportunity(self, ctx: Context, opportunity_id: UUID, reason: object) -> None:
        """An admin removes a posting that breaks the centre's rules, saying why."""
        why = _reason(reason)

        def command() -> None:
            self._authorise(ctx, Action.TAKE_DOWN_POSTING)
            opportunity = self.opportunity(opportunity_id)
            opportunity.take_down(why)
            self._save(ctx, opportunity)

        self._attempt(command)

    # -- submissions ----------------------------------------------------------------------

    def submit_to_opportunity(
        self, ctx: Context, opportunity_id: UUID, project_id: UUID, note: object = ""
    ) -> UUID:
        """A director submits one of their pitched projects to an open opportunity before its
        deadline, once; returns the submission id."""
        cover = v.text(note, "note", limit=v.COMMENT_MAX, required=False)

        def command() -> UUID:
            director = self._authorise(ctx, Action.SUBMIT_TO_OPPORTUNITY)
            project = self._load(Project, project_id, "project")
            if project.director_id != director.id:
                raise Forbidden("only the project's director can submit it")
            if project.status not in OPEN:
                hint = "pitch it first" if project.status is ProjectStatus.DRAFT else (
                    "only pitched, crewing or in-production projects are submitted")
                raise Conflict(
                    "the project is {status}; {hint}",
                    status=project.status.value, hint=hint,
                )
            opportunity = self.opportunity(opportunity_id)
            earlier = self.submission_for(opportunity_id, project_id)
            if earlier is not None:
                raise Conflict(
                    "“{project}” was already submitted to “{opportunity}” on "
                    "{created_on:%Y-%m-%d}; it is {state}",
                    project=project.title, opportunity=opportunity.title,
                    created_on=earlier.created_on, state=earlier.state.value.replace('_', ' '),
                )
            now = self.clock.now()
            opportunity.ensure_open(now)
            partner = self.partner(opportunity.partner_id)
            if not partner.verified:
                raise Conflict(
                    "{partner} is not verified now; its postings are on hold",
                    partner=partner.name,
                )
            if partner.representative_id == director.id:
                raise Conflict("you cannot submit to your own organisation's posting")
            opportunity.ensure_fits(project.genres, project.format)
            submission = Submission.submit(
                opportunity.id, partner.id, project.id, director.id, cover
            )
            opportunity.receive(submission.id, project.id, director.id, now)
            self._save(ctx, opportunity, submission)
            return submission.id

        return self._attempt(command)

    def withdraw_submission(self, ctx: Context, submission_id: UUID, reason: object) -> None:
        """The director takes their project back before the partner has decided."""
        why = _reason(reason)

        def command() -> None:
            director = self._authorise(ctx, Action.SUBMIT_TO_OPPORTUNITY)
            submission = self.submission(submission_id)
            if submission.director_id != director.id:
                raise Forbidden("only the director who submitted it can withdraw it")
            submission.withdraw(why)
            self._save(ctx, submission)

        self._attempt(command)

    def _partner_decides(
        self,
        ctx: Context,
        submission_id: UUID,
        change: Callable[[Submission], None],
        *,
        moves_forward: bool = True,
    ) -> None:
        """Run the partner's decision on a submission made to one of its postings."""

        def command() -> None:
            _, partner = self._as_partner(
                ctx, Action.DECIDE_SUBMISSION, "decide on submissions"
            )
            submission = self.submission(submission_id)
            if submission.partner_id != partner.id:
                raise Forbidden("only the organisation it was submitted to decides on it")
            if moves_forward:
                opportunity = self.opportunity(submission.opportunity_id)
                if opportunity.taken_down:
                    raise Conflict(
                        "“{opportunity}” was taken down by the centre ({reason}); its submissions "
                        "can only be passed",
                        opportunity=opportunity.title, reason=opportunity.reason,
                    )
            change(submission)
            self._save(ctx, submission)

        self._attempt(command)

    def shortlist_submission(self, ctx: Context, submission_id: UUID, reason: object) -> None:
        """The partner keeps a submitted project in the running, saying why."""
        why = _reason(reason)
        self._partner_decides(ctx, submission_id, lambda s: s.shortlist(why))

    def request_meeting(
        self, ctx: Context, submission_id: UUID, reason: object, proposed_at: object
    ) -> None:
        """The partner asks a shortlisted project's director to meet, proposing a time."""
        why = _reason(reason)
        when = _moment(proposed_at, "proposed_at")
        self._partner_decides(
            ctx, submission_id, lambda s: s.request_meeting(why, when, self.clock.now())
        )

    def sign_deal(
        self,
        ctx: Context,
        submission_id: UUID,
        reason: object,
        *,
        amount_krw: object,
        kind: object,
        summary: object = "",
    ) -> None:
        """The partner records the deal signed with the director; it is final."""
        why = _reason(reason)
        amount = v.whole(amount_krw, "amount_krw", low=0, high=DEAL_MAX_KRW)
        deal_kind = _choice(DealKind, kind, "kind")
        terms = v.text(summary, "summary", limit=v.COMMENT_MAX, required=False)

        def change(submission: Submission) -> None:
            project = self._load(Project, submission.project_id, "project")
            if project.status is ProjectStatus.CANCELLED:
                raise Conflict(
                    "“{project}” was cancelled; pass on it instead",
                    project=project.title,
                )
            submission.sign_deal(why, amount, deal_kind, terms)

        self._partner_decides(ctx, submission_id, change)

    def pass_submission(self, ctx: Context, submission_id: UUID, reason: object) -> None:
        """The partner declines a submission, saying why; it is final."""
        why = _reason(reason)
        self._partner_decides(ctx, submission_id, lambda s: s.pass_on(why), moves_forward=False)

    # -- interest and following -----------------------------------------------------------

    def register_interest(self, ctx: Context, project_id: UUID, note: object = "") -> None:
        """A verified partner tells a director it is interested in their pitched project."""
        words = v.text(note, "note", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            member, partner = self._as_partner(ctx, Action.SCOUT, "register interest")
            project = self._load(Project, project_id, "project")
            if not project.visible:
                raise Conflict("the project has not been pitched yet")
            if project.status is ProjectStatus.CANCELLED:
                raise Conflict("“{project}” was cancelled", project=project.title)
            if project.director_id == member.id:
                raise Conflict("you cannot register interest in your own project")
            partner.register_interest(project.id, project.director_id, words)
            self._save(ctx, partner)

        self._attempt(command)

    def withdraw_interest(self, ctx: Context, project_id: UUID) -> None:
        def command() -> None:
            _, partner = self._as_partner(ctx, Action.SCOUT, "withdraw interest")
            partner.withdraw_interest(project_id)
            self._save(ctx, partner)

        self._attempt(command)

    def follow_director(self, ctx: Context, director_id: UUID) -> None:
        """A verified partner follows a director's work."""

        def command() -> None:
            member, partner = self._as_partner(ctx, Action.SCOUT, "follow directors")
            director = self._load(Member, director_id, "member")
            if director.erased or Role.DIRECTOR not in director.roles:
                raise Conflict("only directors are followed")
            if director.id == member.id:
                raise Conflict("you cannot follow yourself")
            partner.follow(director.id)
            self._save(ctx, partner)

        self._attempt(command)

    def unfollow_director(self, ctx: Context, director_id: UUID) -> None:
        def command() -> None:
            _, partner = self._as_partner(ctx, Action.SCOUT, "unfollow directors")
            partner.unfollow(director_id)
            self._save(ctx, partner)

        self._attempt(command)
