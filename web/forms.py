"""Reading a page's form, and answering it: the one place pages parse what a person typed.

A form arrives as a dict of strings (a field sent twice, as a list). Fields are read as stripped
text, lists, ids, days or moments; a value that does not parse reads as None, and the command it
feeds refuses it with the field named. A command's refusal lands on the field it names (the
domain's `DomainError.field`), or on the form as a whole when the page has no such field.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Request, Response
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect

from domain.clock import SEOUL
from domain.errors import DomainError
from web.display.refusals import said
from web.errors import status_of
from web.pages.common import wants_fragment

T = TypeVar("T")
# A posted form as handlers receive it (and as the readers below take it).
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

FORM = "form"  # where a refusal goes that names no field of the page


def text(data: Form, key: str) -> str:
    """One form field as stripped text (the first, when a field came more than once)."""
    value = data.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def listed(data: Form, key: str) -> list[str]:
    """A repeated form field (checkboxes, multiple selects) as a list of text."""
    value = data.get(key, [])
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def day_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def moment_or_none(value: str, naive_in: tzinfo | None = SEOUL) -> datetime | None:
    """A date-time field (`2026-05-01T14:00`, as `datetime-local` sends it) in Seoul time, or a
    full ISO moment with its offset. Where an offset is required (the API, the command line),
    `naive_in=None` reads a time without one as None."""
    try:
        found = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if found.tzinfo is not None and found.utcoffset() is not None:
        return found
    return None if naive_in is None else found.replace(tzinfo=naive_in)


def month_or_none(value: str) -> date | None:
    """A month field (`2026-04`, as `<input type="month">` sends it) as its first day."""
    return day_or_none(f"{value}-01") if len(value) == 7 else None


def time_on(day: date, value: str) -> datetime | None:
    """A wall-clock field (`14:15`) on a Seoul date; `24:00` is the next midnight."""
    if len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit():
        return None
    hours, minutes = int(value[:2]), int(value[3:])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        return None
    return datetime.combine(day, time(0), tzinfo=SEOUL) + timedelta(hours=hours, minutes=minutes)


def field_of(error: DomainError, fields: Collection[str], default: str = FORM) -> str:
    """The form field a refusal belongs next to: the one it names, when the page has it."""
    return error.field if error.field in fields else default


def attempt(
    action: Callable[[], T], errors: dict[str, str], key: str = FORM, fields: Collection[str] = ()
) -> tuple[T | None, int]:
    """Run one command; a refusal goes into `errors` under the field it names (one of
    `fields`), else under `key`, with the status it maps to."""
    try:
        return action(), 200
    except DomainError as error:
        errors[field_of(error, fields, key)] = said(error)
        return None, status_of(error)


def done(request: Request[Any, Any, Any], target: str) -> Response[Any]:
    """After a form that changes the page as a whole: back to `target` (htmx follows a client
    redirect)."""
    if wants_fragment(request):
        return ClientRedirect(redirect_to=target)
    return Redirect(target, status_code=303)
