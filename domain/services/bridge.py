"""The commercial bridge: opportunities partners post, the submissions directors make to them,
and the partner's decisions on each; with partner organisations (domain/services/partners.py)
and scouting (scouting.py), the bridge's services as one.

A submission is saved together with the opportunity that receives it, so a close or a take-down
and a submission cannot both win a race.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid
from domain.opportunity import Opportunity, Submission
from domain.opportunity_posting import Posting
from domain.permissions import Action
from domain.project import Project
from domain.project_parts import OPEN
from domain.services.bridge_reading import choice, criteria_of, formats_of, krw_of, reason_of
from domain.services.partners import PartnerServices
from domain.services.scouting import ScoutingServices
from domain.vocabulary import DealKind, OpportunityKind, PayBasis, ProjectStatus

PAY_MAX_KRW = 10**11
DEAL_MAX_KRW = 10**12
GENRES_MAX = 10
DEADLINE_HORIZON = timedelta(days=366)


def submittable_to(kind: OpportunityKind) -> frozenset[ProjectStatus]:
    """What a project must be to answer a call: pitched, crewing or in production; a
    distribution call also takes a wrapped film (what a distributor looks for)."""
    if kind is OpportunityKind.DISTRIBUTION:
        return OPEN | {ProjectStatus.WRAPPED}
    return OPEN


class BridgeServices(PartnerServices, ScoutingServices):
    # -- opportunities --------------------------------------------------------------------

    def post_opportunity(
        self,
        ctx: Context,
        *,
        kind: object,
        title: object,
        description: object,
        criteria: object,
        deadline: datetime | None,
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
        low = krw_of(pay_min_krw, "pay_min_krw", high=PAY_MAX_KRW)
        high = krw_of(pay_max_krw, "pay_max_krw", high=PAY_MAX_KRW)
        if high is None:
            high = low
        posting = Posting(
            kind=choice(OpportunityKind, kind, "kind"),
            title=v.text(title, "title", limit=v.TITLE_MAX),
            description=v.text(description, "description", limit=v.SYNOPSIS_MAX),
            criteria=criteria_of(criteria),
            genres=tuple(v.labels(genres, "genres", most=GENRES_MAX)),
            formats=formats_of(formats),
            deadline=v.aware(deadline, "deadline"),
            pay_min_krw=low,
            pay_max_krw=high,
            pay_basis=None if pay_basis in (None, "") else choice(PayBasis, pay_basis,
                                                                    "pay_basis"),
            conditions=v.text(conditions, "conditions", limit=v.COMMENT_MAX, required=False),
        )  # fmt: skip
        now = self.clock.now()
        if posting.deadline > now + DEADLINE_HORIZON:
            raise Invalid(
                "the deadline must be within a year; post again when the time comes",
                field="deadline",
            )

        def command() -> UUID:
            # The organisation records the call in the same write, so a suspension landing at
            # this moment either sees the call (and closes it) or refuses the post on retry.
            member, partner = self._as_partner(ctx, Action.POST_OPPORTUNITY, "post opportunities")
            opportunity = Opportunity.post(partner.id, member.id, posting, now)
            partner.record_call(opportunity.id)
            self._save(ctx, opportunity, partner)
            return opportunity.id

        return self._attempt(command)

    def close_opportunity(self, ctx: Context, opportunity_id: UUID, reason: object = "") -> None:
        """The partner stops taking submissions before the deadline."""
        why = reason_of(reason, required=False)

        def command() -> None:
            _, partner = self._as_partner(ctx, Action.POST_OPPORTUNITY, "close postings")
            opportunity = self.opportunity(opportunity_id)
            if opportunity.partner_id != partner.id:
                raise Forbidden("only the organisation that posted it can close it")
            opportunity.close(why)
            self._save(ctx, opportunity)

        self._attempt(command)

    def reopen_opportunity(self, ctx: Context, opportunity_id: UUID) -> None:
        """The partner takes submissions again on a call it (or the centre's suspension of it)
        closed, before its deadline; a suspended partner cannot."""

        def command() -> None:
            _, partner = self._as_partner(ctx, Action.POST_OPPORTUNITY, "reopen postings")
            opportunity = self.opportunity(opportunity_id)
            if opportunity.partner_id != partner.id:
                raise Forbidden("only the organisation that posted it can reopen it")
            opportunity.reopen(self.clock.now())
            self._save(ctx, opportunity)

        self._attempt(command)

    def take_down_opportunity(self, ctx: Context, opportunity_id: UUID, reason: object) -> None:
        """An admin removes a posting that breaks the centre's rules, saying why."""
        why = reason_of(reason)

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
                raise Forbidden("only the project's director can submit it", field="project_id")
            opportunity = self.opportunity(opportunity_id)
            if project.status not in submittable_to(opportunity.kind):
                hint = (
                    "pitch it first"
                    if project.status is ProjectStatus.DRAFT
                    else ("only pitched, crewing or in-production projects are submitted")
                )
                raise Conflict(
                    "the project is {status}; {hint}",
                    status=project.status.value,
                    hint=hint,
                    field="project_id",
                )
            earlier = self.submission_for(opportunity_id, project_id)
            if earlier is not None:
                raise Conflict(
                    "“{project}” was already submitted to “{opportunity}” on "
                    "{created_on:%Y-%m-%d}; it is {state}",
                    project=project.title,
                    opportunity=opportunity.title,
                    created_on=earlier.created_on,
                    state=earlier.state.value.replace("_", " "),
                    field="project_id",
                )
            now = self.clock.now()
            opportunity.ensure_open(now)
            partner = self.partner(opportunity.partner_id)
            if not partner.verified:
                raise Conflict(
                    "{partner} is not verified now; its postings are on hold", partner=partner.name
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
        why = reason_of(reason)

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
            _, partner = self._as_partner(ctx, Action.DECIDE_SUBMISSION, "decide on submissions")
            submission = self.submission(submission_id)
            if submission.partner_id != partner.id:
                raise Forbidden("only the organisation it was submitted to decides on it")
            if moves_forward:
                opportunity = self.opportunity(submission.opportunity_id)
                if opportunity.taken_down:
                    raise Conflict(
                        "“{opportunity}” was taken down by the centre ({reason}); its submissions "
                        "can only be passed",
                        opportunity=opportunity.title,
                        reason=opportunity.reason,
                    )
            change(submission)
            self._save(ctx, submission)

        self._attempt(command)

    def shortlist_submission(self, ctx: Context, submission_id: UUID, reason: object) -> None:
        """The partner keeps a submitted project in the running, saying why."""
        why = reason_of(reason)
        self._partner_decides(ctx, submission_id, lambda s: s.shortlist(why))

    def request_meeting(
        self, ctx: Context, submission_id: UUID, reason: object, proposed_at: datetime | None
    ) -> None:
        """The partner asks a shortlisted project's director to meet, proposing a time."""
        why = reason_of(reason)
        when = v.aware(proposed_at, "proposed_at")
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
        why = reason_of(reason)
        amount = v.whole(amount_krw, "amount_krw", low=0, high=DEAL_MAX_KRW)
        deal_kind = choice(DealKind, kind, "kind")
        terms = v.text(summary, "summary", limit=v.COMMENT_MAX, required=False)

        def change(submission: Submission) -> None:
            project = self._load(Project, submission.project_id, "project")
            if project.status is ProjectStatus.CANCELLED:
                raise Conflict(
                    "“{project}” was cancelled; pass on it instead", project=project.title
                )
            submission.sign_deal(why, amount, deal_kind, terms)

        self._partner_decides(ctx, submission_id, change)

    def pass_submission(self, ctx: Context, submission_id: UUID, reason: object) -> None:
        """The partner declines a submission, saying why; it is final."""
        why = reason_of(reason)
        self._partner_decides(ctx, submission_id, lambda s: s.pass_on(why), moves_forward=False)
