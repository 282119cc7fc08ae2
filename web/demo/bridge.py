"""The commercial bridge: four organisations join each quarter and are verified, each stating
what it looks for; partners post calls, directors submit their pitched projects, partners pass,
shortlist, ask to meet or sign, and scout.

Who shortlists and signs whom is decided by a taste the ranker never sees (so that
`filmhouse match evaluate-partners` on this log measures something, bench/RESULTS.md):

- each organisation has a latent taste per genre, t[g] = 0.6 × (g among the genres its profile
  states) + N(0, 0.7), and a latent appetite for larger budgets a ~ N(0, 0.5);
- a project submitted to it is worth u = mean of t over the project's genres + a × z(log budget)
  + N(0, 0.5); below 0.3 it passes, from 0.3 it shortlists, from 0.7 it also asks to meet, from
  1.0 it signs a deal;
- which projects reach which organisation is not its choice: each week directors submit two
  pitched projects drawn at random to each of the three latest calls; and each week one
  organisation scouts five random pitched projects, registers interest in the one it likes
  best when u > 0.5 and follows its director when u > 1.0.

Format, budget range, stage, follows and the graph play no part in the decisions: a ranker can
only learn the latent taste from the stated genres (partly) and from past decisions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.clock import seoul_time
from domain.context import Context
from domain.vocabulary import ProjectFormat
from web.demo.base import Chapter
from web.demo.words import GENRES, OPPORTUNITY_TITLES, STUDIOS

PARTNERS_PER_QUARTER = 4
MORE_STUDIOS = (
    ("Hangang Pictures", "studio"),
    ("Jongno Film Works", "production_company"),
    ("Seoul Night Distribution", "distributor"),
    ("Dalbit Stream", "streamer"),
    ("Bukchon Productions", "production_company"),
    ("Yeouido Studio", "studio"),
    ("Incheon Harbour Films", "distributor"),
    ("Sinchon Media", "streamer"),
    ("Gwanghwamun Cinema", "studio"),
    ("Seongsu Film Lab", "production_company"),
    ("Eulji Arthouse", "distributor"),
    ("Mangwon Pictures", "production_company"),
)
PASS_BELOW, MEET_FROM, DEAL_FROM = 0.3, 0.7, 1.0
INTEREST_FROM, FOLLOW_FROM = 0.5, 1.0


@dataclass(frozen=True)
class Taste:
    """An organisation's latent taste (never stated, never in the log)."""

    genres: dict[str, float]
    appetite: float

    def worth(self, genres: list[str], budget_krw: int, noise: float) -> float:
        liked = sum(self.genres.get(g, 0.0) for g in genres) / max(1, len(genres))
        z = (math.log(max(budget_krw, 1)) - math.log(30_000_000)) / 1.2
        return liked + self.appetite * z + noise


