"""The cast: the demo accounts a visitor signs in as, the university coordinators, and the
newcomers who join week by week."""

from __future__ import annotations

import random
from dataclasses import dataclass

from domain.context import Context
from domain.university import University
from web.demo.base import PASSWORD, Chapter, member_of
from web.demo.words import CREW_CRAFTS, GENRES

# What a day of each craft asks, about (each member's own rate is 60 %-150 % of it).
DAY_RATES = {
    "cinematographer": 300_000,
    "editor": 250_000,
    "sound designer": 220_000,
    "composer": 250_000,
    "producer": 280_000,
    "vfx artist": 260_000,
    "production designer": 240_000,
    "writer": 200_000,
}
STATES_RATE = 0.8  # the share of crew who state a day rate


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
    DemoAccount("reviewer", "reviewer@filmhouse.test", PASSWORD, "Oh Eun-ji"),
)


class Cast(Chapter):
    def founders(self) -> None:
        admin, director, crew, partner, coordinator, auditor, reviewer = DEMO_ACCOUNTS
        self.admin = Context(
            self.app.create_admin(email=admin.email, password=admin.password, name=admin.name)
        )
        karts = University.id_for("karts")
        d = self.sign_up(director.email, director.name, ["director"], karts)
        c = self.sign_up(crew.email, crew.name, ["crew"], University.id_for("cau"))
        self.partners.append(self.sign_up(partner.email, partner.name, ["partner"], None))
        coord = self.sign_up(coordinator.email, coordinator.name, ["crew"], karts)
        aud = self.sign_up(auditor.email, auditor.name, ["crew"], None)
        # From outside the network, so no university ties bar her from a panel.
        rev = self.sign_up(reviewer.email, reviewer.name, ["crew"], None)
        self.app.grant_role(self.admin, member_of(coord), "coordinator")
        self.app.grant_role(self.admin, member_of(aud), "auditor")
        self.coordinators[karts] = coord
        self.app.verify_affiliation(coord, member_of(d))
        self.app.update_profile(
            d,
            name=director.name,
            bio="Directs shorts about night workers.",
            city="Seoul",
            languages=["ko", "en"],
        )
        self.app.claim_skill(d, skill="directing", level=4)
        self.app.update_profile(
            c,
            name=crew.name,
            bio="Editor; AI-assisted cutting.",
            city="Seoul",
            languages=["ko", "en"],
        )
        for skill, level in (("editing", 4), ("ai editing", 3), ("colour", 3)):
            self.app.claim_skill(c, skill=skill, level=level)
        self.app.update_profile(
            rev,
            name=reviewer.name,
            city="Seoul",
            languages=["ko", "en"],
            bio="Festival programmer; sits on the centre's subsidy panels.",
        )
        self.app.claim_skill(rev, skill="story editing", level=5)
        self.app.state_work_terms(c, day_rate_krw=230_000, genres=["drama", "documentary"])
        self.script_supervisor()
        self.directors.append(d)
        self.crew.append((c, "editor"))
        self.reviewers.append(rev)
        self.bookers += [d, c]
        self.cast = {
            "admin": self.admin,
            "director": d,
            "crew": c,
            "partner": self.partners[0],
            "coordinator": coord,
            "auditor": aud,
            "reviewer": rev,
        }
        for slug in ("cau", "dongguk", "hanyang"):
            uni = University.id_for(slug)
            person = self.sign_up(f"coordinator.{slug}@filmhouse.test", self.name(), ["crew"], uni)
            self.app.grant_role(self.admin, member_of(person), "coordinator")
            self.coordinators[uni] = person

    def script_supervisor(self) -> None:
        """The one member who keeps continuity: she states her genres, not her rate."""
        name = "Yoon Ha-eun"  # a name the newcomers of the weeks are never given
        ctx = self.sign_up("continuity@example.kr", name, ["crew"], University.id_for("dongguk"))
        self.app.update_profile(
            ctx, name=name, city="Seoul", bio="Script supervisor.", languages=["ko", "en"]
        )
        self.app.claim_skill(ctx, skill="continuity", level=4)
        self.app.claim_credit(ctx, title="Harbour Lights", year=2024, role="script supervisor")
        self.app.state_work_terms(ctx, day_rate_krw=0, genres=["drama", "thriller"])

    def work_terms(self, ctx: Context, craft: str, n: int) -> None:
        """Most crew state a day rate for their craft, and one to three genres they want. A
        generator of its own (seeded by the member's number), so the story's draws stay put."""
        rng = random.Random(n)
        rate = 0
        if rng.random() < STATES_RATE:
            rate = int(round(DAY_RATES.get(craft, 220_000) * rng.uniform(0.6, 1.5), -4))
        genres = rng.sample(GENRES, k=rng.randint(1, 3))
        self.app.state_work_terms(ctx, day_rate_krw=rate, genres=genres)

    def newcomers(self, count: int) -> None:
        for _ in range(count):
            n = self.figures.members
            university = self.rng.choice(self.universities) if self.rng.random() < 0.85 else None
            is_director = self.rng.random() < 0.25
            craft = self.rng.choice(list(CREW_CRAFTS))
            roles = (
                ["director"] + (["crew"] if self.rng.random() < 0.4 else [])
                if is_director
                else ["crew"]
            )
            name = self.name()
            ctx = self.sign_up(f"member{n}@example.kr", name, roles, university)
            self.app.update_profile(
                ctx,
                name=name,
                city=self.rng.choice(["Seoul", "Seoul", "Incheon", "Goyang", "Seongnam", "Suwon"]),
                bio=f"{'Director' if is_director else craft.title()} from the network.",
                languages=["ko"] + (["en"] if self.rng.random() < 0.5 else []),
            )
            skills = (
                ["directing", "screenwriting"]
                if is_director
                else self.rng.sample(
                    CREW_CRAFTS[craft], k=self.rng.randint(1, len(CREW_CRAFTS[craft]))
                )
            )
            for skill in skills:
                self.app.claim_skill(ctx, skill=skill, level=self.rng.randint(2, 5))
            if self.rng.random() < 0.3:
                self.app.claim_credit(
                    ctx,
                    title=self.title(),
                    year=self.rng.randint(2015, 2024),
                    role="director" if is_director else craft,
                )
            if university in self.coordinators and self.rng.random() < 0.7:
                self.attempt(
                    lambda: self.app.verify_affiliation(
                        self.coordinators[university], member_of(ctx)
                    )
                )
            if is_director:
                self.directors.append(ctx)
            else:
                self.work_terms(ctx, craft, n)
                self.crew.append((ctx, craft))
            if self.rng.random() < 0.6:
                self.bookers.append(ctx)
            if self.rng.random() < 0.05:
                self.reviewers.append(ctx)
