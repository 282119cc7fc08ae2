"""Trainings: the centre's courses (AI-assisted editing, generative previsualisation, AI dubbing…),
their seats and waitlist, attendance, and the skills a completed training certifies.

One Training aggregate holds both the enrolled members and the waitlist, so every enrolment and
withdrawal is a new version of it: two members taking the last seat at the same moment collide on
the version, and the retry sees the training full and waitlists the loser. A withdrawal promotes
the first on the waitlist in the same write, so a freed seat is never left empty while people
wait for it.

Completion asks for attendance at every session: a certificate says the member took the whole
course. Completing saves the Training (who completed) and the member's Certifications (the
verified badge) together.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Listing, NotFound
from domain.training_schedule import check_capacity, checked_schedule, when


class Place(Enum):
    """Where an enrolment request put the member (an answer, not an event payload)."""

    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"


class Training(Entity):
    """A course with a fixed number of seats, a waitlist in arrival order, and sessions whose
    attendance decides who is certified in its skill."""

    class Scheduled(Entity.Created):
        title: str
        description: str
        skill: str
        capacity: int
        sessions: list[dict[str, Any]]
        enrol_by: datetime

    class CapacityChanged(Entity.Event):
        capacity: int

    class Cancelled(Entity.Event):
        reason: str

    class Enrolled(Entity.Event):
        member_id: UUID

    class Waitlisted(Entity.Event):
        member_id: UUID

    class PromotedFromWaitlist(Entity.Event):
        member_id: UUID

    class Withdrawn(Entity.Event):
        member_id: UUID

    class LeftWaitlist(Entity.Event):
        member_id: UUID

    class AttendanceRecorded(Entity.Event):
        session: int
        present: list[UUID]

    class Completed(Entity.Event):
        member_id: UUID
        skill: str

    @event(Scheduled)
    def __init__(
        self,
        title: str,
        description: str,
        skill: str,
        capacity: int,
        sessions: list[dict[str, Any]],
        enrol_by: datetime,
    ) -> None:
        self.title = title
        self.description = description
        self.skill = skill
        self.capacity = capacity
        self.sessions: list[tuple[datetime, datetime]] = [(s["start"], s["end"]) for s in sessions]
        self.enrol_by = enrol_by
        self.cancelled = False
        self.cancel_reason = ""
        self.enrolled: list[UUID] = []
        self.waitlist: list[UUID] = []
        self.attendance: dict[int, list[UUID]] = {}
        self.completed: list[UUID] = []

    @classmethod
    def schedule(
        cls,
        *,
        title: str,
        description: str,
        skill: str,
        capacity: int,
        sessions: list[tuple[datetime, datetime]],
        enrol_by: datetime | None,
        now: datetime,
    ) -> Training:
        """Staff announce a training; members can enrol until the deadline (by default, the
        start of the first session)."""
        check_capacity(capacity)
        ordered, deadline = checked_schedule(sessions, enrol_by, now)
        return cls._create(
            cls.Scheduled,
            id=uuid4(),
            title=title,
            description=description,
            skill=skill,
            capacity=capacity,
            sessions=[{"start": s, "end": e} for s, e in ordered],
            enrol_by=deadline,
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def starts(self) -> datetime:
        return self.sessions[0][0]

    @property
    def ends(self) -> datetime:
        return self.sessions[-1][1]

    @property
    def seats_free(self) -> int:
        return max(self.capacity - len(self.enrolled), 0)

    def place_of(self, member_id: UUID) -> Place | None:
        if member_id in self.enrolled:
            return Place.ENROLLED
        if member_id in self.waitlist:
            return Place.WAITLISTED
        return None

    def waitlist_position(self, member_id: UUID) -> int | None:
        """1 for the next member to be offered a seat."""
        return self.waitlist.index(member_id) + 1 if member_id in self.waitlist else None

    def attended(self, member_id: UUID) -> list[int]:
        return sorted(n for n, present in self.attendance.items() if member_id in present)

    def _open(self, doing: str) -> None:
        if self.cancelled:
            raise Conflict(
                "the training “{title}” was cancelled; it can no longer {doing}",
                title=self.title,
                doing=doing,
            )

    def _not_started(self, doing: str, now: datetime) -> None:
        if now >= self.starts:
            raise Conflict(
                "the training began on {starts}; it can no longer {doing}",
                starts=when(self.starts),
                doing=doing,
            )

    # -- staff ----------------------------------------------------------------------------

    def change_capacity(self, capacity: int, now: datetime) -> None:
        """Staff resize the room; added seats go to the waitlist in order at once."""
        self._open("change its capacity")
        self._not_started("change its capacity", now)
        check_capacity(capacity)
        if capacity < len(self.enrolled):
            raise Conflict(
                "{enrolled_count} members are enrolled; the capacity cannot go down to {capacity}",
                enrolled_count=len(self.enrolled),
                capacity=capacity,
                field="capacity",
            )
        if capacity == self.capacity:
            raise Conflict(
                "the capacity is already {capacity}", capacity=capacity, field="capacity"
            )
        self._capacity_changed(capacity=capacity)
        self._promote()

    @event(CapacityChanged)
    def _capacity_changed(self, capacity: int) -> None:
        self.capacity = capacity

    def cancel(self, reason: str, now: datetime) -> None:
        """The training will not run (or not finish); nobody can enrol or be certified by it."""
        self._open("be cancelled")
        if now >= self.ends:
            raise Conflict(
                "the training ended on {ends}; it cannot be cancelled", ends=when(self.ends)
            )
        self._cancelled(reason=reason)

    @event(Cancelled)
    def _cancelled(self, reason: str) -> None:
        self.cancelled = True
        self.cancel_reason = reason

    # -- members --------------------------------------------------------------------------

    def enrol(self, member_id: UUID, now: datetime) -> Place:
        """A member asks for a seat: they get one while seats are free, and join the end of the
        waitlist otherwise."""
        self._open("take enrolments")
        if now > self.enrol_by:
            raise Conflict("enrolment closed on {enrol_by}", enrol_by=when(self.enrol_by))
        place = self.place_of(member_id)
        if place is Place.ENROLLED:
            raise Conflict("you are already enrolled in this training")
        if place is Place.WAITLISTED:
            raise Conflict(
                "you are already on the waitlist, number {position}",
                position=self.waitlist_position(member_id),
            )
        if self.seats_free > 0:
            self._enrolled(member_id=member_id)
            return Place.ENROLLED
        self._waitlisted(member_id=member_id)
        return Place.WAITLISTED

    @event(Enrolled)
    def _enrolled(self, member_id: UUID) -> None:
        self.enrolled.append(member_id)

    @event(Waitlisted)
    def _waitlisted(self, member_id: UUID) -> None:
        self.waitlist.append(member_id)

    def withdraw(self, member_id: UUID, now: datetime) -> UUID | None:
        """A member gives up their seat or their waitlist place before the training begins; a
        freed seat goes to the first on the waitlist. Returns who was promoted, if anyone."""
        self._open("change its enrolments")
        self._not_started("take withdrawals; tell the staff if you cannot continue", now)
        place = self.place_of(member_id)
        if place is None:
            raise NotFound("you are neither enrolled nor on the waitlist of this training")
        if place is Place.WAITLISTED:
            self._left_waitlist(member_id=member_id)
            return None
        self._withdrawn(member_id=member_id)
        promoted = self._promote()
        return promoted[0] if promoted else None

    @event(Withdrawn)
    def _withdrawn(self, member_id: UUID) -> None:
        self.enrolled.remove(member_id)

    @event(LeftWaitlist)
    def _left_waitlist(self, member_id: UUID) -> None:
        self.waitlist.remove(member_id)

    def _promote(self) -> list[UUID]:
        promoted = []
        while self.seats_free > 0 and self.waitlist:
            member_id = self.waitlist[0]
            self._promoted(member_id=member_id)
            promoted.append(member_id)
        return promoted

    @event(PromotedFromWaitlist)
    def _promoted(self, member_id: UUID) -> None:
        self.waitlist.remove(member_id)
        self.enrolled.append(member_id)

    # -- attendance and completion --------------------------------------------------------

    def record_attendance(self, session: int, present: list[UUID], now: datetime) -> None:
        """Staff record who was in the room for a session (recording it again corrects it)."""
        self._open("record attendance")
        if not 1 <= session <= len(self.sessions):
            raise NotFound(
                "the training has sessions 1 to {sessions_count}",
                sessions_count=len(self.sessions),
                field="session",
            )
        start = self.sessions[session - 1][0]
        if now < start:
            raise Conflict(
                "session {session} starts {start}; record attendance after",
                session=session,
                start=when(start),
                field="session",
            )
        strangers = [m for m in present if m not in self.enrolled]
        if strangers:
            raise Conflict(
                "{strangers_count} of those marked present are not enrolled",
                strangers_count=len(strangers),
                field="present",
            )
        unique = sorted(set(present))
        if self.attendance.get(session) == unique:
            raise Conflict(
                "this attendance is already recorded for session {session}", session=session
            )
        self._attendance_recorded(session=session, present=unique)

    @event(AttendanceRecorded)
    def _attendance_recorded(self, session: int, present: list[UUID]) -> None:
        self.attendance[session] = list(present)

    def complete(self, member_id: UUID) -> None:
        """Staff mark an enrolled member as having completed the course, which needs them to
        have attended every session; it certifies the training's skill."""
        self._open("certify anyone")
        if member_id not in self.enrolled:
            raise Conflict("only an enrolled member can complete the training", field="member_id")
        if member_id in self.completed:
            raise Conflict("the member has already completed this training")
        missed = [
            n
            for n in range(1, len(self.sessions) + 1)
            if member_id not in self.attendance.get(n, [])
        ]
        if missed:
            raise Conflict(
                "completion needs attendance at every session; missing: session {listed}",
                listed=Listing([str(n) for n in missed]),
                field="member_id",
            )
        self._completed(member_id=member_id, skill=self.skill)

    @event(Completed)
    def _completed(self, member_id: UUID, skill: str) -> None:
        self.completed.append(member_id)


class Certifications(Entity):
    """The skills one member has proved by completing trainings: verified badges, kept apart
    from the skills they claim on their profile (Member.skills)."""

    class Opened(Entity.Created):
        member_id: UUID

    class SkillCertified(Entity.Event):
        member_id: UUID
        skill: str
        training_id: UUID
        title: str

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.certificates: dict[UUID, dict[str, str]] = {}

    @classmethod
    def open(cls, member_id: UUID) -> Certifications:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("certifications", member_id)

    @property
    def skills(self) -> set[str]:
        return {c["skill"] for c in self.certificates.values()}

    def certify(self, skill: str, training_id: UUID, title: str) -> None:
        """Completing a training certifies its skill, once per training."""
        if training_id in self.certificates:
            raise Conflict("already certified in {skill} by “{title}”", skill=skill, title=title)
        self._skill_certified(
            member_id=self.member_id, skill=skill, training_id=training_id, title=title
        )

    @event(SkillCertified)
    def _skill_certified(self, member_id: UUID, skill: str, training_id: UUID, title: str) -> None:
        self.certificates[training_id] = {"skill": skill, "title": title}
