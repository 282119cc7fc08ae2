"""Projects, crew roles, invitations, applications and hiring."""

from __future__ import annotations

from domain.services.core import Core


class CrewingServices(Core):
    pass
