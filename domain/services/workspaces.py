"""Workspaces, their per-kind rules, bookings and hour quotas."""

from __future__ import annotations

from domain.services.core import Core


class WorkspaceServices(Core):
    pass
