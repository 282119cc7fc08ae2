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
    RUN_BOOKING_TIMERS = "run_booking_timers"
    DECIDE_STRIKE_APPEAL = "decide_strike_appeal"
    # subsidies
    MANAGE_FUNDS = "manage_funds"
    APPLY_FOR_SUBSIDY = "apply_for_subsidy"
    ASSIGN_REVIEWER = "assign_reviewer"
    REVIEW_APPLICATION = "review_application"
    DECIDE_SUBSIDY = "decide_subsidy"
    DISBURSE_SUBSIDY = "disburse_subsidy"
    SUBMIT_FINAL_REPORT = "submit_final_report"
    # trainings and endorsements
    MANAGE_TRAININGS = "manage_trainings"
    ENROL_IN_TRAINING = "enrol_in_training"
    ENDORSE_SKILL = "endorse_skill"
    # commercial bridge
    REGISTER_PARTNER = "register_partner"
    VERIFY_PARTNER = "verify_partner"
    POST_OPPORTUNITY = "post_opportunity"
    TAKE_DOWN_POSTING = "take_down_posting"
    DECIDE_SUBMISSION = "decide_submission"
    SCOUT = "scout"
    SUBMIT_TO_OPPORTUNITY = "submit_to_opportunity"
    FOLLOW_DIRECTOR = "follow_director"
    # accounts and messages
    SEND_MESSAGE = "send_message"
    REPORT_MEMBER = "report_member"
    MODERATE = "moderate"
    # oversight
    READ_AUDIT = "read_audit"
    TAKE_SEAL = "take_seal"
    RUN_WHAT_IF = "run_what_if"


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
    Action.RUN_BOOKING_TIMERS: STAFF,
    Action.DECIDE_STRIKE_APPEAL: STAFF,
    Action.MANAGE_FUNDS: STAFF,
    Action.APPLY_FOR_SUBSIDY: frozenset({Role.DIRECTOR}),
    Action.ASSIGN_REVIEWER: STAFF,
    # Any member may be appointed to a panel; the application checks the appointment itself.
    Action.REVIEW_APPLICATION: EVERY_MEMBER,
    Action.DECIDE_SUBSIDY: STAFF,
    Action.DISBURSE_SUBSIDY: STAFF,
    Action.SUBMIT_FINAL_REPORT: frozenset({Role.DIRECTOR}),  # the grant's applicant
    Action.MANAGE_TRAININGS: STAFF,
    Action.ENROL_IN_TRAINING: EVERY_MEMBER,
    Action.ENDORSE_SKILL: EVERY_MEMBER,
    Action.REGISTER_PARTNER: frozenset({Role.PARTNER}),
    Action.VERIFY_PARTNER: STAFF,
    Action.POST_OPPORTUNITY: frozenset({Role.PARTNER}),
    Action.TAKE_DOWN_POSTING: STAFF,
    Action.DECIDE_SUBMISSION: frozenset({Role.PARTNER}),
    Action.SCOUT: frozenset({Role.PARTNER}),
    Action.SUBMIT_TO_OPPORTUNITY: frozenset({Role.DIRECTOR}),
    Action.FOLLOW_DIRECTOR: EVERY_MEMBER,
    Action.SEND_MESSAGE: EVERY_MEMBER,
    Action.REPORT_MEMBER: EVERY_MEMBER,
    Action.MODERATE: STAFF,
    Action.READ_AUDIT: frozenset({Role.AUDITOR, Role.ADMIN}),
    Action.TAKE_SEAL: frozenset({Role.AUDITOR, Role.ADMIN}),
    Action.RUN_WHAT_IF: frozenset({Role.AUDITOR, Role.ADMIN}),  # read-only replays
}


def allowed(roles: frozenset[Role], action: Action) -> bool:
    return bool(roles & PERMISSIONS[action])


def require(roles: frozenset[Role], action: Action) -> None:
    if not allowed(roles, action):
        needed = ", ".join(sorted(r.value for r in PERMISSIONS[action]))
        raise Forbidden(
            "{action} needs one of these roles: {needed}",
            action=action.value.replace("_", " "),
            needed=needed,
        )
