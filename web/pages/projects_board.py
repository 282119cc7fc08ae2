"""Lists of projects: the board of pitched projects (search as you type, filters) and a
director's own projects with their pending applications and bridge submissions."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get
from litestar.exceptions import NotAuthorizedException
from litestar.params import Parameter
from litestar.response import Template

from domain.permissions import Action, allowed
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.projects import Projects
from web.auth import may
from web.display.labels import format_labels
from web.display.labels import submission_labels as state_labels
from web.display.vocabulary import GENRE, ROLE, key_of
from web.pages.common import Req, me, read
from web.pages.common import page as render
from web.pages.project_common import in_thread, my_roles, vocabulary

BOARD_PAGE = 30


def _board_context(
    request: Req, q: str, genre: str, format: str, open_roles: bool, offset: int
) -> dict[str, Any]:
    with read(request) as tx:
        cards = Projects.board(
            tx,
            key_of(GENRE, q[:100]),
            genre=genre or None,
            format=format if format in format_labels() else None,
            open_roles=open_roles,
            limit=BOARD_PAGE + 1,
            offset=offset,
            role=key_of(ROLE, q[:100]),
        )  # "촬영감독" finds cinematographers
        genres = Projects.genres_on_board(tx)
        directors = Directory.names(tx, [c.director_id for c in cards]) if me(request) else {}
    return {
        "cards": cards[:BOARD_PAGE],
        "more": len(cards) > BOARD_PAGE,
        "offset": offset,
        "page_size": BOARD_PAGE,
        "genres": genres,
        "directors": directors,
        "filters": {"q": q, "genre": genre, "format": format, "open": open_roles},
        "can_pitch": allowed(my_roles(request), Action.CREATE_PROJECT),
        **vocabulary(),
    }


@get("/projects", name="projects", include_in_schema=False)
async def board(
    request: Req,
    q: Annotated[str, Parameter(max_length=200)] = "",
    genre: Annotated[str, Parameter(max_length=80)] = "",
    format: Annotated[str, Parameter(max_length=40)] = "",
    open_roles: Annotated[str, Parameter(query="open", max_length=5)] = "",
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> Template:
    """Pitched projects: search as you type, filter by genre, format and open roles."""
    context = await in_thread(
        _board_context, request, q.strip(), genre.strip().lower(), format, bool(open_roles), offset
    )
    return render(request, "projects/_board_results.html", "projects/board.html", context)


@get(
    "/my/projects",
    guards=[may(Action.CREATE_PROJECT)],
    sync_to_thread=True,
    include_in_schema=False,
)
def my_projects(request: Req) -> Template:
    """A director's projects, each with how many applications wait for an answer."""
    member = me(request)
    if member is None:
        raise NotAuthorizedException("sign in first")
    with read(request) as tx:
        projects = Projects.directed_by(tx, member)
        submissions = Bridge.submissions_of_director(tx, member)
        pending = {
            p.project_id: sum(
                1
                for i in Projects.pipeline(tx, project_id=p.project_id, status="pending")
                if i.kind == "application"
            )
            for p in projects
        }
    return render(
        request,
        "projects/_mine.html",
        "projects/mine.html",
        {
            "projects": projects,
            "submissions": submissions,
            "pending": pending,
            "states": state_labels(),
            **vocabulary(),
        },
    )


ROUTES = [board, my_projects]
