"""Universities, the signed-in member, their skills, and roles granted by admins."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from litestar import Request, get, post
from msgspec import Struct

from domain.context import Context
from domain.permissions import Action
from projections.views.directory import Directory
from web.api.common import SIGNED_IN, Level, Short, filmhouse, fresh, responses
from web.auth import may, member_exists, owns, signed_in


class UniversityOut(Struct):
    university_id: UUID
    name: str
    name_ko: str


class MeOut(Struct):
    member_id: UUID
    name: str
    roles: list[str]
    skills: dict[str, int]


class SkillIn(Struct):
    skill: Short
    level: Level


class SkillOut(Struct):
    skill: str
    level: int


class RoleIn(Struct):
    role: Literal["coordinator", "auditor", "admin"]


class RolesOut(Struct):
    member_id: UUID
    roles: list[str]


@get(
    "/universities",
    sync_to_thread=True,
    responses=responses(),
    summary="The 23 network universities",
)
def universities(request: Request[Any, Any, Any]) -> list[UniversityOut]:
    with fresh(request).db.read() as tx:
        rows = Directory.universities(tx)
    return [
        UniversityOut(university_id=u.university_id, name=u.name, name_ko=u.name_ko) for u in rows
    ]


@get(
    "/members/me",
    guards=[signed_in],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="The member the token belongs to",
)
def me(request: Request[Any, Any, Any], ctx: Context) -> MeOut:
    member = filmhouse(request).member(ctx.actor)  # type: ignore[arg-type]
    return MeOut(
        member_id=member.id,
        name=member.name,
        roles=sorted(r.value for r in member.roles),
        skills=dict(member.skills),
    )


@post(
    "/members/me/skills",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    status_code=201,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Claim a skill (level 1–5)",
)
def claim_skill(request: Request[Any, Any, Any], data: SkillIn, ctx: Context) -> SkillOut:
    filmhouse(request).claim_skill(ctx, skill=data.skill, level=data.level)
    return SkillOut(skill=data.skill.strip().lower(), level=data.level)


@post(
    "/members/{member_id:uuid}/roles",
    guards=[may(Action.GRANT_ROLE), owns(member_exists)],
    status_code=200,
    sync_to_thread=True,
    responses=responses(*SIGNED_IN, 409),
    summary="Grant coordinator, auditor or admin (admins only)",
)
def grant_role(
    request: Request[Any, Any, Any], member_id: UUID, data: RoleIn, ctx: Context
) -> RolesOut:
    app = filmhouse(request)
    app.grant_role(ctx, member_id, data.role)
    return RolesOut(member_id=member_id, roles=sorted(r.value for r in app.roles_of(member_id)))


ROUTES = [universities, me, claim_skill, grant_role]
