"""AI trainings, enrolment and waitlists, certified skills, endorsements, verified credits.

Enrolment, withdrawal and promotion from the waitlist are versions of one Training aggregate, so
the seats hold under concurrency by optimistic concurrency alone (`_attempt` retries the loser on
fresh state). Completion saves the Training and the member's Certifications together; confirming
the crew at wrap saves every credited member's Credits in one write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.credit import Credits
from domain.endorsement import Endorsement
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.member import Member
from domain.permissions import Action
from domain.project import Project
from domain.services.core import Core
from domain.training import Certifications, Place, Training
from domain.training_schedule import CAPACITY_MAX, SESSIONS_MAX
from domain.vocabulary import ProjectStatus

# One session as the API and pages hand it over: a (start, end) pair or {"start", "end"}.
Session = tuple[datetime, datetime] | Mapping[str, datetime]


def _sessions(starts: object, ends: object, sessions: object) -> list[tuple[datetime, datetime]]:
    if sessions is None:
        if starts is None or ends is None:
            raise Invalid(
                "a training needs starts and ends, or a list of sessions", field="sessions"
            )
        return [(v.aware(starts, "starts"), v.aware(ends, "ends"))]
    if starts is not None or ends is not None:
        raise Invalid(
            "give either starts and ends, or a list of sessions, not both", field="sessions"
        )
    if not isinstance(sessions, list | tuple):
        raise Invalid("sessions must be a list of start and end pairs", field="sessions")
    if len(sessions) > SESSIONS_MAX:
        raise Invalid(
            "a training has at most {sessions_max} sessions",
            sessions_max=SESSIONS_MAX,
            field="sessions",
        )
    out = []
    for number, item in enumerate(sessions, 1):
        if isinstance(item, dict):
            start, end = item.get("start"), item.get("end")
        elif isinstance(item, list | tuple) and len(item) == 2:
            start, end = item
        else:
            raise Invalid(
                "session {number} needs a start and an end", number=number, field="sessions"
            )
        out.append(
            (v.aware(start, f"session {number} start"), v.aware(end, f"session {number} end"))
        )
    return out


def _skill(value: object) -> str:
    return v.text(value, "skill", limit=v.SHORT_MAX).lower()


class TrainingServices(Core):
    # -- reading --------------------------------------------------------------------------

    def training(self, training_id: UUID) -> Training:
        return self._load(Training, training_id, "training")

    def certifications_of(self, member_id: UUID) -> Certifications | None:
        return self._load_or_none(Certifications, Certifications.id_for(member_id))

    def verified_credits_of(self, member_id: UUID) -> Credits | None:
        return self._load_or_none(Credits, Credits.id_for(member_id))

    def endorsement(self, endorser_id: UUID, member_id: UUID, skill: str) -> Endorsement | None:
        return self._load_or_none(
            Endorsement, Endorsement.id_for(endorser_id, member_id, _skill(skill))
        )

    # -- staff: trainings -----------------------------------------------------------------

    def schedule_training(
        self,
        ctx: Context,
        *,
        title: str,
        description: str,
        skill: str,
        capacity: int | None,
        starts: datetime | None = None,
        ends: datetime | None = None,
        sessions: Sequence[Session] | None = None,
        enrol_by: datetime | None = None,
    ) -> UUID:
        """Staff announce a training that certifies a skill: one session (starts/ends) or
        several (sessions: [(start, end), …] or [{"start": …, "end": …}, …]); enrolment closes
        at enrol_by, by default when the first session starts. Returns the training id."""
        self._authorise(ctx, Action.MANAGE_TRAININGS)
        training = Training.schedule(
            title=v.text(title, "title", limit=v.TITLE_MAX),
            description=v.text(description, "description", limit=v.SYNOPSIS_MAX, required=False),
            skill=_skill(skill),
            capacity=v.whole(capacity, "capacity", low=1, high=CAPACITY_MAX),
            sessions=_sessions(starts, ends, sessions),
            enrol_by=None if enrol_by is None else v.aware(enrol_by, "enrol_by"),
            now=self.clock.now(),
        )
        self._save(ctx, training)
        return training.id

    def cancel_training(self, ctx: Context, training_id: UUID, reason: str) -> None:
        """Staff call a training off, saying why; enrolled and waitlisted members see it."""
        self._authorise(ctx, Action.MANAGE_TRAININGS)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            training = self.training(training_id)
            training.cancel(why, self.clock.now())
            self._save(ctx, training)

        self._attempt(command)

    def change_training_capacity(self, ctx: Context, training_id: UUID, capacity: int) -> None:
        """Staff resize a training before it starts; new seats go to the waitlist in order."""
        self._authorise(ctx, Action.MANAGE_TRAININGS)
        seats = v.whole(capacity, "capacity", low=1, high=CAPACITY_MAX)

        def command() -> None:
            training = self.training(training_id)
            training.change_capacity(seats, self.clock.now())
            self._save(ctx, training)

        self._attempt(command)

    def record_attendance(
        self, ctx: Context, training_id: UUID, session: int, present: Iterable[UUID]
    ) -> None:
        """Staff record who attended a session (numbered from 1); recording again corrects."""
        self._authorise(ctx, Action.MANAGE_TRAININGS)
        number = v.whole(session, "session", low=1, high=SESSIONS_MAX)
        members = list(present)
        if not all(isinstance(m, UUID) for m in members):
            raise Invalid("present must list member ids", field="present")

        def command() -> None:
            training = self.training(training_id)
            training.record_attendance(number, members, self.clock.now())
            self._save(ctx, training)

        self._attempt(command)

    def complete_training(self, ctx: Context, training_id: UUID, member_id: UUID) -> None:
        """Staff mark a member who attended every session as having completed the training:
        the training and the member's certified skill are saved in one write."""
        self._authorise(ctx, Action.MANAGE_TRAININGS)

        def command() -> None:
            training = self.training(training_id)
            training.complete(member_id)
            certifications = self.certifications_of(member_id) or Certifications.open(member_id)
            certifications.certify(training.skill, training.id, training.title)
            self._save(ctx, training, certifications)

        self._attempt(command)

    # -- members: enrolment ---------------------------------------------------------------

    def enrol(self, ctx: Context, training_id: UUID) -> Place:
        """The signed-in member takes a seat, or the next place on the waitlist when full."""

        def command() -> Place:
            member = self._authorise(ctx, Action.ENROL_IN_TRAINING)
            training = self.training(training_id)
            place = training.enrol(member.id, self.clock.now())
            self._save(ctx, training)
            return place

        return self._attempt(command)

    def withdraw_from_training(self, ctx: Context, training_id: UUID) -> UUID | None:
        """The signed-in member gives up their seat or waitlist place; a freed seat goes to the
        first on the waitlist in the same write. Returns the promoted member's id, if any."""

        def command() -> UUID | None:
            member = self._authorise(ctx, Action.ENROL_IN_TRAINING)
            training = self.training(training_id)
            promoted = training.withdraw(member.id, self.clock.now())
            self._save(ctx, training)
            return promoted

        return self._attempt(command)

    # -- endorsements ---------------------------------------------------------------------

    def _colleague(self, member_id: UUID) -> Member:
        member = self._load_or_none(Member, member_id)
        if member is None or member.erased:
            raise NotFound("no member {member_id}", member_id=member_id, field="member_id")
        return member

    def endorse_skill(self, ctx: Context, member_id: UUID, skill: str) -> UUID:
        """The signed-in member vouches for a skill another member claims; once per skill.
        Returns the endorsement's id."""
        name = _skill(skill)

        def command() -> UUID:
            endorser = self._authorise(ctx, Action.ENDORSE_SKILL)
            member = self._colleague(member_id)
            existing = self._load_or_none(
                Endorsement, Endorsement.id_for(endorser.id, member.id, name)
            )
            if existing is None:
                endorsement = Endorsement.give(endorser.id, member.id, name, member.skills)
            else:
                existing.renew(member.skills)
                endorsement = existing
            self._save(ctx, endorsement)
            return endorsement.id

        return self._attempt(command)

    def withdraw_endorsement(self, ctx: Context, member_id: UUID, skill: str) -> None:
        """The endorser takes back their endorsement of a member's skill."""
        name = _skill(skill)

        def command() -> None:
            endorser = self._authorise(ctx, Action.ENDORSE_SKILL)
            endorsement = self._load_or_none(
                Endorsement, Endorsement.id_for(endorser.id, member_id, name)
            )
            if endorsement is None:
                raise NotFound(
                    "you have not endorsed this member's {name}", name=name, field="skill"
                )
            endorsement.withdraw()
            self._save(ctx, endorsement)

        self._attempt(command)

    # -- verified credits -----------------------------------------------------------------

    def confirm_crew_at_wrap(
        self, ctx: Context, project_id: UUID, member_ids: list[UUID] | None = None
    ) -> list[UUID]:
        """The director of a wrapped project confirms its hired crew (all of them, or those
        named): each gets a verified credit with the project's title, year and their role, all
        in one write. A project only wraps from in_production, so the shoot took place.
        Returns the members credited now."""

        def command() -> list[UUID]:
            director = self._authorise(ctx, Action.MANAGE_OWN_PROJECT)
            project = self._load(Project, project_id, "project")
            if project.director_id != director.id:
                raise Forbidden("only the project's director can confirm its crew")
            if project.status is not ProjectStatus.WRAPPED:
                raise Conflict(
                    "the project is {status}; crew are confirmed once it has wrapped",
                    status=project.status.value,
                )
            hired = project.hired()
            if not hired:
                raise Conflict("nobody was hired on this project, so there is nobody to credit")
            if member_ids is None:
                chosen = sorted(hired)
            else:
                chosen = sorted(set(member_ids))
                if not chosen:
                    raise Invalid("name at least one hired member to confirm", field="member_ids")
                strangers = [m for m in chosen if m not in hired]
                if strangers:
                    raise Conflict(
                        "{strangers_count} of the members named were not hired on “{project}”; "
                        "only its hired crew can be confirmed",
                        strangers_count=len(strangers),
                        project=project.title,
                        field="member_ids",
                    )
            touched: list[Credits] = []
            for member_id in chosen:
                credits = self.verified_credits_of(member_id) or Credits.open(member_id)
                if project.id in credits.verified:
                    if member_ids is None:
                        continue
                    raise Conflict(
                        "the credit on “{project}” is already verified for {member}",
                        project=project.title,
                        member=self._credited_name(member_id),
                        field="member_ids",
                    )
                crew_role = project.role_of(member_id)
                if crew_role is None:
                    continue
                credits.verify(
                    project.id,
                    title=project.title,
                    year=project.shoot_end.year,
                    role=crew_role.role,
                    confirmed_by=director.id,
                )
                touched.append(credits)
            if not touched:
                raise Conflict(
                    "every hired member of “{project}” is already credited", project=project.title
                )
            self._save(ctx, *touched)
            return [c.member_id for c in touched]

        return self._attempt(command)

    def _credited_name(self, member_id: UUID) -> str:
        member = self._load_or_none(Member, member_id)
        return member.name if member else str(member_id)
