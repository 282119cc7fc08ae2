"""`create_app(settings) -> Litestar`: pages (Jinja + htmx) over the Film House application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from litestar import Litestar, Request, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.plugins.htmx import HTMXPlugin
from litestar.response import Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from domain.filmhouse import FilmHouse
from domain.vocabulary import WorkspaceKind
from projections.catalogue import all_views
from projections.directory import Directory
from projections.eventstore import open_application
from projections.runner import Projector
from web.settings import Settings

HERE = Path(__file__).parent


@get("/", name="home", sync_to_thread=False)
def home(request: Request[Any, Any, State]) -> Template:
    projector: Projector = request.app.state.projector
    with projector.db.read() as tx:
        universities = Directory.universities(tx)
        members = Directory.count(tx)
    return Template(
        template_name="home.html",
        context={
            "universities": [(u.name, u.name_ko) for u in universities],
            "kinds": [kind.value.replace("_", " ") for kind in WorkspaceKind],
            "members": members,
            "events": projector.head(),
        },
    )


@get("/healthz", name="health", sync_to_thread=False)
def health(request: Request[Any, Any, State]) -> dict[str, object]:
    filmhouse: FilmHouse = request.app.state.filmhouse
    return {"ok": True, "head": filmhouse.recorder.max_notification_id() or 0}


async def read_your_writes(request: Request[Any, Any, State]) -> None:
    """Every read first waits, briefly, for the views to reach the head the request found."""
    projector: Projector = request.app.state.projector
    await anyio.to_thread.run_sync(projector.wait_for)


def create_app(settings: Settings, filmhouse: FilmHouse | None = None) -> Litestar:
    application = filmhouse or open_application(settings.database_url, secret=settings.secret)
    projector = Projector(application, all_views())
    stoppers = []

    def start() -> None:
        projector.ensure()
        projector.catch_up_all()
        stoppers.append(projector.start())

    def close() -> None:
        for stop in stoppers:
            stop()
        if filmhouse is None:
            application.close()

    return Litestar(
        route_handlers=[
            home,
            health,
            create_static_files_router(path="/static", directories=[HERE / "static"]),
        ],
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
        plugins=[HTMXPlugin()],
        state=State({"filmhouse": application, "settings": settings, "projector": projector}),
        before_request=read_your_writes,
        on_startup=[start],
        on_shutdown=[close],
    )


def create_app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` and several worker processes."""
    return create_app(Settings.from_env())
