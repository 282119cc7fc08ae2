"""Talent search for scouts: directors and crew filtered by skill (claimed at a level, or
certified), genre (of the projects they directed or were hired on, or declared in their work
terms), university, verified
credits and being free between two dates (no hire on a shoot then, no day the member declared
themselves unavailable). A query over the directory, trainings and projects views' tables and
the days members declared away, which `Talent` keeps; each row carries the facts it matched on,
for the page to say why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.member import Member
from domain.personal_data import ERASED
from domain.saved_search import TALENT_ROLES
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


class Talent(View):
    """The days each member declared themselves unavailable (Member.AvailabilityChanged gives
    the whole list each time), one row per period, for talent search's free dates."""

    name = "talent"
    TABLES = ("tal_unavailable",)
    DDL = (
        "CREATE TABLE tal_unavailable (member_id TEXT NOT NULL, start_date TEXT NOT NULL, "
        "end_date TEXT NOT NULL, PRIMARY KEY (member_id, start_date, end_date))",
    )

    @on(Member.AvailabilityChanged)
    def _unavailable(self, tx: Tx, e: Envelope) -> None:
        member = e.originator_id.hex
        tx.execute("DELETE FROM tal_unavailable WHERE member_id = ?", (member,))
        periods = {(_day(p["start"]), _day(p["end"])) for p in e.event.unavailable}
        tx.executemany(
            "INSERT INTO tal_unavailable (member_id, start_date, end_date) VALUES (?, ?, ?)",
            [(member, start, end) for start, end in sorted(periods)],
        )


@dataclass(frozen=True)
class TalentQuery:
    """What a scout asks. `level` 0 is any level; `certified`: the skill certified by a
    training; both dates or neither."""

    role: str | None = None
    skill: str | None = None
    level: int = 0
    certified: bool = False
    genre: str | None = None
    university_id: UUID | None = None
    verified_credits: bool = False
    free_from: date | None = None
    free_to: date | None = None

    @property
    def asks(self) -> bool:
        return self != TalentQuery()


@dataclass(frozen=True)
class TalentRow:
    member_id: UUID
    name: str
    roles: tuple[str, ...]
    university_id: UUID | None
    university: str
    university_ko: str
    skill_level: int | None  # the level claimed in the skill asked for
    certified_in: str  # the training that certified the skill asked for ("" when none)
    verified_credits: int
    genres: tuple[str, ...]  # the genres of their projects (directed or hired on)
    declared_genres: tuple[str, ...]  # the genres they say they want to work on
    films: int  # projects directed or hired on


def _genres_of(tx: Tx, members: list[str]) -> dict[str, tuple[set[str], int]]:
    """Each member's project genres and how many projects: directed, or hired on."""
    found: dict[str, tuple[set[str], set[str]]] = {m: (set(), set()) for m in members}
    if not members:
        return {}
    marks = ", ".join("?" for _ in members)
    for director, project, genres in tx.execute(
        f"SELECT director_id, project_id, genres FROM prj_projects WHERE director_id IN ({marks}) "
        "AND status <> 'draft'",
        members,
    ).fetchall():
        found[director][0].update(json.loads(genres))
        found[director][1].add(project)
    for member in members:
        for project, genres in tx.execute(
            "SELECT DISTINCT p.project_id, p.genres FROM prj_roles r JOIN prj_projects p "
            "ON p.project_id = r.project_id WHERE r.hired LIKE ?",
            (f'%"{member}"%',),
        ).fetchall():
            found[member][0].update(json.loads(genres))
            found[member][1].add(project)
    return {m: (genres, len(projects)) for m, (genres, projects) in found.items()}


