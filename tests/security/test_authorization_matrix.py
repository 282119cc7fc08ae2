"""Every identity against every route the app serves: the expected answer is generated from the
route table (each route's guards, read from the app) and the one role × action table
(domain/permissions.py), plus who owns what in the world; checked against SPEC section 1.

Allowed → anything but 401/403 (and never a 5xx). Refused → 403 or 404 for a member ("not yours
to see or do"), 401 or a redirect to sign-in for a visitor. A refused caller sends an EMPTY
body, so a handler that validates before it checks ownership answers 422 and fails here (SPEC
section 6: 401 → 403/404 → 422 → 409). Refused callers go first, so they meet the objects as
built; allowed callers may then change them (their answer may be a 409, never a 401/403).

Session cookie renewal and sign-in rate limits are covered in tests/web/test_security.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from domain.permissions import EVERY_MEMBER, PERMISSIONS, STAFF, Action
from domain.vocabulary import Role
from tests.security.conftest import PASSWORD, Identity, Route, World, routes_of_the_app

ROUTES = routes_of_the_app()
MEMBERS = (
    "admin",
    "director",
    "other_director",
    "crew",
    "other_crew",
    "partner",
    "other_partner",
    "coordinator",
    "auditor",
    "reviewer",
)
EVERYONE = ("anonymous", *MEMBERS)

# -- ownership: who owns what in the world (tests/security/conftest.py builds it) -------------
# The director directs the pitched project and applied to the fund; the crew member is invited
# to one of its roles, applied to another, holds a booking, a waitlist offer and a strike; the
# partner's organisation posted the opportunity the director submitted to; the reviewer is
# appointed to the director's application; the other director's project is a draft.

# Resource guards of web/auth.py: who passes each, in this world.
RESOURCE_GUARDS: dict[str, frozenset[str] | None] = {
    "owns_directs_project": frozenset({"director"}),
    "owns_sees_project": None,  # the project is pitched: every member sees it
    "owns_invited": frozenset({"crew"}),
    "owns_booker_or_admin": frozenset({"crew", "admin"}),
    "owns_appointed_reviewer": frozenset({"reviewer"}),
    "owns_workspace_exists": None,
    "owns_fund_exists": None,
    "owns_application_exists": None,
    "owns_application_applicant": frozenset({"director"}),
    "owns_member_exists": None,
    # the bridge's API: a verified organisation's representative (both partners' are verified),
    # the opportunity or submission named, the director who submitted, the project's director
    "owns_verified_partner_may_post_opportunity": frozenset({"partner", "other_partner"}),
    "owns_verified_partner_may_scout": frozenset({"partner", "other_partner"}),
    "owns_verified_partner_may_decide_submission": frozenset({"partner", "other_partner"}),
    "owns_opportunity_exists": None,
    "owns_submitted_it": frozenset({"director"}),
    "owns_directs_project_or_admin": frozenset({"director", "admin"}),
    "owns_represents_partner_or_admin": frozenset({"partner", "admin"}),
}
APPLICATION_PARTIES = frozenset({"director", "reviewer", "admin", "auditor"})
# Routes whose ownership rule lives in the handler or the domain rather than in a guard: who
# may, by the rule named beside it (the role gate from the route's guards applies as well).
IN_HANDLER: dict[str, frozenset[str]] = {
    # a university's dashboard: its coordinators, the centre's staff and auditors
    "GET /dashboard/universities/{university_id}": frozenset({"coordinator", "admin", "auditor"}),
    # a subsidy application: the applicant, its reviewers, staff and auditors
    "GET /applications/{application_id}": APPLICATION_PARTIES,
    "GET /applications/{application_id}/receipt": APPLICATION_PARTIES,
    "POST /applications/{application_id}/revise": frozenset({"director"}),  # the applicant
    "POST /applications/{application_id}/final-report": frozenset({"director"}),  # the applicant
    "POST /applications/{application_id}/conflict": frozenset({"reviewer"}),  # a reviewer
    # a crew application: the project's director and the applicant
    "GET /crew-applications/{application_id}": frozenset({"director", "crew"}),
    "POST /crew-applications/{application_id}/accept": frozenset({"director"}),
    "POST /crew-applications/{application_id}/reject": frozenset({"director"}),
    "POST /crew-applications/{application_id}/withdraw": frozenset({"crew"}),
    "POST /invitations/{invitation_id}/withdraw": frozenset({"director"}),  # who invited
    # the crew member's booking, waitlist offer and strike
    "POST /my/bookings/{booking_id}/check-in": frozenset({"crew"}),
    "POST /my/waitlist/{entry_id}/accept": frozenset({"crew"}),
    "POST /my/waitlist/{entry_id}/decline": frozenset({"crew"}),
    "POST /my/waitlist/{entry_id}/leave": frozenset({"crew"}),
    "POST /my/strikes/{strike_id}/appeal": frozenset({"crew"}),
    # the director's API token and saved search
    "POST /me/account/tokens/{token_id}/revoke": frozenset({"director"}),
    "POST /me/account/searches/{search_id}/delete": frozenset({"director"}),
    # the bridge: the submitting director, the posting partner
    "POST /submissions/{submission_id}/withdraw": frozenset({"director"}),
    "POST /scout/opportunities/{opportunity_id}/close": frozenset({"partner"}),
    "POST /scout/opportunities/{opportunity_id}/reopen": frozenset({"partner"}),
    "POST /scout/submissions/{submission_id}/{decision}": frozenset({"partner"}),
    # the API's: the organisation that posted the call, or received the submission
    "POST /api/v1/opportunities/{opportunity_id}/close": frozenset({"partner"}),
    "POST /api/v1/opportunities/{opportunity_id}/reopen": frozenset({"partner"}),
    "GET /api/v1/opportunities/{opportunity_id}/submissions": frozenset({"partner"}),
    "POST /api/v1/submissions/{submission_id}/decision": frozenset({"partner"}),
}
# Path parameters that name a different object on some routes.
PARAMS_BY_PREFIX: dict[str, dict[str, str]] = {
    "/crew-applications/": {"application_id": "crew_application_id"},
    "/admin/members/": {"member_id": "bystander"},
    "/api/v1/members/": {"member_id": "bystander"},
    "/coordinator/": {"member_id": "bystander"},
    "/admin/partners/": {"partner_id": "pending_partner_id"},
    "/me/contacts/": {"member_id": "crew"},
    "/admin/workspaces/{workspace_id:uuid}/blackouts": {"workspace_id": "blackout_workspace"},
}
# Routes that end or replace the caller's session: everyone signs in again afterwards.
SESSION_ROUTES = {"POST /signin", "POST /signout"}
# An allowed caller finds the object there, except where the world leaves nothing to find.
NOT_THERE: set[tuple[str, str]] = {
    # the application is not decided yet, so it has no receipt
    *(("GET /applications/{application_id}/receipt", name) for name in APPLICATION_PARTIES),
    ("GET /messages/{other_id}", "crew"),  # a thread with oneself
    ("POST /messages/{other_id}", "crew"),
    # the still belongs to the pitched project, not to the draft
    ("POST /projects/{project_id}/stills/{sha256}/remove", "other_director"),
    *(("GET /verify", name) for name in EVERYONE),  # no token: nothing to verify
}
BODIES: dict[str, dict[str, Any]] = {
    "POST /signin": {"email": "visitor@filmhouse.test", "password": PASSWORD}
}


def params_for(
    route: Route, world: World, overrides: dict[str, str] | None = None
) -> dict[str, Any]:
    values = dict(world.ids)
    people = {name: who.member_id for name, who in world.people.items()}
    for prefix, renames in PARAMS_BY_PREFIX.items():
        if route.path.startswith(prefix):
            for param, source in renames.items():
                values[param] = world.ids.get(source) or people[source]
    for param, source in (overrides or {}).items():
        values[param] = world.ids[source]
    return values


def gate(route: Route) -> tuple[bool, frozenset[Role] | None, frozenset[str] | None]:
    """What the route's guards say: (sign-in needed, roles allowed, identities allowed)."""
    roles: frozenset[Role] | None = None
    owners: frozenset[str] | None = None
    for guard in route.guards:
        if guard.startswith("may_"):
            allowed = PERMISSIONS[Action(guard.removeprefix("may_"))]
            roles = allowed if roles is None else roles & allowed
        elif guard.startswith("owns_"):
            assert guard in RESOURCE_GUARDS, f"{route}: new resource guard {guard}"
            found = RESOURCE_GUARDS[guard]
            if found is not None:
                owners = found if owners is None else owners & found
        else:
            assert guard == "signed_in", f"{route}: unknown guard {guard}"
    return bool(route.guards), roles, owners


