"""Trainings and skills: the trainings list with seats and waitlist, a member's enrolments, and a
member's skills (claimed, certified, endorsed) and credits (claimed, verified) for the profile
page and the matching engine. A certified skill and a verified credit are always told apart from
a claim."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.clock import SEOUL
from domain.credit import Credits
from domain.endorsement import Endorsement
from domain.member import Member
from domain.training import Certifications, Training
from projections.projector.runner import Envelope, View, on
from projections.projector.sql import Tx

ENROLLED = "enrolled"
WAITLISTED = "waitlisted"
WITHDRAWN = "withdrawn"
LEFT_WAITLIST = "left_waitlist"
COMPLETED = "completed"
HOLDING_SEAT = (ENROLLED, COMPLETED)


@dataclass(frozen=True)
class TrainingRow:
    training_id: UUID
    title: str
    description: str
    skill: str
    capacity: int
    sessions: tuple[tuple[datetime, datetime], ...]
    enrol_by: datetime
    cancelled: bool
    cancel_reason: str
    seats_taken: int
    waitlist_length: int

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def starts(self) -> datetime:
        return self.sessions[0][0]

    @property
    def ends(self) -> datetime:
        return self.sessions[-1][1]


@dataclass(frozen=True)
class EnrolmentRow:
    """One member's place in one training."""

    training_id: UUID
    title: str
    skill: str
    starts: datetime
    state: str  # enrolled, waitlisted, withdrawn, left_waitlist, completed
    waitlist_position: int | None
    attended: tuple[int, ...]
    sessions: int
    cancelled: bool


@dataclass(frozen=True)
class SkillBadge:
    """A skill on a member's profile: claimed (with level), certified (by which trainings), and
    how many members endorse it."""

    skill: str
    claimed_level: int | None
    certified_by: tuple[str, ...]
    endorsements: int

    @property
    def certified(self) -> bool:
        return bool(self.certified_by)


@dataclass(frozen=True)
class CreditRow:
    title: str
    year: int
    role: str
    link: str
    verified: bool
    project_id: UUID | None


def _iso(moment: datetime) -> str:
    return moment.astimezone(SEOUL).isoformat()


def _training(row: tuple[Any, ...]) -> TrainingRow:
    return TrainingRow(
        training_id=UUID(row[0]), title=row[1], description=row[2], skill=row[3],
        capacity=int(row[4]),
        sessions=tuple((datetime.fromisoformat(s), datetime.fromisoformat(e))
                       for s, e in json.loads(row[5])),
        enrol_by=datetime.fromisoformat(row[6]), cancelled=bool(row[7]), cancel_reason=row[8],
        seats_taken=int(row[9]), waitlist_length=int(row[10]),
    )


_TRAINING_COLUMNS = (
    "t.training_id, t.title, t.description, t.skill, t.capacity, t.sessions, t.enrol_by, "
    "t.cancelled, t.cancel_reason, "
    "(SELECT COUNT(*) FROM tr_places p WHERE p.training_id = t.training_id "
    "AND p.state IN ('enrolled', 'completed')), "
    "(SELECT COUNT(*) FROM tr_places p WHERE p.training_id = t.training_id "
    "AND p.state = 'waitlisted')"
)


