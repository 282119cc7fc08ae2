"""Accounts: what a member's sign-in rests on besides their password — a verified email
address, single-use links sent by mail (email verification, password reset), and API tokens.

Only SHA-256 hashes of the random secrets are recorded. A ticket's and a token's id is derived
from that hash, so finding one from the secret a member presents is a single load, and using a
ticket twice at once collides on its version: one use wins, the other sees it used.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from hashlib import sha256
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id
from domain.errors import Conflict
from domain.vocabulary import TicketPurpose

VERIFY_EMAIL_TTL = timedelta(hours=24)
RESET_PASSWORD_TTL = timedelta(hours=1)
TOKEN_TTL = timedelta(days=30)
TOKEN_PREFIX = "fh_"
LABEL_MAX = 80
MAX_LIVE_TOKENS = 50

TTL = {
    TicketPurpose.VERIFY_EMAIL: VERIFY_EMAIL_TTL,
    TicketPurpose.RESET_PASSWORD: RESET_PASSWORD_TTL,
}


def new_secret() -> str:
    """A random secret for a link sent by mail (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 of a secret: what the log keeps instead of the secret itself."""
    return sha256(secret.encode()).hexdigest()


class TicketUsed(Conflict):
    pass


class TicketExpired(Conflict):
    pass


class Account(Entity):
    """A member's account record beside their Member aggregate: whether their email address is
    verified, and the API tokens they hold (so that they can list and revoke them)."""

    class Opened(Entity.Created):
        member_id: UUID

    class EmailVerified(Entity.Event):
        ticket_id: UUID

    class TokenIssued(Entity.Event):
        token_id: UUID
        label: str
        issued_at: datetime
        expires_at: datetime

    class TokenRevoked(Entity.Event):
        token_id: UUID

    @event(Opened)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.email_verified = False
        self.tokens: dict[UUID, dict[str, Any]] = {}

    @classmethod
    def open(cls, member_id: UUID) -> Account:
        return cls._create(cls.Opened, id=cls.id_for(member_id), member_id=member_id)

    @staticmethod
    def id_for(member_id: UUID) -> UUID:
        return stable_id("account", member_id)

    def verify_email(self, ticket_id: UUID) -> None:
        """The member followed the link mailed to their address, proving they read it."""
        if self.email_verified:
            raise Conflict("the email address is already verified")
        self._email_verified(ticket_id=ticket_id)

    @event(EmailVerified)
    def _email_verified(self, ticket_id: UUID) -> None:
        self.email_verified = True

    def live_tokens(self, now: datetime) -> int:
        return sum(1 for t in self.tokens.values() if not t["revoked"] and t["expires_at"] > now)

    def record_token(self, token_id: UUID, label: str, expires_at: datetime, now: datetime) -> None:
        """Note a newly issued token, so that the member can see and revoke it."""
        if self.live_tokens(now) >= MAX_LIVE_TOKENS:
            raise Conflict(
                "you already hold {max_live_tokens} live API tokens; revoke one you no longer use",
                max_live_tokens=MAX_LIVE_TOKENS,
            )
        self._token_issued(token_id=token_id, label=label, issued_at=now, expires_at=expires_at)

    @event(TokenIssued)
    def _token_issued(
        self, token_id: UUID, label: str, issued_at: datetime, expires_at: datetime
    ) -> None:
        self.tokens[token_id] = {
            "label": label,
            "created": issued_at,
            "expires_at": expires_at,
            "revoked": False,
        }

    def record_revocation(self, token_id: UUID) -> None:
        if token_id not in self.tokens:
            raise Conflict("this token is not one of yours", field="token_id")
        if self.tokens[token_id]["revoked"]:
            raise Conflict("this token is already revoked", field="token_id")
        self._token_revoked(token_id=token_id)

    @event(TokenRevoked)
    def _token_revoked(self, token_id: UUID) -> None:
        self.tokens[token_id]["revoked"] = True


class AccountTicket(Entity):
    """A single-use link mailed to a member (verify the address, or reset the password); it
    expires, and using it once uses it up."""

    class Issued(Entity.Created):
        member_id: UUID
        purpose: TicketPurpose
        token_hash: str
        expires_at: datetime

    class Redeemed(Entity.Event):
        pass

    @event(Issued)
    def __init__(
        self, member_id: UUID, purpose: TicketPurpose, token_hash: str, expires_at: datetime
    ) -> None:
        self.member_id, self.purpose = member_id, purpose
        self.token_hash, self.expires_at = token_hash, expires_at
        self.redeemed = False

    @classmethod
    def issue(
        cls, member_id: UUID, purpose: TicketPurpose, secret: str, now: datetime
    ) -> AccountTicket:
        """A new ticket for the secret that goes, in clear, only into the member's mail."""
        token_hash = digest(secret)
        return cls._create(
            cls.Issued,
            id=cls.id_for(token_hash),
            member_id=member_id,
            purpose=purpose,
            token_hash=token_hash,
            expires_at=now + TTL[purpose],
        )

    @staticmethod
    def id_for(token_hash: str) -> UUID:
        return stable_id("account-ticket", token_hash)

    def redeem(self, now: datetime) -> None:
        """Use the link: once, and before it expires."""
        if self.redeemed:
            raise TicketUsed("this link has already been used; ask for a new one", field="token")
        if now >= self.expires_at:
            raise TicketExpired("this link has expired; ask for a new one", field="token")
        self._redeemed()

    @event(Redeemed)
    def _redeemed(self) -> None:
        self.redeemed = True


class ApiToken(Entity):
    """A bearer token for the API, found by the hash of the token a client presents; it
    authenticates its member until it expires or its owner revokes it."""

    class Issued(Entity.Created):
        member_id: UUID
        label: str
        token_hash: str
        expires_at: datetime

    class Revoked(Entity.Event):
        pass

    @event(Issued)
    def __init__(self, member_id: UUID, label: str, token_hash: str, expires_at: datetime) -> None:
        self.member_id, self.label = member_id, label
        self.token_hash, self.expires_at = token_hash, expires_at
        self.revoked = False

    @classmethod
    def issue(cls, member_id: UUID, label: str, token: str, expires_at: datetime) -> ApiToken:
        token_hash = digest(token)
        return cls._create(
            cls.Issued,
            id=cls.id_for(token_hash),
            member_id=member_id,
            label=label,
            token_hash=token_hash,
            expires_at=expires_at,
        )

    @staticmethod
    def id_for(token_hash: str) -> UUID:
        return stable_id("api-token", token_hash)

    def valid(self, now: datetime) -> bool:
        return not self.revoked and now < self.expires_at

    def revoke(self) -> None:
        """The owner withdraws the token, e.g. when a laptop is lost."""
        if self.revoked:
            raise Conflict("this token is already revoked", field="token_id")
        self._revoked()

    @event(Revoked)
    def _revoked(self) -> None:
        self.revoked = True