def allowed_callers(route: Route, people: dict[str, Identity]) -> frozenset[str]:
    needs_sign_in, roles, owners = gate(route)
    in_handler = IN_HANDLER.get(str(route))
    if in_handler is not None:
        owners = in_handler if owners is None else owners & in_handler
    chosen = set()
    for name in EVERYONE:
        who = people[name]
        if who.anonymous and (needs_sign_in or in_handler is not None):
            continue
        if roles is not None and not who.roles & roles:
            continue
        if owners is not None and name not in owners:
            continue
        chosen.add(name)
    return frozenset(chosen)


@dataclass(frozen=True)
class Case:
    route: Route
    overrides: tuple[tuple[str, str], ...] = ()
    note: str = ""
    htmx: bool = False  # asked for as an htmx fragment

    def __str__(self) -> str:
        return f"{self.route}{' ' + self.note if self.note else ''}"


# The other director's draft: hidden from everyone but its director (and the centre's staff).
DRAFT = (("project_id", "draft_project"), ("role_id", "draft_role"))
DRAFT_VIEWERS = frozenset({"other_director", "admin"})


def cases() -> Iterable[Case]:
    for route in ROUTES:
        yield Case(route)
        if route.method == "GET" and not route.api:
            yield Case(route, note="(htmx)", htmx=True)
        # Pitching the draft would show it to everyone: every other route keeps it a draft.
        if "project_id" in route.params and not route.path.endswith("/pitch"):
            yield Case(route, DRAFT, "(a draft)")


