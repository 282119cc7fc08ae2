"""The JSON API under /api/v1: bearer tokens only (no cookies, so no CSRF), one module per
area, documented at /schema/openapi.json."""

from __future__ import annotations

from litestar import Router

from web.api import (
    audit,
    auth,
    bridge,
    bridge_recommend,
    funds,
    members,
    projects,
    teams,
    workspaces,
)


def router() -> Router:
    return Router(
        path="/api/v1",
        route_handlers=[
            *auth.ROUTES,
            *members.ROUTES,
            *projects.ROUTES,
            *teams.ROUTES,
            *workspaces.ROUTES,
            *funds.ROUTES,
            *bridge.ROUTES,
            *bridge_recommend.ROUTES,
            *audit.ROUTES,
        ],
        tags=["api"],
    )
