"""`create_app(settings) -> Litestar`: pages (Jinja + htmx) and the JSON API over the Film House
application, with the in-process Projector that keeps the views current."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import anyio
from litestar import Litestar, Request, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler

from domain.filmhouse import FilmHouse
from domain.vocabulary import WorkspaceKind
from projections.graph.feeder import GraphFeeder
from projections.log.eventstore import open_application
from projections.policies.mail import DevelopmentTransport, SmtpTransport, Transport
from projections.policies.timekeeper import Timekeeper
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.projector.sql import Database
from projections.views.directory import Directory
from projections.views.exposure import DirectorExposure, ExposureCounter, Impressions
from web import api, i18n, navigation
from web.auth import provide_context
from web.display import vocabulary as vocabulary_labels
from web.errors import EXCEPTION_HANDLERS
from web.pages import account as account_pages
from web.pages import admin as admin_pages
from web.pages import audit as audit_pages
from web.pages import auth as auth_pages
from web.pages import bridge as bridge_pages
from web.pages import dashboards as dashboard_pages
from web.pages import funds as funds_pages
from web.pages import members as members_pages
from web.pages import project_crewing as crewing_pages
from web.pages import project_team as team_pages
from web.pages import projects as projects_pages
from web.pages import scout_home as scout_pages
from web.pages import talent_search as talent_pages
from web.pages import trainings as trainings_pages
from web.pages import wayfinding as wayfinding_pages
from web.pages import whatif as whatif_pages
from web.pages import workspaces as workspaces_pages
from web.pages.common import FragmentCache
from web.recommend import READ_HEAD
from web.security import (
    DatabaseStore,
    LoopReader,
    SignInLimiter,
    create_tables,
    csrf_config,
    security_headers,
    session_config,
)
from web.settings import Settings

HERE = Path(__file__).parent


@get("/", name="home", sync_to_thread=False, include_in_schema=False)
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


@get("/healthz", name="health", sync_to_thread=False, include_in_schema=False)
def health(request: Request[Any, Any, State]) -> dict[str, object]:
    filmhouse: FilmHouse = request.app.state.filmhouse
    return {"ok": True, "head": filmhouse.recorder.max_notification_id() or 0}


def _caught_up(projector: Projector, head: int | None) -> int:
    head = projector.head() if head is None else head
    projector.wait_for(head)
    return head


async def read_your_writes(request: Request[Any, Any, State]) -> None:
    """Every read first waits, briefly, for the views to reach the head the request found.
    On a SQLite file the head is read on the loop, and when the views are already there (the
    usual case) no worker thread is needed."""
    projector: Projector = request.app.state.projector
    reader: LoopReader | None = request.app.state.loop_reader
    head = None
    if reader is not None:
        row = reader.one(request.app.state.filmhouse.recorder.select_max_notification_id_statement)
        head = None if row is None else int(row[0] or 0)
    if head is None or not projector.wait_for(head, timeout=0):
        head = await anyio.to_thread.run_sync(_caught_up, projector, head)
    if request.method in ("GET", "HEAD"):  # a write moves the head on: it reads it again
        request.scope.setdefault("state", {})[READ_HEAD] = head


def _jinja(engine: JinjaTemplateEngine) -> None:
    # Templates are read once per process, like the code: no stat() of every template file
    # on every render (restart the server to see an edited template).
    engine.engine.auto_reload = False
    i18n.install(engine.engine)
    engine.engine.globals["nav_links"] = navigation.links
    engine.engine.globals["viewer_name_now"] = navigation.viewer_name
    vocabulary_labels.install(engine.engine)


def page_routes() -> list[ControllerRouterHandler]:
    """Every page route; each area adds its module's ROUTES here."""
    return [
        home,
        health,
        *auth_pages.ROUTES,
        *members_pages.ROUTES,
        *account_pages.ROUTES,
        *workspaces_pages.ROUTES,
        *trainings_pages.ROUTES,
        *crewing_pages.ROUTES,
        *team_pages.ROUTES,
        *projects_pages.ROUTES,
        *bridge_pages.ROUTES,
        *scout_pages.ROUTES,
        *talent_pages.ROUTES,
        *funds_pages.ROUTES,
        *admin_pages.ROUTES,
        *whatif_pages.ROUTES,
        *audit_pages.ROUTES,
        *dashboard_pages.ROUTES,
        *wayfinding_pages.ROUTES,
    ]


def create_app(settings: Settings, filmhouse: FilmHouse | None = None) -> Litestar:
    application = filmhouse or open_application(settings.database_url, secret=settings.secret)
    projector = Projector(application, all_views())
    database = projector.db
    match_graph = GraphFeeder(application)
    exposure = ExposureCounter(database)
    director_exposure = DirectorExposure(database)  # directors shown to scouts
    impressions = Impressions(exposure)
    limiter = SignInLimiter(database, application.email_key)
    loop_reader = LoopReader.beside(database)
    stoppers = []

    def start() -> None:
        i18n.load()
        create_tables(database)
        projector.ensure()
        projector.catch_up_all()
        stoppers.append(projector.start())
        if settings.timers:
            stoppers.append(
                Timekeeper(
                    application, projector, transport=mail_transport(settings, database)
                ).start()
            )

    def close() -> None:
        for stop in stoppers:
            stop()
        impressions.flush()
        exposure.flush()
        director_exposure.flush()
        if loop_reader is not None:
            loop_reader.close()
        if filmhouse is None:
            application.close()

    sessions = session_config(development=settings.development)
    return Litestar(
        route_handlers=[
            *page_routes(),
            api.router(),
            create_static_files_router(path="/static", directories=[HERE / "static"]),
        ],
        template_config=TemplateConfig(
            directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=_jinja
        ),
        plugins=[HTMXPlugin()],
        middleware=[DefineMiddleware(i18n.LanguageMiddleware), sessions.middleware],
        stores={"sessions": DatabaseStore(database, loop_reader)},
        csrf_config=csrf_config(settings.secret, development=settings.development),
        dependencies={"ctx": Provide(provide_context)},
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[security_headers],
        openapi_config=OpenAPIConfig(title="Film House API", version="1.0.0", path="/schema"),
        state=State(
            {
                "filmhouse": application,
                "settings": settings,
                "projector": projector,
                "limiter": limiter,
                "match_graph": match_graph,
                "exposure": exposure,
                "director_exposure": director_exposure,
                "loop_reader": loop_reader,
                "fragments": FragmentCache(),
                "impressions": impressions,
            }
        ),
        before_request=read_your_writes,
        on_startup=[start],
        on_shutdown=[close],
    )


def mail_transport(settings: Settings, database: Database) -> Transport:
    """The outbox's way out: SMTP when FILMHOUSE_SMTP_HOST is set, else the development
    mailbox (a page shows what would have been sent)."""
    if settings.smtp_host:
        return SmtpTransport(settings.smtp_host, settings.smtp_port, sender=settings.mail_from)
    return DevelopmentTransport(database)


def create_app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` and several worker processes."""
    app = create_app(Settings.from_env())
    app.on_startup.append(settle)
    return app


def settle(app: Litestar) -> None:
    """A serving process, once started: build the recommender's graph now (not on the first
    page that needs it), then take everything built so far, views' caches and graph, out of the
    cyclic collector's walk. Otherwise each full collection walks that whole long-lived heap,
    stopping the server for up to 200 ms on the demo data (a measured 12 % of its CPU under
    load). Not in `create_app`: a test process making many apps would never free frozen ones."""
    app.state.match_graph.catch_up()
    gc.freeze()