def expected_callers(case: Case, people: dict[str, Identity]) -> frozenset[str]:
    allowed = allowed_callers(case.route, people)
    if case.overrides == DRAFT:
        sees = DRAFT_VIEWERS if case.route.method == "GET" else frozenset({"other_director"})
        allowed = allowed & sees if allowed != frozenset(EVERYONE) else sees
        if "owns_directs_project" in case.route.guards:
            allowed = frozenset({"other_director"})
        elif "owns_directs_project_or_admin" in case.route.guards:
            allowed = frozenset({"other_director", "admin"})
    return allowed


def answer_is_refusal(route: Route, who: Identity, response: Any) -> bool:
    if who.anonymous:
        location = response.headers.get("location", "")
        # Guards ask who you are first; a public page of a hidden thing is simply not there.
        return response.status_code in ((401,) if route.guards else (401, 404)) or (
            response.status_code in (302, 303) and location.startswith("/signin")
        )
    return response.status_code in (403, 404)


def send(world: World, who: Identity, case: Case, path: str, body: dict[str, Any] | None) -> Any:
    route = case.route
    if route.api:
        return world.request(
            who, route.method, path, json=body if route.mutating and body is not None else None
        )
    return world.request(
        who,
        route.method,
        path,
        data=body if route.mutating else None,
        headers={"HX-Request": "true"} if case.htmx else None,
    )


