"""Why a booking command is refused, by kind: each maps to one HTTP answer at the edge, and the
slot refusals name the form field they are about by default."""

from __future__ import annotations

from domain.errors import Conflict, Invalid


class SlotTaken(Conflict):
    field = "start"  # the form field a refusal is about


class OutsideHours(Conflict):
    field = "start"


class InBlackout(Conflict):
    pass


class TooLittleNotice(Conflict):
    pass


class TooFarAhead(Conflict):
    pass


class TooLong(Invalid):
    pass


class NoDeskFree(Conflict):
    pass


class NotDue(Conflict):
    """A timer's command came before its time (or after someone else handled it)."""
