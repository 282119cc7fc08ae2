"""Opportunities partners post, and the submissions directors make to them.

A submission's id is derived from (opportunity, project), so a project is submitted once to an
opportunity however many clicks arrive at once. Each submission is also recorded on the
opportunity in the same write, so a close or a take-down and a submission cannot cross: the
loser of the version race retries and then sees the posting as it now is. What a partner says
in a posting, and the rules it must meet before it is published, are domain/opportunity_posting.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Invalid
from domain.opportunity_posting import Posting
from domain.vocabulary import DealKind, OpportunityKind, PayBasis, ProjectFormat


class Opportunity(Entity):
    """A partner's call — for pitches, co-production, distribution or hiring — open to
    submissions until its deadline, its close, or its take-down by the centre."""

    class Posted(Entity.Created):
        partner_id: UUID
        posted_by: UUID
        kind: OpportunityKind
        title: str
        description: str
        criteria: list[str]
        genres: list[str]
        formats: list[ProjectFormat]
        deadline: datetime
        pay_min_krw: int | None
        pay_max_krw: int | None
        pay_basis: PayBasis | None
        conditions: str

    class SubmissionReceived(Entity.Event):
        submission_id: UUID
        project_id: UUID
        director_id: UUID

    class Closed(Entity.Event):
        reason: str

    class TakenDown(Entity.Event):
        reason: str

    class Reopened(Entity.Event):
        pass

    @event(Posted)
    def __init__(
        self,
        partner_id: UUID,
        posted_by: UUID,
        kind: OpportunityKind,
        title: str,
        description: str,
        criteria: list[str],
        genres: list[str],
        formats: list[ProjectFormat],
        deadline: datetime,
        pay_min_krw: int | None,
        pay_max_krw: int | None,
        pay_basis: PayBasis | None,
        conditions: str,
    ) -> None:
        self.partner_id, self.posted_by = partner_id, posted_by
        self.kind, self.title, self.description = kind, title, description
        self.criteria, self.genres, self.formats = list(criteria), list(genres), list(formats)
        self.deadline = deadline
        self.pay_min_krw, self.pay_max_krw, self.pay_basis = pay_min_krw, pay_max_krw, pay_basis
        self.conditions = conditions
        self.submissions: dict[UUID, UUID] = {}  # project -> submission
        self.closed = False
        self.taken_down = False
        self.reason = ""

    @classmethod
    def post(
        cls, partner_id: UUID, posted_by: UUID, posting: Posting, now: datetime
    ) -> Opportunity:
        """A verified partner publishes a call; a hiring call always says what it pays."""
        posting.check(now)
        return cls._create(
            cls.Posted,
            id=uuid4(),
            partner_id=partner_id,
            posted_by=posted_by,
            kind=posting.kind,
            title=posting.title,
            description=posting.description,
            criteria=list(posting.criteria),
            genres=list(posting.genres),
            formats=list(posting.formats),
            deadline=posting.deadline,
            pay_min_krw=posting.pay_min_krw,
            pay_max_krw=posting.pay_max_krw,
            pay_basis=posting.pay_basis,
            conditions=posting.conditions,
        )

    def ensure_open(self, now: datetime) -> None:
        """Why the posting takes no submissions now, if it does not."""
        if self.taken_down:
            raise Conflict(
                "“{title}” was taken down by the centre: {reason}",
                title=self.title,
                reason=self.reason,
            )
        if self.closed:
            raise Conflict("“{title}” is closed to submissions", title=self.title)
        if now >= self.deadline:
            raise Conflict(
                "the deadline for “{title}” passed at {deadline}",
                title=self.title,
                deadline=self.deadline.isoformat(),
            )

    def ensure_fits(self, genres: list[str], format: ProjectFormat) -> None:
        """Why the project is outside the posting's filters, if it is."""
        if self.formats and format not in self.formats:
            wanted = ", ".join(f.value for f in self.formats)
            raise Conflict(
                "“{title}” takes {wanted}; this project is a {format}",
                title=self.title,
                wanted=wanted,
                format=format.value,
                field="project_id",
            )
        if self.genres and not set(self.genres) & set(genres):
            wanted = ", ".join(self.genres)
            raise Conflict(
                "“{title}” looks for {wanted}; this project's genres do not match",
                title=self.title,
                wanted=wanted,
                field="project_id",
            )

    def receive(
        self, submission_id: UUID, project_id: UUID, director_id: UUID, now: datetime
    ) -> None:
        """A director's project enters the posting's pipeline."""
        self.ensure_open(now)
        if project_id in self.submissions:
            raise Conflict(
                "this project is already submitted to this opportunity", field="project_id"
            )
        self._submission_received(
            submission_id=submission_id, project_id=project_id, director_id=director_id
        )

    @event(SubmissionReceived)
    def _submission_received(
        self, submission_id: UUID, project_id: UUID, director_id: UUID
    ) -> None:
        self.submissions[project_id] = submission_id

    def close(self, reason: str) -> None:
        """The partner stops taking submissions before the deadline; the pipeline goes on."""
        if self.taken_down:
            raise Conflict("“{title}” was already taken down by the centre", title=self.title)
        if self.closed:
            raise Conflict("“{title}” is already closed", title=self.title)
        self._closed(reason=reason)

    @event(Closed)
    def _closed(self, reason: str) -> None:
        self.closed = True
        self.reason = reason

    def reopen(self, now: datetime) -> None:
        """The partner takes submissions again on a closed call, before its deadline."""
        if self.taken_down:
            raise Conflict("“{title}” was taken down by the centre", title=self.title)
        if not self.closed:
            raise Conflict("“{title}” is open already", title=self.title)
        if now >= self.deadline:
            raise Conflict(
                "the deadline for “{title}” passed at {deadline}",
                title=self.title,
                deadline=self.deadline.isoformat(),
            )
        self._reopened()

    @event(Reopened)
    def _reopened(self) -> None:
        self.closed = False
        self.reason = ""

    def close_on_suspension(self, reason: str, now: datetime) -> bool:
        """The centre suspended the organisation: a call still taking submissions closes, with
        the centre's reason; a call already closed, taken down or past its deadline stays as it
        is. Whether it closed."""
        if self.taken_down or self.closed or now >= self.deadline:
            return False
        self._closed(reason=reason)
        return True

    def take_down(self, reason: str) -> None:
        """The centre removes a posting that breaks its rules, saying why; it takes no more
        submissions, and its submissions can only be passed."""
        if self.taken_down:
            raise Conflict("“{title}” is already taken down", title=self.title)
        self._taken_down(reason=reason)

    @event(TakenDown)
    def _taken_down(self, reason: str) -> None:
        self.taken_down = True
        self.reason = reason


