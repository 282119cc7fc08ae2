"""Values of the product's vocabularies said in the reader's language.

Crew roles, skills and genres are stored as lower-case English keys (domain/vocabulary.py) and
said here through the catalogue, each under its own context ("crew role", "skill", "genre"), so
that a word shared with another screen ("Actor" is the audit log's "who did it") keeps its own
translation. Formats are said with the project pages' words, languages by their names in the
reader's language (Babel's CLDR data), a no-show strike with the workspace pages' word.
The closed vocabularies (member roles, workspace kinds, opportunity and deal kinds, pay bases,
partner and report kinds) are filters named in CLOSED: `{{ w.kind | workspace_kind }}`, their
words web/display/labels.py's.
A value outside the vocabulary is something a person wrote: it is shown as written.

The other way round, `key_of` reads what a reader typed or picked from a suggestion list (in
English or in their own language) as the vocabulary's key, and leaves anything else as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale
from jinja2 import Environment

from domain.vocabulary import CREW_ROLES, GENRES, LANGUAGES, SKILLS, language_code
from web.display.labels import (
    deal_kind_labels,
    format_labels,
    member_role_labels,
    opportunity_kind_labels,
    partner_kind_labels,
    pay_basis_labels,
    project_status_labels,
    report_kind_labels,
    said,
    workspace_kind_labels,
)
from web.i18n import LANGUAGES as PAGE_LANGUAGES
from web.i18n import current_language, translations
from web.i18n import gettext_ as _

ROLE = "crew role"
SKILL = "skill"
GENRE = "genre"

ENGLISH: dict[str, dict[str, str]] = {
    ROLE: {
        "director": "Director",
        "cinematographer": "Cinematographer",
        "camera operator": "Camera operator",
        "gaffer": "Gaffer",
        "editor": "Editor",
        "colourist": "Colourist",
        "sound designer": "Sound designer",
        "sound recordist": "Sound recordist",
        "composer": "Composer",
        "producer": "Producer",
        "line producer": "Line producer",
        "assistant director": "Assistant director",
        "production designer": "Production designer",
        "art director": "Art director",
        "costume designer": "Costume designer",
        "makeup artist": "Makeup artist",
        "vfx artist": "VFX artist",
        "ai artist": "AI artist",
        "writer": "Writer",
        "script supervisor": "Script supervisor",
        "casting director": "Casting director",
        "actor": "Actor",
    },
    SKILL: {
        "directing": "Directing",
        "screenwriting": "Screenwriting",
        "story editing": "Story editing",
        "cinematography": "Cinematography",
        "camera operation": "Camera operation",
        "lighting": "Lighting",
        "editing": "Editing",
        "ai editing": "AI editing",
        "colour": "Colour grading",
        "sound design": "Sound design",
        "location sound": "Location sound",
        "mixing": "Mixing",
        "composition": "Composition",
        "scoring": "Film scoring",
        "producing": "Producing",
        "budgeting": "Budgeting",
        "scheduling": "Scheduling",
        "production design": "Production design",
        "art direction": "Art direction",
        "costume design": "Costume design",
        "makeup": "Makeup",
        "vfx": "VFX",
        "compositing": "Compositing",
        "generative previsualisation": "Generative previsualisation",
        "ai dubbing": "AI dubbing",
        "subtitling": "Subtitling",
        "acting": "Acting",
        "casting": "Casting",
    },
    GENRE: {
        "drama": "Drama",
        "thriller": "Thriller",
        "comedy": "Comedy",
        "documentary": "Documentary",
        "horror": "Horror",
        "romance": "Romance",
        "science fiction": "Science fiction",
        "fantasy": "Fantasy",
        "animation": "Animation",
        "family": "Family",
        "crime": "Crime",
        "mystery": "Mystery",
        "action": "Action",
        "historical": "Historical",
        "music": "Music",
        "experimental": "Experimental",
    },
}
KEYS: dict[str, tuple[str, ...]] = {ROLE: CREW_ROLES, SKILL: SKILLS, GENRE: GENRES}
FIRST_LANGUAGES = ("ko", "en", "ja", "zh")  # the centre's most spoken, listed first


def _said(kind: str, english: str, language: str | None = None) -> str:
    return translations(language).pgettext(kind, english)


def label(kind: str, value: object) -> str:
    """A role, skill or genre in the reader's language; free text as written."""
    text = "" if value is None else str(value)
    english = ENGLISH[kind].get(text.strip().lower())
    return text if english is None else _said(kind, english)


