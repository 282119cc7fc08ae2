"""What a person must never read on a page: raw data, and English left on a Korean page.

The translation catalogues are the oracle for untranslated text: every interface string in the
code (extracted from the templates and the Python with Babel, as the catalogues are) is a
pattern; a text on a Korean page that matches one whose Korean differs was never translated.
Words of the product's vocabularies (statuses, kinds, roles, skills, genres, formats, languages)
count too: they are shown in the reader's language.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from babel.messages.extract import extract_from_dir

from domain import vocabulary
from domain.university import NETWORK
from web.i18n import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
_KEYWORDS = {"_": None, "gettext_": None, "ngettext_": (1, 2), "ngettext": (1, 2)}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w*(?::[^}]*)?\}")
_WORD = re.compile(r"[A-Za-z]{2,}")

# Raw data: what a program prints of a value, never what a person should read.
RAW = (
    (re.compile(r"^(None|null|undefined|NaN|\{\}|\[\]|True|False)$"), "a raw value"),
    (re.compile(r"\b(None|null)\s*[,:}\]]|[:\[,]\s*(None|null)\b"), "a raw None/null inside data"),
    (re.compile(r"^\s*[\[{]\s*\"[^\"]*\"\s*:"), "a JSON object"),
    (re.compile(r"^\s*\[\s*\{"), "a JSON list of objects"),
    (re.compile(r"\b(UUID|Decimal|datetime|date|frozenset|set)\((?:'|\")"), "a Python repr"),
    (re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>|<\w+\.\w+: '?\w+'?>"), "a Python object"),
    (re.compile(r"\b[A-Z][A-Za-z]+\((?:[a-z_]+=)"), "a dataclass repr"),
    (
        re.compile(r"\b(domain|projections|web|matching)\.[a-z_]+(?:\.[a-z_]+)*:[A-Z]\w+"),
        "an event or class topic",
    ),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "an unrendered template tag"),
    (re.compile(r"%\(\w+\)[sd]"), "an unfilled message placeholder"),
)


@dataclass(frozen=True)
class Oracle:
    """Everything a checked text is compared with, built once per test session."""

    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    vocabulary: frozenset[str]

    def raw(self, text: str) -> str | None:
        for pattern, what in RAW:
            if pattern.search(text):
                return what
        if text in _SNAKE_VALUES:
            return "a vocabulary value as stored"
        return None

    def untranslated(self, text: str) -> str | None:
        """The English interface string a Korean page shows as it is, if any."""
        if not _WORD.search(text):
            return None
        if text in self.exact:
            return text
        # A vocabulary word as stored ("sound room", "co production"), or a single word in any
        # case ("Drama") but an acronym ("VFX" reads so in Korean too); a name that happens to
        # contain the words ("Sound Room 2") is data.
        if text in self.vocabulary or (
            " " not in text and not text.isupper() and text.lower() in self.vocabulary
        ):
            return text
        for pattern in self.patterns:
            if pattern.fullmatch(text):
                return pattern.pattern
        return None


def _enum_values() -> set[str]:
    values: set[str] = set()
    for item in vars(vocabulary).values():
        if isinstance(item, type) and issubclass(item, Enum) and item is not Enum:
            values.update(str(member.value) for member in item)
    return values


UNIVERSITIES = frozenset(english for _slug, english, _korean in NETWORK)
_SNAKE_VALUES = frozenset(v for v in _enum_values() if "_" in v)


def _vocabulary_words() -> set[str]:
    """Words of the product's vocabularies a Korean page must show in Korean: every value of
    the vocabulary enums, every word of the word lists the vocabulary module keeps, and the
    network's universities (each has its Korean name)."""
    words = {v.replace("_", " ") for v in _enum_values()}
    words.update(UNIVERSITIES)
    for item in vars(vocabulary).values():
        if (
            isinstance(item, tuple | frozenset | list | dict)
            and item
            and all(isinstance(w, str) for w in item)
        ):
            words.update(w for w in item if _WORD.search(w) and len(w) > 2)
    return words


def event_names() -> set[str]:
    """Every event of the domain as the audit pages name it in English ("Crew hired")."""
    from tests.web.test_event_names import domain_events
    from web.pages.audit import event_name

    return {event_name(kind) for kind in domain_events()}


def interface_strings(directory: Path = ROOT / "web") -> set[str]:
    """Every string the web code and templates hand to the catalogue."""
    found: set[str] = set()
    # Babel warns of f-strings passed as a message's named values; they are values, not text.
    quiet = contextlib.redirect_stderr(io.StringIO())
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}, "**.py": {}}
    with quiet:
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(directory), method_map=method_map, options_map=options, keywords=_KEYWORDS
        ):
            found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found


def _as_pattern(message: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(message)  # text, name, text, name, …, text
    literal = [re.escape(" ".join(p.split())) for p in parts[::2]]
    return re.compile(".+?".join(literal))


@lru_cache(maxsize=1)
def build() -> Oracle:
    korean = compile_catalogues()["ko"]
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for message in interface_strings():
        if "<" in message or not _WORD.search(_PLACEHOLDER.sub("", message)):
            continue  # markup splits into several texts; a bare placeholder is data
        if korean.gettext(message) == message and _is_loanword(message):
            continue
        if _PLACEHOLDER.search(message):
            literal = _PLACEHOLDER.sub("", message)
            if len(_WORD.findall(literal)) >= 2:
                patterns.append(_as_pattern(message))
        else:
            exact.add(" ".join(message.split()))
    exact.update(event_names())
    return Oracle(frozenset(exact), tuple(patterns), frozenset(_vocabulary_words()))


_LOANWORDS = {"CSV", "JSON", "PDF", "OK", "Film House", "API", "ICS", "AI", "URL", "ID"}


def _is_loanword(message: str) -> bool:
    """Strings a Korean page rightly shows in Latin letters (names, formats, acronyms)."""
    return message.strip() in _LOANWORDS or all(w.isupper() for w in _WORD.findall(message))


def problems(oracle: Oracle, texts: Iterable[str], *, korean: bool) -> list[str]:
    found: list[str] = []
    for text in texts:
        what = oracle.raw(text)
        if what:
            found.append(f"{what}: {text[:120]!r}")
        elif korean:
            english = oracle.untranslated(text)
            if english:
                found.append(f"untranslated on a Korean page: {text[:120]!r}")
    return found
