"""Domain errors. Each kind maps to one HTTP answer at the edge (404, 403, 422, 409)."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; the message says why and, where it can, what to do next."""

    kind = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
