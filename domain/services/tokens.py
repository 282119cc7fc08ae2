"""API tokens: issued to a member (shown once, the log keeps only the hash), listed, revoked,
and resolved to the member they authenticate while they last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from domain import validation as v
from domain.account import TOKEN_PREFIX, TOKEN_TTL, Account, ApiToken, digest, new_api_token
from domain.context import Context
from domain.errors import Invalid, NotFound
from domain.member import Member
from domain.services.core import Core

TOKEN_TTL_MIN = timedelta(minutes=5)
TOKEN_TTL_MAX = timedelta(days=365)


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


class TokenServices(Core):
    def account_of(self, member_id: UUID) -> Account | None:
        return self._load_or_none(Account, Account.id_for(member_id))

    def issue_token(
        self,
        member_id: UUID,
        *,
        label: str = "API",
        ttl: timedelta = TOKEN_TTL,
        ctx: Context | None = None,
    ) -> str:
        """A bearer token for the API, shown this once: the log keeps only its hash."""
        name = v.text(label, "label", limit=v.SHORT_MAX)
        if not isinstance(ttl, timedelta) or not TOKEN_TTL_MIN <= ttl <= TOKEN_TTL_MAX:
            raise Invalid("a token lasts between 5 minutes and 365 days", field="ttl")
        token = new_api_token()

        def command() -> None:
            member = self._load_or_none(Member, member_id)
            if member is None or member.erased:
                raise NotFound("no member {member_id}", member_id=member_id, field="member_id")
            now = self.clock.now()
            account = self.account_of(member_id) or Account.open(member_id)
            api_token = ApiToken.issue(member_id, name, token, now + ttl)
            account.record_token(api_token.id, name, api_token.expires_at, now)
            self._save(
                Context(member_id, ctx.request_id if ctx else uuid4().hex), account, api_token
            )

        self._attempt(command)
        return token

    def member_for_token(self, token: str) -> UUID | None:
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
            TokenInfo(
                token_id,
                t["label"],
                t["created"],
                t["expires_at"],
                t["revoked"],
                t["expires_at"] <= now,
            )
            for token_id, t in account.tokens.items()
        ]
        return sorted(infos, key=lambda t: (t.created, t.token_id.hex), reverse=True)

    def revoke_token(self, ctx: Context, token_id: UUID) -> None:
        """The owner withdraws one of their tokens; it authenticates no one from now on."""

        def command() -> None:
            member = self._actor(ctx)
            api_token = self._load_or_none(ApiToken, token_id)
            if api_token is None or api_token.member_id != member.id:
                raise NotFound("you hold no token {token_id}", token_id=token_id, field="token_id")
            account = self.account_of(member.id) or Account.open(member.id)
            api_token.revoke()
            account.record_revocation(token_id)
            self._save(ctx, api_token, account)

        self._attempt(command)
