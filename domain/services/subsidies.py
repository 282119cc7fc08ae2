"""Subsidy decisions and grants, and the subsidy services as one: funds
(domain/services/funds.py), applying (subsidy_applying.py), the review panel (subsidy_review.py).

Every command that moves money saves the application and its fund in one write, inside
`_attempt`: a fund's committed total is checked against its budget on the version that is
written, so concurrent approvals can never overspend it, and an application is decided once.
"""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Invalid
from domain.permissions import Action
from domain.services.funds import FundServices
from domain.services.subsidy_applying import SubsidyApplying
from domain.services.subsidy_reading import money, reason_code_of
from domain.services.subsidy_review import SubsidyReview
from domain.subsidy_rules import MAX_KRW
from domain.vocabulary import ReasonCode


class SubsidyServices(FundServices, SubsidyApplying, SubsidyReview):
    # -- the decision ---------------------------------------------------------------------

    def decide_subsidy(
        self,
        ctx: Context,
        application_id: UUID,
        *,
        approve: bool,
        amount_krw: int | None = None,
        reason_code: str | ReasonCode,
        reason: str,
    ) -> None:
        """An admin approves an amount (at most the cap, the request and what the fund has
        left) or rejects, always with a reason code and a reason in words. An approval commits
        the amount on the fund in the same write, so concurrent decisions cannot overspend it,
        and the decision records what it was based on."""
        self._authorise(ctx, Action.DECIDE_SUBSIDY)
        fund_id = self.subsidy_application(application_id).fund_id
        if not isinstance(approve, bool):
            raise Invalid("approve must be true or false", field="approve")
        code = reason_code_of(reason_code)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        amount = 0
        if approve:
            if amount_krw is None:
                raise Invalid("an approval needs amount_krw", field="amount_krw")
            amount = v.whole(amount_krw, "amount_krw", low=-MAX_KRW, high=MAX_KRW)
        elif amount_krw not in (None, 0):
            raise Invalid("a rejection takes no amount_krw", field="amount_krw")

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
        self, ctx: Context, application_id: UUID, *, amount_krw: int, note: str = ""
    ) -> int:
        """An admin pays a tranche of an approved grant; returns the tranche's number."""
        self._authorise(ctx, Action.DISBURSE_SUBSIDY)
        fund_id = self.subsidy_application(application_id).fund_id
        amount = money(amount_krw, "amount_krw")
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
        self, ctx: Context, application_id: UUID, *, summary: str, spent_krw: int
    ) -> int:
        """The applicant's final report closes the grant; what was approved but not paid goes
        back to the fund in the same write. Returns the amount released."""
        self._authorise(ctx, Action.SUBMIT_FINAL_REPORT)
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
