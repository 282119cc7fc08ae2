"""The review panel's and the decision's commands on a subsidy application: each checks what it
is asked against the application's state, then records its event through the aggregate
(domain/subsidy.py), which keeps the events and how they change the state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from domain.conflicts import ConflictRecord, declared, phrase
from domain.errors import Conflict, Forbidden, Invalid, Listing
from domain.fund import krw
from domain.subsidy_rules import (
    ConflictOfInterest,
    NotAssigned,
    check_approval,
    check_rejection,
    check_scores,
    mean_scores,
)
from domain.vocabulary import ApplicationStatus, ReasonCode


class ApplicationState(Protocol):
    """What the commands read and record on the application."""

    applicant_id: UUID
    versions: list[dict[str, Any]]
    reviewers: dict[UUID, dict[str, Any]]
    declared: dict[UUID, dict[str, Any]]
    reviews: list[dict[str, Any]]
    approved_krw: int
    disbursed_krw: int
    tranches: list[dict[str, Any]]

    @property
    def status(self) -> ApplicationStatus: ...
    @property
    def submitted_version(self) -> int: ...
    @property
    def current(self) -> dict[str, Any]: ...
    @property
    def unpaid_krw(self) -> int: ...
    def excluded(self, member_id: UUID) -> bool: ...
    def counted_reviews(self) -> list[dict[str, Any]]: ...
    def _require_undecided(self) -> None: ...
    def _basis(self, weights: dict[str, int]) -> dict[str, Any]: ...
    def _check_decision(self, min_reviews: int) -> None: ...
    def _reviewer_assigned(
        self, reviewer_id: UUID, conflicts: list[ConflictRecord], override_reason: str | None
    ) -> None: ...
    def _conflict_declared(self, member_id: UUID, declared_by: UUID, reason: str) -> None: ...
    def _reviewed(
        self,
        reviewer_id: UUID,
        version: int,
        score: int,
        comment: str,
        criteria_scores: dict[str, int],
    ) -> None: ...
    def _approved(
        self,
        amount_krw: int,
        reason_code: ReasonCode,
        reason: str,
        version: int,
        requested_krw: int,
        reviews: int,
        mean_score: Decimal | None,
        weighted_score: Decimal | None,
        min_reviews: int,
        excluded_reviewers: int,
        fund_remaining_krw: int,
    ) -> None: ...
    def _rejected(
        self,
        reason_code: ReasonCode,
        reason: str,
        version: int,
        requested_krw: int,
        reviews: int,
        mean_score: Decimal | None,
        weighted_score: Decimal | None,
        min_reviews: int,
        excluded_reviewers: int,
    ) -> None: ...
    def _disbursed(self, tranche: int, amount_krw: int, note: str) -> None: ...
    def _final_report_submitted(self, summary: str, spent_krw: int, released_krw: int) -> None: ...


class PanelCommands:
    """Appointing reviewers, declared conflicts, and the reviewers' scores."""

    def assign_reviewer(
        self: ApplicationState,
        reviewer_id: UUID,
        conflicts: list[ConflictRecord],
        override_reason: str | None,
    ) -> None:
        """Appoint a reviewer. A conflict of interest refuses the appointment unless an admin
        overrides it with a reason; both the conflicts and the reason go on the record."""
        if reviewer_id == self.applicant_id:
            raise ConflictOfInterest(
                "the applicant cannot review their own application", field="member_id"
            )
        if not self.versions:
            raise Conflict("the application is still a draft; assign reviewers once submitted")
        self._require_undecided()
        if reviewer_id in self.reviewers:
            raise Conflict(
                "this member is already a reviewer of the application", field="member_id"
            )
        found = list(conflicts)
        if reviewer_id in self.declared:
            found.append(declared(self.declared[reviewer_id]["reason"]))
        if found and not override_reason:
            raise ConflictOfInterest(
                "conflict of interest: {conflicts}. Choose another reviewer, or assign them with "
                "an override reason.",
                conflicts=Listing([phrase(c) for c in found], "; "),
                field="member_id",
            )
        self._reviewer_assigned(
            reviewer_id=reviewer_id,
            conflicts=found,
            override_reason=override_reason if found else None,
        )

    def declare_conflict(
        self: ApplicationState, member_id: UUID, declared_by: UUID, reason: str
    ) -> None:
        """A reviewer declares their own conflict, or the applicant declares a relationship with
        a member: that member's scores no longer count, and appointing them is refused."""
        if declared_by != member_id and declared_by != self.applicant_id:
            raise Forbidden("a conflict is declared by the reviewer or by the applicant")
        if declared_by == member_id and member_id not in self.reviewers:
            raise NotAssigned("only a reviewer of this application can declare a conflict on it")
        if member_id == self.applicant_id:
            raise Invalid("the applicant never reviews their own application", field="member_id")
        self._require_undecided()
        if member_id in self.declared:
            raise Conflict("a conflict with this member is already declared", field="member_id")
        self._conflict_declared(member_id=member_id, declared_by=declared_by, reason=reason)

    def review(
        self: ApplicationState,
        reviewer_id: UUID,
        score: int,
        comment: str,
        criteria_scores: dict[str, int],
        criteria: list[str],
    ) -> None:
        """An appointed reviewer scores the current version, once."""
        if reviewer_id not in self.reviewers:
            raise NotAssigned("only reviewers appointed to this application can review it")
        if self.excluded(reviewer_id):
            raise NotAssigned("you declared a conflict of interest on this application")
        check_scores(score, criteria_scores, criteria)
        self._require_undecided()
        version = self.current["version"]
        if any(r["reviewer_id"] == reviewer_id and r["version"] == version for r in self.reviews):
            raise Conflict(
                "you already reviewed version {version}; a new version can be reviewed again",
                version=version,
            )
        self._reviewed(
            reviewer_id=reviewer_id,
            version=version,
            score=score,
            comment=comment,
            criteria_scores=dict(criteria_scores),
        )


