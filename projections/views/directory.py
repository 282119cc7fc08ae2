"""The member directory: who is here, their roles, university, skills; searchable by text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.member import Member
from domain.personal_data import ERASED
from domain.university import University
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on


@dataclass(frozen=True)
class MemberCard:
    member_id: UUID
    name: str
    roles: tuple[str, ...]
    university_id: UUID | None
    affiliation_verified: bool
    city: str
    skills: dict[str, int]
    joined: str
    day_rate_krw: int = 0  # 0: not stated
    genres: tuple[str, ...] = ()  # the genres the member wants to work on


@dataclass(frozen=True)
class UniversityRow:
    university_id: UUID
    name: str
    name_ko: str


_COLUMNS = (
    "member_id, name, roles, university_id, affiliation_verified, city, skills, joined, "
    "day_rate_krw, genres"
)


def _card(row: tuple[Any, ...]) -> MemberCard:
    return MemberCard(
        member_id=UUID(row[0]),
        name=row[1],
        roles=tuple(json.loads(row[2])),
        university_id=UUID(row[3]) if row[3] else None,
        affiliation_verified=bool(row[4]),
        city=row[5],
        skills=json.loads(row[6]),
        joined=row[7],
        day_rate_krw=int(row[8]),
        genres=tuple(json.loads(row[9])),
    )


class Directory(View):
    name = "directory"
    SCHEMA_VERSION = 2  # 2: day rate and genre interests
    TABLES = ("dir_members", "dir_universities")
    DDL = (
        "CREATE TABLE dir_members (member_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "search TEXT NOT NULL, roles TEXT NOT NULL, university_id TEXT, "
        "affiliation_verified INTEGER NOT NULL, city TEXT NOT NULL, skills TEXT NOT NULL, "
        "joined TEXT NOT NULL, day_rate_krw BIGINT NOT NULL, genres TEXT NOT NULL)",
        "CREATE INDEX dir_members_university ON dir_members (university_id)",
        "CREATE TABLE dir_universities (university_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "name_ko TEXT NOT NULL)",
    )

    # -- events -------------------------------------------------------------------------------

    @on(University.Joined, writes_other_tables=True)
    def _university(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO dir_universities (university_id, name, name_ko) VALUES (?, ?, ?) "
            "ON CONFLICT (university_id) DO UPDATE SET name = excluded.name, "
            "name_ko = excluded.name_ko",
            (e.originator_id.hex, e.event.name, e.event.name_ko),
        )

    def __init__(self) -> None:
        super().__init__()
        self._members = self.rows(
            "dir_members",
            ("member_id",),
            (
                "member_id",
                "name",
                "search",
                "roles",
                "university_id",
                "affiliation_verified",
                "city",
                "skills",
                "joined",
                "day_rate_krw",
                "genres",
            ),
        )

    @on(Member.Registered, batched=True)
    def _registered(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        roles = sorted(r.value for r in ev.roles)
        self._members.insert_new(
            (
                e.originator_id.hex,
                ev.name,
                ev.name.lower(),
                json.dumps(roles),
                ev.university_id.hex if ev.university_id else None,
                0,
                "",
                "{}",
                e.at.isoformat(),
                0,
                "[]",
            )
        )

    def _update(self, tx: Tx, member_id: UUID, **values: Any) -> None:
        self._members.update(tx, (member_id.hex,), **values)

    def _roles(self, tx: Tx, member_id: UUID) -> list[str]:
        row = self._members.get(tx, (member_id.hex,))
        return list(json.loads(row[3])) if row and row[3] else []

    @on(Member.RoleGranted, batched=True)
    def _granted(self, tx: Tx, e: Envelope) -> None:
        roles = sorted(set(self._roles(tx, e.originator_id)) | {e.event.role.value})
        self._update(tx, e.originator_id, roles=json.dumps(roles))

    @on(Member.RoleRevoked, batched=True)
    def _revoked(self, tx: Tx, e: Envelope) -> None:
        roles = sorted(set(self._roles(tx, e.originator_id)) - {e.event.role.value})
        self._update(tx, e.originator_id, roles=json.dumps(roles))

    @on(Member.AffiliationVerified, batched=True)
    def _verified(self, tx: Tx, e: Envelope) -> None:
        self._update(tx, e.originator_id, affiliation_verified=1)

    @on(Member.AffiliationRevoked, batched=True)
    def _unverified(self, tx: Tx, e: Envelope) -> None:
        self._update(tx, e.originator_id, affiliation_verified=0)

    @on(Member.ProfileUpdated, batched=True)
    def _profile(self, tx: Tx, e: Envelope) -> None:
        name = e.event.name
        self._update(
            tx,
            e.originator_id,
            name=name,
            city=e.event.city,
            search=f"{name} {e.event.city}".lower(),
        )

    @on(Member.SkillClaimed, batched=True)
    def _skill(self, tx: Tx, e: Envelope) -> None:
        row = self._members.get(tx, (e.originator_id.hex,))
        if row is None:
            return
        skills = json.loads(row[7]) if row[7] else {}
        skills[e.event.skill] = e.event.level
        self._update(tx, e.originator_id, skills=json.dumps(skills, sort_keys=True))

    @on(Member.WorkTermsStated, batched=True)
    def _work_terms(self, tx: Tx, e: Envelope) -> None:
        self._update(
            tx,
            e.originator_id,
            day_rate_krw=e.event.day_rate_krw,
            genres=json.dumps(list(e.event.genres)),
        )

    @on(Member.Erased, batched=True)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        self._update(
            tx, e.originator_id, name=ERASED, search="", city="", day_rate_krw=0, genres="[]"
        )

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def universities(tx: Tx) -> list[UniversityRow]:
        rows = tx.execute(
            "SELECT university_id, name, name_ko FROM dir_universities ORDER BY name"
        ).fetchall()
        return [UniversityRow(UUID(r[0]), r[1], r[2]) for r in rows]

    @staticmethod
    def member(tx: Tx, member_id: UUID) -> MemberCard | None:
        row = tx.execute(
            f"SELECT {_COLUMNS} FROM dir_members WHERE member_id = ?", (member_id.hex,)
        ).fetchone()
        return _card(row) if row else None

    @staticmethod
    def search(
        tx: Tx,
        text: str = "",
        *,
        role: str | None = None,
        university_id: UUID | None = None,
        skill: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[MemberCard]:
        where, params = ["name <> ?"], [ERASED]
        if text:
            where.append("search LIKE ?")
            params.append(f"%{text.strip().lower()}%")
        if role:
            where.append("roles LIKE ?")
            params.append(f'%"{role}"%')
        if university_id:
            where.append("university_id = ?")
            params.append(university_id.hex)
        if skill:
            where.append("skills LIKE ?")
            params.append(f'%"{skill.lower()}"%')
        rows = tx.execute(
            f"SELECT {_COLUMNS} FROM dir_members WHERE {' AND '.join(where)} "
            "ORDER BY name, member_id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [_card(r) for r in rows]

    @staticmethod
    def names(tx: Tx, ids: Iterable[UUID | None]) -> dict[UUID, str]:
        """Members' display names by id (an erased member reads as erased; unknown ids are
        left out)."""
        wanted = sorted({i.hex for i in ids if i is not None})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = tx.execute(
            f"SELECT member_id, name FROM dir_members WHERE member_id IN ({marks})", wanted
        ).fetchall()
        return {UUID(r[0]): r[1] for r in rows}

    @staticmethod
    def count(tx: Tx) -> int:
        return int(tx.scalar("SELECT COUNT(*) FROM dir_members") or 0)
