"""The review panel: conflicts of interest read from the graph of universities, projects and
credits, appointing reviewers (an override goes on the record), declared conflicts, and the
reviewers' scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from uuid import UUID

from domain import validation as v
from domain.clock import seoul_date
from domain.commitments import Commitments
from domain.conflicts import (
    CONFLICT_YEARS,
    ConflictRecord,
    conflicts_of_interest,
    declared,
    is_declared,
)
from domain.context import Context
from domain.errors import Forbidden, NotFound
from domain.member import Member
from domain.permissions import Action
from domain.services.subsidy_reading import SubsidyReading, criteria_scores_of


class SubsidyReview(SubsidyReading):
    # -- the review panel -----------------------------------------------------------------

    def reviewer_conflicts(self, application_id: UUID, member_id: UUID) -> list[ConflictRecord]:
        """Why this member should not review this application, read from the graph: same
        university, on the project, worked with the applicant or shared a credit in the last
        five years, or a declared conflict, each as a code and its params (domain/conflicts.py).
        Empty when nothing links them."""
        application = self.subsidy_application(application_id)
        reviewer = self._load(Member, member_id, "member")
        if reviewer.erased:
            raise NotFound("no member {member_id}", member_id=member_id, field="member_id")
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
        on_record = application.declared.get(member_id)
        if on_record is not None:
            found.append(declared(on_record["reason"]))
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
        override_reason: str | None = None,
    ) -> list[ConflictRecord]:
        """An admin appoints a reviewer; a conflict of interest refuses it unless the admin
        overrides with a reason, which goes on the record. Returns the conflicts overridden."""
        self._authorise(ctx, Action.ASSIGN_REVIEWER)
        self.subsidy_application(application_id)
        override = (
            v.text(override_reason, "override_reason", limit=v.COMMENT_MAX)
            if override_reason is not None
            else None
        )

        def command() -> list[ConflictRecord]:
            application = self.subsidy_application(application_id)
            found = self.reviewer_conflicts(application_id, member_id)
            # The application adds the conflicts declared on it itself.
            application.assign_reviewer(
                member_id, [f for f in found if not is_declared(f)], override
            )
            self._save(ctx, application)
            return found

        return self._attempt(command)

    def declare_conflict(
        self, ctx: Context, application_id: UUID, *, reason: str, member_id: UUID | None = None
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
        score: int,
        comment: str,
        criteria_scores: Mapping[str, int] | None = None,
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
        per_criterion = criteria_scores_of(criteria_scores)

        def command() -> int:
            current = self.subsidy_application(application_id)
            fund = self.fund(current.fund_id)
            current.review(reviewer.id, grade, words, per_criterion, fund.criteria_names)
            self._save(ctx, current)
            return current.submitted_version

        return self._attempt(command)
