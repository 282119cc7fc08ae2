"""Accounts: the mail outbox the policies deliver, email verification and password reset by a
mailed link. The service class composes the rest of what a member's account holds: API tokens
(tokens.py), messages, reports, inbox marks and saved searches (messaging.py) and the data
export (data_export.py)."""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.account import Account, AccountTicket, digest, new_secret
from domain.context import SYSTEM, Context
from domain.errors import Conflict, NotFound
from domain.member import EmailIndex, Member
from domain.outbox import Outbox
from domain.password import checked_password
from domain.services.data_export import DataExportServices
from domain.services.messaging import MessagingServices
from domain.services.tokens import TokenServices
from domain.vocabulary import TicketPurpose


def _secret(value: object) -> str:
    if not isinstance(value, str) or not 16 <= len(value) <= 200:
        raise NotFound("this link is not valid; ask for a new one", field="token")
    return value


class AccountServices(TokenServices, MessagingServices, DataExportServices):
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

    def record_mail_failure(self, mail_id: UUID, error: BaseException | str) -> None:
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
            raise NotFound("this link is not valid; ask for a new one", field="token")
        return ticket

    def verify_email(self, ctx: Context, token: str) -> UUID:
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

    def request_password_reset(self, ctx: Context, email: str) -> None:
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

    def reset_password(self, ctx: Context, token: str, new_password: str) -> UUID:
        """Set a new password with a reset link. Returns the member's id."""
        self._account_ticket(token, TicketPurpose.RESET_PASSWORD)
        secret = checked_password(new_password)
        password_hash = self.passwords.hash(secret)

        def command() -> UUID:
            ticket = self._account_ticket(token, TicketPurpose.RESET_PASSWORD)
            ticket.redeem(self.clock.now())
            member = self._load(Member, ticket.member_id, "member")
            if member.erased:
                raise NotFound("this link is not valid; ask for a new one", field="token")
            member.change_password(password_hash)
            self._save(Context(member.id, ctx.request_id), ticket, member)
            return member.id

        return self._attempt(command)
