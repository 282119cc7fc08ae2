"""What the trainings view answers: the trainings list with seats and waitlist, a training's
roster and waitlist, a member's enrolments, and a member's skills (claimed, certified,
endorsed) and credits (claimed, verified)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.clock import SEOUL
from projections.projector.sql import Tx

# Where a member stands in a training (tr_places.state).
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


def seoul_iso(moment: datetime) -> str:
    return moment.astimezone(SEOUL).isoformat()


def _training(row: tuple[Any, ...]) -> TrainingRow:
    return TrainingRow(
        training_id=UUID(row[0]),
        title=row[1],
        description=row[2],
        skill=row[3],
        capacity=int(row[4]),
        sessions=tuple(
            (datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in json.loads(row[5])
        ),
        enrol_by=datetime.fromisoformat(row[6]),
        cancelled=bool(row[7]),
        cancel_reason=row[8],
        seats_taken=int(row[9]),
        waitlist_length=int(row[10]),
    )


_TRAINING_COLUMNS = (
    "t.training_id, t.title, t.description, t.skill, t.capacity, t.sessions, t.enrol_by, "
    "t.cancelled, t.cancel_reason, "
    "(SELECT COUNT(*) FROM tr_places p WHERE p.training_id = t.training_id "
    "AND p.state IN ('enrolled', 'completed')), "
    "(SELECT COUNT(*) FROM tr_places p WHERE p.training_id = t.training_id "
    "AND p.state = 'waitlisted')"
)


class TrainingQueries:
    """The trainings view's reads (the view class answers them: `Trainings.skills(tx, id)`)."""

    # -- queries: trainings -------------------------------------------------------------------

    @staticmethod
    def trainings(
        tx: Tx,
        *,
        starting_from: datetime | None = None,
        include_cancelled: bool = False,
        skill: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[TrainingRow]:
        """Trainings by their first session (from `starting_from`); cancelled ones on request."""
        where, params = ["1 = 1"], []
        if not include_cancelled:
            where.append("t.cancelled = 0")
        if starting_from is not None:
            where.append("t.starts >= ?")
            params.append(seoul_iso(starting_from))
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
        row = tx.execute(
            f"SELECT {_TRAINING_COLUMNS} FROM tr_trainings t WHERE t.training_id = ?",
            (training_id.hex,),
        ).fetchone()
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
                training_id=UUID(r[0]),
                title=r[1],
                skill=r[2],
                starts=datetime.fromisoformat(r[3]),
                state=r[4],
                waitlist_position=int(r[8]) if r[4] == WAITLISTED else None,
                attended=tuple(json.loads(r[5])),
                sessions=len(json.loads(r[6])),
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
            r[0]: int(r[1])
            for r in tx.execute(
                "SELECT skill, level FROM tr_claimed_skills WHERE member_id = ?", (key,)
            ).fetchall()
        }
        certified: dict[str, list[str]] = {}
        for skill, title in tx.execute(
            "SELECT skill, title FROM tr_certificates WHERE member_id = ? "
            "ORDER BY certified_at, training_id",
            (key,),
        ).fetchall():
            certified.setdefault(skill, []).append(title)
        endorsed: dict[str, int] = {
            r[0]: int(r[1])
            for r in tx.execute(
                "SELECT skill, COUNT(*) FROM tr_endorsements WHERE member_id = ? AND active = 1 "
                "GROUP BY skill",
                (key,),
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
        return [
            CreditRow(
                title=r[0],
                year=int(r[1]),
                role=r[2],
                link=r[3],
                verified=bool(r[4]),
                project_id=UUID(r[5]) if r[5] else None,
            )
            for r in rows
        ]

    @staticmethod
    def certified_members(tx: Tx, skill: str) -> list[UUID]:
        """Members certified in a skill (for matching: "certified in AI editing")."""
        rows = tx.execute(
            "SELECT DISTINCT member_id FROM tr_certificates WHERE skill = ? ORDER BY member_id",
            (skill.strip().lower(),),
        ).fetchall()
        return [UUID(r[0]) for r in rows]

    @staticmethod
    def certified(tx: Tx, member_ids: list[UUID]) -> dict[UUID, set[str]]:
        """The skills each of these members is certified in (by a completed training)."""
        if not member_ids:
            return {}
        marks = ", ".join("?" for _ in member_ids)
        rows = tx.execute(
            f"SELECT member_id, skill FROM tr_certificates WHERE member_id IN ({marks})",
            [m.hex for m in member_ids],
        ).fetchall()
        found: dict[UUID, set[str]] = {}
        for member_hex, skill in rows:
            found.setdefault(UUID(member_hex), set()).add(skill)
        return found
