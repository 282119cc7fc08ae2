"""The bridge API's resource checks, run by guards before a request's body is read, so that a
caller who may not act gets 401/403/404 before a 422 about the body: the acting organisation is
verified now, and the posting or submission in the path is its own (or the caller's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.context import Context
from domain.errors import Forbidden
from domain.filmhouse import FilmHouse
from domain.permissions import Action

Check = Callable[[FilmHouse, UUID, dict[str, Any]], None]


def for_partner(action: Action, doing: str) -> Check:
    """The member speaks for an organisation verified now (403 otherwise, by the command's
    own check), and the posting or submission in the path is that organisation's."""

    def check(app: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
        partner = app.acting_partner(Context(member_id), action, doing)
        posting = params.get("opportunity_id")
        if posting is not None and app.opportunity(posting).partner_id != partner.id:
            if action is Action.POST_OPPORTUNITY:
                raise Forbidden("only the organisation that posted it can close it")
            raise Forbidden("only the organisation that posted it sees its submissions")
        submission = params.get("submission_id")
        if submission is not None and app.submission(submission).partner_id != partner.id:
            raise Forbidden("only the organisation it was submitted to decides on it")

    check.__name__ = f"verified_partner_may_{action.value}"
    return check


def opportunity_exists(app: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    app.opportunity(params["opportunity_id"])


def submitted_it(app: FilmHouse, member_id: UUID, params: dict[str, Any]) -> None:
    if app.submission(params["submission_id"]).director_id != member_id:
        raise Forbidden("only the director who submitted it can withdraw it")
