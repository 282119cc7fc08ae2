"""Domain errors. Each kind maps to one HTTP answer at the edge (404, 403, 422, 409).

A refusal is written once, in English, as a template with named fields
(`"{room} is taken {spans}"`, `room=..., spans=...`): `message` is the English text, while
`template` and `params` let another language say the same thing its own way. The template is
the refusal's stable identity (the web layer's catalogues translate it); `code` names its kind
for machines. A refusal about one input names it in the reserved parameter `field` (the name
the command's argument has, such as "start" or "title"): the web shows the sentence next to that
form field and the API returns it as `field`, so neither reads the English text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class DomainError(Exception):
    """A command was refused; the message says why and, where it can, what to do next."""

    kind = "refused"
    field = ""  # the input the refusal is about, where it has one

    def __init__(self, message: str, /, **params: object) -> None:
        self.template = message
        self.params = params
        self.message = message.format(**params) if params else message
        self.code = _snake(type(self).__name__)
        if params.get("field"):
            self.field = str(params["field"])
        super().__init__(self.message)


class NotFound(DomainError):
    kind = "not_found"


class Forbidden(DomainError):
    kind = "forbidden"


class Invalid(DomainError):
    """Malformed input: types, lengths, ranges, dates."""

    kind = "invalid"


class Conflict(DomainError):
    """The command conflicts with the current state."""

    kind = "conflict"


class Busy(Conflict):
    """Optimistic concurrency retries ran out; the caller may try again."""

    kind = "busy"


# -- quantities a refusal quotes: English text, keeping the quantity for other languages --


class Won(str):
    """An amount in KRW, reading "1,500,000 KRW"."""

    amount: int

    def __new__(cls, amount: int) -> Won:
        text = super().__new__(cls, f"{amount:,} KRW")
        text.amount = amount
        return text


class Hours(str):
    """A number of minutes said in hours: 120 → "2", 90 → "1.5"."""

    minutes: int

    def __new__(cls, minutes: int) -> Hours:
        text = super().__new__(cls, f"{minutes / 60:g}")
        text.minutes = minutes
        return text


class Span(str):
    """A length of time in whole days, hours or minutes: "2 hours", "14 days"."""

    length: timedelta

    def __new__(cls, length: timedelta) -> Span:
        if length % timedelta(days=1) == timedelta(0) and length >= timedelta(days=1):
            count, unit = length // timedelta(days=1), "day"
        elif length % timedelta(hours=1) == timedelta(0):
            count, unit = length // timedelta(hours=1), "hour"
        else:
            count, unit = length // timedelta(minutes=1), "minute"
        text = super().__new__(cls, f"{count} {unit}" + ("s" if count != 1 else ""))
        text.length = length
        return text


class Listing(str):
    """Several reasons or names in one refusal, joined by `separator`; an item may be a phrase
    with its own template and params (a DomainError), said in the reader's language."""

    items: tuple[str | DomainError, ...]

    def __new__(cls, items: Sequence[str | DomainError], separator: str = ", ") -> Listing:
        text = super().__new__(cls, separator.join(str(item) for item in items))
        text.items = tuple(items)
        text.separator = separator
        return text

    separator: str
