"""Subsidies: twice a year a fund opens; directors apply, panels of two review, and ten weeks
in the admin decides each application with a reason, paying a first tranche on approval."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.context import Context
from domain.vocabulary import ReasonCode
from web.demo.base import Chapter, member_of

COMMENTS = (
    "Clear plan and a strong team.",
    "The budget needs more detail.",
    "A distinctive voice; realistic schedule.",
)


class Subsidies(Chapter):
    def open_fund(self, today: date, n: int) -> None:
        season = "Spring" if today.month < 7 else "Autumn"
        fund_id = self.app.open_fund(
            self.admin,
            name=f"{season} {today.year} Short Film Fund",
            budget_krw=self.rng.choice([40_000_000, 60_000_000, 80_000_000]),
            cap_krw=10_000_000,
            opens=today,
            closes=today + timedelta(days=60),
            eligibility="Network students and recent graduates",
            min_reviews=2 if n % 2 else 1,
        )
        self.funds.append(fund_id)

    def apply(self, fund_id: UUID, project_id: UUID, *, draft: bool = False) -> UUID | None:
        """The project's director asks the fund for two to ten million won, in two lines."""
        director = Context(self.app.project(project_id).director_id)
        amount = self.rng.randrange(2_000_000, 10_000_000, 250_000)
        split = self.rng.randrange(1_000_000, amount, 250_000)
        application = self.attempt(
            lambda: self.app.apply_for_subsidy(
                director,
                fund_id,
                project_id=project_id,
                amount_krw=amount,
                draft=draft,
                breakdown=[
                    {"item": "equipment and location", "amount_krw": split},
                    {"item": "post-production", "amount_krw": amount - split},
                ],
            )
        )
        if application is not None:
            self.figures.applications += 1
            self.applications.setdefault(fund_id, []).append(application)
        return application

    def appoint(self, application: UUID, people: list[Context], wanted: int) -> list[Context]:
        """The admin appoints up to `wanted` of these people; a conflict of interest refuses one."""
        assigned: list[Context] = []
        for reviewer in people:
            if (
                self.attempt(
                    lambda: self.app.assign_reviewer(self.admin, application, member_of(reviewer))
                )
                is not None
            ):
                assigned.append(reviewer)
            if len(assigned) == wanted:
                break
        return assigned

    def review(self, application: UUID, reviewer: Context) -> bool:
        return self.succeeded(
            lambda: self.app.review_application(
                reviewer,
                application,
                score=self.rng.randint(2, 5),
                comment=self.rng.choice(COMMENTS),
            )
        )

    def apply_and_review(self, fund_id: UUID) -> None:
        candidates = [p for p in self.projects if self.app.project(p).status.value != "draft"]
        for project_id in self.rng.sample(candidates, k=min(len(candidates), 3)):
            application = self.apply(fund_id, project_id)
            if application is None:
                continue
            people = self.reviewers + [c for c, _ in self.crew[:50]]
            pool = self.rng.sample(people, k=min(8, len(people)))
            for reviewer in self.appoint(application, pool, 2):
                self.review(application, reviewer)

    def decide(self, fund_id: UUID) -> None:
        fund = self.app.fund(fund_id)
        for application in self.applications.get(fund_id, []):
            record = self.app.subsidy_application(application)
            if record.status.value != "submitted":
                continue
            approve = self.rng.random() < 0.6
            if approve:
                amount = min(int(record.current["amount_krw"]), fund.cap_krw)
                done = self.succeeded(
                    lambda: self.app.decide_subsidy(
                        self.admin,
                        application,
                        approve=True,
                        amount_krw=amount,
                        reason_code=ReasonCode.MEETS_CRITERIA,
                        reason="Meets the criteria; the panel rated the plan highly.",
                    )
                )
                if not done:
                    approve = False
                    done = self.succeeded(
                        lambda: self.app.decide_subsidy(
                            self.admin,
                            application,
                            approve=False,
                            reason_code=ReasonCode.BUDGET_EXHAUSTED,
                            reason="The fund's budget is committed.",
                        )
                    )
            else:
                done = self.succeeded(
                    lambda: self.app.decide_subsidy(
                        self.admin,
                        application,
                        approve=False,
                        reason_code=self.rng.choice(
                            [ReasonCode.INSUFFICIENT_QUALITY, ReasonCode.INCOMPLETE]
                        ),
                        reason="The panel asks for a fuller budget and schedule next round.",
                    )
                )
            if done:
                self.figures.decisions += 1
                if approve:
                    self.attempt(
                        lambda: self.app.disburse(
                            self.admin,
                            application,
                            amount_krw=min(int(record.current["amount_krw"]), fund.cap_krw) // 2,
                            note="first tranche at signature",
                        )
                    )
