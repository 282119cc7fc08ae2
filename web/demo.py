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
from domain.context import Context
from domain.errors import DomainError
from domain.filmhouse import FilmHouse
from domain.university import NETWORK, University
from domain.vocabulary import ProjectFormat, ReasonCode, WorkspaceKind
from projections.funds import Funds
from projections.runner import Projector
from projections.timers import Timers
from web.timers import Timekeeper

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
TRAININGS = (
    ("AI-assisted editing", "ai editing"),
    ("Generative previsualisation", "generative previsualisation"),
    ("AI dubbing and subtitling", "ai dubbing"),
    ("Colour grading with machine assists", "colour"),
)
STUDIOS = (
    ("Hanbit Pictures", "studio"),
    ("Mapo Film Company", "production_company"),
    ("Seoul Arthouse Distribution", "distributor"),
    ("Stream K", "streamer"),
    ("Blue Tide Productions", "production_company"),
    ("Namsan Studio", "studio"),
    ("Ferry Films", "distributor"),
    ("Onda Media", "streamer"),
)
OPPORTUNITY_TITLES = {
    "call_for_pitches": "Open call: short films about the city at night",
    "co_production": "Co-production slate for first features",
    "distribution": "Festival and streaming distribution for finished shorts",
    "hiring": "Assistant editor, three months",
}
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
    credits: int = 0
    trainings: int = 0
    certified: int = 0
    partners: int = 0
    submissions: int = 0
    deals: int = 0
    waitlisted: int = 0
    timers: int = 0
    seconds: float = 0.0
    by_area: dict[str, int] = field(default_factory=dict)


