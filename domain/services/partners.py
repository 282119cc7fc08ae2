"""Partner organisations: a partner member registers theirs (keyed by its business registration
number, saved together with the member's Representation, so a company and a member's seat are
each claimed once) and states what it looks for; an admin verifies, rejects or suspends it.
"""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.context import Context
from domain.errors import Conflict, Forbidden
from domain.opportunity import Opportunity
from domain.partner import Partner, PartnerStatus, Representation
from domain.partner_profile import PartnerProfile
from domain.permissions import Action
from domain.services.bridge_reading import BridgeReading, business_number_of, choice, reason_of
from domain.vocabulary import PartnerKind


class PartnerServices(BridgeReading):
    def register_partner(
        self,
        ctx: Context,
        *,
        name: object,
        kind: object,
        business_number: object,
        website: object = "",
    ) -> UUID:
        """A partner member registers their organisation; it is pending until an admin verifies
        it. A rejected organisation registers again (with corrected details) the same way."""
        org_name = v.text(name, "name", limit=v.NAME_MAX)
        org_kind = choice(PartnerKind, kind, "kind")
        site = v.url(website, "website") if website else ""
        number = business_number_of(business_number)
        self._authorise(ctx, Action.REGISTER_PARTNER)

        def command() -> UUID:
            member = self._authorise(ctx, Action.REGISTER_PARTNER)
            seat = self._load_or_none(Representation, Representation.id_for(member.id))
            current = self.partner_of(member.id)
            if current is not None and current.status is not PartnerStatus.REJECTED:
                raise Conflict(
                    "you already represent {current} ({status}); a member speaks for one "
                    "organisation",
                    current=current.name,
                    status=current.status.value,
                )
            partner = self._load_or_none(Partner, Partner.id_for(number))
            if partner is None:
                partner = Partner.register(member.id, org_name, org_kind, site, number)
            else:
                partner.resubmit(member.id, org_name, org_kind, site)
            if seat is None:
                seat = Representation.appoint(member.id, partner.id)
            elif seat.partner_id != partner.id:
                seat.move(partner.id)
            self._save(ctx, partner, seat)
            return partner.id

        return self._attempt(command)

    def state_partner_profile(
        self,
        ctx: Context,
        partner_id: UUID,
        *,
        genres: object = (),
        formats: object = (),
        budget_min_krw: object = 0,
        budget_max_krw: object = 0,
        stages: object = (),
        offers: object = (),
        description: object = "",
    ) -> None:
        """The organisation's representative says what it looks for (genres, formats, budget
        range, stages, what it offers), whatever its standing; the recommender reads it for
        verified, unsuspended organisations only."""

        def command() -> None:
            member = self._authorise(ctx, Action.REGISTER_PARTNER)
            partner = self.partner(partner_id)
            if partner.representative_id != member.id:
                raise Forbidden(
                    "only {partner}'s representative states what it looks for", partner=partner.name
                )
            partner.state_profile(
                PartnerProfile.read(
                    genres=genres,
                    formats=formats,
                    budget_min_krw=budget_min_krw,
                    budget_max_krw=budget_max_krw,
                    stages=stages,
                    offers=offers,
                    description=description,
                )
            )
            self._save(ctx, partner)

        self._attempt(command)

    def verify_partner(self, ctx: Context, partner_id: UUID) -> None:
        """An admin has checked the organisation (or reinstates a suspended one)."""
        self._admin_on_partner(ctx, partner_id, Partner.verify)

    def reject_partner(self, ctx: Context, partner_id: UUID, reason: object) -> None:
        """An admin refuses a pending registration, saying why so it can be corrected."""
        why = reason_of(reason)
        self._admin_on_partner(ctx, partner_id, lambda partner: partner.reject(why))

    def suspend_partner(self, ctx: Context, partner_id: UUID, reason: object) -> int:
        """An admin stops a verified organisation acting on the bridge, saying why; its calls
        still open close in the same write (a submission landing at that moment loses the
        version race and then meets the closed call). Returns how many calls closed.
        Reinstating (verify_partner) leaves them closed until the partner reopens them."""
        why = reason_of(reason)

        def command() -> int:
            self._authorise(ctx, Action.VERIFY_PARTNER)
            partner = self.partner(partner_id)
            partner.suspend(why)
            now = self.clock.now()
            calls = [self._load(Opportunity, i, "opportunity") for i in partner.calls]
            closed = [call for call in calls if call.close_on_suspension(why, now)]
            self._save(ctx, partner, *closed)
            return len(closed)

        return self._attempt(command)
