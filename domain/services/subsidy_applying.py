"""Applying for a subsidy: the project's director asks a fund for an amount with its budget
breakdown, keeps it as a draft or submits it, and revises it as a new version while undecided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from domain.context import Context
from domain.errors import Conflict, Forbidden
from domain.fund import Fund
from domain.member import Member
from domain.permissions import Action
from domain.services.subsidy_reading import SubsidyReading, money
from domain.subsidy import SubsidyApplication
from domain.subsidy_rules import parse_breakdown
from domain.vocabulary import FundEligibility


class SubsidyApplying(SubsidyReading):
    # -- applying -------------------------------------------------------------------------

    def apply_for_subsidy(
        self,
        ctx: Context,
        fund_id: UUID,
        *,
        project_id: UUID,
        amount_krw: int | None,
        breakdown: Sequence[Mapping[str, object]],
        draft: bool = False,
    ) -> UUID:
        """The project's director asks a fund for an amount with its breakdown. Submitted at
        once as version 1 unless kept as a draft; one application per project per fund."""
        actor = self._authorise(ctx, Action.APPLY_FOR_SUBSIDY)
        self.fund(fund_id)
        project = self._project_for_subsidy(project_id)
        if project.director_id != actor.id:
            raise Forbidden(
                "only the project's director can apply for a subsidy for it", field="project_id"
            )
        amount = money(amount_krw, "amount_krw")
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
                    "this project already has an application to this fund; revise it instead",
                    field="project_id",
                )
            status = getattr(
                getattr(self._project_for_subsidy(project_id), "status", None), "value", None
            )
            if status == "cancelled":
                raise Conflict("the project is cancelled", field="project_id")
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
        self,
        ctx: Context,
        application_id: UUID,
        *,
        amount_krw: int | None,
        breakdown: Sequence[Mapping[str, object]],
    ) -> None:
        """The applicant changes a draft that is not submitted yet."""
        self._as_subsidy_applicant(ctx, self.subsidy_application(application_id))
        amount = money(amount_krw, "amount_krw")
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
        self,
        ctx: Context,
        application_id: UUID,
        *,
        amount_krw: int | None,
        breakdown: Sequence[Mapping[str, object]],
    ) -> int:
        """The applicant resubmits a changed request as a new version, before any decision and
        while the fund is open; returns the new version."""
        self._as_subsidy_applicant(ctx, self.subsidy_application(application_id))
        amount = money(amount_krw, "amount_krw")
        lines = parse_breakdown(breakdown)

        def command() -> int:
            application = self.subsidy_application(application_id)
            fund = self.fund(application.fund_id)
            application.revise(amount, lines, fund.cap_krw)
            self._check_fund_open(fund)
            self._save(ctx, application)
            return application.submitted_version

        return self._attempt(command)