class Bridge(Chapter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tastes: dict[UUID, Taste] = {}  # by representative

    def new_partner(self, quarter: int) -> None:
        for k in range(PARTNERS_PER_QUARTER):
            self.one_partner(quarter * PARTNERS_PER_QUARTER + k)

    def one_partner(self, n: int) -> None:
        names = STUDIOS + MORE_STUDIOS
        name, kind = names[n % len(names)]
        if n >= len(names):
            name = f"{name} {n // len(names) + 1}"
        person = (
            self.partners[0]
            if n == 0
            else self.sign_up(f"partner{n}@studio.example.kr", self.name(), ["partner"], None)
        )
        if n:
            self.partners.append(person)
        partner_id = self.attempt(
            lambda: self.app.register_partner(
                person,
                name=name,
                kind=kind,
                business_number=business_number(100 + n * 37),
                website=f"https://studio{n}.example.kr",
            )
        )
        if partner_id is None:
            return
        self.figures.partners += 1
        stated = self.state_profile(person, partner_id, kind)
        self.tastes[person.actor] = Taste(  # type: ignore[index]
            {g: 0.6 * (g in stated) + self.rng.gauss(0, 0.7) for g in GENRES},
            self.rng.gauss(0, 0.5),
        )
        if self.succeeded(lambda: self.app.verify_partner(self.admin, partner_id)):
            self.verified_partners.append(person)

    def state_profile(self, person: Context, partner_id: UUID, kind: str) -> list[str]:
        """What the organisation says it looks for (its taste only partly agrees)."""
        genres = self.rng.sample(GENRES, k=self.rng.randint(2, 3))
        formats = self.rng.sample([f.value for f in ProjectFormat], k=self.rng.randint(1, 3))
        low = self.rng.choice([0, 5_000_000, 10_000_000, 20_000_000])
        high = self.rng.choice([0, 80_000_000, 150_000_000])
        stages = ["development", *self.rng.sample(["production", "distribution"], k=1)]
        offers = {
            "distributor": ["distribution"],
            "streamer": ["distribution", "co_production"],
        }.get(kind, ["call_for_pitches", "co_production"])
        self.attempt(
            lambda: self.app.state_partner_profile(
                person,
                partner_id,
                genres=genres,
                formats=formats,
                budget_min_krw=low,
                budget_max_krw=high,
                stages=stages,
                offers=offers,
                description="New voices from the network's schools, told with care.",
            )
        )
        return genres

    def post_opportunity(self, week_start: date) -> None:
        partner = self.rng.choice(self.verified_partners)
        kind = self.rng.choice(["call_for_pitches", "co_production", "distribution", "hiring"])
        deadline = seoul_time(week_start + timedelta(days=35), datetime.min.time()) + timedelta(
            hours=18
        )
        terms: dict[str, Any] = {}
        if kind == "hiring":
            terms = {
                "pay_min_krw": 2_500_000,
                "pay_max_krw": 3_500_000,
                "pay_basis": "per_month",
                "conditions": "Three months, 40 hours a week, four weeks of paid leave "
                "pro rata, standard contract.",
            }
        opportunity = self.attempt(
            lambda: self.app.post_opportunity(
                partner,
                kind=kind,
                title=OPPORTUNITY_TITLES[kind],
                deadline=deadline,
                description="We look for new voices from the network's schools.",
                criteria=["a complete pitch deck", "a realistic budget"],
                **terms,
            )
        )
        if opportunity is not None:
            self.opportunities.append((partner, opportunity))

    def worth(self, partner: Context, project_id: UUID) -> float:
        """The organisation's latent liking of the project, with this moment's noise."""
        taste = self.tastes.get(partner.actor)  # type: ignore[arg-type]
        if taste is None:
            return self.rng.gauss(0, 0.7)
        project = self.app.project(project_id)
        return taste.worth(list(project.genres), project.budget_krw, self.rng.gauss(0, 0.5))

    def bridge_week(self) -> None:
        pitched = [
            p for p in self.projects if self.app.project(p).status.value in ("pitched", "crewing")
        ]
        for partner, opportunity in self.opportunities[-3:]:
            for project_id in self.rng.sample(pitched, k=min(2, len(pitched))):
                director = Context(self.app.project(project_id).director_id)
                submission = self.attempt(
                    lambda: self.app.submit_to_opportunity(
                        director, opportunity, project_id, "Our deck and budget are attached."
                    )
                )
                if submission is not None:
                    self.figures.submissions += 1
                    self.decide_submission(partner, submission, self.worth(partner, project_id))
        if self.verified_partners and pitched:
            self.scout(self.rng.choice(self.verified_partners), pitched)

    def decide_submission(self, partner: Context, submission: UUID, worth: float) -> None:
        """The latent rule above: pass, shortlist, meet, sign."""
        if worth < PASS_BELOW:
            self.attempt(
                lambda: self.app.pass_submission(
                    partner, submission, "Not the slate we are building this year."
                )
            )
            return
        if not self.succeeded(
            lambda: self.app.shortlist_submission(
                partner, submission, "A distinctive voice and a tight budget."
            )
        ):
            return
        if worth >= MEET_FROM:
            when = self.clock.now() + timedelta(days=10)
            self.attempt(
                lambda: self.app.request_meeting(
                    partner, submission, "We would like to hear the plan for the shoot.", when
                )
            )
        if worth >= DEAL_FROM and self.sign_deal(partner, submission):
            self.figures.deals += 1

    def scout(self, partner: Context, pitched: list[UUID]) -> None:
        looked = self.rng.sample(pitched, k=min(5, len(pitched)))
        worth, project_id = max((self.worth(partner, p), p) for p in looked)
        if worth <= INTEREST_FROM:
            return
        self.attempt(
            lambda: self.app.register_interest(
                partner, project_id, "We would like to see a rough cut."
            )
        )
        if worth > FOLLOW_FROM:
            director = self.app.project(project_id).director_id
            self.attempt(lambda: self.app.follow_director(partner, director))

    def sign_deal(self, partner: Context, submission: UUID) -> bool:
        return self.succeeded(
            lambda: self.app.sign_deal(
                partner,
                submission,
                "We want to co-produce it.",
                amount_krw=self.rng.randrange(10_000_000, 80_000_000, 1_000_000),
                kind="co_production",
            )
        )


def business_number(n: int) -> str:
    """A business registration number with a right check digit (demo organisations)."""
    digits = [int(c) for c in f"{n:09d}"]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True))
    total += digits[8] * 5 // 10
    return f"{n:09d}{(10 - total % 10) % 10}"
