"""The director's "Partners for this project" panel on a pitched (or later) project's page:
verified partners ranked for the project with their reasons, and where a partner has an open
call the project fits, a one-click submission to it (the route is in project_page.py, which
answers in place)."""

from __future__ import annotations

from typing import Any

from projections.projector.sql import Tx
from projections.views.project_queries import ProjectPage
from web.pages.common import Req, me
from web.partner_recommend import localised, partners_for_project
from web.recommend import READ_HEAD

PARTNERS_SHOWN = 5
NOT_YET = ("draft", "cancelled")  # no partner is suggested for these


def partners_panel(request: Req, tx: Tx, page: ProjectPage) -> dict[str, Any] | None:
    """For the project's director once it is pitched: the partners to approach."""
    if me(request) != page.card.director_id or page.card.status in NOT_YET:
        return None
    suggestions = partners_for_project(
        tx,
        request.app.state.match_graph,
        project_id=page.card.project_id,
        limit=PARTNERS_SHOWN,
        head=request.scope.get("state", {}).get(READ_HEAD),
    )
    return {"suggestions": localised(suggestions), "project_id": page.card.project_id}
