"""What every bridge service shares: loading partners, opportunities and submissions, who may
act for a verified organisation, and reading a command's input into checked values.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar
from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Forbidden, Invalid
from domain.member import Member
from domain.opportunity import Opportunity, Submission
from domain.partner import Partner, PartnerStatus, Representation
from domain.partner import business_number as checked_business_number
from domain.permissions import Action
from domain.services.core import Core
from domain.vocabulary import ProjectFormat

E = TypeVar("E", bound=Enum)

CRITERIA_MAX = 20


# -- reading input (422) ----------------------------------------------------------------------


def choice(kind: type[E], value: object, field: str) -> E:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(str(member.value) for member in kind)
        raise Invalid("{field} must be one of {known}", field=field, known=known) from None


def business_number_of(value: object) -> str:
    text = v.text(value, "business_number", limit=v.SHORT_MAX)
    return checked_business_number(text)


def reason_of(value: object, *, required: bool = True) -> str:
    return v.text(value, "reason", limit=v.COMMENT_MAX, required=required)


def krw_of(value: object, field: str, *, high: int) -> int | None:
    if value is None or value == "":
        return None
    return v.whole(value, field, low=0, high=high)


def criteria_of(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("criteria must be a list", field="criteria")
    items = [v.text(item, "criteria", limit=v.LOGLINE_MAX) for item in value]
    if len(items) > CRITERIA_MAX:
        raise Invalid(
            "criteria takes at most {criteria_max} entries",
            criteria_max=CRITERIA_MAX,
            field="criteria",
        )
    return tuple(dict.fromkeys(items))


def formats_of(value: object) -> tuple[ProjectFormat, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("formats must be a list", field="formats")
    return tuple(dict.fromkeys(choice(ProjectFormat, f, "formats") for f in value))


_REFUSED_BECAUSE = {
    PartnerStatus.PENDING: "is waiting for the centre to verify it",
    PartnerStatus.REJECTED: "was not verified",
    PartnerStatus.SUSPENDED: "is suspended",
}


class BridgeReading(Core):
    """Loads and the verified-partner check shared by the bridge's services."""

    def partner(self, partner_id: UUID) -> Partner:
        return self._load(Partner, partner_id, "partner organisation")

    def partner_of(self, member_id: UUID) -> Partner | None:
        """The organisation the member currently represents, if any."""
        seat = self._load_or_none(Representation, Representation.id_for(member_id))
        partner = self._load_or_none(Partner, seat.partner_id) if seat else None
        if partner is None or partner.representative_id != member_id:
            return None
        return partner

    def opportunity(self, opportunity_id: UUID) -> Opportunity:
        return self._load(Opportunity, opportunity_id, "opportunity")

    def submission(self, submission_id: UUID) -> Submission:
        return self._load(Submission, submission_id, "submission")

    def submission_for(self, opportunity_id: UUID, project_id: UUID) -> Submission | None:
        return self._load_or_none(Submission, Submission.id_for(opportunity_id, project_id))

    # -- who may act ----------------------------------------------------------------------

    def acting_partner(self, ctx: Context, action: Action, doing: str) -> Partner:
        """The verified organisation the acting member speaks for, or the refusal that says why
        they cannot `doing` (for guards that must answer before a command's input is read)."""
        return self._as_partner(ctx, action, doing)[1]

    def _as_partner(self, ctx: Context, action: Action, doing: str) -> tuple[Member, Partner]:
        """The acting member and the organisation they speak for, once it is verified."""
        member = self._authorise(ctx, action)
        partner = self.partner_of(member.id)
        if partner is None:
            raise Forbidden(
                "register your organisation first; once the centre verifies it you can {doing}",
                doing=doing,
            )
        if not partner.verified:
            why = f": {partner.reason}" if partner.reason else ""
            raise Forbidden(
                "{partner} {standing}{why}; only a verified partner can {doing}",
                partner=partner.name,
                standing=_REFUSED_BECAUSE[partner.status],
                why=why,
                doing=doing,
            )
        return member, partner

    def _admin_on_partner(
        self, ctx: Context, partner_id: UUID, change: Callable[[Partner], None]
    ) -> None:
        def command() -> None:
            self._authorise(ctx, Action.VERIFY_PARTNER)
            partner = self.partner(partner_id)
            change(partner)
            self._save(ctx, partner)

        self._attempt(command)