def in_sentence(kind: str, value: object) -> str:
    """`label` for the middle of a sentence: "claims cinematography", but "AI editing"."""
    said = label(kind, value)
    return said[:1].lower() + said[1:] if said[1:2].islower() else said


def role_label(value: object) -> str:
    return label(ROLE, value)


def skill_label(value: object) -> str:
    return label(SKILL, value)


def genre_label(value: object) -> str:
    return label(GENRE, value)


def format_label(value: object) -> str:
    """A project format (its enum or its value) in the reader's language."""
    return said(format_labels, value)


def project_status_label(value: object) -> str:
    """A project's status in the reader's language (the project pages' words)."""
    return said(project_status_labels, value)


# The closed vocabularies' filters; their words are web/display/labels.py's.
CLOSED: dict[str, Callable[[], dict[str, str]]] = {
    "member_role": member_role_labels,
    "workspace_kind": workspace_kind_labels,
    "opportunity_kind": opportunity_kind_labels,
    "pay_basis": pay_basis_labels,
    "deal_kind": deal_kind_labels,
    "partner_kind": partner_kind_labels,
    "report_kind": report_kind_labels,
}


@cache
def _language_name(code: str, language: str) -> str:
    name = str(Locale.parse(language).languages.get(code, code))
    return name[:1].upper() + name[1:]


def language_label(value: object) -> str:
    """An ISO 639-1 code (or a language named before the codes) in the reader's language."""
    text = "" if value is None else str(value)
    code = text if text in LANGUAGES else language_code(text)
    return text if code is None else _language_name(code, current_language())


def language_choices() -> list[tuple[str, str]]:
    """Every language on the list as (code, name in the reader's language): the centre's most
    spoken first, then the rest by name."""
    rest = sorted((c for c in LANGUAGES if c not in FIRST_LANGUAGES), key=language_label)
    return [(code, language_label(code)) for code in (*FIRST_LANGUAGES, *rest)]


def choices(kind: str) -> list[tuple[str, str]]:
    """A vocabulary's (key, label) pairs in the reader's language, by label."""
    return sorted(((key, label(kind, key)) for key in KEYS[kind]), key=lambda pair: pair[1])


def strike_reason(reason: object) -> str:
    """A strike's reason, its kind ("no-show: …", written by the timer) in the reader's
    language; the room and times after it stay as they are."""
    text = "" if reason is None else str(reason)
    kind, colon, rest = text.partition(": ")
    if colon and kind == "no-show":
        return f"{_('No-show')}: {rest}"
    return text


def key_of(kind: str, typed: str) -> str:
    """What a reader typed or picked, as the vocabulary's key when it is one of its words (the
    key itself, or its label in any of the pages' languages); else as typed."""
    wanted = " ".join(typed.split()).casefold()
    for key, english in ENGLISH[kind].items():
        if wanted in (key, english.casefold()) or any(
            wanted == _said(kind, english, language).casefold() for language in PAGE_LANGUAGES
        ):
            return key
    return " ".join(typed.split())


def keys_of(kind: str, typed: list[str]) -> list[str]:
    return [key_of(kind, entry) for entry in typed]


def install(environment: Environment) -> None:
    """Give a Jinja environment the vocabulary's filters and suggestion lists."""
    environment.filters.update(
        role_label=role_label,
        skill_label=skill_label,
        genre_label=genre_label,
        format_label=format_label,
        language_label=language_label,
        strike_reason=strike_reason,
        project_status=project_status_label,
        skill_in_sentence=lambda value: in_sentence(SKILL, value),
        role_labels=lambda values: ", ".join(role_label(v) for v in values or ()),
        skill_labels=lambda values: ", ".join(skill_label(v) for v in values or ()),
        genre_labels=lambda values: ", ".join(genre_label(v) for v in values or ()),
        language_labels=lambda values: ", ".join(language_label(v) for v in values or ()),
        member_roles=lambda values: ", ".join(said(member_role_labels, v) for v in values or ()),
    )
    environment.filters.update(
        {
            name: (lambda value, labels=labels: said(labels, value))
            for name, labels in CLOSED.items()
        }
    )
    environment.globals.update(
        role_choices=lambda: choices(ROLE),
        skill_choices=lambda: choices(SKILL),
        genre_choices=lambda: choices(GENRE),
        language_choices=language_choices,
    )
