"""Subsidy applications: a director's request to a fund, its frozen versions, the review panel
and its scores, the decision with what it was based on, the tranches paid and the final report.

An application's id is derived from its fund and project, so one project has one application
per fund: two simultaneous first submissions collide on version 1 of the same aggregate. The
panel's and the decision's commands are in domain/subsidy_commands.py, the rules a request, a
review and a decision are held to in domain/subsidy_rules.py, and conflicts of interest,
recorded as codes with their params, in domain/conflicts.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.conflicts import ConflictRecord
from domain.errors import Conflict
from domain.subsidy_commands import DecisionCommands, PanelCommands
from domain.subsidy_rules import AlreadyDecided, check_request
from domain.vocabulary import ApplicationStatus, ReasonCode
from migrations.events import subsidy as upcasts

__all__ = ["SubsidyApplication"]


class SubsidyApplication(PanelCommands, DecisionCommands, Entity):
    """A project's request to one fund. A submitted version is frozen: a change is a new version,
    and every review records the version it scored, so the decision can say what it judged."""

    class Started(Entity.Created):
        fund_id: UUID
        project_id: UUID
        applicant_id: UUID
        amount_krw: int
        breakdown: list[dict[str, Any]]

    class DraftEdited(Entity.Event):
        amount_krw: int
        breakdown: list[dict[str, Any]]

    class Submitted(Entity.Event):
        version: int
        amount_krw: int
        breakdown: list[dict[str, Any]]

    class Revised(Entity.Event):
        version: int
        amount_krw: int
        breakdown: list[dict[str, Any]]

    class ReviewerAssigned(Entity.Event):
        class_version = 2  # `conflicts` are codes with params (v1: English sentences)
        upcast_v1_v2 = staticmethod(upcasts.reviewer_assigned_v1_v2)
        reviewer_id: UUID
        conflicts: list[ConflictRecord]
        override_reason: str | None

    class ConflictDeclared(Entity.Event):
        member_id: UUID
        declared_by: UUID
        reason: str

    class Reviewed(Entity.Event):
        reviewer_id: UUID
        version: int
        score: int
        comment: str
        criteria_scores: dict[str, int]

    class Approved(Entity.Event):
        amount_krw: int
        reason_code: ReasonCode
        reason: str
        version: int
        requested_krw: int
        reviews: int
        mean_score: Decimal | None
        weighted_score: Decimal | None
        min_reviews: int
        excluded_reviewers: int
        fund_remaining_krw: int

    class Rejected(Entity.Event):
        reason_code: ReasonCode
        reason: str
        version: int
        requested_krw: int
        reviews: int
        mean_score: Decimal | None
        weighted_score: Decimal | None
        min_reviews: int
        excluded_reviewers: int

    class Disbursed(Entity.Event):
        tranche: int
        amount_krw: int
        note: str

    class FinalReportSubmitted(Entity.Event):
        summary: str
        spent_krw: int
        released_krw: int

    @event(Started)
    def __init__(
        self,
        fund_id: UUID,
        project_id: UUID,
        applicant_id: UUID,
        amount_krw: int,
        breakdown: list[dict[str, Any]],
    ) -> None:
        self.fund_id = fund_id
        self.project_id = project_id
        self.applicant_id = applicant_id
        self.draft: dict[str, Any] | None = {"amount_krw": amount_krw, "breakdown": breakdown}
        self.versions: list[dict[str, Any]] = []
        self.reviewers: dict[UUID, dict[str, Any]] = {}
        self.declared: dict[UUID, dict[str, Any]] = {}
        self.reviews: list[dict[str, Any]] = []
        self.decision: dict[str, Any] | None = None
        self.approved_krw = 0
        self.disbursed_krw = 0
        self.tranches: list[dict[str, Any]] = []
        self.final_report: dict[str, Any] | None = None

    @staticmethod
    def id_for(fund_id: UUID, project_id: UUID) -> UUID:
        return stable_id("subsidy-application", fund_id, project_id)

    @classmethod
    def start(
        cls,
        *,
        fund_id: UUID,
        project_id: UUID,
        applicant_id: UUID,
        amount_krw: int,
        breakdown: list[dict[str, Any]],
        cap_krw: int,
    ) -> SubsidyApplication:
        """A director starts an application as a draft; submitting it freezes version 1."""
        check_request(amount_krw, breakdown, cap_krw)
        return cls._create(
            cls.Started,
            id=cls.id_for(fund_id, project_id),
            fund_id=fund_id,
            project_id=project_id,
            applicant_id=applicant_id,
            amount_krw=amount_krw,
            breakdown=breakdown,
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def status(self) -> ApplicationStatus:
        if self.final_report is not None:
            return ApplicationStatus.CLOSED
        if self.decision is not None:
            approved = self.decision["approve"]
            return ApplicationStatus.APPROVED if approved else ApplicationStatus.REJECTED
        return ApplicationStatus.SUBMITTED if self.versions else ApplicationStatus.DRAFT

    @property
    def submitted_version(self) -> int:
        """The current submitted version; 0 while only a draft exists."""
        return len(self.versions)

    @property
    def current(self) -> dict[str, Any]:
        if not self.versions:
            raise Conflict("the application is still a draft; submit it first")
        return self.versions[-1]

    def excluded(self, member_id: UUID) -> bool:
        return member_id in self.declared

    def counted_reviews(self) -> list[dict[str, Any]]:
        """Reviews of the current version by reviewers without a declared conflict."""
        return [
            r
            for r in self.reviews
            if r["version"] == self.submitted_version and not self.excluded(r["reviewer_id"])
        ]

    # -- the applicant --------------------------------------------------------------------

    def _require_undecided(self) -> None:
        if self.decision is not None:
            raise AlreadyDecided(
                "the application was already {status}; it cannot change now",
                status=self.status.value,
            )

    def edit_draft(self, amount_krw: int, breakdown: list[dict[str, Any]], cap_krw: int) -> None:
        """A draft may change freely until it is submitted."""
        if self.draft is None:
            raise Conflict(
                "version {submitted_version} is submitted and frozen; revise it to make version "
                "{next_version}",
                submitted_version=self.submitted_version,
                next_version=self.submitted_version + 1,
            )
        check_request(amount_krw, breakdown, cap_krw)
        self._draft_edited(amount_krw=amount_krw, breakdown=breakdown)

    @event(DraftEdited)
    def _draft_edited(self, amount_krw: int, breakdown: list[dict[str, Any]]) -> None:
        self.draft = {"amount_krw": amount_krw, "breakdown": breakdown}

    def submit(self) -> None:
        """Freeze the draft as the next version, which reviewers will score."""
        if self.draft is None:
            raise Conflict(
                "version {submitted_version} is already submitted",
                submitted_version=self.submitted_version,
            )
        self._submitted(
            version=self.submitted_version + 1,
            amount_krw=self.draft["amount_krw"],
            breakdown=self.draft["breakdown"],
        )

    @event(Submitted)
    def _submitted(self, version: int, amount_krw: int, breakdown: list[dict[str, Any]]) -> None:
        self.versions.append({"version": version, "amount_krw": amount_krw, "breakdown": breakdown})
        self.draft = None

    def revise(self, amount_krw: int, breakdown: list[dict[str, Any]], cap_krw: int) -> None:
        """A change after submission is a new version; earlier reviews stay on the version they
        scored, and the decision counts those of the current one."""
        if not self.versions:
            raise Conflict("the application is still a draft; edit the draft and submit it")
        self._require_undecided()
        check_request(amount_krw, breakdown, cap_krw)
        now = self.current
        if now["amount_krw"] == amount_krw and now["breakdown"] == breakdown:
            raise Conflict(
                "version {submitted_version} already says exactly this",
                submitted_version=self.submitted_version,
            )
        self._revised(
            version=self.submitted_version + 1, amount_krw=amount_krw, breakdown=breakdown
        )

    @event(Revised)
    def _revised(self, version: int, amount_krw: int, breakdown: list[dict[str, Any]]) -> None:
        self.versions.append({"version": version, "amount_krw": amount_krw, "breakdown": breakdown})

    # -- the panel ------------------------------------------------------------------------

    @event(ReviewerAssigned)
    def _reviewer_assigned(
        self, reviewer_id: UUID, conflicts: list[ConflictRecord], override_reason: str | None
    ) -> None:
        self.reviewers[reviewer_id] = {"conflicts": conflicts, "override_reason": override_reason}

    @event(ConflictDeclared)
    def _conflict_declared(self, member_id: UUID, declared_by: UUID, reason: str) -> None:
        self.declared[member_id] = {"declared_by": declared_by, "reason": reason}

    @event(Reviewed)
    def _reviewed(
        self,
        reviewer_id: UUID,
        version: int,
        score: int,
        comment: str,
        criteria_scores: dict[str, int],
    ) -> None:
        self.reviews.append(
            {
                "reviewer_id": reviewer_id,
                "version": version,
                "score": score,
                "comment": comment,
                "criteria_scores": criteria_scores,
            }
        )

    # -- the decision ---------------------------------------------------------------------

    @event(Approved)
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
    ) -> None:
        self.decision = {
            "approve": True,
            "amount_krw": amount_krw,
            "reason_code": reason_code,
            "reason": reason,
            "version": version,
            "requested_krw": requested_krw,
            "reviews": reviews,
            "mean_score": mean_score,
            "weighted_score": weighted_score,
            "min_reviews": min_reviews,
            "excluded_reviewers": excluded_reviewers,
        }
        self.approved_krw = amount_krw

    @event(Rejected)
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
    ) -> None:
        self.decision = {
            "approve": False,
            "amount_krw": 0,
            "reason_code": reason_code,
            "reason": reason,
            "version": version,
            "requested_krw": requested_krw,
            "reviews": reviews,
            "mean_score": mean_score,
            "weighted_score": weighted_score,
            "min_reviews": min_reviews,
            "excluded_reviewers": excluded_reviewers,
        }

    # -- the grant ------------------------------------------------------------------------

    @event(Disbursed)
    def _disbursed(self, tranche: int, amount_krw: int, note: str) -> None:
        self.tranches.append({"tranche": tranche, "amount_krw": amount_krw, "note": note})
        self.disbursed_krw += amount_krw

    @event(FinalReportSubmitted)
    def _final_report_submitted(self, summary: str, spent_krw: int, released_krw: int) -> None:
        self.final_report = {
            "summary": summary,
            "spent_krw": spent_krw,
            "released_krw": released_krw,
        }
