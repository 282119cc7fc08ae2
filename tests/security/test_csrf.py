"""CSRF on every mutating browser route, read from the app's route table: a caller the role
table allows, with a body that would be accepted, but without the CSRF token (or with a wrong
one) is refused with 403 and a message, and nothing is written to the log.

The API under /api/v1 takes no cookies and so needs no token (tests/web/test_security.py:
test_signed_in_browser_session_is_not_api_auth, test_bearer_token_works_without_csrf). Session
renewal at sign-in and the sign-in rate limits are there too (test_session_id_is_renewed_at_
sign_in, test_sign_in_is_limited_per_account, test_sign_in_is_limited_per_address).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.conftest import PASSWORD, TOMORROW, World
from tests.security.test_authorization_matrix import EVERYONE, ROUTES, allowed_callers, params_for

FORMS = [route for route in ROUTES if route.mutating and not route.api]
HTMX = {"HX-Request": "true"}

# Bodies the route would accept from the caller chosen for it; the routes listed here are also
# sent once WITH the token, to show that the body alone would have written to the log.
ACCEPTED: dict[str, dict[str, Any]] = {
    "POST /me/profile": {"name": "Renamed Member", "bio": "Edits shorts."},
    "POST /me/skills": {"skill": "colour grading", "level": "3"},
    "POST /me/account/searches": {"kind": "members", "query": "composer"},
    "POST /members/{member_id}/report": {"kind": "spam", "reason": "Sends ads."},
    "POST /my/strikes/{strike_id}/appeal": {"reason": "I was ill that day."},
    "POST /applications/{application_id}/conflict": {"reason": "We studied together."},
    "POST /scout/submissions/{submission_id}/{decision}": {"reason": "Fits our slate."},
    "POST /admin/workspaces/{workspace_id}/blackouts": {
        "start": f"{TOMORROW}T18:00",
        "end": f"{TOMORROW}T20:00",
        "reason": "Repairs",
    },
    "POST /signup": {
        "email": "new@filmhouse.test",
        "password": PASSWORD,
        "name": "New",
        "roles": "crew",
    },
    "POST /trainings/{training_id}/enrol": {},
    "POST /projects/{project_id}/interest": {},
    "POST /directors/{director_id}/follow": {},
}
REFUSALS = ("missing", "wrong")


def caller_for(world: World, route: Any) -> str:
    """A caller the table allows on the route: a visitor on public forms (signing up or in
    would end a member's session), else a member."""
    allowed = allowed_callers(route, world.people)
    if "anonymous" in allowed:
        return "anonymous"
    members = [name for name in EVERYONE if name in allowed and name != "anonymous"]
    preferred = [name for name in members if name in ("other_crew", "other_director")]
    return (preferred or members or ["anonymous"])[0]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("route", FORMS, ids=str)
def test_no_form_is_accepted_without_its_csrf_token(world: World, route: Any, htmx: bool) -> None:
    who = world.people[caller_for(world, route)]
    path = route.fill(params_for(route, world))
    body = ACCEPTED.get(str(route), {})
    for refusal in REFUSALS:
        head = world.head()
        # Given a caller the table allows and a body the route would take,
        # when the token is missing or wrong
        response = world.request(
            who,
            route.method,
            path,
            data=body,
            headers=HTMX if htmx else None,
            csrf=None if refusal == "missing" else "forged-token",
        )
        # then the answer is 403 with a message, and the log did not move
        assert response.status_code == 403, (refusal, response.status_code, response.text[:200])
        assert "csrf" in response.text.lower(), response.text[:300]
        assert world.head() == head


def test_every_mutating_browser_route_is_in_the_csrf_sweep() -> None:
    assert len(FORMS) > 90
    assert {r.method for r in FORMS} <= {"POST", "PUT", "PATCH", "DELETE"}
    names = {str(r) for r in FORMS}
    assert set(ACCEPTED) <= names, set(ACCEPTED) - names


@pytest.mark.parametrize("route", [r for r in FORMS if str(r) in ACCEPTED], ids=str)
def test_the_same_request_with_its_token_writes(world: World, route: Any) -> None:
    """The control: the refused requests above were refused for the token alone."""
    who = world.people[caller_for(world, route)]
    path = route.fill(params_for(route, world))
    head = world.head()
    response = world.request(who, route.method, path, data=ACCEPTED[str(route)])
    assert response.status_code < 400, (who.name, response.status_code, response.text[:300])
    assert world.head() > head
