"""The closed vocabularies of the domain. Events carry these as enums, stored by value."""

from __future__ import annotations

from enum import Enum

from domain.errors import Invalid


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


# -- the crafts' words: suggested, not closed --------------------------------------------------
# Crew roles, skills and genres are stored as these lower-case English keys; a member or a
# director may still write one outside the list (people have rare skills), which is kept and
# shown as written. The pages offer these as suggestions and say them in the reader's language.

CREW_ROLES: tuple[str, ...] = (
    "director",
    "cinematographer",
    "camera operator",
    "gaffer",
    "editor",
    "colourist",
    "sound designer",
    "sound recordist",
    "composer",
    "producer",
    "line producer",
    "assistant director",
    "production designer",
    "art director",
    "costume designer",
    "makeup artist",
    "vfx artist",
    "ai artist",
    "writer",
    "script supervisor",
    "casting director",
    "actor",
)

SKILLS: tuple[str, ...] = (
    "directing",
    "screenwriting",
    "story editing",
    "cinematography",
    "camera operation",
    "lighting",
    "editing",
    "ai editing",
    "colour",
    "sound design",
    "location sound",
    "mixing",
    "composition",
    "scoring",
    "producing",
    "budgeting",
    "scheduling",
    "production design",
    "art direction",
    "costume design",
    "makeup",
    "vfx",
    "compositing",
    "generative previsualisation",
    "ai dubbing",
    "subtitling",
    "acting",
    "casting",
)

GENRES: tuple[str, ...] = (
    "drama",
    "thriller",
    "comedy",
    "documentary",
    "horror",
    "romance",
    "science fiction",
    "fantasy",
    "animation",
    "family",
    "crime",
    "mystery",
    "action",
    "historical",
    "music",
    "experimental",
)

# Spoken languages and a project's language: ISO 639-1 codes, chosen from this list. Each code
# lists the names people have typed for it (English, the language's own, Korean), so that
# text written before the list existed reads as its code.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "ko": ("korean", "한국어", "한국말", "조선어"),
    "en": ("english", "영어"),
    "ja": ("japanese", "日本語", "일본어"),
    "zh": ("chinese", "mandarin", "中文", "汉语", "중국어"),
    "fr": ("french", "français", "프랑스어"),
    "de": ("german", "deutsch", "독일어"),
    "es": ("spanish", "español", "스페인어"),
    "it": ("italian", "italiano", "이탈리아어"),
    "pt": ("portuguese", "português", "포르투갈어"),
    "ru": ("russian", "русский", "러시아어"),
    "vi": ("vietnamese", "tiếng việt", "베트남어"),
    "th": ("thai", "ไทย", "태국어"),
    "id": ("indonesian", "bahasa indonesia", "인도네시아어"),
    "ms": ("malay", "bahasa melayu", "말레이어"),
    "tl": ("tagalog", "filipino", "타갈로그어"),
    "hi": ("hindi", "हिन्दी", "힌디어"),
    "bn": ("bengali", "বাংলা", "벵골어"),
    "ar": ("arabic", "العربية", "아랍어"),
    "fa": ("persian", "farsi", "فارسی", "페르시아어"),
    "tr": ("turkish", "türkçe", "튀르키예어", "터키어"),
    "mn": ("mongolian", "монгол", "몽골어"),
    "uz": ("uzbek", "o'zbek", "우즈베크어"),
    "kk": ("kazakh", "қазақ", "카자흐어"),
    "ne": ("nepali", "नेपाली", "네팔어"),
    "my": ("burmese", "myanmar", "미얀마어"),
    "km": ("khmer", "ខ្មែរ", "크메르어"),
    "nl": ("dutch", "nederlands", "네덜란드어"),
    "sv": ("swedish", "svenska", "스웨덴어"),
    "no": ("norwegian", "norsk", "노르웨이어"),
    "da": ("danish", "dansk", "덴마크어"),
    "fi": ("finnish", "suomi", "핀란드어"),
    "pl": ("polish", "polski", "폴란드어"),
    "uk": ("ukrainian", "українська", "우크라이나어"),
    "el": ("greek", "ελληνικά", "그리스어"),
    "he": ("hebrew", "עברית", "히브리어"),
    "cs": ("czech", "čeština", "체코어"),
    "hu": ("hungarian", "magyar", "헝가리어"),
    "ro": ("romanian", "română", "루마니아어"),
}
_LANGUAGE_NAMES = {name: code for code, names in LANGUAGES.items() for name in (code, *names)}
_SEPARATORS = str.maketrans({"、": ",", "/": ",", ";": ",", "·": ","})


def language_code(text: str) -> str | None:
    """The ISO 639-1 code that a code or a language's name means ("KO", "Korean", "한국어" →
    "ko"), or None when it names no language on the list."""
    return _LANGUAGE_NAMES.get(" ".join(text.split()).casefold())


def language_codes(values: list[str] | tuple[str, ...] | str) -> tuple[list[str], list[str]]:
    """Codes for what was chosen or typed (one entry may hold several, "Korean, English"), in
    order and once each, and the entries that name no language on the list, as written."""
    entries = [values] if isinstance(values, str) else list(values)
    codes: list[str] = []
    unknown: list[str] = []
    for entry in entries:
        for part in str(entry).translate(_SEPARATORS).split(","):
            name = " ".join(part.split())
            if not name:
                continue
            code = language_code(name)
            if code is None:
                unknown.append(name)
            elif code not in codes:
                codes.append(code)
    return codes, unknown


def spoken_languages(values: list[str]) -> list[str]:
    """A member's languages as codes; a name not on the list is refused (they choose from it)."""
    codes, unknown = language_codes(values)
    if unknown:
        raise Invalid(
            "languages include “{language}”, which is not on our list; choose from the list",
            language=unknown[0],
        )
    return codes


def project_language(text: str) -> str:
    """A project's language as a code ("" when not given)."""
    if not text:
        return ""
    code = language_code(text)
    if code is None:
        raise Invalid(
            "language “{language}” is not on our list; choose one from the list", language=text
        )
    return code


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


class PartnerStage(Enum):
    """Where in a project's life a partner engages: development (a draft or pitched project),
    production (crewing or in production), distribution (wrapped)."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"
    DISTRIBUTION = "distribution"


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
    TALENT = "talent"  # directors and crew, for a scout: skill, level, university, free dates


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
    PartnerStage,
    PayBasis,
    DealKind,
    TicketPurpose,
    ReportKind,
    SearchKind,
)