class DecisionCommands:
    """The decision with what it was based on, the tranches paid and the final report."""

    def _basis(self: ApplicationState, weights: dict[str, int]) -> dict[str, Any]:
        counted = self.counted_reviews()
        mean, weighted = mean_scores(counted, weights)
        return {
            "version": self.current["version"],
            "requested_krw": self.current["amount_krw"],
            "reviews": len(counted),
            "mean_score": mean,
            "weighted_score": weighted,
            "excluded_reviewers": sum(1 for m in self.reviewers if self.excluded(m)),
        }

    def _check_decision(self: ApplicationState, min_reviews: int) -> None:
        self._require_undecided()
        if not self.versions:
            raise Conflict("the application is still a draft; it can be decided once submitted")
        have = len(self.counted_reviews())
        if have < min_reviews:
            raise Conflict(
                "the fund needs {min_reviews} reviews of version {submitted_version} before a "
                "decision; there are {have}",
                min_reviews=min_reviews,
                submitted_version=self.submitted_version,
                have=have,
            )

    def approve(
        self: ApplicationState,
        *,
        amount_krw: int,
        reason_code: ReasonCode,
        reason: str,
        cap_krw: int,
        min_reviews: int,
        weights: dict[str, int],
        fund_remaining_krw: int,
    ) -> None:
        """Grant an amount up to the cap and the request, with a reason on the record; the
        caller commits the same amount on the fund in the same write."""
        requested = self.current["amount_krw"] if self.versions else None
        check_approval(amount_krw, reason_code, cap_krw, requested)
        self._check_decision(min_reviews)
        self._approved(
            amount_krw=amount_krw,
            reason_code=reason_code,
            reason=reason,
            min_reviews=min_reviews,
            fund_remaining_krw=fund_remaining_krw,
            **self._basis(weights),
        )

    def reject(
        self: ApplicationState,
        *,
        reason_code: ReasonCode,
        reason: str,
        min_reviews: int,
        weights: dict[str, int],
    ) -> None:
        """Turn the application down, with a reason code and a reason in words."""
        check_rejection(reason_code)
        self._check_decision(min_reviews)
        self._rejected(
            reason_code=reason_code, reason=reason, min_reviews=min_reviews, **self._basis(weights)
        )

    def disburse(self: ApplicationState, amount_krw: int, note: str) -> None:
        """Pay a tranche; the tranches never add up to more than the approval."""
        if self.status is not ApplicationStatus.APPROVED:
            raise Conflict(
                "only an approved, open grant is paid; this one is {status}",
                status=self.status.value,
            )
        if amount_krw <= 0:
            raise Invalid("amount_krw must be more than 0", field="amount_krw")
        left = self.approved_krw - self.disbursed_krw
        if amount_krw > left:
            raise Conflict(
                "only {left} of the {approved_krw} approved is left to pay",
                left=krw(left),
                approved_krw=krw(self.approved_krw),
                field="amount_krw",
            )
        self._disbursed(tranche=len(self.tranches) + 1, amount_krw=amount_krw, note=note)

    @property
    def unpaid_krw(self: ApplicationState) -> int:
        return self.approved_krw - self.disbursed_krw

    def submit_final_report(self: ApplicationState, summary: str, spent_krw: int) -> int:
        """The applicant reports how the money was spent, which closes the grant; whatever was
        approved but not yet paid returns to the fund. Returns that amount."""
        if self.status is not ApplicationStatus.APPROVED:
            raise Conflict(
                "a final report closes an approved grant; this one is {status}",
                status=self.status.value,
            )
        if spent_krw < 0:
            raise Invalid("spent_krw cannot be negative", field="spent_krw")
        released = self.unpaid_krw
        self._final_report_submitted(summary=summary, spent_krw=spent_krw, released_krw=released)
        return released
