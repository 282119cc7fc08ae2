"""Today's bridge: the demo partner's two open calls, directors' submissions waiting for the
partner's decision, the one it likes best (its latent taste, web/demo/bridge.py) shortlisted,
and a deal should the weeks not have signed one.

Apart from the weeks' bridge chapter because its deadlines are dated from the moment of loading.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from domain.clock import seoul_time
from domain.context import Context
from domain.vocabulary import OpportunityKind
from web.demo.bridge import Bridge


class Calls(Bridge):
    def open_calls_elsewhere(self, demo_partner: Context, deadline: datetime) -> None:
        """Other verified organisations take pitches too, so a director's project page shows
        partners with a call to submit to in one click."""
        others = [
            p
            for p in self.verified_partners
            if p.actor != demo_partner.actor and self.takes_pitches(p)
        ]
        for n, other in enumerate(others):
            opportunity = self.attempt(
                lambda: self.app.post_opportunity(
                    other,
                    kind="call_for_pitches",
                    title="Open pitches: first features and shorts",
                    deadline=deadline + timedelta(weeks=2 + n % 3),
                    description="Tell us the story only you can tell, and how you would shoot it.",
                    criteria=["a pitch deck", "a first budget"],
                )
            )
            if opportunity is not None:
                self.opportunities.append((other, opportunity))

    def takes_pitches(self, representative: Context) -> bool:
        if representative.actor is None:
            return False
        partner = self.app.partner_of(representative.actor)
        return partner is not None and OpportunityKind.CALL_FOR_PITCHES in partner.profile.offers

    def calls(self, day: date) -> None:
        """The demo partner opens two calls; directors submit, the demo director among them.
        One submission is shortlisted and the rest wait for the partner's decision."""
        partner = self.cast["partner"]
        if partner.actor not in {p.actor for p in self.verified_partners}:
            return
        deadline = seoul_time(day, datetime.min.time()) + timedelta(hours=18)
        posted = [
            self.attempt(
                lambda: self.app.post_opportunity(
                    partner,
                    kind=kind,
                    title=title,
                    deadline=deadline + timedelta(weeks=weeks),
                    description="Stories of the people who work while the city sleeps.",
                    criteria=["a complete pitch deck", "a realistic budget"],
                )
            )
            for weeks, kind, title in (
                (3, "call_for_pitches", "Night shifts: a call for shorts"),
                (5, "co_production", "Co-producing first shorts"),
            )
        ]
        calls = [o for o in posted if o is not None]
        self.opportunities += [(partner, o) for o in calls]
        self.open_calls_elsewhere(partner, deadline)
        pitched = [
            p for p in self.projects if self.app.project(p).status.value in ("pitched", "crewing")
        ]
        waiting: list[tuple[float, UUID]] = []  # the partner's latent liking, submission
        for n, project_id in enumerate(reversed(pitched[-8:])):
            self.pause()
            director = Context(self.app.project(project_id).director_id)
            for opportunity in calls[: 1 + n % 2]:
                submission = self.attempt(
                    lambda: self.app.submit_to_opportunity(
                        director, opportunity, project_id, "Our deck and budget are attached."
                    )
                )
                if submission is not None:
                    self.figures.submissions += 1
                    waiting.append((self.worth(partner, project_id), submission))
        # the partner shortlists what it likes best (the latent rule of web/demo/bridge.py)
        ranked = [submission for _, submission in sorted(waiting, reverse=True)]
        if ranked:
            self.attempt(
                lambda: self.app.shortlist_submission(
                    partner, ranked[0], "A distinctive voice and a tight budget."
                )
            )
        if (
            not self.figures.deals
            and len(ranked) > 2
            and self.succeeded(
                lambda: self.app.shortlist_submission(partner, ranked[1], "Ready to shoot.")
            )
            and self.sign_deal(partner, ranked[1])
        ):
            self.figures.deals += 1
