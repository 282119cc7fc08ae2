"""Projects, crew roles, invitations, applications and hiring, composed.

Every hire saves three aggregates in one write: the accepted invitation or application, the
Project (its role's seats) and the hired member's Commitments (their shoot dates). A concurrent
hire into the same role collides on the Project's version, one into an overlapping shoot on the
Commitments' version; `_attempt` retries the loser on fresh state, which then refuses it.

The commands live by what they act on: domain/services/projects.py (a director's projects),
hiring.py (hiring and releasing), invitations.py and applications.py.
"""

from __future__ import annotations

from domain.services.applications import ApplicationServices
from domain.services.invitations import InvitationServices


class CrewingServices(InvitationServices, ApplicationServices):
    """Everything about projects and their crew, as FilmHouse offers it."""
