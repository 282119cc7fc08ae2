"""Projects, their crew roles, recommended crew, invitations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.params import Parameter
from msgspec import Meta, Struct, field

from domain.context import Context
from domain.errors import NotFound
from domain.permissions import Action
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from projections.views.project_queries import RoleRow
from projections.views.projects import Projects
from web.api.common import (
    SIGNED_IN,
    Comment,
    Logline,
    Money,
    Short,
    Synopsis,
    Title,
    filmhouse,
    fresh,
    responses,
)
from web.auth import directs_project, invited, may, owns, sees_project
from web.recommend import recommend

Labels = Annotated[list[Short], Meta(max_length=20)]


class RoleIn(Struct):
    role: Short
    start: date
    end: date
    skills: Labels = field(default_factory=list)
    count: Annotated[int, Meta(ge=1, le=50)] = 1
    paid: bool = False
    budget_krw: Money = 0  # a paid role's budget in all (0: not set)


class ProjectIn(Struct):
    title: Title
    logline: Logline
    genres: Annotated[list[Short], Meta(max_length=10)]
    format: ProjectFormat
    budget_krw: Money
    shoot_start: date
    shoot_end: date
    roles: Annotated[list[RoleIn], Meta(max_length=30)] = field(default_factory=list)
    synopsis: Synopsis = ""
    language: Short = ""


class RoleOut(Struct):
    role_id: UUID
    role: str
    skills: list[str]
    count: int
    start: date
    end: date
    paid: bool
    hired: list[UUID]
    open_seats: int
    budget_krw: int = 0


class ProjectCreated(Struct):
    project_id: UUID
    status: str
    roles: list[RoleOut]


class ProjectOut(Struct):
    project_id: UUID
    director_id: UUID
    title: str
    logline: str
    synopsis: str
    genres: list[str]
    format: str
    language: str
    budget_krw: int
    shoot_start: date
    shoot_end: date
    status: str
    roles: list[RoleOut]


class StatusOut(Struct):
    project_id: UUID
    status: str


class RecommendationOut(Struct):
    member_id: UUID
    name: str
    score: float
    reasons: list[str]


class InvitationIn(Struct):
    member_id: UUID


class InvitationOut(Struct):
    invitation_id: UUID


class AnswerOut(Struct):
    invitation_id: UUID
    status: str


class DeclineIn(Struct):
    reason: Comment = ""


def _role(row: RoleRow) -> RoleOut:
    return RoleOut(
        role_id=row.role_id,
        role=row.role,
        skills=list(row.skills),
        count=row.count,
        start=row.start,
        end=row.end,
        paid=row.paid,
        hired=list(row.hired),
        open_seats=row.open_seats,
        budget_krw=row.budget_krw,
    )


def _page(request: Request[Any, Any, Any], project_id: UUID) -> ProjectOut:
    with fresh(request).db.read() as tx:
        page = Projects.page(tx, project_id)
    if page is None:
        raise NotFound("no project {project_id}", project_id=project_id)
    card = page.card
    return ProjectOut(
        project_id=card.project_id,
        director_id=card.director_id,
        title=card.title,
        logline=card.logline,
        synopsis=page.synopsis,
        genres=list(card.genres),
        format=card.format,
        language=card.language,
        budget_krw=card.budget_krw,
        shoot_start=card.shoot_start,
        shoot_end=card.shoot_end,
        status=card.status,
        roles=[_role(r) for r in page.roles],
    )


@post(
    "/projects",
    guards=[may(Action.CREATE_PROJECT)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Draft a project with its crew roles",
)
def create_project(
    request: Request[Any, Any, Any], data: ProjectIn, ctx: Context
) -> ProjectCreated:
    project_id = filmhouse(request).create_project(
        ctx,
        title=data.title,
        logline=data.logline,
        genres=list(data.genres),
        format=data.format,
        budget_krw=data.budget_krw,
        shoot_start=data.shoot_start,
        shoot_end=data.shoot_end,
        synopsis=data.synopsis,
        language=data.language,
        roles=[
            RoleSpec(
                role=r.role,
                skills=tuple(r.skills),
                count=r.count,
                start=r.start,
                end=r.end,
                paid=r.paid,
                budget_krw=r.budget_krw,
            )
            for r in data.roles
        ],
    )
    page = _page(request, project_id)
    return ProjectCreated(project_id=project_id, status=page.status, roles=page.roles)


@post(
    "/projects/{project_id:uuid}/pitch",
    guards=[owns(directs_project)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Pitch the project: crew can apply, partners can take interest",
)
def pitch_project(request: Request[Any, Any, Any], project_id: UUID, ctx: Context) -> StatusOut:
    filmhouse(request).pitch_project(ctx, project_id)
    return StatusOut(project_id=project_id, status=_page(request, project_id).status)


@get(
    "/projects/{project_id:uuid}",
    guards=[owns(sees_project)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="A project with its roles and hires",
)
def get_project(request: Request[Any, Any, Any], project_id: UUID) -> ProjectOut:
    return _page(request, project_id)


@get(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}/recommendations",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="Crew recommended for a role, each with the reasons",
)
def recommendations(
    request: Request[Any, Any, Any],
    project_id: UUID,
    role_id: UUID,
    limit: Annotated[int, Parameter(ge=1, le=50)] = 10,
) -> list[RecommendationOut]:
    page = _page(request, project_id)
    role = next((r for r in page.roles if r.role_id == role_id), None)
    if role is None:
        raise NotFound(
            "no role {role_id} on the project “{title}”",
            role_id=role_id,
            title=page.title,
            field="role_id",
        )
    state = request.app.state
    with fresh(request).db.read() as tx:
        found = recommend(
            tx,
            state.match_graph,
            project_id=project_id,
            role_id=role_id,
            exclude={page.director_id, *role.hired},
            limit=limit,
            exposure=state.exposure,
        )
    return [
        RecommendationOut(
            member_id=m.member_id, name=m.name, score=m.score, reasons=list(m.reasons)
        )
        for m in found
    ]


@post(
    "/projects/{project_id:uuid}/roles/{role_id:uuid}/invitations",
    guards=[owns(directs_project)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Invite a member to a role",
)
def invite(
    request: Request[Any, Any, Any],
    project_id: UUID,
    role_id: UUID,
    data: InvitationIn,
    ctx: Context,
) -> InvitationOut:
    invitation_id = filmhouse(request).invite(ctx, project_id, role_id, data.member_id)
    return InvitationOut(invitation_id=invitation_id)


@post(
    "/invitations/{invitation_id:uuid}/accept",
    guards=[owns(invited)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Accept: hired, unless the role is full or the dates clash (409)",
)
def accept_invitation(
    request: Request[Any, Any, Any], invitation_id: UUID, ctx: Context
) -> AnswerOut:
    filmhouse(request).accept_invitation(ctx, invitation_id)
    return AnswerOut(invitation_id=invitation_id, status="accepted")


@post(
    "/invitations/{invitation_id:uuid}/decline",
    guards=[owns(invited)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Decline, optionally saying why",
)
def decline_invitation(
    request: Request[Any, Any, Any],
    invitation_id: UUID,
    ctx: Context,
    data: DeclineIn | None = None,
) -> AnswerOut:
    filmhouse(request).decline_invitation(ctx, invitation_id, data.reason if data else "")
    return AnswerOut(invitation_id=invitation_id, status="declined")


ROUTES = [
    create_project,
    pitch_project,
    get_project,
    recommendations,
    invite,
    accept_invitation,
    decline_invitation,
]
