"""The commercial bridge: a studio joins each quarter and is verified, partners post calls,
directors submit their pitched projects, partners pass, shortlist or sign a deal, and scout."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.clock import seoul_time
from domain.context import Context
from web.demo.base import Chapter
from web.demo.words import OPPORTUNITY_TITLES, STUDIOS


class Bridge(Chapter):
    def new_partner(self, n: int) -> None:
        name, kind = STUDIOS[n % len(STUDIOS)]
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
        if self.succeeded(lambda: self.app.verify_partner(self.admin, partner_id)):
            self.verified_partners.append(person)

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

    def bridge_week(self) -> None:
        for partner, opportunity in self.opportunities[-3:]:
            pitched = [
                p
                for p in self.projects
                if self.app.project(p).status.value in ("pitched", "crewing")
            ]
            for project_id in self.rng.sample(pitched, k=min(2, len(pitched))):
                director = Context(self.app.project(project_id).director_id)
                submission = self.attempt(
                    lambda: self.app.submit_to_opportunity(
                        director, opportunity, project_id, "Our deck and budget are attached."
                    )
                )
                if submission is None:
                    continue
                self.figures.submissions += 1
                roll = self.rng.random()
                if roll < 0.4:
                    self.attempt(
                        lambda: self.app.pass_submission(
                            partner, submission, "Not the slate we are building this year."
                        )
                    )
                elif (
                    self.succeeded(
                        lambda: self.app.shortlist_submission(
                            partner, submission, "A distinctive voice and a tight budget."
                        )
                    )
                    and roll > 0.8
                    and self.sign_deal(partner, submission)
                ):
                    self.figures.deals += 1
        if self.verified_partners and self.projects:
            partner = self.rng.choice(self.verified_partners)
            project_id = self.rng.choice(self.projects)
            self.attempt(
                lambda: self.app.register_interest(
                    partner, project_id, "We would like to see a rough cut."
                )
            )
            self.attempt(
                lambda: self.app.follow_director(partner, self.app.project(project_id).director_id)
            )

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
