"""Partner organisations: the studios, production companies, distributors and streamers that the
commercial bridge connects directors with.

An organisation's id is derived from its business registration number, so one company is
registered once however many people try at the same moment; a Representation, derived from the
member, says which organisation a member speaks for and is written in the same transaction.
Only a verified organisation's representative posts, scouts, shortlists and signs deals.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Invalid
from domain.partner_profile import PartnerProfile
from domain.vocabulary import OpportunityKind, PartnerKind, PartnerStage, ProjectFormat

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_number(value: str) -> str:
    """A Korean business registration number (사업자등록번호), written 3-2-5 digits as in
    124-81-00998, once its ten digits and check digit are right; Invalid otherwise, so a typo is
    caught at sign-up."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10 or any(not (c.isdigit() or c in "- ") for c in value):
        raise Invalid(
            "business registration number must be ten digits, e.g. 124-81-00998",
            field="business_number",
        )
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=False))
    total += digits[8] * 5 // 10
    if (10 - total % 10) % 10 != digits[9]:
        raise Invalid(
            "business registration number fails its check digit; copy it from the "
            "certificate (사업자등록증)",
            field="business_number",
        )
    text = "".join(map(str, digits))
    return f"{text[:3]}-{text[3:5]}-{text[5:]}"


class PartnerStatus(Enum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Partner(Entity):
    """A partner organisation, pending until an admin has checked it is what it says it is; its
    profile (what it looks for) and its interest in projects are part of its record. (Directors
    are followed through Follow, domain/follow.py; the organisation's follows of earlier logs,
    DirectorFollowed and DirectorUnfollowed, are still read.)"""

    class Registered(Entity.Created):
        representative_id: UUID
        name: str
        kind: PartnerKind
        website: str
        business_number: str

    class Resubmitted(Entity.Event):
        representative_id: UUID
        name: str
        kind: PartnerKind
        website: str

    class Verified(Entity.Event):
        pass

    class Rejected(Entity.Event):
        reason: str

    class Suspended(Entity.Event):
        reason: str

    class CallPosted(Entity.Event):
        """The organisation posted a call (saved with the Opportunity in one write), so that a
        suspension closes every open call of its own in the same write."""

        opportunity_id: UUID

    class InterestRegistered(Entity.Event):
        project_id: UUID
        director_id: UUID
        note: str

    class InterestWithdrawn(Entity.Event):
        project_id: UUID

    class DirectorFollowed(Entity.Event):
        director_id: UUID

    class DirectorUnfollowed(Entity.Event):
        director_id: UUID

    class ProfileStated(Entity.Event):
        genres: list[str]
        formats: list[str]
        budget_min_krw: int
        budget_max_krw: int
        stages: list[str]
        offers: list[str]
        description: str

    @event(Registered)
    def __init__(
        self,
        representative_id: UUID,
        name: str,
        kind: PartnerKind,
        website: str,
        business_number: str,
    ) -> None:
        self.representative_id = representative_id
        self.name, self.kind, self.website = name, kind, website
        self.business_number = business_number
        self.status = PartnerStatus.PENDING
        self.reason = ""
        self.interests: dict[UUID, str] = {}
        self.following: set[UUID] = set()
        self.profile = PartnerProfile()
        self.calls: list[UUID] = []

    @classmethod
    def register(
        cls,
        representative_id: UUID,
        name: str,
        kind: PartnerKind,
        website: str,
        business_number: str,
    ) -> Partner:
        """A partner member asks the centre to recognise their organisation."""
        return cls._create(
            cls.Registered,
            id=cls.id_for(business_number),
            representative_id=representative_id,
            name=name,
            kind=kind,
            website=website,
            business_number=business_number,
        )

    @staticmethod
    def id_for(business_number: str) -> UUID:
        return stable_id("partner", business_number)

    @property
    def verified(self) -> bool:
        return self.status is PartnerStatus.VERIFIED

    def resubmit(self, representative_id: UUID, name: str, kind: PartnerKind, website: str) -> None:
        """After a rejection, the organisation asks again with corrected details (possibly
        through another representative: a rejected impostor must not keep the company out)."""
        if self.status is not PartnerStatus.REJECTED:
            raise Conflict(
                "{name} is already registered ({status}); ask its representative or the centre to "
                "add you",
                name=self.name,
                status=self.status.value,
            )
        self._resubmitted(
            representative_id=representative_id, name=name, kind=kind, website=website
        )

    @event(Resubmitted)
    def _resubmitted(
        self, representative_id: UUID, name: str, kind: PartnerKind, website: str
    ) -> None:
        self.representative_id = representative_id
        self.name, self.kind, self.website = name, kind, website
        self.status = PartnerStatus.PENDING
        self.reason = ""

    # -- the centre's decision ------------------------------------------------------------

    def verify(self) -> None:
        """An admin has checked the organisation (and reinstates a suspended one)."""
        if self.status is PartnerStatus.VERIFIED:
            raise Conflict("{name} is already verified", name=self.name)
        if self.status is PartnerStatus.REJECTED:
            raise Conflict(
                "{name} was rejected; it must register again before verifying", name=self.name
            )
        self._verified()

    @event(Verified)
    def _verified(self) -> None:
        self.status = PartnerStatus.VERIFIED
        self.reason = ""

    def reject(self, reason: str) -> None:
        """An admin refuses a pending registration, saying why so it can be corrected."""
        if self.status is not PartnerStatus.PENDING:
            if self.verified:
                raise Conflict(
                    "{name} is {status}; only a pending registration is rejected; suspend it "
                    "instead",
                    name=self.name,
                    status=self.status.value,
                )
            raise Conflict(
                "{name} is {status}; only a pending registration is rejected",
                name=self.name,
                status=self.status.value,
            )
        self._rejected(reason=reason)

    @event(Rejected)
    def _rejected(self, reason: str) -> None:
        self.status = PartnerStatus.REJECTED
        self.reason = reason

    def suspend(self, reason: str) -> None:
        """An admin stops a verified organisation acting on the bridge, saying why."""
        if not self.verified:
            raise Conflict(
                "{name} is {status}; only a verified one is suspended",
                name=self.name,
                status=self.status.value,
            )
        self._suspended(reason=reason)

    @event(Suspended)
    def _suspended(self, reason: str) -> None:
        self.status = PartnerStatus.SUSPENDED
        self.reason = reason

    def record_call(self, opportunity_id: UUID) -> None:
        """A call the organisation posted (calls posted before this was recorded are not
        listed, and are closed by hand or by their deadline)."""
        self._call_posted(opportunity_id=opportunity_id)

    @event(CallPosted)
    def _call_posted(self, opportunity_id: UUID) -> None:
        self.calls.append(opportunity_id)

    # -- scouting -------------------------------------------------------------------------

    def register_interest(self, project_id: UUID, director_id: UUID, note: str) -> None:
        """The organisation tells a director it is interested in their project."""
        if project_id in self.interests:
            raise Conflict(
                "interest in this project is already registered; withdraw it first "
                "to change the note"
            )
        self._interest_registered(project_id=project_id, director_id=director_id, note=note)

    @event(InterestRegistered)
    def _interest_registered(self, project_id: UUID, director_id: UUID, note: str) -> None:
        self.interests[project_id] = note

    def withdraw_interest(self, project_id: UUID) -> None:
        if project_id not in self.interests:
            raise Conflict("no interest in this project is registered")
        self._interest_withdrawn(project_id=project_id)

    @event(InterestWithdrawn)
    def _interest_withdrawn(self, project_id: UUID) -> None:
        self.interests.pop(project_id, None)

    # The organisation's follows of earlier logs, read still (new follows are Follow's).

    @event(DirectorFollowed)
    def _director_followed(self, director_id: UUID) -> None:
        self.following.add(director_id)

    @event(DirectorUnfollowed)
    def _director_unfollowed(self, director_id: UUID) -> None:
        self.following.discard(director_id)

    # -- what it looks for ----------------------------------------------------------------

    def state_profile(self, profile: PartnerProfile) -> None:
        """The organisation says what it looks for, whatever its standing (a pending one
        prepares it before the centre verifies it); only verified ones are recommended."""
        self._profile_stated(
            genres=list(profile.genres),
            formats=[f.value for f in profile.formats],
            budget_min_krw=profile.budget_min_krw,
            budget_max_krw=profile.budget_max_krw,
            stages=[s.value for s in profile.stages],
            offers=[o.value for o in profile.offers],
            description=profile.description,
        )

    @event(ProfileStated)
    def _profile_stated(
        self,
        genres: list[str],
        formats: list[str],
        budget_min_krw: int,
        budget_max_krw: int,
        stages: list[str],
        offers: list[str],
        description: str,
    ) -> None:
        self.profile = PartnerProfile(
            genres=tuple(genres),
            formats=tuple(ProjectFormat(f) for f in formats),
            budget_min_krw=budget_min_krw,
            budget_max_krw=budget_max_krw,
            stages=tuple(PartnerStage(s) for s in stages),
            offers=tuple(OpportunityKind(o) for o in offers),
            description=description,
        )


class Representation(Entity):
    """Which organisation a member speaks for: derived from the member, so one member holds one
    seat, written together with the organisation it points to."""

    class Appointed(Entity.Created):
        member_id: UUID
        partner_id: UUID

    class Moved(Entity.Event):
        partner_id: UUID

    @event(Appointed)
    def __init__(self, member_id: UUID, partner_id: UUID) -> None:
        self.member_id, self.partner_id = member_id, partner_id

    @classmethod
    def appoint(cls, member_id: UUID, partner_id: UUID) -> Representation:
        return cls._create(
            cls.Appointed, id=cls.id_for(member_id), member_id=member_id, partner_id=partner_id
        )

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("partner-representation", member_id)

    def move(self, partner_id: UUID) -> None:
        """The member now speaks for another organisation (their earlier one was rejected)."""
        if partner_id == self.partner_id:
            raise Conflict("the member already represents this organisation")
        self._moved(partner_id=partner_id)

    @event(Moved)
    def _moved(self, partner_id: UUID) -> None:
        self.partner_id = partner_id