CASES = list(cases())


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_identity_gets_what_the_table_says(world: World, case: Case) -> None:
    route = case.route
    path = route.fill(params_for(route, world, dict(case.overrides)))
    allowed = expected_callers(case, world.people)
    refused = [name for name in EVERYONE if name not in allowed]
    wrong = []
    # Given the callers the table refuses (with an empty body), then those it allows.
    for name in [*refused, *sorted(allowed)]:
        who = world.people[name]
        body = BODIES.get(str(route), {}) if name in allowed else {}
        response = send(world, who, case, path, body)
        if response.status_code >= 500:
            wrong.append(f"{name}: {response.status_code} (server error)")
        elif name in allowed and (
            response.status_code in (401, 403)
            or (response.status_code == 404 and (str(route), name) not in NOT_THERE)
        ):
            wrong.append(
                f"{name}: {response.status_code}, should be allowed: {response.text[:160]!r}"
            )
        elif name not in allowed and not answer_is_refusal(route, who, response):
            wrong.append(f"{name}: {response.status_code}, should be refused")
        if route.api and response.status_code >= 400:
            assert set(response.json()) - {"code", "field", "params"} == {"error", "detail"}, (
                response.text
            )
    if str(route) in SESSION_ROUTES:
        for who in world.people.values():
            world.sign_in(who)
    assert not wrong, f"{case} → " + "; ".join(wrong)


def test_the_matrix_covers_every_route_and_every_role(world: World) -> None:
    """Every route of the app is in the matrix, each refuses someone or is public on purpose,
    and every role of the vocabulary has a caller."""
    assert len(ROUTES) > 150
    covered_roles = set().union(*(who.roles for who in world.people.values()))
    assert covered_roles == set(Role)
    names = {str(r) for r in ROUTES}
    assert set(IN_HANDLER) <= names, set(IN_HANDLER) - names
    public = [str(r) for r in ROUTES if allowed_callers(r, world.people) == frozenset(EVERYONE)]
    assert all(r.startswith("GET ") or r in PUBLIC_FORMS for r in public), sorted(
        set(public) - PUBLIC_FORMS
    )


# Forms that anyone may send, signed in or not.
PUBLIC_FORMS = {
    "POST /signin",
    "POST /signup",
    "POST /signout",
    "POST /language",
    "POST /forgot-password",
    "POST /reset-password",
    "POST /api/v1/auth/signup",
    "POST /api/v1/auth/token",
}


# -- the table itself against SPEC section 1 ----------------------------------------------------

# What SPEC section 1 says each role can do, action by action.
SPEC_SECTION_1: dict[Action, set[Role]] = {
    Action.CREATE_PROJECT: {Role.DIRECTOR},  # director: pitch projects
    Action.MANAGE_OWN_PROJECT: {Role.DIRECTOR},  # open crew roles, invite crew
    Action.APPLY_TO_ROLE: {Role.CREW},  # crew: apply to roles
    Action.RESPOND_TO_INVITATION: {Role.DIRECTOR, Role.CREW},  # accept crew / invitations
    Action.BOOK_WORKSPACE: {Role.DIRECTOR, Role.CREW},  # both book workspaces
    Action.APPLY_FOR_SUBSIDY: {Role.DIRECTOR},
    Action.SUBMIT_TO_OPPORTUNITY: {Role.DIRECTOR},
    Action.EDIT_OWN_PROFILE: {Role.CREW},  # crew: keep a profile with skills and credits
    Action.ENROL_IN_TRAINING: {Role.CREW},
    Action.POST_OPPORTUNITY: {Role.PARTNER},
    Action.SCOUT: {Role.PARTNER},  # scout talent, shortlist projects, register interest
    Action.DECIDE_SUBMISSION: {Role.PARTNER},  # shortlist, record deals
    Action.VERIFY_AFFILIATION: {Role.COORDINATOR},  # verify students of that university
    Action.MANAGE_WORKSPACES: {Role.ADMIN},
    Action.MANAGE_TRAININGS: {Role.ADMIN},
    Action.MANAGE_FUNDS: {Role.ADMIN},
    Action.ASSIGN_REVIEWER: {Role.ADMIN},
    Action.DECIDE_SUBSIDY: {Role.ADMIN},
    Action.VERIFY_PARTNER: {Role.ADMIN},
    Action.GRANT_ROLE: {Role.ADMIN},  # admins grant coordinator, auditor and admin
    Action.READ_AUDIT: {Role.AUDITOR, Role.ADMIN},  # auditor: read every history; admin: audit
    Action.REVIEW_APPLICATION: set(EVERY_MEMBER),  # any member can be assigned as a reviewer
}
# Roles the SPEC keeps narrow: what each may do beyond what every member may.
NARROW = {
    # read-only oversight: reading the log, what-if on a copy, and recording a seal of the log
    # (a seal changes nothing it seals; it is kept so a later check has something to compare)
    Role.AUDITOR: {Action.READ_AUDIT, Action.RUN_WHAT_IF, Action.TAKE_SEAL},
    Role.COORDINATOR: {Action.VERIFY_AFFILIATION, Action.RECORD_REGISTRY_CHECK},
}


