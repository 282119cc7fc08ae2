"""Trainings and skills: the trainings list with seats and waitlist, a member's enrolments, and a
member's skills (claimed, certified, endorsed) and credits (claimed, verified) for the profile
page and the matching engine. A certified skill and a verified credit are always told apart from
a claim."""

from __future__ import annotations

import json

from domain.credit import Credits
from domain.endorsement import Endorsement
from domain.member import Member
from domain.training import Certifications, Training
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.training_queries import (
    COMPLETED,
    ENROLLED,
    LEFT_WAITLIST,
    WAITLISTED,
    WITHDRAWN,
    TrainingQueries,
    seoul_iso,
)


class Trainings(TrainingQueries, View):
    name = "trainings"
    SCHEMA_VERSION = 1
    TABLES = (
        "tr_trainings",
        "tr_places",
        "tr_certificates",
        "tr_endorsements",
        "tr_claimed_skills",
        "tr_credits",
    )
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
        self._claimed = self.rows(
            "tr_claimed_skills", ("member_id", "skill"), ("member_id", "skill", "level")
        )

    # -- trainings ----------------------------------------------------------------------------

    @on(Training.Scheduled, writes_other_tables=True)
    def _scheduled(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        sessions = [[seoul_iso(s["start"]), seoul_iso(s["end"])] for s in ev.sessions]
        tx.execute(
            "INSERT INTO tr_trainings (training_id, title, description, skill, capacity, "
            "sessions, starts, enrol_by, cancelled, cancel_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '') "
            "ON CONFLICT (training_id) DO UPDATE SET title = excluded.title, "
            "description = excluded.description, skill = excluded.skill, "
            "capacity = excluded.capacity, sessions = excluded.sessions, "
            "starts = excluded.starts, enrol_by = excluded.enrol_by",
            (
                e.originator_id.hex,
                ev.title,
                ev.description,
                ev.skill,
                ev.capacity,
                json.dumps(sessions),
                sessions[0][0],
                seoul_iso(ev.enrol_by),
            ),
        )

    @on(Training.CapacityChanged, writes_other_tables=True)
    def _capacity(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE tr_trainings SET capacity = ? WHERE training_id = ?",
            (e.event.capacity, e.originator_id.hex),
        )

    @on(Training.Cancelled, writes_other_tables=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE tr_trainings SET cancelled = 1, cancel_reason = ? WHERE training_id = ?",
            (e.event.reason, e.originator_id.hex),
        )

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
        rows = tx.execute(
            "SELECT member_id, attended FROM tr_places WHERE training_id = ?",
            (e.originator_id.hex,),
        ).fetchall()
        for member_id, raw in rows:
            attended = set(json.loads(raw)) - {session}
            if member_id in present:
                attended.add(session)
            tx.execute(
                "UPDATE tr_places SET attended = ? WHERE training_id = ? AND member_id = ?",
                (json.dumps(sorted(attended)), e.originator_id.hex, member_id),
            )

    # -- skills and credits -------------------------------------------------------------------

    @on(Certifications.SkillCertified, writes_other_tables=True)
    def _certified(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_certificates (member_id, training_id, skill, title, certified_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, training_id) DO UPDATE SET "
            "skill = excluded.skill, title = excluded.title, certified_at = excluded.certified_at",
            (ev.member_id.hex, ev.training_id.hex, ev.skill, ev.title, seoul_iso(e.at)),
        )

    @on(Endorsement.Given, writes_other_tables=True)
    def _endorsed(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO tr_endorsements (endorsement_id, endorser_id, member_id, skill, active, "
            "since) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (endorsement_id) DO UPDATE SET "
            "active = 1, since = excluded.since",
            (e.originator_id.hex, ev.endorser_id.hex, ev.member_id.hex, ev.skill, seoul_iso(e.at)),
        )

    @on(Endorsement.Renewed, writes_other_tables=True)
    def _renewed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE tr_endorsements SET active = 1, since = ? WHERE endorsement_id = ?",
            (seoul_iso(e.at), e.originator_id.hex),
        )

    @on(Endorsement.Withdrawn, writes_other_tables=True)
    def _unendorsed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE tr_endorsements SET active = 0 WHERE endorsement_id = ?", (e.originator_id.hex,)
        )

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
            (
                ev.member_id.hex,
                f"project:{ev.project_id.hex}",
                ev.title,
                ev.year,
                ev.role,
                ev.project_id.hex,
            ),
        )

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        """What the member typed about themselves goes; what the platform recorded (places,
        certificates, verified credits, endorsements: ids and course titles) stays."""
        tx.execute("DELETE FROM tr_claimed_skills WHERE member_id = ?", (e.originator_id.hex,))
        tx.execute(
            "DELETE FROM tr_credits WHERE member_id = ? AND verified = 0", (e.originator_id.hex,)
        )
