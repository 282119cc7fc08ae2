"""The closed vocabularies of the domain. Events carry these as enums, stored by value."""

from __future__ import annotations

from enum import Enum


class Role(Enum):
    DIRECTOR = "director"
    CREW = "crew"
    PARTNER = "partner"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    AUDITOR = "auditor"


SIGN_UP_ROLES = frozenset({Role.DIRECTOR, Role.CREW, Role.PARTNER})
GRANTED_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR, Role.ADMIN})


class ProjectFormat(Enum):
    SHORT = "short"
    FEATURE = "feature"
    DOCUMENTARY = "documentary"
    SERIES = "series"
    MUSIC_VIDEO = "music_video"
    EXPERIMENTAL = "experimental"


class ProjectStatus(Enum):
    DRAFT = "draft"
    PITCHED = "pitched"
    CREWING = "crewing"
    IN_PRODUCTION = "in_production"
    WRAPPED = "wrapped"
    CANCELLED = "cancelled"


class WorkspaceKind(Enum):
    EDITING_SUITE = "editing_suite"
    AI_WORKSTATION = "ai_workstation"
    SOUND_ROOM = "sound_room"
    GRADING_ROOM = "grading_room"
    SCREENING_ROOM = "screening_room"
    SHARED_OFFICE = "shared_office"
    MEETING_ROOM = "meeting_room"


class BookingStatus(Enum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class WaitlistStatus(Enum):
    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    DECLINED = "declined"
    EXPIRED = "expired"
    LEFT = "left"
    LAPSED = "lapsed"


class StrikeStatus(Enum):
    ACTIVE = "active"
    APPEALED = "appealed"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class ReasonCode(Enum):
    MEETS_CRITERIA = "meets_criteria"
    EXCEPTIONAL_MERIT = "exceptional_merit"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"
    INSUFFICIENT_QUALITY = "insufficient_quality"
    BUDGET_EXHAUSTED = "budget_exhausted"
    OTHER = "other"


class FundEligibility(Enum):
    """Conditions a fund may set on who applies, checked against the applicant's record."""

    AFFILIATED_STUDENTS = "affiliated_students"  # a verified affiliation with a network university
    REGISTERED_FILMMAKERS = "registered_filmmakers"  # a confirmed film-registry check


class ApplicationStatus(Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CLOSED = "closed"


class PartnerKind(Enum):
    STUDIO = "studio"
    PRODUCTION_COMPANY = "production_company"
    DISTRIBUTOR = "distributor"
    STREAMER = "streamer"


class OpportunityKind(Enum):
    CALL_FOR_PITCHES = "call_for_pitches"
    CO_PRODUCTION = "co_production"
    DISTRIBUTION = "distribution"
    HIRING = "hiring"


class PayBasis(Enum):
    """What a posted pay is counted per; a figure without its basis still hides the pay."""

    PER_PROJECT = "per_project"
    PER_MONTH = "per_month"
    PER_SHOOT_DAY = "per_shoot_day"
    PER_HOUR = "per_hour"


class DealKind(Enum):
    DEVELOPMENT = "development"
    CO_PRODUCTION = "co_production"
    DISTRIBUTION = "distribution"
    ACQUISITION = "acquisition"
    LICENSING = "licensing"
    EMPLOYMENT = "employment"


class TicketPurpose(Enum):
    """What a single-use account link is for."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


class ReportKind(Enum):
    HARASSMENT = "harassment"
    SPAM = "spam"
    SCAM = "scam"
    IMPERSONATION = "impersonation"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"


class SearchKind(Enum):
    MEMBERS = "members"
    PROJECTS = "projects"


ALL_ENUMS: tuple[type[Enum], ...] = (
    Role,
    ProjectFormat,
    ProjectStatus,
    WorkspaceKind,
    BookingStatus,
    WaitlistStatus,
    StrikeStatus,
    ReasonCode,
    FundEligibility,
    ApplicationStatus,
    PartnerKind,
    OpportunityKind,
    PayBasis,
    DealKind,
    TicketPurpose,
    ReportKind,
    SearchKind,
)
