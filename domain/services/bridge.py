"""The commercial bridge: partner organisations, opportunities, submissions, interest, deals."""

from __future__ import annotations

from domain.services.core import Core


class BridgeServices(Core):
    pass