def search_talent(
    tx: Tx, query: TalentQuery, *, limit: int = 20, offset: int = 0
) -> list[TalentRow]:
    """Directors and crew who satisfy every filter given, by name; one more than `limit` is
    never read (the page asks for limit + 1 to know whether there is more)."""
    where = ["d.name <> ?"]
    params: list[Any] = [ERASED]
    roles = [query.role] if query.role in TALENT_ROLES else list(TALENT_ROLES)
    where.append("(" + " OR ".join("d.roles LIKE ?" for _ in roles) + ")")
    params += [f'%"{r}"%' for r in roles]
    skill = (query.skill or "").strip().lower()
    if skill:
        certified = (
            "EXISTS (SELECT 1 FROM tr_certificates c WHERE c.member_id = d.member_id "
            "AND c.skill = ?)"
        )
        claimed = (
            "EXISTS (SELECT 1 FROM tr_claimed_skills k WHERE k.member_id = d.member_id "
            "AND k.skill = ? AND k.level >= ?)"
        )
        if query.certified:
            where.append(certified)
            params.append(skill)
        else:
            where.append(f"({certified} OR {claimed})")
            params += [skill, skill, max(query.level, 1)]
    if query.university_id:
        where.append("d.university_id = ?")
        params.append(query.university_id.hex)
    if query.verified_credits:
        where.append(
            "EXISTS (SELECT 1 FROM tr_credits v WHERE v.member_id = d.member_id AND v.verified = 1)"
        )
    if query.genre:
        genre = f'%"{query.genre.lower()}"%'
        where.append(
            "(d.genres LIKE ? OR EXISTS (SELECT 1 FROM prj_projects p WHERE "
            "p.director_id = d.member_id "
            "AND p.status <> 'draft' AND p.genres LIKE ?) OR EXISTS (SELECT 1 FROM prj_roles r "
            "JOIN prj_projects p ON p.project_id = r.project_id WHERE r.hired LIKE "
            "? || d.member_id || ? AND p.genres LIKE ?))"
        )
        # '%' goes as a parameter: PostgreSQL's driver reads one in the statement as a placeholder
        params += [genre, genre, "%", "%", genre]
    if query.free_from and query.free_to:
        where.append(
            "NOT EXISTS (SELECT 1 FROM prj_roles r WHERE r.hired LIKE ? || d.member_id || ? "
            "AND r.start_date <= ? AND r.end_date >= ?)"
        )
        params += ["%", "%"]
        where.append(
            "NOT EXISTS (SELECT 1 FROM tal_unavailable a WHERE a.member_id = d.member_id "
            "AND a.start_date <= ? AND a.end_date >= ?)"
        )
        params += [query.free_to.isoformat(), query.free_from.isoformat()] * 2
    rows = tx.execute(
        "SELECT d.member_id, d.name, d.roles, d.university_id, COALESCE(u.name, ''), "
        "COALESCE(u.name_ko, ''), (SELECT COUNT(*) FROM tr_credits v WHERE "
        "v.member_id = d.member_id AND v.verified = 1), d.genres FROM dir_members d LEFT JOIN "
        "dir_universities u ON u.university_id = d.university_id "
        f"WHERE {' AND '.join(where)} ORDER BY d.name, d.member_id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    members = [r[0] for r in rows]
    levels: dict[str, int] = {}
    certificates: dict[str, str] = {}
    if skill and members:
        marks = ", ".join("?" for _ in members)
        levels = {
            m: int(level)
            for m, level in tx.execute(
                f"SELECT member_id, level FROM tr_claimed_skills WHERE skill = ? "
                f"AND member_id IN ({marks})",
                (skill, *members),
            ).fetchall()
        }
        certificates = {
            m: title
            for m, title in tx.execute(
                f"SELECT member_id, title FROM tr_certificates WHERE skill = ? "
                f"AND member_id IN ({marks}) ORDER BY certified_at",
                (skill, *members),
            ).fetchall()
        }
    work = _genres_of(tx, members)
    return [
        TalentRow(
            member_id=UUID(r[0]),
            name=r[1],
            roles=tuple(x for x in json.loads(r[2]) if x in TALENT_ROLES),
            university_id=UUID(r[3]) if r[3] else None,
            university=r[4],
            university_ko=r[5],
            skill_level=levels.get(r[0]),
            certified_in=certificates.get(r[0], ""),
            verified_credits=int(r[6]),
            genres=tuple(sorted(work.get(r[0], (set(), 0))[0])),
            films=work.get(r[0], (set(), 0))[1],
            declared_genres=tuple(json.loads(r[7] or "[]")),
        )
        for r in rows
    ]
