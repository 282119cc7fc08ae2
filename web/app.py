"""`create_app(settings) -> Litestar`: pages (Jinja + htmx) over the Film House application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Litestar, Request, get
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.plugins.htmx import HTMXPlugin
from litestar.response import Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from domain.filmhouse import FilmHouse
from domain.university import NETWORK
from domain.vocabulary import WorkspaceKind
from projections.eventstore import open_application
from web.settings import Settings

HERE = Path(__file__).parent


@get("/", name="home", sync_to_thread=False)
def home(request: Request[Any, Any, State]) -> Template:
    filmhouse: FilmHouse = request.app.state.filmhouse
    return Template(
        template_name="home.html",
        context={
            "universities": [(name, name_ko) for _, name, name_ko in NETWORK],
            "kinds": [kind.value.replace("_", " ") for kind in WorkspaceKind],
            "events": filmhouse.recorder.max_notification_id() or 0,
        },
    )


@get("/healthz", name="health", sync_to_thread=False)
def health(request: Request[Any, Any, State]) -> dict[str, object]:
    filmhouse: FilmHouse = request.app.state.filmhouse
    return {"ok": True, "head": filmhouse.recorder.max_notification_id() or 0}


def create_app(settings: Settings, filmhouse: FilmHouse | None = None) -> Litestar:
    application = filmhouse or open_application(settings.database_url, secret=settings.secret)

    def close() -> None:
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
        state=State({"filmhouse": application, "settings": settings}),
        on_shutdown=[close],
    )


def create_app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` and several worker processes."""
    return create_app(Settings.from_env())
