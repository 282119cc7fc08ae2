"""Funds, subsidy applications, reviewers, reviews, decisions and disbursements."""

from __future__ import annotations

from domain.services.core import Core


class SubsidyServices(Core):
    pass
