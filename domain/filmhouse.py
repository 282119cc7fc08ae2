"""The Film House application: every command of every area, over one event log."""

from __future__ import annotations

from domain.services.accounts import AccountServices
from domain.services.bridge import BridgeServices
from domain.services.crewing import CrewingServices
from domain.services.members import MemberServices
from domain.services.seals import SealServices
from domain.services.subsidies import SubsidyServices
from domain.services.training import TrainingServices
from domain.services.workspaces import WorkspaceServices


class FilmHouse(
    MemberServices,
    CrewingServices,
    WorkspaceServices,
    SubsidyServices,
    TrainingServices,
    BridgeServices,
    AccountServices,
    SealServices,
):
    """Composes the area services; each lives in domain/services/<area>.py."""