class SubmissionState(Enum):
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    MEETING_REQUESTED = "meeting_requested"
    DEAL_SIGNED = "deal_signed"
    PASSED = "passed"
    WITHDRAWN = "withdrawn"


S = SubmissionState
TRANSITIONS: dict[SubmissionState, frozenset[SubmissionState]] = {
    S.SUBMITTED: frozenset({S.SHORTLISTED, S.PASSED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.MEETING_REQUESTED, S.DEAL_SIGNED, S.PASSED, S.WITHDRAWN}),
    # A second meeting request proposes another time.
    S.MEETING_REQUESTED: frozenset({S.MEETING_REQUESTED, S.DEAL_SIGNED, S.PASSED, S.WITHDRAWN}),
    S.DEAL_SIGNED: frozenset(),
    S.PASSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
FINAL = frozenset(state for state, nexts in TRANSITIONS.items() if not nexts)

_HINTS = {
    S.SHORTLISTED: "only a newly submitted project is shortlisted",
    S.MEETING_REQUESTED: "shortlist it first",
    S.DEAL_SIGNED: "shortlist it first",
    S.PASSED: "only an undecided submission is passed",
    S.WITHDRAWN: "only an undecided submission is withdrawn",
}


class Submission(Entity):
    """A director's project put forward for one opportunity, moved by the partner through
    shortlist, meeting and deal (or a pass), each step with its reason."""

    class Submitted(Entity.Created):
        personal = ("note",)
        subject = "director_id"
        opportunity_id: UUID
        partner_id: UUID
        project_id: UUID
        director_id: UUID
        note: str

    class Shortlisted(Entity.Event):
        reason: str

    class MeetingRequested(Entity.Event):
        reason: str
        proposed_at: datetime

    class DealSigned(Entity.Event):
        reason: str
        amount_krw: int
        kind: DealKind
        summary: str

    class Passed(Entity.Event):
        reason: str

    class Withdrawn(Entity.Event):
        reason: str

    @event(Submitted)
    def __init__(
        self, opportunity_id: UUID, partner_id: UUID, project_id: UUID, director_id: UUID, note: str
    ) -> None:
        self.opportunity_id, self.partner_id = opportunity_id, partner_id
        self.project_id, self.director_id = project_id, director_id
        self.note = note
        self.state = SubmissionState.SUBMITTED
        self.reason = ""
        self.proposed_at: datetime | None = None
        self.deal: dict[str, object] | None = None

    @classmethod
    def submit(
        cls, opportunity_id: UUID, partner_id: UUID, project_id: UUID, director_id: UUID,
        note: str,
    ) -> Submission:  # fmt: skip
        """A director puts one of their projects forward, with a cover note."""
        return cls._create(
            cls.Submitted,
            id=cls.id_for(opportunity_id, project_id),
            opportunity_id=opportunity_id,
            partner_id=partner_id,
            project_id=project_id,
            director_id=director_id,
            note=note,
        )

    @staticmethod
    def id_for(opportunity_id: UUID, project_id: UUID) -> UUID:
        return stable_id("submission", opportunity_id, project_id)

    @property
    def final(self) -> bool:
        return self.state in FINAL

    def _move(self, to: SubmissionState) -> None:
        if to not in TRANSITIONS[self.state]:
            if self.final:
                raise Conflict(
                    "the submission is already {state}; that decision is final",
                    state=self.state.value.replace("_", " "),
                )
            raise Conflict(
                "a submission that is {state} cannot become {to}; {hint}",
                state=self.state.value.replace("_", " "),
                to=to.value.replace("_", " "),
                hint=_HINTS[to],
            )

    def shortlist(self, reason: str) -> None:
        """The partner keeps the project in the running."""
        self._move(S.SHORTLISTED)
        self._shortlisted(reason=reason)

    @event(Shortlisted)
    def _shortlisted(self, reason: str) -> None:
        self.state, self.reason = S.SHORTLISTED, reason

    def request_meeting(self, reason: str, proposed_at: datetime, now: datetime) -> None:
        """The partner asks the director to meet, proposing a time (again, to propose another)."""
        self._move(S.MEETING_REQUESTED)
        if proposed_at <= now:
            raise Invalid(
                "the proposed meeting time ({proposed_at}) has passed",
                proposed_at=proposed_at.isoformat(),
                field="proposed_at",
            )
        if self.state is S.MEETING_REQUESTED and proposed_at == self.proposed_at:
            raise Conflict("a meeting at this time is already proposed", field="proposed_at")
        self._meeting_requested(reason=reason, proposed_at=proposed_at)

    @event(MeetingRequested)
    def _meeting_requested(self, reason: str, proposed_at: datetime) -> None:
        self.state, self.reason, self.proposed_at = S.MEETING_REQUESTED, reason, proposed_at

    def sign_deal(self, reason: str, amount_krw: int, kind: DealKind, summary: str) -> None:
        """The partner and the director have agreed terms: the bridge has done its work."""
        self._move(S.DEAL_SIGNED)
        if amount_krw < 0:
            raise Invalid("a deal's amount cannot be negative", field="amount_krw")
        self._deal_signed(reason=reason, amount_krw=amount_krw, kind=kind, summary=summary)

    @event(DealSigned)
    def _deal_signed(self, reason: str, amount_krw: int, kind: DealKind, summary: str) -> None:
        self.state, self.reason = S.DEAL_SIGNED, reason
        self.deal = {"amount_krw": amount_krw, "kind": kind, "summary": summary}

    def pass_on(self, reason: str) -> None:
        """The partner declines the project, saying why."""
        self._move(S.PASSED)
        self._passed(reason=reason)

    @event(Passed)
    def _passed(self, reason: str) -> None:
        self.state, self.reason = S.PASSED, reason

    def withdraw(self, reason: str) -> None:
        """The director takes the project back before the partner has decided."""
        self._move(S.WITHDRAWN)
        self._withdrawn(reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, reason: str) -> None:
        self.state, self.reason = S.WITHDRAWN, reason
