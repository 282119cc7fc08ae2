"""`filmhouse demo`: two years of a film centre's life, written through the same commands as the
web uses, at simulated times (the application clock moves week by week), so every page,
dashboard and "as of" view has something true to show.

Refusals are part of real life: a clashing hire, a full role, a taken slot are tried and
refused exactly as they would be for a person, and the generator moves on.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from domain.clock import SEOUL, SettableClock, seoul_time
from domain.context import SYSTEM, Context
from domain.errors import DomainError
from domain.filmhouse import FilmHouse
from domain.university import NETWORK, University
from domain.vocabulary import ProjectFormat, ReasonCode, WorkspaceKind

T = TypeVar("T")
PASSWORD = "filmhouse-demo"
WEEKS = 104


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    name: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin@filmhouse.test", PASSWORD, "Han Seo-yeon"),
    DemoAccount("director", "director@filmhouse.test", PASSWORD, "Park Ji-hoon"),
    DemoAccount("crew", "crew@filmhouse.test", PASSWORD, "Lee Soo-min"),
    DemoAccount("partner", "partner@filmhouse.test", PASSWORD, "Choi Dong-hyun"),
    DemoAccount("coordinator", "coordinator@filmhouse.test", PASSWORD, "Jung Hae-won"),
    DemoAccount("auditor", "auditor@filmhouse.test", PASSWORD, "Kang Min-seo"),
)

FAMILY = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
          "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Go", "Moon")
GIVEN = ("Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yun", "Ji-woo", "Seo-jun", "Soo-ah",
         "Ye-jun", "Ji-min", "Hyun-woo", "Chae-won", "Joon-young", "Yu-na", "Tae-yang", "Da-eun",
         "Sung-min", "Eun-ji", "Jae-won", "Na-rae", "Woo-jin", "So-yeon", "Dong-hyun", "Hye-jin")
CREW_CRAFTS = {
    "cinematographer": ["cinematography", "lighting", "camera operation"],
    "editor": ["editing", "ai editing", "colour"],
    "sound designer": ["sound design", "location sound", "mixing"],
    "composer": ["composition", "scoring"],
    "producer": ["producing", "budgeting", "scheduling"],
    "vfx artist": ["vfx", "generative previsualisation", "compositing"],
    "production designer": ["production design", "art direction"],
    "writer": ["screenwriting", "story editing"],
}
GENRES = ("drama", "thriller", "comedy", "documentary", "horror", "romance", "science fiction",
          "animation", "family", "crime", "music", "experimental")
WORDS_A = ("Night", "Winter", "Last", "Paper", "Neon", "Quiet", "Salt", "Glass", "Han River",
           "Midnight", "Borrowed", "Blue", "Second", "Hidden", "Rooftop", "Small", "Long")
WORDS_B = ("Bus", "Harbour", "Letters", "Garden", "Station", "Summer", "Signal", "Alley",
           "Tide", "Apartment", "Promise", "Market", "Lights", "Rehearsal", "Kitchen", "Ferry")
LOGLINES = (
    "A {a} and a {b} cross Seoul in one night and learn what they owe each other.",
    "When the {b} closes for good, a {a} records the last week of its regulars.",
    "A {a} inherits a {b} and the debts that come with it.",
    "Two {a}s rehearse a play that nobody will see, in a {b} that is about to be torn down.",
)
PEOPLE = ("driver", "runaway", "grandmother", "courier", "student", "diver", "projectionist",
          "street vendor", "night nurse", "rapper", "translator", "taxi dispatcher")
PLACES = ("noodle shop", "bathhouse", "ferry", "karaoke room", "rooftop garden", "video store",
          "printing house", "fish market stall", "cinema", "laundromat")


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
    seconds: float = 0.0
    by_area: dict[str, int] = field(default_factory=dict)


class Demo:
    def __init__(self, app: FilmHouse, clock: SettableClock, rng: random.Random,
                 members: int, say: Callable[[str], None]) -> None:
        self.app, self.clock, self.rng, self.target, self.say = app, clock, rng, members, say
        self.figures = Figures()
        self.admin = Context(None)
        self.directors: list[Context] = []
        self.crew: list[tuple[Context, str]] = []
        self.reviewers: list[Context] = []
        self.projects: list[UUID] = []
        self.bookers: list[Context] = []
        self.bookings: list[tuple[Context, UUID]] = []
        self.funds: list[UUID] = []
        self.applications: dict[UUID, list[UUID]] = {}
        self.universities = [University.id_for(slug) for slug, _, _ in NETWORK]
        self.coordinators: dict[UUID, Context] = {}

    # -- helpers ------------------------------------------------------------------------------

    def attempt(self, command: Callable[[], T]) -> T | None:
        """Try a command as a person would; a refusal is recorded and life goes on."""
        try:
            return command()
        except DomainError:
            self.figures.refusals += 1
            return None

    def name(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"

    def sign_up(self, email: str, name: str, roles: list[str], university: UUID | None) -> Context:
        member_id = self.app.sign_up(Context(None), email=email, password=PASSWORD, name=name,
                                     roles=roles, university_id=university)
        self.figures.members += 1
        return Context(member_id)

    def at(self, moment: datetime) -> None:
        if moment > self.clock.now():
            self.clock.set(moment)

    # -- the cast -----------------------------------------------------------------------------

    def founders(self) -> None:
        admin, director, crew, partner, coordinator, auditor = DEMO_ACCOUNTS
        self.admin = Context(self.app.create_admin(email=admin.email, password=admin.password,
                                                   name=admin.name))
        karts = University.id_for("karts")
        d = self.sign_up(director.email, director.name, ["director"], karts)
        c = self.sign_up(crew.email, crew.name, ["crew"], University.id_for("cau"))
        self.sign_up(partner.email, partner.name, ["partner"], None)
        coord = self.sign_up(coordinator.email, coordinator.name, ["crew"], karts)
        aud = self.sign_up(auditor.email, auditor.name, ["crew"], None)
        self.app.grant_role(self.admin, coord.actor, "coordinator")
        self.app.grant_role(self.admin, aud.actor, "auditor")
        self.coordinators[karts] = coord
        self.app.verify_affiliation(coord, d.actor)
        self.app.update_profile(d, name=director.name, bio="Directs shorts about night workers.",
                                city="Seoul", languages=["ko", "en"])
        self.app.claim_skill(d, skill="directing", level=4)
        self.app.update_profile(c, name=crew.name, bio="Editor; AI-assisted cutting.",
                                city="Seoul", languages=["ko", "en"])
        for skill, level in (("editing", 4), ("ai editing", 3), ("colour", 3)):
            self.app.claim_skill(c, skill=skill, level=level)
        self.directors.append(d)
        self.crew.append((c, "editor"))
        self.bookers += [d, c]
        for slug in ("cau", "dongguk", "hanyang"):
            uni = University.id_for(slug)
            person = self.sign_up(f"coordinator.{slug}@filmhouse.test", self.name(), ["crew"], uni)
            self.app.grant_role(self.admin, person.actor, "coordinator")
            self.coordinators[uni] = person

    def newcomers(self, count: int) -> None:
        for _ in range(count):
            n = self.figures.members
            university = self.rng.choice(self.universities) if self.rng.random() < 0.85 else None
            is_director = self.rng.random() < 0.25
            craft = self.rng.choice(list(CREW_CRAFTS))
            roles = ["director"] + (["crew"] if self.rng.random() < 0.4 else []) \
                if is_director else ["crew"]
            name = self.name()
            ctx = self.sign_up(f"member{n}@example.kr", name, roles, university)
            self.app.update_profile(ctx, name=name, city=self.rng.choice(["Seoul", "Seoul",
                                    "Incheon", "Goyang", "Seongnam", "Suwon"]),
                                    bio=f"{'Director' if is_director else craft.title()} "
                                        "from the network.",
                                    languages=["ko"] + (["en"] if self.rng.random() < 0.5 else []))
            skills = (["directing", "screenwriting"] if is_director
                      else self.rng.sample(CREW_CRAFTS[craft], k=self.rng.randint(1, 3)))
            for skill in skills:
                self.app.claim_skill(ctx, skill=skill, level=self.rng.randint(2, 5))
            if self.rng.random() < 0.3:
                self.app.claim_credit(ctx, title=self.title(), year=self.rng.randint(2015, 2024),
                                      role="director" if is_director else craft)
            if university in self.coordinators and self.rng.random() < 0.7:
                self.attempt(lambda c=ctx, u=university: self.app.verify_affiliation(
                    self.coordinators[u], c.actor))  # type: ignore[misc]
            if is_director:
                self.directors.append(ctx)
            else:
                self.crew.append((ctx, craft))
            if self.rng.random() < 0.6:
                self.bookers.append(ctx)
            if self.rng.random() < 0.05:
                self.reviewers.append(ctx)

    def title(self) -> str:
        return f"{self.rng.choice(WORDS_A)} {self.rng.choice(WORDS_B)}"

    # -- projects and crewing -----------------------------------------------------------------

    def new_project(self, week_start: date) -> None:
        director = self.rng.choice(self.directors)
        shoot_start = week_start + timedelta(days=self.rng.randint(21, 70))
        shoot_end = shoot_start + timedelta(days=self.rng.randint(2, 12))
        crafts = self.rng.sample(list(CREW_CRAFTS), k=self.rng.randint(2, 4))
        roles = [{"role": craft, "skills": CREW_CRAFTS[craft][:2],
                  "count": 1 if craft != "producer" else self.rng.randint(1, 2),
                  "start": shoot_start - timedelta(days=7), "end": shoot_end + timedelta(days=14),
                  "paid": self.rng.random() < 0.5} for craft in crafts]
        a, b = self.rng.choice(PEOPLE), self.rng.choice(PLACES)
        fmt = self.rng.choices(list(ProjectFormat), weights=[8, 2, 3, 1, 2, 1])[0]
        project_id = self.attempt(lambda: self.app.create_project(
            director, title=self.title(), logline=self.rng.choice(LOGLINES).format(a=a, b=b),
            genres=self.rng.sample(GENRES, k=self.rng.randint(1, 2)), format=fmt.value,
            budget_krw=self.rng.randrange(3_000_000, 150_000_000, 500_000),
            shoot_start=shoot_start, shoot_end=shoot_end, roles=roles,
            synopsis="A story of people who keep the city running at night.", language="ko"))
        if project_id is None:
            return
        self.figures.projects += 1
        if self.rng.random() < 0.9:
            self.app.pitch_project(director, project_id)
            self.projects.append(project_id)

    def crewing(self) -> None:
        for project_id in self.rng.sample(self.projects, k=min(len(self.projects), 6)):
            project = self.app.project(project_id)
            if project.status.value not in ("pitched", "crewing"):
                continue
            director = Context(project.director_id)
            for role in project.roles.values():
                if role.open_seats == 0:
                    continue
                fits = [c for c, craft in self.crew if craft == role.role]
                for candidate in self.rng.sample(fits, k=min(len(fits), 2)):
                    invitation = self.attempt(lambda c=candidate, r=role: self.app.invite(
                        director, project_id, r.role_id, c.actor))  # type: ignore[misc]
                    if invitation is None:
                        continue
                    if self.rng.random() < 0.75:
                        if self.attempt(lambda c=candidate, i=invitation:
                                        self.app.accept_invitation(c, i)) is not None \
                                or self.app.invitation(invitation).status.value == "accepted":
                            self.figures.hires += 1
                    else:
                        self.attempt(lambda c=candidate, i=invitation: self.app.decline_invitation(
                            c, i, self.rng.choice(["busy on another shoot", "dates do not work",
                                                   "not my genre"])))
                    break

    def production(self, today: date) -> None:
        for project_id in list(self.projects):
            project = self.app.project(project_id)
            director = Context(project.director_id)
            status = project.status.value
            if status in ("pitched", "crewing") and project.shoot_start <= today:
                if any(r.hired for r in project.roles.values()):
                    self.attempt(lambda: self.app.start_production(director, project_id))
                else:
                    self.attempt(lambda: self.app.cancel_project(
                        director, project_id, "could not crew it in time"))
                    self.projects.remove(project_id)
            elif status == "in_production" and project.shoot_end + timedelta(days=21) <= today:
                self.attempt(lambda: self.app.wrap_project(director, project_id))
                self.projects.remove(project_id)

    # -- workspaces ---------------------------------------------------------------------------

    def bookings_this_week(self, week_start: date, rooms: list[Any]) -> None:
        bookable = [r for r in rooms if r.kind not in (WorkspaceKind.SCREENING_ROOM,
                                                       WorkspaceKind.SHARED_OFFICE)]
        for _ in range(self.rng.randint(25, 40)):
            booker = self.rng.choice(self.bookers)
            room = self.rng.choice(bookable)
            day = week_start + timedelta(days=self.rng.randint(1, 6))
            hours = 2 if room.kind is WorkspaceKind.MEETING_ROOM else self.rng.choice([2, 3, 4])
            start = seoul_time(day, datetime.min.time()) + timedelta(
                hours=self.rng.randint(9, 22 - hours))
            booking = self.attempt(lambda b=booker, r=room, s=start, h=hours:
                                   self.app.book_workspace(b, r.id, start=s,
                                                           end=s + timedelta(hours=h)))
            if booking is not None:
                self.figures.bookings += 1
                self.bookings.append((booker, booking))
        for booker, booking in self.rng.sample(self.bookings[-40:], k=min(4, len(self.bookings))):
            self.attempt(lambda b=booker, k=booking: self.app.cancel_booking(
                b, k, "plans changed"))

    # -- subsidies ----------------------------------------------------------------------------

    def open_fund(self, today: date, n: int) -> None:
        season = "Spring" if today.month < 7 else "Autumn"
        fund_id = self.app.open_fund(
            self.admin, name=f"{season} {today.year} Short Film Fund",
            budget_krw=self.rng.choice([40_000_000, 60_000_000, 80_000_000]),
            cap_krw=10_000_000, opens=today, closes=today + timedelta(days=60),
            eligibility="Network students and recent graduates", min_reviews=2 if n % 2 else 1)
        self.funds.append(fund_id)

    def apply_and_review(self, fund_id: UUID) -> None:
        candidates = [p for p in self.projects if self.app.project(p).status.value != "draft"]
        for project_id in self.rng.sample(candidates, k=min(len(candidates), 3)):
            project = self.app.project(project_id)
            director = Context(project.director_id)
            amount = self.rng.randrange(2_000_000, 10_000_000, 250_000)
            split = self.rng.randrange(1_000_000, amount, 250_000)
            application = self.attempt(lambda: self.app.apply_for_subsidy(
                director, fund_id, project_id=project_id, amount_krw=amount,
                breakdown=[{"item": "equipment and location", "amount_krw": split},
                           {"item": "post-production", "amount_krw": amount - split}]))
            if application is None:
                continue
            self.figures.applications += 1
            self.applications.setdefault(fund_id, []).append(application)
            pool = self.rng.sample(self.reviewers + [c for c, _ in self.crew[:50]], k=8)
            assigned = []
            for reviewer in pool:
                if self.attempt(lambda r=reviewer: self.app.assign_reviewer(
                        self.admin, application, r.actor)) is not None:
                    assigned.append(reviewer)
                if len(assigned) == 2:
                    break
            for reviewer in assigned:
                self.attempt(lambda r=reviewer: self.app.review_application(
                    r, application, score=self.rng.randint(2, 5),
                    comment=self.rng.choice(["Clear plan and a strong team.",
                                             "The budget needs more detail.",
                                             "A distinctive voice; realistic schedule."])))

    def decide(self, fund_id: UUID) -> None:
        fund = self.app.fund(fund_id)
        for application in self.applications.get(fund_id, []):
            record = self.app.subsidy_application(application)
            if record.status.value != "submitted":
                continue
            approve = self.rng.random() < 0.6
            if approve:
                amount = min(record.amount_krw, fund.cap_krw)
                done = self.attempt(lambda a=application, m=amount: self.app.decide_subsidy(
                    self.admin, a, approve=True, amount_krw=m,
                    reason_code=ReasonCode.MEETS_CRITERIA,
                    reason="Meets the criteria; the panel rated the plan highly."))
                if done is None:
                    done = self.attempt(lambda a=application: self.app.decide_subsidy(
                        self.admin, a, approve=False, reason_code=ReasonCode.BUDGET_EXHAUSTED,
                        reason="The fund's budget is committed."))
            else:
                done = self.attempt(lambda a=application: self.app.decide_subsidy(
                    self.admin, a, approve=False,
                    reason_code=self.rng.choice([ReasonCode.INSUFFICIENT_QUALITY,
                                                 ReasonCode.INCOMPLETE]),
                    reason="The panel asks for a fuller budget and schedule next round."))
            if done is not None:
                self.figures.decisions += 1
                if approve:
                    self.attempt(lambda a=application: self.app.disburse(
                        self.admin, a, amount_krw=min(record.amount_krw, fund.cap_krw) // 2,
                        note="first tranche at signature"))

    # -- the two years ------------------------------------------------------------------------

    def run(self) -> Figures:
        started = time.perf_counter()
        self.founders()
        rooms = self.app.workspaces()
        per_week = max(1, (self.target - self.figures.members) // WEEKS)
        monday = self.clock.now().date()
        for week in range(WEEKS):
            week_start = monday + timedelta(weeks=week)
            self.at(seoul_time(week_start, datetime.min.time()) + timedelta(hours=9))
            self.newcomers(per_week)
            for _ in range(self.rng.randint(2, 4)):
                self.new_project(week_start)
            self.crewing()
            self.production(week_start)
            self.at(seoul_time(week_start, datetime.min.time()) + timedelta(hours=7))
            self.bookings_this_week(week_start, rooms)
            if week % 26 == 0:
                self.open_fund(week_start, week // 26)
            if self.funds and week % 26 in (2, 5):
                self.apply_and_review(self.funds[-1])
            if self.funds and week % 26 == 10:
                self.decide(self.funds[-1])
            if week % 8 == 7:
                self.say(f"week {week + 1}/{WEEKS}: {self.figures.members} members, "
                         f"{self.figures.projects} projects, {self.figures.bookings} bookings")
        self.figures.events = int(self.app.recorder.max_notification_id() or 0)
        self.figures.seconds = time.perf_counter() - started
        return self.figures


def generate(app: FilmHouse, *, members: int = 1200, seed: int = 2026,
             say: Callable[[str], None] | None = None) -> Figures:
    """Write the demo history ending about now; the clock is the app's own, moved by hand."""
    if not isinstance(app.clock, SettableClock):
        raise TypeError("the demo needs an application opened with a SettableClock")
    report = say or (lambda line: print(line, file=sys.stderr, flush=True))
    demo = Demo(app, app.clock, random.Random(seed), members, report)
    figures = demo.run()
    report(f"demo: {figures.events} events, {figures.members} members, {figures.projects} "
           f"projects, {figures.hires} hires, {figures.bookings} bookings, "
           f"{figures.applications} subsidy applications, {figures.decisions} decisions, "
           f"{figures.refusals} refusals, in {figures.seconds:.0f} s")
    return figures


def demo_start(now: datetime) -> datetime:
    """Two years before now, on a Monday morning, Seoul time."""
    start = (now - timedelta(weeks=WEEKS)).astimezone(SEOUL)
    monday = start.date() - timedelta(days=start.weekday())
    return seoul_time(monday, datetime.min.time()) + timedelta(hours=9)
