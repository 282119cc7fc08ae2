"""What every chapter of the demo shares: the application, its settable clock, the seeded
randomness, the cast met so far, the figures kept, and trying a command as a person would."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from domain.clock import SettableClock
from domain.context import Context
from domain.errors import DomainError
from domain.filmhouse import FilmHouse
from domain.university import NETWORK, University
from projections.policies.timekeeper import Timekeeper
from projections.projector.runner import Projector
from projections.views.funds import Funds
from projections.views.timers import Timers
from web.demo.words import FAMILY, GIVEN, WORDS_A, WORDS_B

T = TypeVar("T")
PASSWORD = "filmhouse-demo"
WEEKS = 104


@dataclass
class Figures:
    events: int = 0
    members: int = 0
    projects: int = 0
    hires: int = 0
    bookings: int = 0
    applications: int = 0
    decisions: int = 0
    refusals: int = 0
    credits: int = 0
    trainings: int = 0
    certified: int = 0
    partners: int = 0
    submissions: int = 0
    deals: int = 0
    waitlisted: int = 0
    timers: int = 0
    wraps: int = 0
    cancellations: int = 0
    seconds: float = 0.0
    by_area: dict[str, int] = field(default_factory=dict)


class Chapter:
    """The demo's state; each chapter (cast, crewing, workspaces, ...) adds its own scenes."""

    def __init__(
        self,
        app: FilmHouse,
        clock: SettableClock,
        rng: random.Random,
        members: int,
        say: Callable[[str], None],
        weeks: int = WEEKS,
    ) -> None:
        self.app, self.clock, self.rng, self.target, self.say = app, clock, rng, members, say
        self.weeks = weeks
        self.loaded = clock.now()  # the moment the demo is loaded, which today's chapter sets
        self.figures = Figures()
        self.admin = Context(None)
        self.cast: dict[str, Context] = {}  # the demo accounts, by their role in DEMO_ACCOUNTS
        self.directors: list[Context] = []
        self.crew: list[tuple[Context, str]] = []
        self.reviewers: list[Context] = []
        self.projects: list[UUID] = []
        self.bookers: list[Context] = []
        self.bookings: list[tuple[Context, UUID]] = []
        self.missed: list[tuple[Context, UUID]] = []  # bookings nobody checked in to
        self.funds: list[UUID] = []
        self.applications: dict[UUID, list[UUID]] = {}
        self.universities = [University.id_for(slug) for slug, _, _ in NETWORK]
        self.coordinators: dict[UUID, Context] = {}
        self.partners: list[Context] = []
        self.verified_partners: list[Context] = []
        self.trainings: list[tuple[UUID, datetime]] = []
        self.opportunities: list[tuple[Context, UUID]] = []
        self.this_week: list[tuple[datetime, Context, UUID]] = []
        projector = Projector(app, [Timers(), Funds()])
        projector.ensure()
        self.timekeeper = Timekeeper(app, projector)

    def attempt(self, command: Callable[[], T]) -> T | None:
        """Try a command as a person would; a refusal is recorded and life goes on."""
        try:
            return command()
        except DomainError:
            self.figures.refusals += 1
            return None

    def succeeded(self, command: Callable[[], object]) -> bool:
        try:
            command()
        except DomainError:
            self.figures.refusals += 1
            return False
        return True

    def name(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"

    def title(self) -> str:
        return f"{self.rng.choice(WORDS_A)} {self.rng.choice(WORDS_B)}"

    def sign_up(self, email: str, name: str, roles: list[str], university: UUID | None) -> Context:
        member_id = self.app.sign_up(
            Context(None),
            email=email,
            password=PASSWORD,
            name=name,
            roles=roles,
            university_id=university,
        )
        self.figures.members += 1
        return Context(member_id)

    def at(self, moment: datetime) -> None:
        if moment > self.clock.now():
            self.clock.set(moment)

    def pause(self) -> None:
        """A few minutes pass between one person's action and the next (never past loading)."""
        self.at(min(self.clock.now() + timedelta(minutes=self.rng.randint(2, 12)), self.loaded))


def member_of(person: Context) -> UUID:
    """The member a demo person acts as: everyone the demo keeps has signed up."""
    if person.actor is None:
        raise ValueError("the demo acts for signed-up members only")
    return person.actor
