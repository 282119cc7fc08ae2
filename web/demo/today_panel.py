"""Today's subsidy panel: a fund open now, applications waiting for the demo reviewer and for
the admin, the demo director's draft, and one of each decision on the record (approved and paid,
rejected, closed by its final report).

Apart from the weeks' subsidies chapter because it is dated from the moment of loading and
leaves work half done on purpose, for whoever signs in.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.context import Context
from web.demo.subsidies import Subsidies


class Panel(Subsidies):
    def panel(self, day: date) -> None:
        """A fund that opened nine days ago and closes in under four weeks. Three applications
        wait for the demo reviewer (one of two on each panel), four are reviewed and wait for
        the admin's decision, and the demo director keeps one as a draft."""
        fund_id = self.app.open_fund(
            self.admin,
            name=f"{season(day)} {day.year} Short Film Fund",
            budget_krw=80_000_000,
            cap_krw=10_000_000,
            opens=day - timedelta(days=9),
            closes=day + timedelta(days=26),
            eligibility="Network students and recent graduates",
            min_reviews=2,
        )
        self.funds.append(fund_id)
        reviewer, director = self.cast["reviewer"], self.cast["director"]
        panel = [r for r in self.reviewers if r.actor != reviewer.actor] + [
            c for c, _ in self.crew[:50]
        ]
        pitched = [
            p for p in self.projects if self.app.project(p).status.value in ("pitched", "crewing")
        ]
        own = [p for p in pitched if self.app.project(p).director_id == director.actor]
        if own:
            self.apply(fund_id, own[-1], draft=True)
        reviewed: list[UUID] = []
        for n, project_id in enumerate(p for p in reversed(pitched) if p not in own[-1:]):
            if n == 7:
                break
            self.pause()
            application = self.apply(fund_id, project_id)
            if application is None:
                continue
            others = self.appoint(
                application, self.rng.sample(panel, k=min(8, len(panel))), 1 if n < 3 else 2
            )
            if n < 3:
                self.appoint(application, [reviewer], 1)
            done = [self.review(application, r) for r in others]
            if n >= 3 and len(done) == 2 and all(done):
                reviewed.append(application)
        self.grants_settled(reviewed)

    def grants_settled(self, fresh: list[UUID]) -> None:
        """One of each decision on the record: grants approved, a rejection, and a grant
        closed by its final report; from the earlier funds or, failing those, by deciding some
        of today's reviewed applications (at least one is left for the admin)."""
        earlier = [a for f in self.funds[:-1] for a in self.applications.get(f, [])]
        status = {a: self.app.subsidy_application(a).status.value for a in earlier}
        approved = [a for a in earlier if status[a] == "approved"]
        while len(approved) < 2 and len(fresh) > 1:
            application = fresh.pop()
            if self.succeeded(
                lambda: self.app.decide_subsidy(
                    self.admin,
                    application,
                    approve=True,
                    amount_krw=5_000_000,
                    reason_code="meets_criteria",
                    reason="The panel rated the plan highly.",
                )
            ):
                self.attempt(
                    lambda: self.app.disburse(
                        self.admin,
                        application,
                        amount_krw=2_500_000,
                        note="first tranche at signature",
                    )
                )
                approved.append(application)
        if "rejected" not in status.values() and len(fresh) > 1:
            self.attempt(
                lambda: self.app.decide_subsidy(
                    self.admin,
                    fresh.pop(),
                    approve=False,
                    reason_code="incomplete",
                    reason="The budget leaves out post-production.",
                )
            )
        if approved:
            grant = self.app.subsidy_application(approved[0])
            self.attempt(
                lambda: self.app.submit_final_report(
                    Context(grant.applicant_id),
                    grant.id,
                    spent_krw=grant.disbursed_krw,
                    summary="Shot in eight nights; premiered at the network's student festival.",
                )
            )


def season(day: date) -> str:
    return ("Winter", "Spring", "Summer", "Autumn")[day.month % 12 // 3]
