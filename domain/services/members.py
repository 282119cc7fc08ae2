"""Sign-up, sign-in, roles, affiliations and profiles."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.persistence import RecordConflictError

from domain import validation as v
from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.member import DAY_RATE_MAX_KRW, EmailIndex, EmailTaken, Member
from domain.password import checked_password
from domain.permissions import Action
from domain.services.core import Core
from domain.university import NETWORK, University
from domain.vocabulary import GENRES, SIGN_UP_ROLES, Role, spoken_languages


def _role(value: object) -> Role:
    try:
        return value if isinstance(value, Role) else Role(value)
    except ValueError:
        raise Invalid("unknown role {role!r}", role=value, field="role") from None


class MemberServices(Core):
    # -- universities ---------------------------------------------------------------------

    def seed_universities(self) -> int:
        """Create the network universities that do not exist yet; idempotent."""
        created = 0
        for slug, name, name_ko in NETWORK:
            if not self.exists(University.id_for(slug)):
                try:
                    self._save(SYSTEM, University.join(slug, name, name_ko))
                except RecordConflictError:  # another process seeded it at the same moment
                    continue
                created += 1
        return created

    def university(self, university_id: UUID) -> University:
        return self._load(University, university_id, "university")

    # -- accounts -------------------------------------------------------------------------

    def sign_up(
        self,
        ctx: Context,
        *,
        email: object,
        password: object,
        name: object,
        roles: object,
        university_id: UUID | None = None,
    ) -> UUID:
        """A new member with director, crew and/or partner roles; one account per address."""
        address = v.email(email)
        secret = checked_password(password)
        full_name = v.text(name, "name", limit=v.NAME_MAX)
        if not isinstance(roles, list | tuple) or not roles:
            raise Invalid("roles must list at least one of director, crew, partner", field="roles")
        chosen = [_role(r) for r in roles]
        if not set(chosen) <= SIGN_UP_ROLES:
            raise Forbidden(
                "sign-up offers director, crew and partner; staff roles are granted", field="roles"
            )
        if university_id is not None and not self.exists(university_id):
            raise NotFound(
                "no university {university_id}", university_id=university_id, field="university_id"
            )
        key = self.email_key(address)
        member = Member.register(
            email=address,
            name=full_name,
            password_hash=self.passwords.hash(secret),
            roles=sorted(set(chosen), key=lambda r: r.value),
            university_id=university_id,
            email_key=key,
        )
        index = EmailIndex.claim(key, member.id)
        try:
            self._save(ctx, member, index)
        except RecordConflictError:
            raise EmailTaken("an account with this email already exists", field="email") from None
        return member.id

    def create_admin(self, *, email: object, password: object, name: object) -> UUID:
        """The first admin is made on the command line."""
        address = v.email(email)
        key = self.email_key(address)
        if self.exists(EmailIndex.id_for(key)):
            member = self._load(Member, self._load(EmailIndex, EmailIndex.id_for(key)).member_id)
            if Role.ADMIN not in member.roles:
                member.grant(Role.ADMIN)
                self._save(SYSTEM, member)
            return member.id
        member = Member.register(
            email=address,
            name=v.text(name, "name", limit=v.NAME_MAX),
            password_hash=self.passwords.hash(checked_password(password)),
            roles=[],
            university_id=None,
            email_key=key,
        )
        member.grant(Role.ADMIN)
        self._save(SYSTEM, member, EmailIndex.claim(key, member.id))
        return member.id

    def member_by_email(self, email: str) -> Member | None:
        index = self._load_or_none(EmailIndex, EmailIndex.id_for(self.email_key(email)))
        return self._load_or_none(Member, index.member_id) if index else None

    def authenticate(self, email: str, password: str) -> UUID | None:
        """The member's id when the password is right; None otherwise (same answer either way)."""
        member = self.member_by_email(email) if isinstance(email, str) else None
        if member is None or member.erased or not isinstance(password, str):
            self.passwords.hash("timing-equaliser")
            return None
        try:
            self.passwords.verify(member.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return member.id

    def change_password(self, ctx: Context, *, current: str, new: object) -> None:
        member = self._actor(ctx)
        try:
            self.passwords.verify(member.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise Forbidden("the current password is not right", field="current") from None
        member.change_password(self.passwords.hash(checked_password(new)))
        self._save(ctx, member)

    def erase_member(self, ctx: Context, member_id: UUID) -> None:
        """Honour an erasure request (the member's own, or an admin's on their behalf): the
        ledger first, so a crash midway is finished at the next start; then the Erased event,
        which blanks the member in every view; then the key, which makes every personal field
        in the log unreadable (crypto-shredding) while the log and its chain stay intact."""
        actor = self._actor(ctx)
        if actor.id != member_id and Role.ADMIN not in actor.roles:
            raise Forbidden("only the member or an admin can ask for this member's erasure")
        if self.erasures is None:
            raise Conflict("erasure needs an erasure ledger; none is configured")
        self.erasures.record(member_id)

        def command() -> None:
            member = self.member(member_id)
            if not member.erased:
                member.erase()
                self._save(ctx, member)

        self._attempt(command)
        self.keys.shred(member_id)

    def member(self, member_id: UUID) -> Member:
        return self._load(Member, member_id, "member")

    # -- roles and affiliation ------------------------------------------------------------

    def grant_role(self, ctx: Context, member_id: UUID, role: object) -> None:
        self._authorise(ctx, Action.GRANT_ROLE)

        def command() -> None:
            member = self.member(member_id)
            member.grant(_role(role))
            self._save(ctx, member)

        self._attempt(command)

    def revoke_role(self, ctx: Context, member_id: UUID, role: object) -> None:
        admin = self._authorise(ctx, Action.GRANT_ROLE)
        chosen = _role(role)
        if admin.id == member_id and chosen is Role.ADMIN:
            raise Conflict("an admin cannot revoke their own admin role")

        def command() -> None:
            member = self.member(member_id)
            member.revoke(chosen)
            self._save(ctx, member)

        self._attempt(command)

    def _coordinating(self, ctx: Context, action: Action, student: Member) -> None:
        actor = self._authorise(ctx, action)
        if Role.ADMIN in actor.roles:
            return
        if student.university_id is None or actor.university_id != student.university_id:
            raise Forbidden("coordinators act only for students of their own university")

    def verify_affiliation(self, ctx: Context, member_id: UUID) -> None:
        def command() -> None:
            student = self.member(member_id)
            self._coordinating(ctx, Action.VERIFY_AFFILIATION, student)
            if student.university_id is None:
                raise Conflict("the member has not named a university")
            student.verify_affiliation(student.university_id)
            self._save(ctx, student)

        self._attempt(command)

    def revoke_affiliation(self, ctx: Context, member_id: UUID, reason: object) -> None:
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            student = self.member(member_id)
            self._coordinating(ctx, Action.VERIFY_AFFILIATION, student)
            if student.university_id is None:
                raise Conflict("the member has not named a university")
            student.revoke_affiliation(student.university_id, why)
            self._save(ctx, student)

        self._attempt(command)

    def record_registry_check(
        self, ctx: Context, member_id: UUID, registry_id: object, confirmed: bool
    ) -> None:
        reg = v.text(registry_id, "registry id", limit=v.SHORT_MAX)

        def command() -> None:
            member = self.member(member_id)
            self._coordinating(ctx, Action.RECORD_REGISTRY_CHECK, member)
            member.record_registry_check(reg, bool(confirmed))
            self._save(ctx, member)

        self._attempt(command)

    # -- profile --------------------------------------------------------------------------

    def update_profile(
        self,
        ctx: Context,
        *,
        name: object,
        bio: object = "",
        phone: object = "",
        city: object = "",
        languages: object = (),
        portfolio: object = (),
    ) -> None:
        links = portfolio if isinstance(portfolio, list | tuple) else None
        if links is None:
            raise Invalid("portfolio must be a list of links", field="portfolio")
        if len(links) > 20:
            raise Invalid("portfolio takes at most 20 links", field="portfolio")
        full_name = v.text(name, "name", limit=v.NAME_MAX)
        about = v.text(bio, "bio", limit=v.SYNOPSIS_MAX, required=False)
        telephone = v.text(phone, "phone", limit=40, required=False)
        town = v.text(city, "city", limit=v.SHORT_MAX, required=False)
        spoken = spoken_languages(
            v.labels(
                list(languages) if isinstance(languages, list | tuple) else languages, "languages"
            )
        )
        urls = [v.url(link, "portfolio link") for link in links]

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.update_profile(
                name=full_name,
                bio=about,
                phone=telephone,
                city=town,
                languages=spoken,
                portfolio=urls,
            )
            self._save(ctx, member)

        self._attempt(command)

    def claim_skill(self, ctx: Context, *, skill: object, level: object) -> None:
        name = v.text(skill, "skill", limit=v.SHORT_MAX).lower()
        grade = v.whole(level, "level", low=1, high=5)

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.claim_skill(name, grade)
            self._save(ctx, member)

        self._attempt(command)

    def claim_credit(
        self, ctx: Context, *, title: object, year: object, role: object, link: object = ""
    ) -> UUID:
        credit_id = uuid4()
        work = v.text(title, "title", limit=v.TITLE_MAX)
        when = v.whole(year, "year", low=1900, high=self.clock.now().year + 1)
        job = v.text(role, "role", limit=v.SHORT_MAX).lower()
        url = v.url(link, "link") if link else ""

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.claim_credit(credit_id=credit_id, title=work, year=when, role=job, link=url)
            self._save(ctx, member)

        self._attempt(command)
        return credit_id

    def set_unavailable(self, ctx: Context, periods: list[tuple[date, date]]) -> None:
        checked = [v.period(s, e, "an unavailable period") for s, e in periods]
        if len(checked) > 200:
            raise Invalid("at most 200 unavailable periods", field="periods")

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.set_unavailable(checked)
            self._save(ctx, member)

        self._attempt(command)

    def add_unavailable(self, ctx: Context, start: date, end: date) -> None:
        """One more period the member is away (first and last day)."""
        period = v.period(start, end, "an unavailable period")

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            if period in member.unavailable:
                raise Conflict("that period is already in your calendar", field="start")
            if len(member.unavailable) >= 200:
                raise Invalid("at most 200 unavailable periods", field="periods")
            member.set_unavailable([*member.unavailable, period])
            self._save(ctx, member)

        self._attempt(command)

    def remove_unavailable(self, ctx: Context, start: date, end: date) -> None:
        """The member is available again on the days of one period."""

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            if (start, end) not in member.unavailable:
                raise Invalid("that period is not in your calendar", field="start")
            member.set_unavailable([p for p in member.unavailable if p != (start, end)])
            self._save(ctx, member)

        self._attempt(command)

    def state_work_terms(self, ctx: Context, *, day_rate_krw: object, genres: object) -> None:
        """A member says what they ask per day (0: not stated) and which genres they want to
        work on (from the project genre vocabulary)."""
        rate = v.whole(day_rate_krw, "day_rate_krw", low=0, high=DAY_RATE_MAX_KRW)
        wanted = v.labels(genres, "genres", most=len(GENRES))
        unknown = [g for g in wanted if g not in GENRES]
        if unknown:
            raise Invalid(
                "{genre} is not one of the genres projects use", genre=unknown[0], field="genres"
            )

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.state_work_terms(rate, sorted(wanted, key=GENRES.index))
            self._save(ctx, member)

        self._attempt(command)

    def accept_contact(self, ctx: Context, other_id: UUID) -> None:
        self.member(other_id)

        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.accept_contact(other_id)
            self._save(ctx, member)

        self._attempt(command)

    def withdraw_contact(self, ctx: Context, other_id: UUID) -> None:
        def command() -> None:
            member = self._authorise(ctx, Action.EDIT_OWN_PROFILE)
            member.withdraw_contact(other_id)
            self._save(ctx, member)

        self._attempt(command)
