"""The audit console's plain values, as a person reads them: the shape a shown value takes
(`Shown`: words, a link, a list, pairs or a table) and the words for what needs no other
entity to be named: closed vocabularies, won, Seoul time, hours, weekdays.

Kept apart from the Reader (web/display/audit_state.py) so the vocabularies' words can be read,
and tested, without a state or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from domain.clock import SEOUL
from domain.crew_application import ApplicationStatus as CrewApplicationStatus
from domain.invitation import InvitationStatus
from domain.opportunity import SubmissionState
from domain.partner import PartnerStatus
from domain.training import Place
from domain.vocabulary import (
    ApplicationStatus,
    BookingStatus,
    DealKind,
    FundEligibility,
    OpportunityKind,
    PartnerKind,
    PartnerStage,
    PayBasis,
    ProjectFormat,
    ProjectStatus,
    ReasonCode,
    ReportKind,
    Role,
    SearchKind,
    StrikeStatus,
    TicketPurpose,
    WaitlistStatus,
    WorkspaceKind,
)
from web.display import labels
from web.i18n import gettext_ as _


@dataclass(frozen=True)
class Shown:
    """One value as the page shows it: words (maybe a link), a list, pairs, or a table."""

    text: str = ""
    href: str = ""
    empty: bool = False
    items: tuple[Shown, ...] | None = None
    pairs: tuple[tuple[str, Shown], ...] | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Shown, ...], ...] | None = None


def words(text: str) -> Shown:
    return Shown(text=text)


def nothing(text: str = "—") -> Shown:
    return Shown(text=text, empty=True)


# -- words for the vocabularies ----------------------------------------------------------------


def enum_words() -> dict[type[Enum], dict[str, str]]:
    """Each closed vocabulary's values in the reader's language (web/display/labels.py)."""
    places = labels.booking_status_labels()
    pipeline = labels.pipeline_labels()
    return {
        Role: labels.member_role_labels(),
        ProjectFormat: labels.format_labels(),
        ProjectStatus: labels.project_status_labels(),
        WorkspaceKind: labels.workspace_kind_labels(),
        BookingStatus: places,
        WaitlistStatus: places,
        StrikeStatus: places,
        ReasonCode: labels.reason_code_labels(),
        ApplicationStatus: labels.application_status_labels(),
        PartnerKind: labels.partner_kind_labels(),
        PartnerStatus: labels.partner_status_labels(),
        PartnerStage: labels.partner_stage_labels(),
        OpportunityKind: labels.opportunity_kind_labels(),
        PayBasis: labels.pay_basis_labels(),
        DealKind: labels.deal_kind_labels(),
        SubmissionState: labels.submission_labels(),
        InvitationStatus: pipeline,
        CrewApplicationStatus: pipeline,
        FundEligibility: labels.eligibility_labels(),
        TicketPurpose: labels.ticket_purpose_labels(),
        ReportKind: labels.report_kind_labels(),
        SearchKind: labels.search_kind_labels(),
        Place: labels.enrolment_labels(),
    }


def enum_word(value: Enum, table: dict[type[Enum], dict[str, str]]) -> str:
    found = table.get(type(value), {}).get(str(value.value))
    return found if found is not None else str(value.value).replace("_", " ")


# -- values ------------------------------------------------------------------------------------


def won(amount: int | Decimal | float) -> str:
    return f"₩{amount:,}"


def seoul(moment: datetime) -> str:
    return (
        moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
        if moment.tzinfo
        else moment.strftime("%Y-%m-%d %H:%M")
    )


def hours(minutes: int | Decimal | float) -> str:
    amount = Decimal(minutes) / 60
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return _("%(hours)s h", hours=text)


def weekdays() -> tuple[str, ...]:
    return (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
