"""Projects as people browse them: the board of pitched projects, each project's page with its
roles and hires, and the crewing pipeline (invitations and applications) per role and member."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from domain.crew_application import CrewApplication
from domain.invitation import Invitation
from domain.project import Project
from domain.vocabulary import ProjectStatus
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views.project_queries import ProjectQueries

__all__ = ["Projects"]


class Projects(ProjectQueries, View):
    name = "projects"
    SCHEMA_VERSION = 3  # 2: the prep and post-production dates, the reason for cancelling;
    # 3: a role's budget
    TABLES = ("prj_projects", "prj_roles", "prj_pipeline")
    DDL = (
        "CREATE TABLE prj_projects (project_id TEXT PRIMARY KEY, director_id TEXT NOT NULL, "
        "title TEXT NOT NULL, logline TEXT NOT NULL, synopsis TEXT NOT NULL, genres TEXT NOT NULL, "
        "format TEXT NOT NULL, language TEXT NOT NULL, budget_krw BIGINT NOT NULL, "
        "shoot_start TEXT NOT NULL, shoot_end TEXT NOT NULL, status TEXT NOT NULL, "
        "created_at TEXT NOT NULL, pitched_at TEXT, crewed_at TEXT, open_seats INTEGER NOT NULL, "
        "pitch_deck TEXT, stills TEXT NOT NULL, search TEXT NOT NULL, prep_start TEXT, "
        "prep_end TEXT, post_start TEXT, post_end TEXT, cancel_reason TEXT NOT NULL)",
        "CREATE INDEX prj_projects_status ON prj_projects (status, pitched_at)",
        "CREATE INDEX prj_projects_director ON prj_projects (director_id)",
        "CREATE TABLE prj_roles (role_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
        "position INTEGER NOT NULL, role TEXT NOT NULL, skills TEXT NOT NULL, "
        "count INTEGER NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, "
        "paid INTEGER NOT NULL, hired TEXT NOT NULL, budget_krw BIGINT NOT NULL)",
        "CREATE INDEX prj_roles_project ON prj_roles (project_id, position)",
        "CREATE TABLE prj_pipeline (item_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "project_id TEXT NOT NULL, role_id TEXT NOT NULL, member_id TEXT NOT NULL, "
        "status TEXT NOT NULL, reason TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX prj_pipeline_project ON prj_pipeline (project_id, role_id)",
        "CREATE INDEX prj_pipeline_member ON prj_pipeline (member_id)",
    )

    def __init__(self) -> None:
        super().__init__()
        self._projects = self.rows("prj_projects", ("project_id",), _PROJECT_COLUMNS)
        self._roles = self.rows("prj_roles", ("role_id",), _ROLE_COLUMNS)
        self._role_ids: dict[str, list[str]] = {}  # a project's roles, as the batch holds them

    def forget(self) -> None:
        super().forget()
        self._role_ids.clear()

    # -- projects -----------------------------------------------------------------------------

    @on(Project.Drafted, batched=True)
    def _drafted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        project = e.originator_id.hex
        self._projects.insert_new(
            (
                project,
                ev.director_id.hex,
                ev.title,
                ev.logline,
                ev.synopsis,
                json.dumps(list(ev.genres)),
                ev.format.value,
                ev.language,
                ev.budget_krw,
                ev.shoot_start.isoformat(),
                ev.shoot_end.isoformat(),
                "draft",
                e.at.isoformat(),
                None,
                None,
                0,
                None,
                "[]",
                _search(ev.title, ev.logline, ev.genres),
                *_phases(ev),
                "",
            )
        )
        for role_id in self._role_list(tx, project):
            self._roles.delete((role_id,))
        self._role_ids[project] = []
        for position, role in enumerate(ev.roles):
            self._roles.put(_role_row(project, position, role, []))
            self._role_ids[project].append(role["role_id"].hex)
        self._seats(tx, e.originator_id)

    @on(Project.DetailsRevised, batched=True)
    def _revised(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._projects.update(
            tx,
            (e.originator_id.hex,),
            title=ev.title,
            logline=ev.logline,
            synopsis=ev.synopsis,
            genres=json.dumps(list(ev.genres)),
            format=ev.format.value,
            language=ev.language,
            budget_krw=ev.budget_krw,
            shoot_start=ev.shoot_start.isoformat(),
            shoot_end=ev.shoot_end.isoformat(),
            search=_search(ev.title, ev.logline, ev.genres),
            **dict(zip(_PHASES, _phases(ev), strict=True)),
        )

    def _status(self, tx: Tx, e: Envelope, status: ProjectStatus) -> None:
        self._projects.update(tx, (e.originator_id.hex,), status=status.value)

    @on(Project.Pitched, batched=True)
    def _pitched(self, tx: Tx, e: Envelope) -> None:
        self._projects.update(
            tx,
            (e.originator_id.hex,),
            status=ProjectStatus.PITCHED.value,
            pitched_at=e.at.isoformat(),
        )

    @on(Project.CrewingStarted, batched=True)
    def _crewing(self, tx: Tx, e: Envelope) -> None:
        self._status(tx, e, ProjectStatus.CREWING)

    @on(Project.ProductionStarted, batched=True)
    def _production(self, tx: Tx, e: Envelope) -> None:
        self._status(tx, e, ProjectStatus.IN_PRODUCTION)

    @on(Project.Wrapped, batched=True)
    def _wrapped(self, tx: Tx, e: Envelope) -> None:
        self._status(tx, e, ProjectStatus.WRAPPED)

    @on(Project.Cancelled, batched=True)
    def _cancelled(self, tx: Tx, e: Envelope) -> None:
        self._projects.update(
            tx,
            (e.originator_id.hex,),
            status=ProjectStatus.CANCELLED.value,
            cancel_reason=e.event.reason,
        )

    @on(Project.PitchDeckAttached)
    def _deck(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        deck = {
            "filename": ev.filename,
            "content_type": ev.content_type,
            "size": ev.size,
            "sha256": ev.sha256,
        }
        tx.execute(
            "UPDATE prj_projects SET pitch_deck = ? WHERE project_id = ?",
            (json.dumps(deck), e.originator_id.hex),
        )

    @on(Project.StillAttached, Project.StillRemoved)
    def _stills(self, tx: Tx, e: Envelope) -> None:
        raw = tx.scalar(
            "SELECT stills FROM prj_projects WHERE project_id = ?", (e.originator_id.hex,)
        )
        stills = [s for s in json.loads(raw or "[]") if s["sha256"] != e.event.sha256]
        if isinstance(e.event, Project.StillAttached):
            ev = e.event
            stills.append(
                {
                    "filename": ev.filename,
                    "content_type": ev.content_type,
                    "size": ev.size,
                    "sha256": ev.sha256,
                }
            )
        tx.execute(
            "UPDATE prj_projects SET stills = ? WHERE project_id = ?",
            (json.dumps(stills), e.originator_id.hex),
        )

    # -- roles --------------------------------------------------------------------------------

    def _role_list(self, tx: Tx, project: str) -> list[str]:
        """The ids of a project's roles (read once per batch, then kept by the batch)."""
        ids = self._role_ids.get(project)
        if ids is None and self._roles.complete:  # the table has no row the batch has not seen
            ids = self._role_ids[project] = []
        if ids is None:
            rows = tx.execute(
                f"SELECT {', '.join(_ROLE_COLUMNS)} FROM prj_roles WHERE project_id = ?", (project,)
            ).fetchall()
            for row in rows:
                self._roles.seed(row)
            ids = self._role_ids[project] = [row[0] for row in rows]
        return ids

    def _put_role(
        self, tx: Tx, project_id: UUID, position: int, role: dict[str, Any], hired: list[str]
    ) -> None:
        tx.execute(
            "INSERT INTO prj_roles (role_id, project_id, position, role, skills, count, "
            "start_date, end_date, paid, hired, budget_krw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (role_id) DO UPDATE SET role = excluded.role, skills = excluded.skills, "
            "count = excluded.count, start_date = excluded.start_date, "
            "end_date = excluded.end_date, paid = excluded.paid, budget_krw = excluded.budget_krw",
            _role_row(project_id.hex, position, role, hired),
        )

    def _seats(self, tx: Tx, project_id: UUID) -> None:
        project = project_id.hex
        count, hired = _ROLE_COLUMNS.index("count"), _ROLE_COLUMNS.index("hired")
        roles = [self._roles.get(tx, (r,)) for r in self._role_list(tx, project)]
        seats = sum(max(int(r[count]) - len(json.loads(r[hired])), 0) for r in roles if r)
        self._projects.update(tx, (project,), open_seats=seats)

    @on(Project.RoleAdded)
    def _role_added(self, tx: Tx, e: Envelope) -> None:
        position = tx.scalar(
            "SELECT COUNT(*) FROM prj_roles WHERE project_id = ?", (e.originator_id.hex,)
        )
        self._put_role(tx, e.originator_id, int(position or 0), e.event.role, [])
        self._seats(tx, e.originator_id)

    @on(Project.RoleChanged)
    def _role_changed(self, tx: Tx, e: Envelope) -> None:
        role = e.event.role
        row = tx.execute(
            "SELECT position, hired FROM prj_roles WHERE role_id = ?", (role["role_id"].hex,)
        ).fetchone()
        position, hired = (int(row[0]), json.loads(row[1])) if row else (0, [])
        self._put_role(tx, e.originator_id, position, role, hired)
        self._seats(tx, e.originator_id)

    @on(Project.RoleRemoved)
    def _role_removed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("DELETE FROM prj_roles WHERE role_id = ?", (e.event.role_id.hex,))
        self._seats(tx, e.originator_id)

    def _hired(self, tx: Tx, role_id: UUID, change: Any) -> None:
        row = self._roles.get(tx, (role_id.hex,))
        if row is not None:
            hired = change(json.loads(row[_ROLE_COLUMNS.index("hired")] or "[]"))
            self._roles.update(tx, (role_id.hex,), hired=json.dumps(hired))

    @on(Project.CrewHired, batched=True)
    def _crew_hired(self, tx: Tx, e: Envelope) -> None:
        member = e.event.member_id.hex
        self._hired(tx, e.event.role_id, lambda h: h if member in h else [*h, member])
        self._seats(tx, e.originator_id)
        row = self._projects.get(tx, (e.originator_id.hex,))
        # time from pitch to full crew ends at the first moment no seat is open
        if row is not None and row[_OPEN_SEATS] == 0 and row[_CREWED_AT] is None:
            self._projects.update(tx, (e.originator_id.hex,), crewed_at=e.at.isoformat())

    @on(Project.HireReleased, batched=True)
    def _hire_released(self, tx: Tx, e: Envelope) -> None:
        member = e.event.member_id.hex
        self._hired(tx, e.event.role_id, lambda h: [m for m in h if m != member])
        self._seats(tx, e.originator_id)

    # -- pipeline -----------------------------------------------------------------------------

    def _pipe(self, tx: Tx, e: Envelope, kind: str, status: str, reason: str = "") -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO prj_pipeline (item_id, kind, project_id, role_id, member_id, status, "
            "reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE "
            "SET status = excluded.status, reason = excluded.reason, "
            "updated_at = excluded.updated_at",
            (
                e.originator_id.hex,
                kind,
                ev.project_id.hex,
                ev.role_id.hex,
                ev.member_id.hex,
                status,
                reason,
                e.at.isoformat(),
            ),
        )

    def _move(self, tx: Tx, e: Envelope, status: str, reason: str = "") -> None:
        tx.execute(
            "UPDATE prj_pipeline SET status = ?, reason = ?, updated_at = ? WHERE item_id = ?",
            (status, reason, e.at.isoformat(), e.originator_id.hex),
        )

    @on(Invitation.Sent, batched=True)
    def _invited(self, tx: Tx, e: Envelope) -> None:
        self._pipe(tx, e, "invitation", "pending")

    @on(CrewApplication.Submitted, batched=True)
    def _applied(self, tx: Tx, e: Envelope) -> None:
        self._pipe(tx, e, "application", "pending")

    @on(Invitation.Renewed, CrewApplication.Resubmitted, batched=True)
    def _renewed(self, tx: Tx, e: Envelope) -> None:
        self._move(tx, e, "pending")

    @on(Invitation.Accepted, CrewApplication.Accepted, batched=True)
    def _accepted(self, tx: Tx, e: Envelope) -> None:
        self._move(tx, e, "accepted")

    @on(Invitation.Declined, batched=True)
    def _declined(self, tx: Tx, e: Envelope) -> None:
        self._move(tx, e, "declined", e.event.reason)

    @on(CrewApplication.Rejected, batched=True)
    def _rejected(self, tx: Tx, e: Envelope) -> None:
        self._move(tx, e, "rejected", e.event.reason)

    @on(Invitation.Withdrawn, CrewApplication.Withdrawn, batched=True)
    def _withdrawn(self, tx: Tx, e: Envelope) -> None:
        self._move(tx, e, "withdrawn", getattr(e.event, "reason", ""))


