"""A domain refusal said in the reader's language.

The domain writes each refusal once, in English, as a template with named fields
(`DomainError.template`, `.params`). Here the template is looked up in the Babel catalogues
(web/locales/<lang>/LC_MESSAGES/refusals.po) and filled with the fields said the local way:
numbers and amounts by Babel for the locale, lengths of time in the language's units, words
of the domain's vocabulary (statuses, field names) through the catalogue, a refusal quoted
inside another in the same language. A template with no translation, or a translation that
does not fit its fields, is said as what kind of refusal it is (not found, not allowed, not
valid, in conflict) in the reader's language: never in English to a Korean reader, never an
error.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from uuid import UUID

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from domain.clock import SEOUL
from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Hours,
    Invalid,
    Listing,
    NotFound,
    Span,
    Won,
)
from web.i18n import DEFAULT, current_language, translations

_SCRIPTS = {"ko": re.compile("[\uac00-\ud7a3]")}  # a language's own letters (Hangul syllables)


class _Number:
    """A number that formats itself by Babel for the locale, honouring a precision such as
    `{size:.1f}` in the template."""

    def __init__(self, value: int | float | Decimal, language: str) -> None:
        self.value, self.language = value, language

    def __format__(self, spec: str) -> str:
        found = re.fullmatch(r"[,_]?(?:\.(\d+))?[dfgn%]?", spec)
        digits = found.group(1) if found else None
        if digits is None:
            return format_decimal(self.value, locale=self.language)
        pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
        return format_decimal(self.value, format=pattern, locale=self.language)


class _Moment:
    """A date or time: Babel's medium form for the locale, or the template's strftime form
    (`{month:%Y년 %m월}`)."""

    def __init__(self, value: date, language: str) -> None:
        self.value, self.language = value, language

    def __format__(self, spec: str) -> str:
        value = self.value
        if isinstance(value, datetime):
            value = value.astimezone(SEOUL)
        if spec:
            return value.strftime(spec)
        if isinstance(value, datetime):
            return format_datetime(value, "medium", tzinfo=SEOUL, locale=self.language)
        return format_date(value, "medium", locale=self.language)


def _word(text: str) -> str:
    """A word of the domain's vocabulary through the catalogue; other text (names, titles,
    times) as it is."""
    return translations().gettext(text) if text else text


def _local(value: object, language: str) -> object:
    if isinstance(value, DomainError):
        return said(value)
    if isinstance(value, Won):
        return _("{amount} KRW").format(amount=_Number(value.amount, language))
    if isinstance(value, Hours):
        return _Number(Decimal(value.minutes) / 60, language)
    if isinstance(value, Span):
        return _span(value.length)
    if isinstance(value, Listing):
        return value.separator.join(
            said(item) if isinstance(item, DomainError) else _word(item) for item in value.items
        )
    if isinstance(value, Enum):
        return _word(str(value.value))
    if isinstance(value, str):
        return _word(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return _Number(value, language)
    if isinstance(value, date):
        return _Moment(value, language)
    return value


def _(template: str) -> str:
    return translations().gettext(template)


def _span(length: timedelta) -> str:
    if length % timedelta(days=1) == timedelta(0) and length >= timedelta(days=1):
        return _("{count} days").format(count=length // timedelta(days=1))
    if length % timedelta(hours=1) == timedelta(0):
        return _("{count} hours").format(count=length // timedelta(hours=1))
    return _("{count} minutes").format(count=length // timedelta(minutes=1))


def generic(error: DomainError) -> str:
    """What kind of refusal it is, in the reader's language: said when its own template has no
    translation (or one that does not fit its fields), so that a reader never gets English
    they may not read."""
    if isinstance(error, NotFound):
        return _("The request cannot be carried out: what it asks for was not found.")
    if isinstance(error, Forbidden):
        return _("The request cannot be carried out: you are not allowed to do this.")
    if isinstance(error, Invalid):
        return _("The request cannot be carried out: something in it is not valid.")
    if isinstance(error, Conflict):
        return _("The request cannot be carried out: it conflicts with the current state.")
    return _("The request cannot be carried out.")


def _written_in(text: str, language: str) -> bool:
    """Whether a refusal is already in the reader's language: a page that refuses in its own
    words raises them translated (`NotFound(_("There is no such file."))`). The template is
    looked at, not the message, so that a name quoted in an English template does not count."""
    script = _SCRIPTS.get(language)
    return script is not None and script.search(text) is not None


def said(error: DomainError) -> str:
    """The refusal in the current request's language."""
    language = current_language()
    if language == DEFAULT:
        return error.message
    template = _(error.template)
    if template == error.template:
        return error.message if _written_in(error.template, language) else generic(error)
    try:
        return template.format(**{k: _local(v, language) for k, v in error.params.items()})
    except (KeyError, IndexError, ValueError):
        return generic(error)


def fact(value: object) -> object:
    """A refusal's parameter as JSON data: numbers, text, ISO dates, ids, lists of names, a
    nested refusal in the reader's language, records as objects."""
    if isinstance(value, DomainError):
        return said(value)
    if isinstance(value, Listing):
        return [fact(item) for item in value.items]
    if isinstance(value, Won):
        return value.amount
    if isinstance(value, Hours):
        return value.minutes / 60
    if isinstance(value, Span):
        return value.length.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [fact(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: fact(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)


def facts(error: DomainError) -> dict[str, object]:
    """Every parameter of a refusal as data, for clients that act on it (the form field aside:
    that is the refusal's `field`)."""
    return {key: fact(value) for key, value in error.params.items() if key != "field"}
