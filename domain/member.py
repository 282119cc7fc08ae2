"""Members: who they are, what they can do, and what they offer a production."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict, Invalid, Won
from domain.vocabulary import GRANTED_ROLES, Role, language_codes
from migrations.events import languages as upcasts

SKILL_LEVELS = range(1, 6)
DAY_RATE_MAX_KRW = 10_000_000  # per day; above this a figure is a typo, not a rate


class EmailTaken(Conflict):
    pass


class Member(Entity):
    """A person using the centre: director, crew, partner, or staff. Personal data is encrypted
    with the member's own key, so an erasure shreds it everywhere at once."""

    class Registered(Entity.Created):
        personal = ("email", "name", "password_hash")
        email: str
        name: str
        password_hash: str
        roles: list[Role]
        university_id: UUID | None
        email_key: str

    class RoleGranted(Entity.Event):
        role: Role

    class RoleRevoked(Entity.Event):
        role: Role

    class AffiliationVerified(Entity.Event):
        university_id: UUID

    class AffiliationRevoked(Entity.Event):
        university_id: UUID
        reason: str

    class RegistryCheckRecorded(Entity.Event):
        registry_id: str
        confirmed: bool

    class ProfileUpdated(Entity.Event):
        """v2: `languages` are ISO 639-1 codes (v1 stored them as typed)."""

        personal = ("name", "bio", "phone")
        class_version = 2
        upcast_v1_v2 = staticmethod(partial(upcasts.spoken_v1_v2, normalise=language_codes))
        name: str
        bio: str
        phone: str
        city: str
        languages: list[str]
        portfolio: list[str]

    class SkillClaimed(Entity.Event):
        skill: str
        level: int

    class CreditClaimed(Entity.Event):
        credit_id: UUID
        title: str
        year: int
        role: str
        link: str

    class AvailabilityChanged(Entity.Event):
        unavailable: list[dict[str, Any]]

    class WorkTermsStated(Entity.Event):
        """What a crew member asks per day (0: not stated) and the genres they want to work on."""

        day_rate_krw: int
        genres: list[str]

    class ContactAccepted(Entity.Event):
        other_id: UUID

    class ContactWithdrawn(Entity.Event):
        other_id: UUID

    class PasswordChanged(Entity.Event):
        personal = ("password_hash",)
        password_hash: str

    class Erased(Entity.Event):
        pass

    def __init__(
        self,
        email: str,
        name: str,
        password_hash: str,
        roles: list[Role],
        university_id: UUID | None,
        email_key: str,
    ) -> None:
        self.email = email
        self.name = name
        self.password_hash = password_hash
        self.roles = frozenset(roles)
        self.university_id = university_id
        self.affiliation_verified = False
        self.email_key = email_key
        self.registry_id: str | None = None
        self.registry_confirmed = False
        self.bio = ""
        self.phone = ""
        self.city = ""
        self.languages: list[str] = []
        self.portfolio: list[str] = []
        self.skills: dict[str, int] = {}
        self.credits: list[dict[str, Any]] = []
        self.unavailable: list[tuple[date, date]] = []
        self.day_rate_krw = 0
        self.genre_interests: list[str] = []
        self.contacts: set[UUID] = set()
        self.erased = False

    @classmethod
    def register(
        cls,
        *,
        email: str,
        name: str,
        password_hash: str,
        roles: list[Role],
        university_id: UUID | None,
        email_key: str,
    ) -> Member:
        """Sign-up: a new member with the sign-up roles they asked for."""
        return cls._create(
            cls.Registered,
            id=uuid4(),
            email=email,
            name=name,
            password_hash=password_hash,
            roles=roles,
            university_id=university_id,
            email_key=email_key,
        )

    # -- roles and affiliation ------------------------------------------------------------

    def grant(self, role: Role) -> None:
        """Admins grant staff roles; sign-up roles come with the sign-up."""
        if role not in GRANTED_ROLES:
            raise Invalid("{role} is chosen at sign-up, not granted", role=role.value, field="role")
        if role in self.roles:
            raise Conflict("the member already has the role {role}", role=role.value, field="role")
        self._role_granted(role=role)

    @event(RoleGranted)
    def _role_granted(self, role: Role) -> None:
        self.roles = self.roles | {role}

    def revoke(self, role: Role) -> None:
        if role not in self.roles:
            raise Conflict(
                "the member does not have the role {role}", role=role.value, field="role"
            )
        self._role_revoked(role=role)

    @event(RoleRevoked)
    def _role_revoked(self, role: Role) -> None:
        self.roles = self.roles - {role}

    def verify_affiliation(self, university_id: UUID) -> None:
        if self.university_id != university_id:
            raise Conflict("the member has not named this university")
        if self.affiliation_verified:
            raise Conflict("the affiliation is already verified")
        self._affiliation_verified(university_id=university_id)

    @event(AffiliationVerified)
    def _affiliation_verified(self, university_id: UUID) -> None:
        self.affiliation_verified = True

    def revoke_affiliation(self, university_id: UUID, reason: str) -> None:
        if self.university_id != university_id or not self.affiliation_verified:
            raise Conflict("there is no verified affiliation with this university to revoke")
        self._affiliation_revoked(university_id=university_id, reason=reason)

    @event(AffiliationRevoked)
    def _affiliation_revoked(self, university_id: UUID, reason: str) -> None:
        self.affiliation_verified = False

    def record_registry_check(self, registry_id: str, confirmed: bool) -> None:
        """A coordinator or admin looked the member up in the film registry."""
        self._registry_check_recorded(registry_id=registry_id, confirmed=confirmed)

    @event(RegistryCheckRecorded)
    def _registry_check_recorded(self, registry_id: str, confirmed: bool) -> None:
        self.registry_id = registry_id
        self.registry_confirmed = confirmed

    # -- profile --------------------------------------------------------------------------

    @event(ProfileUpdated)
    def update_profile(
        self, name: str, bio: str, phone: str, city: str, languages: list[str], portfolio: list[str]
    ) -> None:
        self.name, self.bio, self.phone, self.city = name, bio, phone, city
        self.languages, self.portfolio = list(languages), list(portfolio)

    def claim_skill(self, skill: str, level: int) -> None:
        if level not in SKILL_LEVELS:
            raise Invalid("level must be between 1 and 5", field="level")
        if self.skills.get(skill) == level:
            raise Conflict(
                "{skill} is already claimed at level {level}",
                skill=skill,
                level=level,
                field="skill",
            )
        self._skill_claimed(skill=skill, level=level)

    @event(SkillClaimed)
    def _skill_claimed(self, skill: str, level: int) -> None:
        self.skills[skill] = level

    @event(CreditClaimed)
    def claim_credit(self, credit_id: UUID, title: str, year: int, role: str, link: str) -> None:
        self.credits.append(
            {
                "credit_id": credit_id,
                "title": title,
                "year": year,
                "role": role,
                "link": link,
                "verified": False,
            }
        )

    def set_unavailable(self, periods: list[tuple[date, date]]) -> None:
        self._availability_changed(unavailable=[{"start": s, "end": e} for s, e in sorted(periods)])

    @event(AvailabilityChanged)
    def _availability_changed(self, unavailable: list[dict[str, Any]]) -> None:
        self.unavailable = [(p["start"], p["end"]) for p in unavailable]

    def is_free(self, start: date, end: date) -> bool:
        return all(e < start or s > end for s, e in self.unavailable)

    def state_work_terms(self, day_rate_krw: int, genres: list[str]) -> None:
        """The member's day rate (0: not stated) and genre interests, which the team proposal
        prices and the recommender matches on; the input is checked by the service."""
        if not 0 <= day_rate_krw <= DAY_RATE_MAX_KRW:
            raise Invalid(
                "a day rate must be between 0 and {most}",
                most=Won(DAY_RATE_MAX_KRW),
                field="day_rate_krw",
            )
        if (day_rate_krw, list(genres)) == (self.day_rate_krw, self.genre_interests):
            return
        self._work_terms_stated(day_rate_krw=day_rate_krw, genres=list(genres))

    @event(WorkTermsStated)
    def _work_terms_stated(self, day_rate_krw: int, genres: list[str]) -> None:
        self.day_rate_krw = day_rate_krw
        self.genre_interests = list(genres)

    def accept_contact(self, other_id: UUID) -> None:
        """Consent to show this member's contact details to the other member."""
        if other_id == self.id:
            raise Invalid("a member is always in contact with themselves", field="other_id")
        if other_id in self.contacts:
            raise Conflict("contact is already accepted")
        self._contact_accepted(other_id=other_id)

    @event(ContactAccepted)
    def _contact_accepted(self, other_id: UUID) -> None:
        self.contacts.add(other_id)

    def withdraw_contact(self, other_id: UUID) -> None:
        if other_id not in self.contacts:
            raise Conflict("contact was not accepted")
        self._contact_withdrawn(other_id=other_id)

    @event(ContactWithdrawn)
    def _contact_withdrawn(self, other_id: UUID) -> None:
        self.contacts.discard(other_id)

    @event(PasswordChanged)
    def change_password(self, password_hash: str) -> None:
        self.password_hash = password_hash

    def erase(self) -> None:
        if self.erased:
            raise Conflict("the member's data is already erased")
        self._erased()

    @event(Erased)
    def _erased(self) -> None:
        self.erased = True


class EmailIndex(Entity):
    """Claims one email address (by its keyed hash) for one member: created in the same write
    as the member, so two sign-ups with one address cannot both succeed."""

    class Claimed(Entity.Created):
        member_id: UUID

    @event(Claimed)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id

    @classmethod
    def claim(cls, email_key: str, member_id: UUID) -> EmailIndex:
        return cls._create(cls.Claimed, id=stable_id("email", email_key), member_id=member_id)

    @staticmethod
    def id_for(email_key: str) -> UUID:
        return stable_id("email", email_key)
