"""Accounts and notifications: email verification, password reset, API tokens, inbox, saved searches, messages, reports and blocks, data export, the mail outbox."""

from __future__ import annotations

from domain.services.core import Core


class AccountServices(Core):
    pass
