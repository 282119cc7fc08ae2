"""The one table of role × action. Application services guard with it; the web layer hides what
it forbids; the authorization tests are generated from it."""

from __future__ import annotations

from enum import Enum

from domain.errors import Forbidden
from domain.vocabulary import Role


class Action(Enum):
    # members and universities
    EDIT_OWN_PROFILE = "edit_own_profile"
    GRANT_ROLE = "grant_role"
    VERIFY_AFFILIATION = "verify_affiliation"
    RECORD_REGISTRY_CHECK = "record_registry_check"
    # projects and crewing
    CREATE_PROJECT = "create_project"
    MANAGE_OWN_PROJECT = "manage_own_project"
    APPLY_TO_ROLE = "apply_to_role"
    RESPOND_TO_INVITATION = "respond_to_invitation"
    # workspaces
    MANAGE_WORKSPACES = "manage_workspaces"
    BOOK_WORKSPACE = "book_workspace"
    DECIDE_BOOKING_REQUEST = "decide_booking_request"
    CANCEL_ANY_BOOKING = "cancel_any_booking"
    # subsidies
    MANAGE_FUNDS = "manage_funds"
    APPLY_FOR_SUBSIDY = "apply_for_subsidy"
    ASSIGN_REVIEWER = "assign_reviewer"
    REVIEW_APPLICATION = "review_application"
    DECIDE_SUBSIDY = "decide_subsidy"
    DISBURSE_SUBSIDY = "disburse_subsidy"
    # oversight
    READ_AUDIT = "read_audit"


EVERY_MEMBER = frozenset(Role)
STAFF = frozenset({Role.ADMIN})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.EDIT_OWN_PROFILE: EVERY_MEMBER,
    Action.GRANT_ROLE: STAFF,
    Action.VERIFY_AFFILIATION: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.RECORD_REGISTRY_CHECK: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Action.CREATE_PROJECT: frozenset({Role.DIRECTOR}),
    Action.MANAGE_OWN_PROJECT: frozenset({Role.DIRECTOR}),
    Action.APPLY_TO_ROLE: frozenset({Role.CREW, Role.DIRECTOR}),
    Action.RESPOND_TO_INVITATION: EVERY_MEMBER,
    Action.MANAGE_WORKSPACES: STAFF,
    Action.BOOK_WORKSPACE: frozenset({Role.DIRECTOR, Role.CREW, Role.ADMIN}),
    Action.DECIDE_BOOKING_REQUEST: STAFF,
    Action.CANCEL_ANY_BOOKING: STAFF,
    Action.MANAGE_FUNDS: STAFF,
    Action.APPLY_FOR_SUBSIDY: frozenset({Role.DIRECTOR}),
    Action.ASSIGN_REVIEWER: STAFF,
    # Any member may be appointed to a panel; the application checks the appointment itself.
    Action.REVIEW_APPLICATION: EVERY_MEMBER,
    Action.DECIDE_SUBSIDY: STAFF,
    Action.DISBURSE_SUBSIDY: STAFF,
    Action.READ_AUDIT: frozenset({Role.AUDITOR, Role.ADMIN}),
}


def allowed(roles: frozenset[Role], action: Action) -> bool:
    return bool(roles & PERMISSIONS[action])


def require(roles: frozenset[Role], action: Action) -> None:
    if not allowed(roles, action):
        needed = ", ".join(sorted(r.value for r in PERMISSIONS[action]))
        raise Forbidden(f"{action.value.replace('_', ' ')} needs one of these roles: {needed}")
