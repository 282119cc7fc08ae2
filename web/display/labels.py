"""The closed vocabularies' values in the reader's language: one word per stored value.

Every enum the domain stores (member roles, workspace kinds, booking and strike statuses,
project formats and statuses, fund decisions, partner and deal kinds...) has its words here,
once, as `{stored value: word}`; the pages, the Jinja filters (web/display/vocabulary.py) and
the audit console (web/display/audit_values.py) all read them from this module, so a word
changed here changes everywhere it is shown. The words go through `_()` when called, so each
call answers in the language of the request being served.
"""

from __future__ import annotations

from collections.abc import Callable

from web.i18n import gettext_ as _


def said(labels: Callable[[], dict[str, str]], value: object) -> str:
    """A stored value (or its enum) with its word from `labels`; one outside it as stored."""
    key = str(getattr(value, "value", value) or "")
    return labels().get(key, key)


# -- members -----------------------------------------------------------------------------------


def member_role_labels() -> dict[str, str]:
    """A member's roles (signed up as or granted), as the navigation and the profile say them."""
    return {
        "director": _("Director"),
        "crew": _("Crew"),
        "partner": _("Partner"),
        "coordinator": _("Coordinator"),
        "admin": _("Admin"),
        "auditor": _("Auditor"),
    }


def report_kind_labels() -> dict[str, str]:
    return {
        "harassment": _("Harassment"),
        "spam": _("Spam"),
        "scam": _("Scam or fraud"),
        "impersonation": _("Impersonation"),
        "inappropriate": _("Inappropriate content"),
        "other": _("Other"),
    }


def ticket_purpose_labels() -> dict[str, str]:
    return {
        "verify_email": _("Confirm the email address"),
        "reset_password": _("Reset the password"),
    }


def search_kind_labels() -> dict[str, str]:
    return {
        "members": _("Members"),
        "projects": _("Projects"),
        "talent": _("Talent (directors and crew)"),
    }


# -- workspaces --------------------------------------------------------------------------------


def workspace_kind_labels() -> dict[str, str]:
    return {
        "editing_suite": _("Editing suite"),
        "ai_workstation": _("AI workstation"),
        "sound_room": _("Sound room"),
        "grading_room": _("Grading room"),
        "screening_room": _("Screening room"),
        "shared_office": _("Shared office"),
        "meeting_room": _("Meeting room"),
    }


def booking_status_labels() -> dict[str, str]:
    """A booking's, a waitlist place's and a strike's status: one table, since a member's page
    lists them together; an offer and a strike that ran out both read "Expired"."""
    return {
        "confirmed": _("Confirmed"),
        "requested": _("Awaiting approval"),
        "refused": _("Refused by the centre"),
        "cancelled": _("Cancelled"),
        "no_show": _("No-show"),
        "waiting": _("Waiting"),
        "offered": _("Offered to you"),
        "booked": _("Booked"),
        "declined": _("Declined"),
        "expired": _("Expired"),
        "left": _("Left the waitlist"),
        "lapsed": _("Lapsed"),
        "active": _("In force"),
        "appealed": _("Appeal under review"),
        "upheld": _("Upheld"),
        "overturned": _("Overturned"),
    }


# -- projects ----------------------------------------------------------------------------------


def format_labels() -> dict[str, str]:
    return {
        "short": _("Short"),
        "feature": _("Feature"),
        "documentary": _("Documentary"),
        "series": _("Series"),
        "music_video": _("Music video"),
        "experimental": _("Experimental"),
    }


def project_status_labels() -> dict[str, str]:
    return {
        "draft": _("Draft"),
        "pitched": _("Pitched"),
        "crewing": _("Crewing"),
        "in_production": _("In production"),
        "wrapped": _("Wrapped"),
        "cancelled": _("Cancelled"),
    }


def pipeline_labels() -> dict[str, str]:
    """A crew invitation's or application's status, and which of the two it is."""
    return {
        "pending": _("Waiting for an answer"),
        "accepted": _("Accepted"),
        "declined": _("Declined"),
        "rejected": _("Not taken"),
        "withdrawn": _("Withdrawn"),
        "invitation": _("Invitation"),
        "application": _("Application"),
    }


# -- trainings ---------------------------------------------------------------------------------


def enrolment_labels() -> dict[str, str]:
    """A member's place on a training (its first two are the domain's Place)."""
    return {
        "enrolled": _("Enrolled"),
        "waitlisted": _("On the waitlist"),
        "withdrawn": _("You withdrew"),
        "left_waitlist": _("Left the waitlist"),
        "completed": _("Course completed"),
    }


# -- funds -------------------------------------------------------------------------------------


def reason_code_labels() -> dict[str, str]:
    """A fund decision's reason, in the order a reviewer picks from."""
    return {
        "meets_criteria": _("Meets the criteria"),
        "exceptional_merit": _("Exceptional merit"),
        "ineligible": _("Ineligible"),
        "incomplete": _("Incomplete"),
        "insufficient_quality": _("Insufficient quality"),
        "budget_exhausted": _("Budget exhausted"),
        "other": _("Other"),
    }


def application_status_labels() -> dict[str, str]:
    return {
        "draft": _("Draft"),
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "closed": _("Grant closed"),
    }


def eligibility_labels() -> dict[str, str]:
    return {
        "affiliated_students": _("Students with a verified affiliation"),
        "registered_filmmakers": _("Filmmakers confirmed in the film registry"),
    }


# -- the commercial bridge ---------------------------------------------------------------------


def partner_kind_labels() -> dict[str, str]:
    return {
        "studio": _("Studio"),
        "production_company": _("Production company"),
        "distributor": _("Distributor"),
        "streamer": _("Streamer"),
    }


def partner_status_labels() -> dict[str, str]:
    return {
        "pending": _("Waiting for the centre to verify it"),
        "verified": _("Verified"),
        "rejected": _("Not verified"),
        "suspended": _("Suspended"),
    }


def partner_stage_labels() -> dict[str, str]:
    """The stages of a project's life a partner engages at (its profile)."""
    return {
        "development": _("Development (draft or pitched)"),
        "production": _("Production (crewing or shooting)"),
        "distribution": _("Distribution (wrapped)"),
    }


def opportunity_kind_labels() -> dict[str, str]:
    return {
        "call_for_pitches": _("Call for pitches"),
        "co_production": _("Co-production"),
        "distribution": _("Distribution"),
        "hiring": _("Hiring"),
    }


def posting_labels() -> dict[str, str]:
    """An opportunity's posting as its card says it ("past": open, but its deadline passed)."""
    return {
        "open": _("Open"),
        "closed": _("Closed"),
        "taken_down": _("Taken down by the centre"),
        "past": _("Deadline passed"),
    }


def pay_basis_labels() -> dict[str, str]:
    return {
        "per_project": _("per project"),
        "per_month": _("per month"),
        "per_shoot_day": _("per shoot day"),
        "per_hour": _("per hour"),
    }


def deal_kind_labels() -> dict[str, str]:
    return {
        "development": _("Development"),
        "co_production": _("Co-production"),
        "distribution": _("Distribution"),
        "acquisition": _("Acquisition"),
        "licensing": _("Licensing"),
        "employment": _("Employment"),
    }


def submission_labels() -> dict[str, str]:
    """A submission's state on the commercial bridge."""
    return {
        "submitted": _("Submitted"),
        "shortlisted": _("Shortlisted"),
        "meeting_requested": _("Meeting requested"),
        "deal_signed": _("Deal signed"),
        "passed": _("Passed"),
        "withdrawn": _("Withdrawn"),
    }
