"""AI trainings, enrolment and waitlists, certified skills, endorsements, verified credits."""

from __future__ import annotations

from domain.services.core import Core


class TrainingServices(Core):
    pass