_PROJECT_COLUMNS = (
    "project_id",
    "director_id",
    "title",
    "logline",
    "synopsis",
    "genres",
    "format",
    "language",
    "budget_krw",
    "shoot_start",
    "shoot_end",
    "status",
    "created_at",
    "pitched_at",
    "crewed_at",
    "open_seats",
    "pitch_deck",
    "stills",
    "search",
    "prep_start",
    "prep_end",
    "post_start",
    "post_end",
    "cancel_reason",
)
_PHASES = ("prep_start", "prep_end", "post_start", "post_end")
_OPEN_SEATS = _PROJECT_COLUMNS.index("open_seats")
_CREWED_AT = _PROJECT_COLUMNS.index("crewed_at")
_ROLE_COLUMNS = (
    "role_id",
    "project_id",
    "position",
    "role",
    "skills",
    "count",
    "start_date",
    "end_date",
    "paid",
    "hired",
    "budget_krw",
)


def _role_row(
    project: str, position: int, role: dict[str, Any], hired: list[str]
) -> tuple[Any, ...]:
    return (
        role["role_id"].hex,
        project,
        position,
        role["role"],
        json.dumps(list(role["skills"])),
        role["count"],
        role["start"].isoformat(),
        role["end"].isoformat(),
        int(bool(role["paid"])),
        json.dumps(hired),
        int(role.get("budget_krw", 0)),  # roles stored before budgets: not set
    )


def _search(title: str, logline: str, genres: Any) -> str:
    return " ".join([title, logline, *genres]).lower()


def _phases(ev: Any) -> tuple[str | None, ...]:
    """The prep and post-production dates, as stored (None: not planned)."""
    return tuple(d.isoformat() if d else None for d in (getattr(ev, n) for n in _PHASES))
