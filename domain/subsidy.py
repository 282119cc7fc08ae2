"""Subsidy applications: a director's request to a fund, its frozen versions, the review panel
and its scores, the decision with what it was based on, the tranches paid and the final report.

An application's id is derived from its fund and project, so one project has one application
per fund: two simultaneous first submissions collide on version 1 of the same aggregate.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Forbidden, Invalid, Listing
from domain.fund import krw
from domain.validation import SHORT_MAX
from domain.vocabulary import ApplicationStatus, ReasonCode

SCORES = range(1, 6)
MAX_BREAKDOWN_ITEMS = 50
MAX_KRW = 10**12
CONFLICT_YEARS = 5

APPROVING_CODES = frozenset(
    {ReasonCode.MEETS_CRITERIA, ReasonCode.EXCEPTIONAL_MERIT, ReasonCode.OTHER}
)
REJECTING_CODES = frozenset(
    {
        ReasonCode.INELIGIBLE,
        ReasonCode.INCOMPLETE,
        ReasonCode.INSUFFICIENT_QUALITY,
        ReasonCode.BUDGET_EXHAUSTED,
        ReasonCode.OTHER,
    }
)

_CENTS = Decimal("0.01")


class NotAssigned(Forbidden):
    pass


class ConflictOfInterest(Conflict):
    pass


class AlreadyDecided(Conflict):
    pass


def parse_breakdown(value: object) -> list[dict[str, Any]]:
    """The budget breakdown as a list of {item, amount_krw}; each item named, each amount a
    positive whole number of won."""
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("breakdown must list the budget's items, each with item and amount_krw")
    if len(value) > MAX_BREAKDOWN_ITEMS:
        raise Invalid(
            "breakdown takes at most {max_breakdown_items} items",
            max_breakdown_items=MAX_BREAKDOWN_ITEMS,
        )
    items: list[dict[str, Any]] = []
    for line in value:
        if not isinstance(line, dict):
            raise Invalid("each breakdown line needs an item and an amount_krw")
        name = line.get("item")
        amount = line.get("amount_krw")
        if not isinstance(name, str) or not name.strip():
            raise Invalid("each breakdown line needs an item name")
        if len(name.strip()) > SHORT_MAX:
            raise Invalid(
                "a breakdown item name is limited to {short_max} characters",
                short_max=SHORT_MAX,
            )
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_KRW:
            raise Invalid(
                "the amount_krw of {name!r} must be a positive whole number",
                name=name.strip(),
            )
        items.append({"item": name.strip(), "amount_krw": amount})
    return items


def _check_request(amount_krw: int, breakdown: list[dict[str, Any]], cap_krw: int) -> None:
    if amount_krw <= 0:
        raise Invalid("amount_krw must be more than 0")
    if amount_krw > cap_krw:
        raise Invalid(
            "amount_krw is above the fund's cap of {cap_krw} per project",
            cap_krw=krw(cap_krw),
        )
    total = sum(int(line["amount_krw"]) for line in breakdown)
    if total != amount_krw:
        raise Invalid(
            "the breakdown adds up to {total}, not the {amount_krw} asked for",
            total=krw(total), amount_krw=krw(amount_krw),
        )


def conflicts_of_interest(
    *,
    reviewer_id: UUID,
    reviewer_university: UUID | None,
    reviewer_credits: list[dict[str, Any]],
    applicant_university: UUID | None,
    applicant_credits: list[dict[str, Any]],
    project_members: set[UUID],
    worked_together_on: list[str],
    today: date,
) -> list[str]:
    """Why this reviewer should not score this applicant's project, read from the graph of
    universities, projects and credits; empty when nothing links them."""
    found: list[str] = []
    if reviewer_university is not None and reviewer_university == applicant_university:
        found.append("same university as the applicant")
    if reviewer_id in project_members:
        found.append("on the project")
    for title in worked_together_on:
        found.append(f"worked with the applicant on {title} in the last {CONFLICT_YEARS} years")
    since = today.year - CONFLICT_YEARS
    theirs = {
        (str(c["title"]).strip().casefold(), int(c["year"]))
        for c in applicant_credits
        if int(c["year"]) >= since
    }
    shared = sorted(
        {
            (str(c["title"]).strip(), int(c["year"]))
            for c in reviewer_credits
            if (str(c["title"]).strip().casefold(), int(c["year"])) in theirs
        }
    )
    for title, year in shared:
        found.append(f"shared credit with the applicant: {title} ({year})")
    return found


class SubsidyApplication(Entity):
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
        reviewer_id: UUID
        conflicts: list[str]
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
        _check_request(amount_krw, breakdown, cap_krw)
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
                submitted_version=self.submitted_version, next_version=self.submitted_version + 1,
            )
        _check_request(amount_krw, breakdown, cap_krw)
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
        _check_request(amount_krw, breakdown, cap_krw)
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

    def assign_reviewer(
        self, reviewer_id: UUID, conflicts: list[str], override_reason: str | None
    ) -> None:
        """Appoint a reviewer. A conflict of interest refuses the appointment unless an admin
        overrides it with a reason; both the conflicts and the reason go on the record."""
        if reviewer_id == self.applicant_id:
            raise ConflictOfInterest("the applicant cannot review their own application")
        if not self.versions:
            raise Conflict("the application is still a draft; assign reviewers once submitted")
        self._require_undecided()
        if reviewer_id in self.reviewers:
            raise Conflict("this member is already a reviewer of the application")
        found = list(conflicts)
        if reviewer_id in self.declared:
            found.append(f"declared: {self.declared[reviewer_id]['reason']}")
        if found and not override_reason:
            raise ConflictOfInterest(
                "conflict of interest: {conflicts}. Choose another reviewer, or assign them with "
                "an override reason.",
                conflicts=Listing(found, "; "),
            )
        self._reviewer_assigned(
            reviewer_id=reviewer_id,
            conflicts=found,
            override_reason=override_reason if found else None,
        )

    @event(ReviewerAssigned)
    def _reviewer_assigned(
        self, reviewer_id: UUID, conflicts: list[str], override_reason: str | None
    ) -> None:
        self.reviewers[reviewer_id] = {"conflicts": conflicts, "override_reason": override_reason}

    def declare_conflict(self, member_id: UUID, declared_by: UUID, reason: str) -> None:
        """A reviewer declares their own conflict, or the applicant declares a relationship with
        a member: that member's scores no longer count, and appointing them is refused."""
        if declared_by != member_id and declared_by != self.applicant_id:
            raise Forbidden("a conflict is declared by the reviewer or by the applicant")
        if declared_by == member_id and member_id not in self.reviewers:
            raise NotAssigned("only a reviewer of this application can declare a conflict on it")
        if member_id == self.applicant_id:
            raise Invalid("the applicant never reviews their own application")
        self._require_undecided()
        if member_id in self.declared:
            raise Conflict("a conflict with this member is already declared")
        self._conflict_declared(member_id=member_id, declared_by=declared_by, reason=reason)

    @event(ConflictDeclared)
    def _conflict_declared(self, member_id: UUID, declared_by: UUID, reason: str) -> None:
        self.declared[member_id] = {"declared_by": declared_by, "reason": reason}

    def review(
        self,
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
        if score not in SCORES:
            raise Invalid("score must be a whole number from 1 to 5")
        if criteria_scores and set(criteria_scores) != set(criteria):
            raise Invalid(
                "criteria_scores must score each of the fund's criteria: {criteria}",
                criteria=Listing(criteria),
            )
        if any(s not in SCORES for s in criteria_scores.values()):
            raise Invalid("each criterion's score must be a whole number from 1 to 5")
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

    def _basis(self, weights: dict[str, int]) -> dict[str, Any]:
        counted = self.counted_reviews()
        mean = None
        if counted:
            mean = (Decimal(sum(r["score"] for r in counted)) / len(counted)).quantize(
                _CENTS, ROUND_HALF_UP
            )
        weighted_each = [
            Decimal(sum(weights[k] * s for k, s in r["criteria_scores"].items()))
            / sum(weights.values())
            for r in counted
            if r["criteria_scores"] and set(r["criteria_scores"]) == set(weights)
        ]
        weighted = None
        if weighted_each:
            weighted = (sum(weighted_each, Decimal(0)) / len(weighted_each)).quantize(
                _CENTS, ROUND_HALF_UP
            )
        return {
            "version": self.current["version"],
            "requested_krw": self.current["amount_krw"],
            "reviews": len(counted),
            "mean_score": mean,
            "weighted_score": weighted,
            "excluded_reviewers": sum(1 for m in self.reviewers if self.excluded(m)),
        }

    def _check_decision(self, min_reviews: int) -> None:
        self._require_undecided()
        if not self.versions:
            raise Conflict("the application is still a draft; it can be decided once submitted")
        have = len(self.counted_reviews())
        if have < min_reviews:
            raise Conflict(
                "the fund needs {min_reviews} reviews of version {submitted_version} before a "
                "decision; there are {have}",
                min_reviews=min_reviews, submitted_version=self.submitted_version, have=have,
            )

    def approve(
        self,
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
        if reason_code not in APPROVING_CODES:
            raise Invalid(
                "{reason_code} is a reason to reject, not to approve",
                reason_code=reason_code.value,
            )
        if amount_krw <= 0:
            raise Invalid("an approval needs an amount_krw of more than 0")
        if amount_krw > cap_krw:
            raise Invalid(
                "amount_krw is above the fund's cap of {cap_krw} per project",
                cap_krw=krw(cap_krw),
            )
        if self.versions and amount_krw > self.current["amount_krw"]:
            raise Invalid(
                "amount_krw is more than the {amount_krw} asked for",
                amount_krw=krw(self.current["amount_krw"]),
            )
        self._check_decision(min_reviews)
        self._approved(
            amount_krw=amount_krw,
            reason_code=reason_code,
            reason=reason,
            min_reviews=min_reviews,
            fund_remaining_krw=fund_remaining_krw,
            **self._basis(weights),
        )

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

    def reject(
        self,
        *,
        reason_code: ReasonCode,
        reason: str,
        min_reviews: int,
        weights: dict[str, int],
    ) -> None:
        """Turn the application down, with a reason code and a reason in words."""
        if reason_code not in REJECTING_CODES:
            raise Invalid(
                "{reason_code} is a reason to approve, not to reject",
                reason_code=reason_code.value,
            )
        self._check_decision(min_reviews)
        self._rejected(
            reason_code=reason_code,
            reason=reason,
            min_reviews=min_reviews,
            **self._basis(weights),
        )

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

    def disburse(self, amount_krw: int, note: str) -> None:
        """Pay a tranche; the tranches never add up to more than the approval."""
        if self.status is not ApplicationStatus.APPROVED:
            raise Conflict(
                "only an approved, open grant is paid; this one is {status}",
                status=self.status.value,
            )
        if amount_krw <= 0:
            raise Invalid("amount_krw must be more than 0")
        left = self.approved_krw - self.disbursed_krw
        if amount_krw > left:
            raise Conflict(
                "only {left} of the {approved_krw} approved is left to pay",
                left=krw(left), approved_krw=krw(self.approved_krw),
            )
        self._disbursed(tranche=len(self.tranches) + 1, amount_krw=amount_krw, note=note)

    @event(Disbursed)
    def _disbursed(self, tranche: int, amount_krw: int, note: str) -> None:
        self.tranches.append({"tranche": tranche, "amount_krw": amount_krw, "note": note})
        self.disbursed_krw += amount_krw

    @property
    def unpaid_krw(self) -> int:
        return self.approved_krw - self.disbursed_krw

    def submit_final_report(self, summary: str, spent_krw: int) -> int:
        """The applicant reports how the money was spent, which closes the grant; whatever was
        approved but not yet paid returns to the fund. Returns that amount."""
        if self.status is not ApplicationStatus.APPROVED:
            raise Conflict(
                "a final report closes an approved grant; this one is {status}",
                status=self.status.value,
            )
        if spent_krw < 0:
            raise Invalid("spent_krw cannot be negative")
        released = self.unpaid_krw
        self._final_report_submitted(summary=summary, spent_krw=spent_krw, released_krw=released)
        return released

    @event(FinalReportSubmitted)
    def _final_report_submitted(self, summary: str, spent_krw: int, released_krw: int) -> None:
        self.final_report = {
            "summary": summary,
            "spent_krw": spent_krw,
            "released_krw": released_krw,
        }