@pytest.mark.parametrize("action", list(SPEC_SECTION_1), ids=lambda a: a.value)
def test_the_table_grants_what_spec_section_1_says(action: Action) -> None:
    assert SPEC_SECTION_1[action] <= PERMISSIONS[action]


def test_staff_actions_are_the_admins_alone() -> None:
    for action, spec in SPEC_SECTION_1.items():
        if spec == {Role.ADMIN}:
            assert PERMISSIONS[action] == STAFF, action


@pytest.mark.parametrize("role", list(NARROW), ids=lambda r: r.value)
def test_narrow_roles_do_nothing_more(role: Role) -> None:
    beyond_members = {
        a for a, roles in PERMISSIONS.items() if role in roles and roles != EVERY_MEMBER
    }
    assert beyond_members == NARROW[role]


def test_partners_neither_make_projects_nor_book_rooms() -> None:
    for action in (
        Action.CREATE_PROJECT,
        Action.APPLY_FOR_SUBSIDY,
        Action.BOOK_WORKSPACE,
        Action.APPLY_TO_ROLE,
        Action.SUBMIT_TO_OPPORTUNITY,
    ):
        assert Role.PARTNER not in PERMISSIONS[action], action


# -- other members' messages and contact details ------------------------------------------------


def test_contact_details_show_only_once_contact_is_accepted(world: World) -> None:
    director = world.people["director"].member_id
    phone = "010-1234-5678"
    # Given the director and the crew member accepted contact with each other
    seen = world.request(world.people["crew"], "GET", f"/members/{director}")
    assert seen.status_code == 200 and phone in seen.text
    # then nobody else reads the director's phone or address
    for name in ("anonymous", "other_crew", "other_director", "partner", "reviewer"):
        page = world.request(world.people[name], "GET", f"/members/{director}")
        assert page.status_code == 200
        assert phone not in page.text and "director@filmhouse.test" not in page.text, name


def test_messages_are_read_only_by_their_two_members(world: World) -> None:
    director, crew = (world.people[n].member_id for n in ("director", "crew"))
    said = "Are you free in May?"
    assert said in world.request(world.people["crew"], "GET", f"/messages/{director}").text
    assert said in world.request(world.people["director"], "GET", f"/messages/{crew}").text
    for name in ("other_crew", "partner", "admin", "auditor"):
        for other in (director, crew):
            page = world.request(world.people[name], "GET", f"/messages/{other}")
            assert page.status_code < 500 and said not in page.text, name
        assert said not in world.request(world.people[name], "GET", "/messages").text, name
    anonymous = world.request(world.people["anonymous"], "GET", f"/messages/{crew}")
    assert anonymous.status_code == 401 and said not in anonymous.text


def test_the_api_shows_a_member_only_themself(world: World) -> None:
    for name in MEMBERS:
        me = world.request(world.people[name], "GET", "/api/v1/members/me")
        assert me.status_code == 200
        assert me.json()["member_id"] == str(world.people[name].member_id)
