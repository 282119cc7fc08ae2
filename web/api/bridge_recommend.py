"""The bridge's recommendations: partners for a project (its director, or the centre), and
projects to see for a partner (its representative, or the centre), each with its reasons.

Who may ask is checked by guards before anything else is read, so the answers keep the
contract's order: 401 (no token), 403 or 404 (not yours, or not there), 422 (a bad limit)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.params import Parameter
from msgspec import Struct

from domain.errors import Forbidden, NotFound
from domain.filmhouse import FilmHouse
from web.api.common import SIGNED_IN, fresh, responses
from web.auth import is_admin, owns
from web.partner_recommend import partners_for_project, projects_for_partner


class OpenCallOut(Struct):
    opportunity_id: UUID
    title: str


class PartnerRecommendationOut(Struct):
    partner_id: UUID
    name: str
    score: float
    reasons: list[str]
    open_calls: list[OpenCallOut]


class ProjectRecommendationOut(Struct):
    project_id: UUID
    title: str
    director_id: UUID
    director_name: str
    score: float
    reasons: list[str]
    first_time: bool


# -- resource checks (run by guards, before anything else is read) ---------------------------


def directs_project_or_admin(app: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    project = app.project(params["project_id"])
    if project.director_id == member_id or is_admin(app, member_id):
        return
    if not project.visible:
        raise NotFound("no {what} {aggregate_id}", what="project", aggregate_id=project.id)
    raise Forbidden("only the project's director (or the centre) sees the partners for it")


def represents_partner_or_admin(app: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    partner = app.partner(params["partner_id"])
    if is_admin(app, member_id):
        return
    mine = app.partner_of(member_id)
    if mine is None or mine.id != partner.id:
        raise Forbidden("only the organisation's representative (or the centre) sees its scouting")


Limit = Annotated[int, Parameter(ge=1, le=50)]


@get(
    "/projects/{project_id:uuid}/partner-recommendations",
    guards=[owns(directs_project_or_admin)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="Verified partners likely to back the project, with reasons and open calls it fits",
)
def partner_recommendations(
    request: Request[Any, Any, Any], project_id: UUID, limit: Limit = 10
) -> list[PartnerRecommendationOut]:
    with fresh(request).db.read() as tx:
        found = partners_for_project(
            tx, request.app.state.match_graph, project_id=project_id, limit=limit
        )
    return [
        PartnerRecommendationOut(
            partner_id=s.partner_id,
            name=s.name,
            score=s.score,
            reasons=list(s.reasons),
            open_calls=[OpenCallOut(c.opportunity_id, c.title) for c in s.open_calls],
        )
        for s in found
    ]


@get(
    "/partners/{partner_id:uuid}/project-recommendations",
    guards=[owns(represents_partner_or_admin)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="Projects for the partner to see, with reasons (first-time directors get their share)",
)
def project_recommendations(
    request: Request[Any, Any, Any], partner_id: UUID, limit: Limit = 10
) -> list[ProjectRecommendationOut]:
    state = request.app.state
    with fresh(request).db.read() as tx:
        found = projects_for_partner(
            tx,
            state.match_graph,
            partner_id=partner_id,
            limit=limit,
            exposure=state.get("director_exposure"),
        )
    return [
        ProjectRecommendationOut(
            project_id=s.project_id,
            title=s.title,
            director_id=s.director_id,
            director_name=s.director_name,
            score=s.score,
            reasons=list(s.reasons),
            first_time=s.first_time,
        )
        for s in found
    ]


ROUTES = [partner_recommendations, project_recommendations]