class Demo:
    def __init__(self, app: FilmHouse, clock: SettableClock, rng: random.Random,
                 members: int, say: Callable[[str], None], weeks: int = WEEKS) -> None:
        self.app, self.clock, self.rng, self.target, self.say = app, clock, rng, members, say
        self.weeks = weeks
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
        self.partners: list[Context] = []
        self.verified_partners: list[Context] = []
        self.trainings: list[tuple[UUID, datetime]] = []
        self.opportunities: list[tuple[Context, UUID]] = []
        self.this_week: list[tuple[datetime, Context, UUID]] = []
        projector = Projector(app, [Timers(), Funds()])
        projector.ensure()
        self.timekeeper = Timekeeper(app, projector)

    # -- helpers ------------------------------------------------------------------------------

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
        self.partners.append(self.sign_up(partner.email, partner.name, ["partner"], None))
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
                      else self.rng.sample(CREW_CRAFTS[craft],
                                           k=self.rng.randint(1, len(CREW_CRAFTS[craft]))))
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
                        if self.succeeded(lambda c=candidate, i=invitation:
                                          self.app.accept_invitation(c, i)):
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
                if self.succeeded(lambda: self.app.wrap_project(director, project_id)):
                    credited = self.attempt(lambda: self.app.confirm_crew_at_wrap(
                        director, project_id))
                    self.figures.credits += len(credited or [])
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
                self.this_week.append((start, booker, booking))
            elif self.rng.random() < 0.3 and self.attempt(
                    lambda b=booker, r=room, s=start, h=hours: self.app.join_waitlist(
                        b, r.id, start=s, end=s + timedelta(hours=h))) is not None:
                self.figures.waitlisted += 1
        for booker, booking in self.rng.sample(self.bookings[-40:], k=min(4, len(self.bookings))):
            self.attempt(lambda b=booker, k=booking: self.app.cancel_booking(
                b, k, "plans changed"))

    def attend_the_week(self, week_start: date) -> None:
        """Most people turn up and check in; the timers release the rest as no-shows."""
        for start, booker, booking in sorted(self.this_week, key=lambda b: b[0]):
            if self.app.booking(booking).status.value != "confirmed":
                continue
            self.at(start - timedelta(minutes=self.rng.randint(1, 14)))
            if self.rng.random() < 0.93:
                self.attempt(lambda b=booker, k=booking: self.app.check_in(b, k))
        self.this_week = []
        self.at(seoul_time(week_start + timedelta(days=7), datetime.min.time()) +
                timedelta(hours=6))
        self.figures.timers += self.timekeeper.tick()

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
            people = self.reviewers + [c for c, _ in self.crew[:50]]
            pool = self.rng.sample(people, k=min(8, len(people)))
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
                amount = min(int(record.current["amount_krw"]), fund.cap_krw)
                done = self.succeeded(lambda a=application, m=amount: self.app.decide_subsidy(
                    self.admin, a, approve=True, amount_krw=m,
                    reason_code=ReasonCode.MEETS_CRITERIA,
                    reason="Meets the criteria; the panel rated the plan highly."))
                if not done:
                    approve = False
                    done = self.succeeded(lambda a=application: self.app.decide_subsidy(
                        self.admin, a, approve=False, reason_code=ReasonCode.BUDGET_EXHAUSTED,
                        reason="The fund's budget is committed."))
            else:
                done = self.succeeded(lambda a=application: self.app.decide_subsidy(
                    self.admin, a, approve=False,
                    reason_code=self.rng.choice([ReasonCode.INSUFFICIENT_QUALITY,
                                                 ReasonCode.INCOMPLETE]),
                    reason="The panel asks for a fuller budget and schedule next round."))
            if done:
                self.figures.decisions += 1
                if approve:
                    self.attempt(lambda a=application: self.app.disburse(
                        self.admin, a, amount_krw=min(int(record.current["amount_krw"]),
                                                      fund.cap_krw) // 2,
                        note="first tranche at signature"))

    # -- training and endorsements ------------------------------------------------------------

    def schedule_training(self, week_start: date) -> None:
        title, skill = self.rng.choice(TRAININGS)
        first = seoul_time(week_start + timedelta(days=12), datetime.min.time()) + timedelta(
            hours=10)
        sessions = [(first, first + timedelta(hours=3)),
                    (first + timedelta(days=7), first + timedelta(days=7, hours=3))]
        training_id = self.app.schedule_training(
            self.admin, title=title, skill=skill, capacity=self.rng.choice([8, 10, 12]),
            description=f"Hands-on {skill} for student productions, in the AI workstations.",
            sessions=sessions)
        self.figures.trainings += 1
        for person in self.rng.sample(self.bookers, k=min(len(self.bookers), 14)):
            self.attempt(lambda p=person: self.app.enrol(p, training_id))
        self.trainings.append((training_id, sessions[-1][1]))

    def finish_trainings(self) -> None:
        for training_id, ends in list(self.trainings):
            if ends > self.clock.now():
                continue
            training = self.app.training(training_id)
            enrolled = list(training.enrolled)
            present = [m for m in enrolled if self.rng.random() < 0.85]
            for session in (1, 2):
                self.attempt(lambda s=session: self.app.record_attendance(
                    self.admin, training_id, s, present))
            for member_id in present:
                if self.succeeded(lambda m=member_id: self.app.complete_training(
                        self.admin, training_id, m)):
                    self.figures.certified += 1
            self.trainings.remove((training_id, ends))

    def endorsements(self) -> None:
        for _ in range(self.rng.randint(2, 6)):
            (giver, _), (taker, _) = self.rng.sample(self.crew, k=2)
            skills = list(self.app.member(taker.actor).skills)
            if skills:
                skill = self.rng.choice(skills)
                self.attempt(lambda g=giver, t=taker, k=skill:
                             self.app.endorse_skill(g, t.actor, k))

    # -- the commercial bridge ------------------------------------------------------------------

    def new_partner(self, n: int) -> None:
        name, kind = STUDIOS[n % len(STUDIOS)]
        person = self.partners[0] if n == 0 else self.sign_up(
            f"partner{n}@studio.example.kr", self.name(), ["partner"], None)
        if n:
            self.partners.append(person)
        partner_id = self.attempt(lambda: self.app.register_partner(
            person, name=name, kind=kind, business_number=_business_number(100 + n * 37),
            website=f"https://studio{n}.example.kr"))
        if partner_id is None:
            return
        self.figures.partners += 1
        if self.succeeded(lambda: self.app.verify_partner(self.admin, partner_id)):
            self.verified_partners.append(person)

    def post_opportunity(self, week_start: date) -> None:
        partner = self.rng.choice(self.verified_partners)
        kind = self.rng.choice(["call_for_pitches", "co_production", "distribution", "hiring"])
        deadline = seoul_time(week_start + timedelta(days=35), datetime.min.time()) + timedelta(
            hours=18)
        terms: dict[str, Any] = {}
        if kind == "hiring":
            terms = {"pay_min_krw": 2_500_000, "pay_max_krw": 3_500_000,
                     "pay_basis": "per_month",
                     "conditions": "Three months, 40 hours a week, four weeks of paid leave "
                                   "pro rata, standard contract."}
        opportunity = self.attempt(lambda: self.app.post_opportunity(
            partner, kind=kind, title=OPPORTUNITY_TITLES[kind], deadline=deadline,
            description="We look for new voices from the network's schools.",
            criteria=["a complete pitch deck", "a realistic budget"], **terms))
        if opportunity is not None:
            self.opportunities.append((partner, opportunity))

    def bridge_week(self) -> None:
        for partner, opportunity in self.opportunities[-3:]:
            pitched = [p for p in self.projects
                       if self.app.project(p).status.value in ("pitched", "crewing")]
            for project_id in self.rng.sample(pitched, k=min(2, len(pitched))):
                director = Context(self.app.project(project_id).director_id)
                submission = self.attempt(lambda d=director, o=opportunity, p=project_id:
                                          self.app.submit_to_opportunity(
                                              d, o, p, "Our deck and budget are attached."))
                if submission is None:
                    continue
                self.figures.submissions += 1
                roll = self.rng.random()
                if roll < 0.4:
                    self.attempt(lambda s=submission: self.app.pass_submission(
                        partner, s, "Not the slate we are building this year."))
                elif (self.succeeded(lambda s=submission: self.app.shortlist_submission(
                        partner, s, "A distinctive voice and a tight budget.")) and roll > 0.8
                      and self.succeeded(lambda s=submission: self.app.sign_deal(
                          partner, s, "We want to co-produce it.",
                          amount_krw=self.rng.randrange(10_000_000, 80_000_000, 1_000_000),
                          kind="co_production"))):
                    self.figures.deals += 1
        if self.verified_partners and self.projects:
            partner = self.rng.choice(self.verified_partners)
            project_id = self.rng.choice(self.projects)
            self.attempt(lambda: self.app.register_interest(
                partner, project_id, "We would like to see a rough cut."))
            self.attempt(lambda: self.app.follow_director(
                partner, self.app.project(project_id).director_id))

    # -- the two years ------------------------------------------------------------------------

    def run(self) -> Figures:
        started = time.perf_counter()
        self.founders()
        rooms = self.app.workspaces()
        weeks = self.weeks
        remaining = max(self.target - self.figures.members, weeks)
        monday = self.clock.now().date()
        for week in range(weeks):
            week_start = monday + timedelta(weeks=week)
            self.at(seoul_time(week_start, datetime.min.time()) + timedelta(hours=9))
            self.newcomers(remaining * (week + 1) // weeks - remaining * week // weeks)
            for _ in range(self.rng.randint(2, 4)):
                self.new_project(week_start)
            self.crewing()
            self.production(week_start)
            self.bookings_this_week(week_start, rooms)
            if week % 26 == 0:
                self.open_fund(week_start, week // 26)
            if self.funds and week % 26 in (2, 5):
                self.apply_and_review(self.funds[-1])
            if self.funds and week % 26 == 10:
                self.decide(self.funds[-1])
            if week % 8 == 3:
                self.schedule_training(week_start)
            self.finish_trainings()
            self.endorsements()
            if week % 13 == 0:
                self.new_partner(week // 13)
            if self.verified_partners and week % 4 == 1:
                self.post_opportunity(week_start)
            if self.opportunities:
                self.bridge_week()
            self.attend_the_week(week_start)
            if week % 8 == 7:
                self.say(f"week {week + 1}/{weeks}: {self.figures.members} members, "
                         f"{self.figures.projects} projects, {self.figures.bookings} bookings")
        self.figures.events = int(self.app.recorder.max_notification_id() or 0)
        self.figures.seconds = time.perf_counter() - started
        return self.figures


def _business_number(n: int) -> str:
    """A business registration number with a right check digit (demo organisations)."""
    digits = [int(c) for c in f"{n:09d}"]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True))
    total += digits[8] * 5 // 10
    return f"{n:09d}{(10 - total % 10) % 10}"


def generate(app: FilmHouse, *, members: int = 1200, seed: int = 2026, weeks: int = WEEKS,
             say: Callable[[str], None] | None = None) -> Figures:
    """Write the demo history ending about now; the clock is the app's own, moved by hand."""
    if not isinstance(app.clock, SettableClock):
        raise TypeError("the demo needs an application opened with a SettableClock")
    report = say or (lambda line: print(line, file=sys.stderr, flush=True))
    demo = Demo(app, app.clock, random.Random(seed), members, report, weeks)
    figures = demo.run()
    report(f"demo: {figures.events} events, {figures.members} members, {figures.projects} "
           f"projects, {figures.hires} hires, {figures.credits} verified credits, "
           f"{figures.bookings} bookings, {figures.trainings} trainings "
           f"({figures.certified} certified), {figures.applications} subsidy applications, "
           f"{figures.decisions} decisions, {figures.partners} partners, "
           f"{figures.submissions} submissions, {figures.deals} deals, "
           f"{figures.waitlisted} waitlist entries, {figures.timers} timer actions, "
           f"{figures.refusals} refusals, in {figures.seconds:.0f} s")
    return figures


def demo_start(now: datetime) -> datetime:
    """Two years before now, on a Monday morning, Seoul time."""
    start = (now - timedelta(weeks=WEEKS)).astimezone(SEOUL)
    monday = start.date() - timedelta(days=start.weekday())
    return seoul_time(monday, datetime.min.time()) + timedelta(hours=9)
