"""Who hears of what, as one table: the events that open an offer (an invitation, a crew
application, a subsidy application, a booking, a waitlist entry, a partner's submission) and the
events about an offer that land in the inbox of one of its two parties.

Every such notice reads the same way (find the offer, pick the party told, add the project and
role it is about, add the event's own facts), so a new kind of notice is one line here, not a
handler of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.booking import Booking
from domain.crew_application import CrewApplication
from domain.invitation import Invitation
from domain.opportunity import Submission
from domain.subsidy import SubsidyApplication
from domain.waitlist import Waitlist

MEMBER = "member"  # the party who applied, was invited, booked, waits or submitted
COUNTERPART = "counterpart"  # the director (or partner) on the other side, where there is one


@dataclass(frozen=True)
class Offer:
    """What the inbox keeps of an offer to tell its parties of what happens to it."""

    offer_id: UUID
    member_id: UUID
    counterpart_id: UUID | None
    project_id: UUID | None
    detail: dict[str, Any]


def _nothing(event: Any) -> dict[str, Any]:
    return {}


def _originator(event: Any) -> UUID:
    return event.originator_id  # type: ignore[no-any-return]


def _never(event: Any, offer: Offer) -> bool:
    return False


@dataclass(frozen=True)
class Notice:
    """One event about an offer, as an inbox item: told `to` one party, of `kind`, with the
    offer's detail and project, plus the event's own `facts`."""

    to: str
    kind: str
    facts: Callable[[Any], dict[str, Any]] = _nothing
    names_other: bool = True  # the item shows the other party (a member) as who it is from
    partner: bool = False  # the counterpart is a partner, named in the item
    offer: Callable[[Any], UUID] = _originator  # the offer the event is about
    unless: Callable[[Any, Offer], bool] = field(default=_never)  # when nobody need hear


def _span(ev: Any) -> dict[str, Any]:
    return {
        "workspace_id": ev.workspace_id.hex,
        "start": ev.start.isoformat(),
        "end": ev.end.isoformat(),
    }


def _crew(ev: Any) -> Offer:
    return Offer(
        ev.originator_id, ev.member_id, ev.director_id, ev.project_id, {"role_id": ev.role_id.hex}
    )


OPENED: dict[type, Callable[[Any], Offer]] = {
    Invitation.Sent: _crew,
    CrewApplication.Submitted: _crew,
    SubsidyApplication.Started: lambda ev: Offer(
        ev.originator_id, ev.applicant_id, None, ev.project_id, {"fund_id": ev.fund_id.hex}
    ),
    Booking.Made: lambda ev: Offer(ev.originator_id, ev.member_id, None, None, _span(ev)),
    Booking.Requested: lambda ev: Offer(ev.originator_id, ev.member_id, None, None, _span(ev)),
    Waitlist.Joined: lambda ev: Offer(ev.entry_id, ev.member_id, None, None, _span(ev)),
    Submission.Submitted: lambda ev: Offer(
        ev.originator_id,
        ev.director_id,
        ev.partner_id,
        ev.project_id,
        {"opportunity_id": ev.opportunity_id.hex},
    ),
}


def _declined(ev: Any) -> dict[str, Any]:
    return {"answer": "declined", **({"reason": ev.reason} if ev.reason else {})}


def _subsidy(approve: bool) -> Callable[[Any], dict[str, Any]]:
    return lambda ev: {
        "approve": approve,
        "amount_krw": ev.amount_krw if approve else 0,
        "reason_code": ev.reason_code.value,
        "reason": ev.reason,
    }


def _step(step: str) -> Callable[[Any], dict[str, Any]]:
    return lambda ev: {"step": step, "reason": ev.reason}


def _booking(decision: str) -> Callable[[Any], dict[str, Any]]:
    return lambda ev: {"decision": decision, "reason": ev.reason}


NOTICES: dict[type, Notice] = {
    Invitation.Sent: Notice(MEMBER, "invitation_received"),
    Invitation.Renewed: Notice(MEMBER, "invitation_received"),
    Invitation.Withdrawn: Notice(MEMBER, "invitation_withdrawn"),
    Invitation.Accepted: Notice(
        COUNTERPART, "invitation_answered", lambda ev: {"answer": "accepted"}
    ),
    Invitation.Declined: Notice(COUNTERPART, "invitation_answered", _declined),
    CrewApplication.Submitted: Notice(COUNTERPART, "application_received"),
    CrewApplication.Resubmitted: Notice(COUNTERPART, "application_received"),
    CrewApplication.Withdrawn: Notice(COUNTERPART, "application_withdrawn"),
    CrewApplication.Accepted: Notice(
        MEMBER, "application_decided", lambda ev: {"decision": "accepted"}
    ),
    CrewApplication.Rejected: Notice(
        MEMBER, "application_decided", lambda ev: {"decision": "turned down", "reason": ev.reason}
    ),
    SubsidyApplication.Approved: Notice(
        MEMBER, "subsidy_decided", _subsidy(True), names_other=False
    ),
    SubsidyApplication.Rejected: Notice(
        MEMBER, "subsidy_decided", _subsidy(False), names_other=False
    ),
    Booking.Approved: Notice(MEMBER, "booking_decided", _booking("approved"), names_other=False),
    Booking.Refused: Notice(MEMBER, "booking_decided", _booking("refused"), names_other=False),
    Booking.Cancelled: Notice(
        MEMBER,
        "booking_cancelled",
        lambda ev: {"reason": ev.reason},
        names_other=False,
        unless=lambda ev, offer: ev.cancelled_by == offer.member_id,
    ),
    Waitlist.Offered: Notice(
        MEMBER,
        "waitlist_offer",
        lambda ev: {"expires": ev.expires.isoformat()},
        names_other=False,
        offer=lambda ev: ev.entry_id,
    ),
    Submission.Shortlisted: Notice(
        MEMBER, "submission_update", _step("shortlisted"), names_other=False, partner=True
    ),
    Submission.MeetingRequested: Notice(
        MEMBER, "submission_update", _step("asked to meet about"), names_other=False, partner=True
    ),
    Submission.DealSigned: Notice(
        MEMBER, "submission_update", _step("signed a deal for"), names_other=False, partner=True
    ),
    Submission.Passed: Notice(
        MEMBER, "submission_update", _step("passed on"), names_other=False, partner=True
    ),
}

# Every event the table reads, once each (an opening event may also be a notice).
OFFER_EVENTS: tuple[type, ...] = tuple(dict.fromkeys([*OPENED, *NOTICES]))
