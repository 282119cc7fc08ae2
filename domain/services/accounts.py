"""Accounts and notifications: email verification, password reset, API tokens, inbox marks,
saved searches, messages, reports and blocks, data export, the mail outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from domain import validation as v
from domain.account import (
    TOKEN_PREFIX,
    TOKEN_TTL,
    Account,
    AccountTicket,
    ApiToken,
    digest,
    new_api_token,
    new_secret,
)
from domain.base import Entity
from domain.booking import Booking
from domain.context import SYSTEM, Context
from domain.crew_application import CrewApplication
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.invitation import Invitation
from domain.member import EmailIndex, Member
from domain.messaging import Blocklist, Conversation, InboxMarks, Report
from domain.outbox import Outbox
from domain.permissions import Action
from domain.project import Project
from domain.saved_search import SavedSearch
from domain.services.core import Core
from domain.subsidy import SubsidyApplication
from domain.vocabulary import ReportKind, Role, SearchKind, TicketPurpose

PASSWORD_MIN = 10
PASSWORD_MAX = 256
TOKEN_TTL_MIN = timedelta(minutes=5)
TOKEN_TTL_MAX = timedelta(days=365)
EXPORT_BATCH = 1000

# Fields never handed out, not even to their owner: secrets' hashes and lookup keys.
_WITHHELD = frozenset({"password_hash", "token_hash", "email_key"})


@dataclass(frozen=True)
class TokenInfo:
    token_id: UUID
    label: str
    created: datetime
    expires_at: datetime
    revoked: bool
    expired: bool

    @property
    def active(self) -> bool:
        return not self.revoked and not self.expired


def _password(value: object) -> str:
    if not isinstance(value, str) or len(value) < PASSWORD_MIN:
        raise Invalid(
            "password must be at least {password_min} characters",
            password_min=PASSWORD_MIN,
        )
    if len(value) > PASSWORD_MAX:
        raise Invalid(
            "password must be at most {password_max} characters",
            password_max=PASSWORD_MAX,
        )
    return value


def _secret(value: object) -> str:
    if not isinstance(value, str) or not 16 <= len(value) <= 200:
        raise NotFound("this link is not valid; ask for a new one")
    return value


def _enum(kind: type[Any], value: object, field: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        raise Invalid("{field} must be one of {choices}", field=field, choices=choices) from None


def _filter(value: object, field: str) -> str | None:
    if value is None or value == "":
        return None
    return v.text(value, field, limit=v.SHORT_MAX).lower()


def json_safe(value: Any) -> Any:
    """The value as plain JSON types: ids, times and money as strings, enums by value."""
    if isinstance(value, dict):
        return {str(k): json_safe(v_) for k, v_ in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(v_) for v_ in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# What the export gathers: for the first event of each kind of aggregate, the fields naming the
# members it belongs to; every later event of an aggregate that belongs to the member goes with it.
_OWNED_BY: dict[type, tuple[str, str]] = {
    Booking.Made: ("bookings", "member_id"),
    Booking.Requested: ("bookings", "member_id"),
    CrewApplication.Submitted: ("crew_applications", "member_id"),
    Invitation.Sent: ("invitations", "member_id"),
    SubsidyApplication.Started: ("subsidy_applications", "applicant_id"),
    Project.Drafted: ("projects", "director_id"),
    SavedSearch.Saved: ("saved_searches", "member_id"),
    Report.Filed: ("reports_filed", "reporter_id"),
    Account.Opened: ("account", "member_id"),
    ApiToken.Issued: ("api_tokens", "member_id"),
    Blocklist.Opened: ("blocks", "member_id"),
    Outbox.MailQueued: ("mail", "member_id"),
}
_OWNING_AGGREGATES = (
    Member, Booking, CrewApplication, Invitation, SubsidyApplication, Project, SavedSearch,
    Report, Account, ApiToken, Blocklist, Outbox,
)


def _export_topics() -> list[str]:
    classes: set[type] = {Conversation.MessageSent}
    for aggregate in _OWNING_AGGREGATES:
        classes.update(
            attr for attr in vars(aggregate).values()
            if isinstance(attr, type) and issubclass(attr, Entity.Event)
        )
    return sorted(get_topic(c) for c in classes)


class AccountServices(Core):
    # -- mail -----------------------------------------------------------------------------

    def _queue_mail(self, member: Member, key: str, title: str, body: str) -> Outbox:
        """A mail to the member, to be saved in the same write as what it tells them of."""
        return Outbox.queue(key, member.id, member.email, title, body)

    def mail(self, mail_id: UUID) -> Outbox:
        return self._load(Outbox, mail_id, "mail")

    def mark_mail_sent(self, mail_id: UUID) -> None:
        """The sender policy: the mail server accepted the mail."""

        def command() -> None:
            mail = self.mail(mail_id)
            mail.mark_sent()
            self._save(SYSTEM, mail)

        self._attempt(command)

    def record_mail_failure(self, mail_id: UUID, error: object) -> None:
        """The sender policy: the mail server could not take the mail now; it stays pending."""
        text = str(error) or type(error).__name__

        def command() -> None:
            mail = self.mail(mail_id)
            mail.mark_failed(text, self.clock.now())
            self._save(SYSTEM, mail)

        self._attempt(command)

    def drop_mail(self, mail_id: UUID, reason: str) -> None:
        """The sender policy: a mail that can no longer be delivered (its recipient erased)."""

        def command() -> None:
            mail = self.mail(mail_id)
            mail.drop(reason)
            self._save(SYSTEM, mail)

        self._attempt(command)

    # -- email verification ---------------------------------------------------------------

    def account_of(self, member_id: UUID) -> Account | None:
        return self._load_or_none(Account, Account.id_for(member_id))

    def email_verified(self, member_id: UUID) -> bool:
        account = self.account_of(member_id)
        return account is not None and account.email_verified

    def request_email_verification(self, ctx: Context) -> UUID:
        """Mail the member a link that proves the address is theirs (valid 24 hours, once).
        Returns the queued mail's id."""
        secret = new_secret()

        def command() -> UUID:
            member = self._actor(ctx)
            account = self.account_of(member.id) or Account.open(member.id)
            if account.email_verified:
                raise Conflict("your email address is already verified")
            ticket = AccountTicket.issue(
                member.id, TicketPurpose.VERIFY_EMAIL, secret, self.clock.now()
            )
            mail = self._queue_mail(
                member,
                f"ticket/{ticket.id}",
                "Verify your email address for Film House",
                f"Hello {member.name},\n\nTo confirm that this address is yours, open\n"
                f"/verify?token={secret}\n\nThe link works once, within 24 hours. If you did not "
                "sign up for Film House, ignore this mail.\n",
            )
            self._save(ctx, account, ticket, mail)
            return mail.id

        return self._attempt(command)

    def _account_ticket(self, token: object, purpose: TicketPurpose) -> AccountTicket:
        ticket = self._load_or_none(AccountTicket, AccountTicket.id_for(digest(_secret(token))))
        if ticket is None or ticket.purpose is not purpose:
            raise NotFound("this link is not valid; ask for a new one")
        return ticket

    def verify_email(self, ctx: Context, token: object) -> UUID:
        """The member followed the verification link: their address is verified. Returns the
        member's id."""
        self._account_ticket(token, TicketPurpose.VERIFY_EMAIL)

        def command() -> UUID:
            ticket = self._account_ticket(token, TicketPurpose.VERIFY_EMAIL)
            ticket.redeem(self.clock.now())
            account = self.account_of(ticket.member_id) or Account.open(ticket.member_id)
            account.verify_email(ticket.id)
            self._save(Context(ticket.member_id, ctx.request_id), ticket, account)
            return ticket.member_id

        return self._attempt(command)

    # -- password reset -------------------------------------------------------------------

    def request_password_reset(self, ctx: Context, email: object) -> None:
        """Mail a reset link (valid 1 hour, once) if the address belongs to a member. The answer
        is the same either way, so the form reveals no accounts."""
        address = v.email(email)
        secret = new_secret()
        index = self._load_or_none(EmailIndex, EmailIndex.id_for(self.email_key(address)))
        member = self._load_or_none(Member, index.member_id) if index else None
        if member is None or member.erased:
            digest(secret)
            return
        ticket = AccountTicket.issue(
            member.id, TicketPurpose.RESET_PASSWORD, secret, self.clock.now()
        )
        mail = self._queue_mail(
            member,
            f"ticket/{ticket.id}",
            "Reset your Film House password",
            f"Hello {member.name},\n\nSomeone asked to reset the password of your Film House "
            f"account. To choose a new one, open\n/reset-password?token={secret}\n\n"
            "The link works once, within an hour. If it was not you, ignore this mail: your "
            "password stays as it is.\n",
        )
        self._save(ctx, ticket, mail)

    def reset_password(self, ctx: Context, token: object, new_password: object) -> UUID:
        """Set a new password with a reset link. Returns the member's id."""
        self._account_ticket(token, TicketPurpose.RESET_PASSWORD)
        secret = _password(new_password)
        password_hash = self.passwords.hash(secret)

        def command() -> UUID:
            ticket = self._account_ticket(token, TicketPurpose.RESET_PASSWORD)
            ticket.redeem(self.clock.now())
            member = self._load(Member, ticket.member_id, "member")
            if member.erased:
                raise NotFound("this link is not valid; ask for a new one")
            member.change_password(password_hash)
            self._save(Context(member.id, ctx.request_id), ticket, member)
            return member.id

        return self._attempt(command)

    # -- API tokens -----------------------------------------------------------------------

    def issue_token(
        self,
        member_id: UUID,
        *,
        label: object = "API",
        ttl: timedelta = TOKEN_TTL,
        ctx: Context | None = None,
    ) -> str:
        """A bearer token for the API, shown this once: the log keeps only its hash."""
        name = v.text(label, "label", limit=v.SHORT_MAX)
        if not isinstance(ttl, timedelta) or not TOKEN_TTL_MIN <= ttl <= TOKEN_TTL_MAX:
            raise Invalid("a token lasts between 5 minutes and 365 days")
        token = new_api_token()

        def command() -> None:
            member = self._load_or_none(Member, member_id)
            if member is None or member.erased:
                raise NotFound("no member {member_id}", member_id=member_id)
            now = self.clock.now()
            account = self.account_of(member_id) or Account.open(member_id)
            api_token = ApiToken.issue(member_id, name, token, now + ttl)
            account.record_token(api_token.id, name, api_token.expires_at, now)
            self._save(Context(member_id, ctx.request_id if ctx else uuid4().hex),
                       account, api_token)

        self._attempt(command)
        return token

    def member_for_token(self, token: object) -> UUID | None:
        """Who a bearer token authenticates: nobody once it is revoked or expired."""
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        api_token = self._load_or_none(ApiToken, ApiToken.id_for(digest(token)))
        if api_token is None or not api_token.valid(self.clock.now()):
            return None
        return api_token.member_id

    def api_tokens(self, ctx: Context) -> list[TokenInfo]:
        """The member's own tokens, newest first."""
        member = self._actor(ctx)
        account = self.account_of(member.id)
        if account is None:
            return []
        now = self.clock.now()
        infos = [
            TokenInfo(token_id, t["label"], t["created"], t["expires_at"], t["revoked"],
                      t["expires_at"] <= now)
            for token_id, t in account.tokens.items()
        ]
        return sorted(infos, key=lambda t: (t.created, t.token_id.hex), reverse=True)

    def revoke_token(self, ctx: Context, token_id: UUID) -> None:
        """The owner withdraws one of their tokens; it authenticates no one from now on."""

        def command() -> None:
            member = self._actor(ctx)
            api_token = self._load_or_none(ApiToken, token_id)
            if api_token is None or api_token.member_id != member.id:
                raise NotFound("you hold no token {token_id}", token_id=token_id)
            account = self.account_of(member.id) or Account.open(member.id)
            api_token.revoke()
            account.record_revocation(token_id)
            self._save(ctx, api_token, account)

        self._attempt(command)

    # -- messages and blocks --------------------------------------------------------------

    def _message_recipient(self, member_id: UUID) -> Member:
        other = self._load_or_none(Member, member_id)
        if other is None or other.erased:
            raise NotFound("no member {member_id}", member_id=member_id)
        return other

    def conversation_between(self, a: UUID, b: UUID) -> Conversation | None:
        return self._load_or_none(Conversation, Conversation.id_for(a, b))

    def is_blocked(self, a: UUID, b: UUID) -> bool:
        """Whether either member has blocked the other (then neither can write to or invite the
        other)."""
        if a == b:
            return False
        conversation = self.conversation_between(a, b)
        return conversation is not None and conversation.blocked

    def send_message(self, ctx: Context, to: UUID, body: object) -> UUID:
        """Write to another member, once both have accepted contact and neither has blocked
        the other. Returns the message's id."""
        text = v.text(body, "message", limit=v.COMMENT_MAX)
        message_id = uuid4()

        def command() -> UUID:
            sender = self._authorise(ctx, Action.SEND_MESSAGE)
            if to == sender.id:
                raise Invalid("you cannot write to yourself")
            recipient = self._message_recipient(to)
            if recipient.id not in sender.contacts:
                raise Forbidden(
                    "accept contact with {recipient} first; you can write once you both have",
                    recipient=recipient.name,
                )
            if sender.id not in recipient.contacts:
                raise Forbidden(
                    "{recipient} has not accepted contact with you yet; you can write once they "
                    "have",
                    recipient=recipient.name,
                )
            conversation = self.conversation_between(sender.id, to) or Conversation.open(
                sender.id, to
            )
            conversation.send(sender.id, text, message_id)
            self._save(ctx, conversation)
            return message_id

        return self._attempt(command)

    def _change_blocks(self, ctx: Context, other_id: UUID,
                  change: Callable[[Conversation, Blocklist, UUID], None]) -> None:
        def command() -> None:
            member = self._actor(ctx)
            if other_id == member.id:
                raise Invalid("you cannot block yourself")
            self._load(Member, other_id, "member")
            conversation = self.conversation_between(member.id, other_id) or Conversation.open(
                member.id, other_id
            )
            blocklist = self._load_or_none(Blocklist, Blocklist.id_for(member.id)) or (
                Blocklist.open(member.id)
            )
            change(conversation, blocklist, member.id)
            self._save(ctx, conversation, blocklist)

        self._attempt(command)

    def block_member(self, ctx: Context, other_id: UUID) -> None:
        """Stop a member from writing to or inviting you (and you them)."""

        def change(conversation: Conversation, blocklist: Blocklist, me: UUID) -> None:
            conversation.block(me)
            blocklist.add(other_id)

        self._change_blocks(ctx, other_id, change)

    def unblock_member(self, ctx: Context, other_id: UUID) -> None:
        def change(conversation: Conversation, blocklist: Blocklist, me: UUID) -> None:
            conversation.unblock(me)
            blocklist.remove(other_id)

        self._change_blocks(ctx, other_id, change)

    def blocked_members(self, ctx: Context) -> set[UUID]:
        member = self._actor(ctx)
        blocklist = self._load_or_none(Blocklist, Blocklist.id_for(member.id))
        return set(blocklist.blocked) if blocklist else set()

    # -- reports --------------------------------------------------------------------------

    def report_member(
        self, ctx: Context, reported_id: UUID, *, kind: object, reason: object
    ) -> UUID:
        """Tell the centre's staff about a member's conduct. Returns the report's id."""
        chosen: ReportKind = _enum(ReportKind, kind, "kind")
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)
        reporter = self._authorise(ctx, Action.REPORT_MEMBER)
        self._load(Member, reported_id, "member")
        report = Report.file(reporter.id, reported_id, chosen, why)
        self._save(ctx, report)
        return report.id

    def member_report(self, ctx: Context, report_id: UUID) -> Report:
        self._authorise(ctx, Action.MODERATE)
        return self._load(Report, report_id, "report")

    def resolve_report(self, ctx: Context, report_id: UUID, note: object) -> None:
        """An admin closes a report, saying what was done about it."""
        admin = self._authorise(ctx, Action.MODERATE)
        text = v.text(note, "note", limit=v.COMMENT_MAX)

        def command() -> None:
            report = self._load(Report, report_id, "report")
            report.resolve(admin.id, text)
            self._save(ctx, report)

        self._attempt(command)

    # -- inbox ----------------------------------------------------------------------------

    def _change_inbox_marks(self, ctx: Context, change: Callable[[InboxMarks], None]) -> None:
        def command() -> None:
            member = self._actor(ctx)
            marks = self._load_or_none(InboxMarks, InboxMarks.id_for(member.id)) or (
                InboxMarks.open(member.id)
            )
            change(marks)
            self._save(ctx, marks)

        self._attempt(command)

    def mark_inbox_read(self, ctx: Context, item_ids: object) -> None:
        """The member opened these notifications (ids as the inbox view gives them)."""
        if not isinstance(item_ids, list | tuple) or not all(
            isinstance(i, str) and 0 < len(i) <= 120 for i in item_ids
        ):
            raise Invalid("item_ids must be a list of notification ids")
        chosen = sorted(set(item_ids))
        self._change_inbox_marks(ctx, lambda marks: marks.read(chosen))

    def mark_inbox_read_up_to(self, ctx: Context, position: object) -> None:
        """Everything in the member's inbox up to this log position is read ("mark all")."""
        up_to = v.whole(position, "position", low=1, high=2**62)
        self._change_inbox_marks(ctx, lambda marks: marks.read_all(up_to))

    # -- saved searches -------------------------------------------------------------------

    def save_search(
        self,
        ctx: Context,
        *,
        kind: object,
        query: object = "",
        role: object = None,
        skill: object = None,
        genre: object = None,
    ) -> UUID:
        """Keep a search; the inbox tells the member of each new member or pitched project
        that matches it."""
        chosen: SearchKind = _enum(SearchKind, kind, "kind")
        words = v.text(query, "query", limit=v.TITLE_MAX, required=False)
        member = self._actor(ctx)
        search = SavedSearch.save_new(
            member.id,
            chosen,
            words,
            role=_filter(role, "role"),
            skill=_filter(skill, "skill"),
            genre=_filter(genre, "genre"),
        )
        self._save(ctx, search)
        return search.id

    def saved_search(self, search_id: UUID) -> SavedSearch:
        return self._load(SavedSearch, search_id, "saved search")

    def delete_search(self, ctx: Context, search_id: UUID) -> None:
        def command() -> None:
            member = self._actor(ctx)
            search = self._load_or_none(SavedSearch, search_id)
            if search is None or search.member_id != member.id:
                raise NotFound("you have no saved search {search_id}", search_id=search_id)
            search.delete()
            self._save(ctx, search)

        self._attempt(command)

    # -- data export ----------------------------------------------------------------------

    def export_member_data(self, ctx: Context, member_id: UUID | None = None) -> dict[str, Any]:
        """Everything the log holds about a member, decoded, as JSON-safe data: their own
        record, and the bookings, applications, invitations, projects, messages they sent and
        the rest that is theirs. Only for the member themselves or an admin. Secrets' hashes
        are left out."""
        actor = self._actor(ctx)
        subject = member_id or actor.id
        if subject != actor.id and Role.ADMIN not in actor.roles:
            raise Forbidden("only the member or an admin can export this member's data")
        self._load(Member, subject, "member")
        sections: dict[str, list[dict[str, Any]]] = {"member": []}
        owned: dict[UUID, str] = {subject: "member"}
        position = 0
        topics = _export_topics()
        while True:
            notes = self.recorder.select_notifications(
                start=position + 1, limit=EXPORT_BATCH, topics=topics
            )
            for note in notes:
                event = self.mapper.to_domain_event(note)
                section = self._export_section(event, subject, owned)
                if section is not None:
                    sections.setdefault(section, []).append(self._export_event(note.id, event))
            if len(notes) < EXPORT_BATCH:
                break
            position = notes[-1].id
        return {
            "member_id": str(subject),
            "exported_at": self.clock.now().isoformat(),
            **sections,
        }

    @staticmethod
    def _export_section(event: Any, subject: UUID, owned: dict[UUID, str]) -> str | None:
        if isinstance(event, Conversation.MessageSent):
            return "messages_sent" if event.sender_id == subject else None
        if event.originator_id in owned:
            return owned[event.originator_id]
        claim = _OWNED_BY.get(type(event))
        if claim is None:
            return None
        section, field = claim
        if getattr(event, field, None) == subject or (
            isinstance(event, Invitation.Sent) and event.director_id == subject
        ):
            owned[event.originator_id] = section
            return section
        return None

    @staticmethod
    def _export_event(position: int, event: Any) -> dict[str, Any]:
        # A queued mail's body may hold a live link; the member has it in their mailbox.
        withheld = _WITHHELD | ({"body"} if isinstance(event, Outbox.MailQueued) else set())
        data = {
            k: v_ for k, v_ in vars(event).items()
            if k not in withheld
            and k not in ("originator_id", "originator_version", "timestamp", "originator_topic")
            and not k.startswith("_")
        }
        return {
            "position": position,
            "type": type(event).__qualname__,
            "id": str(event.originator_id),
            "at": event.timestamp.isoformat(),
            "data": json_safe(data),
        }
