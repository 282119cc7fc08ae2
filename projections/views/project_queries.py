"""What people read of projects: the board, a project's page, who directs or crews what, the
crewing pipeline, and the small look-ups the project pages need. The rows are kept by the
Projects view (projections/views/projects.py), which inherits these queries."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from projections.projector.sql import Tx

VISIBLE = ("pitched", "crewing", "in_production", "wrapped")
OPEN = VISIBLE[:3]  # open to crew: on the board, hiring


@dataclass(frozen=True)
class RoleRow:
    role_id: UUID
    role: str
    skills: tuple[str, ...]
    count: int
    start: date
    end: date
    paid: bool
    hired: tuple[UUID, ...]
    budget_krw: int = 0  # the most the project pays for the role in all; 0: not set

    @property
    def open_seats(self) -> int:
        return max(self.count - len(self.hired), 0)


@dataclass(frozen=True)
class ProjectCard:
    project_id: UUID
    director_id: UUID
    title: str
    logline: str
    genres: tuple[str, ...]
    format: str
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    status: str
    pitched_at: str | None
    crewed_at: str | None
    open_seats: int
    has_pitch_deck: bool
    stills: int


@dataclass(frozen=True)
class ProjectPage:
    card: ProjectCard
    synopsis: str
    roles: tuple[RoleRow, ...]
    pitch_deck: dict[str, Any] | None
    stills: tuple[dict[str, Any], ...]
    prep_start: date | None = None
    prep_end: date | None = None
    post_start: date | None = None
    post_end: date | None = None
    cancel_reason: str = ""


@dataclass(frozen=True)
class PipelineItem:
    item_id: UUID
    kind: str  # invitation | application
    project_id: UUID
    role_id: UUID
    member_id: UUID
    status: str
    reason: str
    updated_at: str


@dataclass(frozen=True)
class FileOnProject:
    project_id: UUID
    director_id: UUID
    status: str
    record: dict[str, Any]  # filename, content_type, size, sha256


_CARD = (
    "project_id, director_id, title, logline, genres, format, language, budget_krw, "
    "shoot_start, shoot_end, status, pitched_at, crewed_at, open_seats, pitch_deck, stills"
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _card(r: tuple[Any, ...]) -> ProjectCard:
    return ProjectCard(
        project_id=UUID(r[0]),
        director_id=UUID(r[1]),
        title=r[2],
        logline=r[3],
        genres=tuple(json.loads(r[4])),
        format=r[5],
        language=r[6],
        budget_krw=int(r[7]),
        shoot_start=date.fromisoformat(r[8]),
        shoot_end=date.fromisoformat(r[9]),
        status=r[10],
        pitched_at=r[11],
        crewed_at=r[12],
        open_seats=int(r[13]),
        has_pitch_deck=r[14] is not None,
        stills=len(json.loads(r[15])),
    )


def _role(r: tuple[Any, ...]) -> RoleRow:
    return RoleRow(
        role_id=UUID(r[0]),
        role=r[1],
        skills=tuple(json.loads(r[2])),
        count=int(r[3]),
        start=date.fromisoformat(r[4]),
        end=date.fromisoformat(r[5]),
        paid=bool(r[6]),
        hired=tuple(UUID(h) for h in json.loads(r[7])),
        budget_krw=int(r[8]),
    )


class ProjectQueries:
    """The queries over prj_projects, prj_roles and prj_pipeline."""

    # -- queries ------------------------------------------------------------------------------

    @staticmethod
    def board(
        tx: Tx,
        text: str = "",
        *,
        genre: str | None = None,
        format: str | None = None,
        status: str | None = None,
        open_roles: bool = False,
        limit: int = 30,
        offset: int = 0,
        role: str | None = None,
    ) -> list[ProjectCard]:
        """Visible projects; `text` is looked for in the title, logline, genres and the crew
        roles (or `role`, the crew role the text names, when the caller knows it)."""
        statuses = (status,) if status in VISIBLE else OPEN
        where = [f"status IN ({', '.join('?' * len(statuses))})"]
        params: list[Any] = list(statuses)
        if text:
            where.append(
                "(search LIKE ? OR EXISTS (SELECT 1 FROM prj_roles r WHERE "
                "r.project_id = prj_projects.project_id AND r.role LIKE ?))"
            )
            params += [f"%{text.strip().lower()}%", f"%{(role or text).strip().lower()}%"]
        if genre:
            where.append("genres LIKE ?")
            params.append(f'%"{genre.lower()}"%')
        if format:
            where.append("format = ?")
            params.append(format)
        if open_roles:
            where.append("open_seats > 0")
        rows = tx.execute(
            f"SELECT {_CARD} FROM prj_projects WHERE {' AND '.join(where)} "
            "ORDER BY pitched_at DESC, project_id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [_card(r) for r in rows]

    @staticmethod
    def page(tx: Tx, project_id: UUID) -> ProjectPage | None:
        row = tx.execute(
            f"SELECT {_CARD}, synopsis, prep_start, prep_end, post_start, post_end, "
            "cancel_reason FROM prj_projects WHERE project_id = ?",
            (project_id.hex,),
        ).fetchone()
        if row is None:
            return None
        roles = tx.execute(
            "SELECT role_id, role, skills, count, start_date, end_date, paid, hired, budget_krw "
            "FROM prj_roles WHERE project_id = ? ORDER BY position, role_id",
            (project_id.hex,),
        ).fetchall()
        deck = json.loads(row[14]) if row[14] else None
        return ProjectPage(
            card=_card(row[:16]),
            synopsis=row[16],
            roles=tuple(_role(r) for r in roles),
            pitch_deck=deck,
            stills=tuple(json.loads(row[15])),
            prep_start=_day(row[17]),
            prep_end=_day(row[18]),
            post_start=_day(row[19]),
            post_end=_day(row[20]),
            cancel_reason=row[21],
        )

    @staticmethod
    def directed_by(tx: Tx, director_id: UUID) -> list[ProjectCard]:
        rows = tx.execute(
            f"SELECT {_CARD} FROM prj_projects WHERE director_id = ? ORDER BY created_at DESC",
            (director_id.hex,),
        ).fetchall()
        return [_card(r) for r in rows]

    @staticmethod
    def crewed_by(tx: Tx, member_id: UUID) -> list[ProjectCard]:
        rows = tx.execute(
            f"SELECT {', '.join('p.' + c.strip() for c in _CARD.split(','))} "
            "FROM prj_projects p JOIN prj_roles r ON r.project_id = p.project_id "
            "WHERE r.hired LIKE ? ORDER BY p.shoot_start DESC",
            (f'%"{member_id.hex}"%',),
        ).fetchall()
        return [_card(r) for r in rows]

    @staticmethod
    def pipeline(
        tx: Tx,
        *,
        project_id: UUID | None = None,
        member_id: UUID | None = None,
        status: str | None = None,
        item_id: UUID | None = None,
    ) -> list[PipelineItem]:
        where, params = [], []
        if item_id:
            where.append("item_id = ?")
            params.append(item_id.hex)
        if project_id:
            where.append("project_id = ?")
            params.append(project_id.hex)
        if member_id:
            where.append("member_id = ?")
            params.append(member_id.hex)
        if status:
            where.append("status = ?")
            params.append(status)
        rows = tx.execute(
            "SELECT item_id, kind, project_id, role_id, member_id, status, reason, updated_at "
            f"FROM prj_pipeline {'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY updated_at DESC, item_id",
            params,
        ).fetchall()
        return [
            PipelineItem(UUID(r[0]), r[1], UUID(r[2]), UUID(r[3]), UUID(r[4]), r[5], r[6], r[7])
            for r in rows
        ]

    @staticmethod
    def pipeline_item(tx: Tx, item_id: UUID, kind: str | None = None) -> PipelineItem | None:
        """One invitation or application as the pipeline lists it."""
        found = [
            i
            for i in ProjectQueries.pipeline(tx, item_id=item_id)
            if kind is None or i.kind == kind
        ]
        return found[0] if found else None

    @staticmethod
    def genres_on_board(tx: Tx) -> list[str]:
        """Every genre of a project open to crew, for the board's filter."""
        rows = tx.execute(
            "SELECT genres FROM prj_projects WHERE status IN (?, ?, ?)", OPEN
        ).fetchall()
        found: set[str] = set()
        for (raw,) in rows:
            found.update(json.loads(raw))
        return sorted(found)

    @staticmethod
    def role_names(tx: Tx, role_ids: Iterable[UUID]) -> dict[UUID, tuple[str, str, UUID]]:
        """Role id → (role, project title, director) for the pipeline lists."""
        wanted = sorted({r.hex for r in role_ids})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = tx.execute(
            "SELECT r.role_id, r.role, p.title, p.director_id FROM prj_roles r "
            f"JOIN prj_projects p ON p.project_id = r.project_id WHERE r.role_id IN ({marks})",
            wanted,
        ).fetchall()
        return {UUID(r[0]): (r[1], r[2], UUID(r[3])) for r in rows}

    @staticmethod
    def with_file(tx: Tx, sha256: str) -> list[FileOnProject]:
        """The projects recording an attached file, with the file's record on each."""
        rows = tx.execute(
            "SELECT project_id, director_id, status, pitch_deck, stills FROM prj_projects "
            "WHERE pitch_deck LIKE ? OR stills LIKE ?",
            (f"%{sha256}%", f"%{sha256}%"),
        ).fetchall()
        found: list[FileOnProject] = []
        for project_id, director_id, status, deck, stills in rows:
            files = ([json.loads(deck)] if deck else []) + json.loads(stills)
            found.extend(
                FileOnProject(UUID(project_id), UUID(director_id), status, record)
                for record in files
                if record["sha256"] == sha256
            )
        return found