class Trainings(View):
    name = "trainings"
    SCHEMA_VERSION = 1
    TABLES = ("tr_trainings", "tr_places", "tr_certificates", "tr_endorsements",
              "tr_claimed_skills", "tr_credits")
    DDL = (
        "CREATE TABLE tr_trainings (training_id TEXT PRIMARY KEY, title TEXT NOT NULL, "
        "description TEXT NOT NULL, skill TEXT NOT NULL, capacity INTEGER NOT NULL, "
        "sessions TEXT NOT NULL, starts TEXT NOT NULL, enrol_by TEXT NOT NULL, "
        "cancelled INTEGER NOT NULL, cancel_reason TEXT NOT NULL)",
        "CREATE INDEX tr_trainings_starts ON tr_trainings (starts)",
        "CREATE TABLE tr_places (training_id TEXT NOT NULL, member_id TEXT NOT NULL, "
        "state TEXT NOT NULL, queued_at BIGINT NOT NULL, attended TEXT NOT NULL, "
        "PRIMARY KEY (training_id, member_id))",
        "CREATE INDEX tr_places_member ON tr_places (member_id)",
        "CREATE TABLE tr_certificates (member_id TEXT NOT NULL, training_id TEXT NOT NULL, "
        "skill TEXT NOT NULL, title TEXT NOT NULL, certified_at TEXT NOT NULL, "
        "PRIMARY KEY (member_id, training_id))",
        "CREATE INDEX tr_certificates_skill ON tr_certificates (skill)",
        "CREATE TABLE tr_endorsements (endorsement_id TEXT PRIMARY KEY, endorser_id TEXT NOT NULL, "
        "member_id TEXT NOT NULL, skill TEXT NOT NULL, active INTEGER NOT NULL, "
        "since TEXT NOT NULL)",
        "CREATE INDEX tr_endorsements_member ON tr_endorsements (member_id, skill)",
        "CREATE TABLE tr_claimed_skills (member_id TEXT NOT NULL, skill TEXT NOT NULL, "
        "level INTEGER NOT NULL, PRIMARY KEY (member_id, skill))",
        "CREATE TABLE tr_credits (member_id TEXT NOT NULL, credit_id TEXT NOT NULL, "
        "title TEXT NOT NULL, year INTEGER NOT NULL, role TEXT NOT NULL, link TEXT NOT NULL, "
        "verified INTEGER NOT NULL, project_id TEXT, PRIMARY KEY (member_id, credit_id))",
    )

    def __init__(self) -> None:
        super().__init__()
        self._claimed = self.rows("tr_claimed_skills", ("member_id", "skill"),
                                  ("member_id", "skill", "level"))

    # -- trainings ----------------------------------------------------------------------------

    @on(Training.Scheduled, writes_other_tables=True)
    def _scheduled(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        sessions = [[_iso(s["start"]), _iso(s["end"])] for s in ev.sessions]
        tx.execute(
            "INSERT INTO tr_trainings (training_id, title, description, skill, capacity, "
            "sessions, starts, enrol_by, cancelled, cancel_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '') "
            "ON CONFLICT (training_id) DO UPDATE SET title = excluded.title, "
            "description = excluded.description, skill = excluded.skill, "
            "capacity = excluded.capacity, sessions = excluded.sessions, "
            "starts = excluded.starts, enrol_by = excluded.enrol_by",
            (e.originator_id.hex, ev.title, ev.description, ev.skill, ev.capacity,
             json.dumps(sessions), sessions[0][0], _iso(ev.enrol_by)),
        )

    @on(Training.CapacityChanged, writes_other_tables=True)
    def _capacity(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE tr_trainings SET capacity = ? WHERE training_id = ?",
                   (e.event.capacity, e.originator_id.hex))

    @on(Training.Cancelled, writes_other_tables=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE tr_trainings SET cancelled = 1, cancel_reason = ? "
                   "WHERE training_id = ?", (e.event.reason, e.originator_id.hex))

    def _place(self, tx: Tx, e: Envelope, state: str, *, requeue: bool = True) -> None:
        """Upsert the member's place; `queued_at` (the log position) orders the waitlist."""
        update = "state = excluded.state" + (", queued_at = excluded.queued_at" if requeue else "")
        tx.execute(
            "INSERT INTO tr_places (training_id, member_id, state, queued_at, attended) "
            "VALUES (?, ?, ?, ?, '[]') ON CONFLICT (training_id, member_id) "
            f"DO UPDATE SET {update}",
            (e.originator_id.hex, e.event.member_id.hex, state, e.position),
        )

    @on(Training.Enrolled, Training.PromotedFromWaitlist, writes_other_tables=True)
    def _enrolled(self, tx: Tx, e: Envelope) -> None:
        self._place(tx, e, ENROLLED)

    @on(Training.Waitlisted, writes_other_tables=True)
    def _waitlisted(self, tx: Tx, e: Envelope) -> None:
        self._place(tx, e, WAITLISTED)

    @on(Training.Withdrawn, writes_other_tables=True)
    def _withdrawn(self, tx: Tx, e: Envelope) -> None:
        self._place(tx, e, WITHDRAWN, requeue=False)

    @on(Training.LeftWaitlist, writes_other_tables=True)
    def _left(self, tx: Tx, e: Envelope) -> None:
        self._place(tx, e, LEFT_WAITLIST, requeue=False)

    @on(Training.Completed, writes_other_tables=True)
    def _completed(self, tx: Tx, e: Envelope) -> None:
        self._place(tx, e, COMPLETED, requeue=False)

    @on(Training.AttendanceRecorded, writes_other_tables=True)
    def _attendance(self, tx: Tx, e: Envelope) -> None:
        session, present = e.event.session, {m.hex for m in e.event.present}
        rows = tx.execute("SELECT member_id, attended FROM tr_places WHERE training_id = ?",
                          (e.originator_id.hex,)).fetchall()
        for member_id, raw in rows:
            attended = set(json.loads(raw)) - {session}
            if member_id in present:
                attended.add(session)
            tx.execute("UPDATE tr_places SET attended = ? WHERE training_id = ? AND member_id = ?",
                       (json.dumps(sorted(attended)), e.originator_id.hex, member_id))

    # -- skills and credits -------------------------------------------------------------------

    @on(Certifications.SkillCertified, writes_other_tables=True)
    def _certified(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_certificates (member_id, training_id, skill, title, certified_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, training_id) DO UPDATE SET "
            "skill = excluded.skill, title = excluded.title, certified_at = excluded.certified_at",
            (ev.member_id.hex, ev.training_id.hex, ev.skill, ev.title, _iso(e.at)),
        )

    @on(Endorsement.Given, writes_other_tables=True)
    def _endorsed(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_endorsements (endorsement_id, endorser_id, member_id, skill, active, "
            "since) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (endorsement_id) DO UPDATE SET "
            "active = 1, since = excluded.since",
            (e.originator_id.hex, ev.endorser_id.hex, ev.member_id.hex, ev.skill, _iso(e.at)),
        )

    @on(Endorsement.Renewed, writes_other_tables=True)
    def _renewed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE tr_endorsements SET active = 1, since = ? WHERE endorsement_id = ?",
                   (_iso(e.at), e.originator_id.hex))

    @on(Endorsement.Withdrawn, writes_other_tables=True)
    def _unendorsed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE tr_endorsements SET active = 0 WHERE endorsement_id = ?",
                   (e.originator_id.hex,))

    @on(Member.SkillClaimed, batched=True)
    def _claimed_skill(self, tx: Tx, e: Envelope) -> None:
        self._claimed.put((e.originator_id.hex, e.event.skill, e.event.level))

    @on(Member.CreditClaimed, writes_other_tables=True)
    def _claimed_credit(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_credits (member_id, credit_id, title, year, role, link, verified, "
            "project_id) VALUES (?, ?, ?, ?, ?, ?, 0, NULL) ON CONFLICT (member_id, credit_id) "
            "DO UPDATE SET title = excluded.title, year = excluded.year, role = excluded.role, "
            "link = excluded.link",
            (e.originator_id.hex, ev.credit_id.hex, ev.title, ev.year, ev.role, ev.link),
        )

    @on(Credits.CreditVerified, writes_other_tables=True)
    def _verified_credit(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_credits (member_id, credit_id, title, year, role, link, verified, "
            "project_id) VALUES (?, ?, ?, ?, ?, '', 1, ?) ON CONFLICT (member_id, credit_id) "
            "DO UPDATE SET title = excluded.title, year = excluded.year, role = excluded.role",
            (ev.member_id.hex, f"project:{ev.project_id.hex}", ev.title, ev.year, ev.role,
             ev.project_id.hex),
        )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        """What the member typed about themselves goes; what the platform recorded (places,
        certificates, verified credits, endorsements: ids and course titles) stays."""
        tx.execute("DELETE FROM tr_claimed_skills WHERE member_id = ?", (e.originator_id.hex,))
        tx.execute("DELETE FROM tr_credits WHERE member_id = ? AND verified = 0",
                   (e.originator_id.hex,))

    # -- queries: trainings -------------------------------------------------------------------

    @staticmethod
    def trainings(tx: Tx, *, starting_from: datetime | None = None,
                  include_cancelled: bool = False, skill: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[TrainingRow]:
        """Trainings by their first session (from `starting_from`); cancelled ones on request."""
        where, params = ["1 = 1"], []
        if not include_cancelled:
            where.append("t.cancelled = 0")
        if starting_from is not None:
            where.append("t.starts >= ?")
            params.append(_iso(starting_from))
        if skill:
            where.append("t.skill = ?")
            params.append(skill.strip().lower())
        rows = tx.execute(
            f"SELECT {_TRAINING_COLUMNS} FROM tr_trainings t WHERE {' AND '.join(where)} "
            "ORDER BY t.starts, t.training_id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [_training(r) for r in rows]

    @staticmethod
    def training(tx: Tx, training_id: UUID) -> TrainingRow | None:
        row = tx.execute(f"SELECT {_TRAINING_COLUMNS} FROM tr_trainings t "
                         "WHERE t.training_id = ?", (training_id.hex,)).fetchone()
        return _training(row) if row else None

    @staticmethod
    def roster(tx: Tx, training_id: UUID) -> list[UUID]:
        """Who holds a seat, in the order they got it."""
        rows = tx.execute(
            "SELECT member_id FROM tr_places WHERE training_id = ? "
            "AND state IN ('enrolled', 'completed') ORDER BY queued_at, member_id",
            (training_id.hex,),
        ).fetchall()
        return [UUID(r[0]) for r in rows]

    @staticmethod
    def waitlist(tx: Tx, training_id: UUID) -> list[UUID]:
        """Who waits, next in line first."""
        rows = tx.execute(
            "SELECT member_id FROM tr_places WHERE training_id = ? AND state = 'waitlisted' "
            "ORDER BY queued_at, member_id",
            (training_id.hex,),
        ).fetchall()
        return [UUID(r[0]) for r in rows]

    @staticmethod
    def enrolments(tx: Tx, member_id: UUID) -> list[EnrolmentRow]:
        """A member's places in trainings, soonest first, with their place on a waitlist."""
        rows = tx.execute(
            "SELECT p.training_id, t.title, t.skill, t.starts, p.state, p.attended, t.sessions, "
            "t.cancelled, (SELECT COUNT(*) FROM tr_places w WHERE w.training_id = p.training_id "
            "AND w.state = 'waitlisted' AND w.queued_at <= p.queued_at) "
            "FROM tr_places p JOIN tr_trainings t ON t.training_id = p.training_id "
            "WHERE p.member_id = ? ORDER BY t.starts, p.training_id",
            (member_id.hex,),
        ).fetchall()
        return [
            EnrolmentRow(
                training_id=UUID(r[0]), title=r[1], skill=r[2],
                starts=datetime.fromisoformat(r[3]), state=r[4],
                waitlist_position=int(r[8]) if r[4] == WAITLISTED else None,
                attended=tuple(json.loads(r[5])), sessions=len(json.loads(r[6])),
                cancelled=bool(r[7]),
            )
            for r in rows
        ]

    # -- queries: a member's skills and credits -----------------------------------------------

    @staticmethod
    def skills(tx: Tx, member_id: UUID) -> list[SkillBadge]:
        """Every skill the member claims or is certified in, by name; endorsements count only
        for claimed skills."""
        key = member_id.hex
        claimed: dict[str, int] = {
            r[0]: int(r[1]) for r in tx.execute(
                "SELECT skill, level FROM tr_claimed_skills WHERE member_id = ?", (key,)
            ).fetchall()
        }
        certified: dict[str, list[str]] = {}
        for skill, title in tx.execute(
            "SELECT skill, title FROM tr_certificates WHERE member_id = ? "
            "ORDER BY certified_at, training_id", (key,)
        ).fetchall():
            certified.setdefault(skill, []).append(title)
        endorsed: dict[str, int] = {
            r[0]: int(r[1]) for r in tx.execute(
                "SELECT skill, COUNT(*) FROM tr_endorsements WHERE member_id = ? AND active = 1 "
                "GROUP BY skill", (key,)
            ).fetchall()
        }
        return [
            SkillBadge(
                skill=skill,
                claimed_level=claimed.get(skill),
                certified_by=tuple(certified.get(skill, ())),
                endorsements=endorsed.get(skill, 0) if skill in claimed else 0,
            )
            for skill in sorted(set(claimed) | set(certified))
        ]

    @staticmethod
    def endorsers(tx: Tx, member_id: UUID, skill: str) -> list[UUID]:
        rows = tx.execute(
            "SELECT endorser_id FROM tr_endorsements WHERE member_id = ? AND skill = ? "
            "AND active = 1 ORDER BY since, endorser_id",
            (member_id.hex, skill.strip().lower()),
        ).fetchall()
        return [UUID(r[0]) for r in rows]

    @staticmethod
    def credits(tx: Tx, member_id: UUID) -> list[CreditRow]:
        """Claimed and verified credits, newest year first; verified ones first within a year."""
        rows = tx.execute(
            "SELECT title, year, role, link, verified, project_id FROM tr_credits "
            "WHERE member_id = ? ORDER BY year DESC, verified DESC, title, credit_id",
            (member_id.hex,),
        ).fetchall()
        return [CreditRow(title=r[0], year=int(r[1]), role=r[2], link=r[3],
                          verified=bool(r[4]), project_id=UUID(r[5]) if r[5] else None)
                for r in rows]

    @staticmethod
    def certified_members(tx: Tx, skill: str) -> list[UUID]:
        """Members certified in a skill (for matching: "certified in AI editing")."""
        rows = tx.execute(
            "SELECT DISTINCT member_id FROM tr_certificates WHERE skill = ? ORDER BY member_id",
            (skill.strip().lower(),),
        ).fetchall()
        return [UUID(r[0]) for r in rows]
