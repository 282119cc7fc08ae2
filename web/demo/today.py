"""Today: the last chapter, written at the moment the demo is loaded and dated from it, so that
whoever a visitor signs in as finds something to do: a fund open now with applications before
its panel and before the admin, waiting submissions for the partner, pitched projects with open
roles and invitations, bookings this week and next with free slots left, a training with free
seats, a newcomer to hire, and one of every kind of thing the product shows.

Here: the order of the day's scenes and the small ones (a newcomer and a studio, a course, the
admin's loose ends); the projects, the panel, the calls and the rooms are chapters of their own
(today_pitches, today_panel, today_calls, today_desks)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.clock import seoul_date
from domain.context import Context
from domain.university import University
from web.demo.base import member_of
from web.demo.bridge import business_number
from web.demo.today_calls import Calls
from web.demo.today_desks import Desks
from web.demo.today_panel import Panel
from web.demo.today_pitches import Pitches
from web.demo.training import Training

# The chapter's events are spread over the hours before the moment of loading.
SPAN = timedelta(hours=20)


class Today(Pitches, Panel, Training, Calls, Desks):
    """The day's scenes in order; each area's scenes are in its own today_* chapter."""

    def today(self, now: datetime) -> None:
        """Every scene of the day, in order, at moments spread up to `now` (or the end of the
        history, if that is later)."""
        end = max(now, self.clock.now())
        begin = max(self.clock.now(), end - SPAN)
        day = seoul_date(end)
        self.loaded = end
        scenes = [
            self.arrivals,
            self.pitches,
            self.panel,
            self.calls,
            self.rooms,
            self.course,
            self.loose_ends,
        ]
        self.at(begin)
        self.figures.timers += self.timekeeper.tick()
        for n, scene in enumerate(scenes):
            self.at(begin + (end - begin) * (n + 1) / (len(scenes) + 1))
            scene(day)
        self.at(end)
        self.figures.timers += self.timekeeper.tick()

    # -- people ---------------------------------------------------------------------------

    def arrivals(self, day: date) -> None:
        """A cinematographer new to the centre, no films yet, whose affiliation the KARTS
        coordinator has still to verify; a studio that waits for the admin's verification."""
        name = "Bae Seo-hyun"  # a name the newcomers of the weeks are never given
        newcomer = self.sign_up(
            f"member{self.figures.members}@example.kr", name, ["crew"], University.id_for("karts")
        )
        self.app.update_profile(
            newcomer,
            name=name,
            city="Seoul",
            languages=["ko", "en"],
            bio="Shot music videos on borrowed cameras; looking for a first short.",
        )
        self.app.claim_skill(newcomer, skill="cinematography", level=4)
        studio = self.sign_up(
            f"partner{len(self.partners)}@studio.example.kr", self.name(), ["partner"], None
        )
        self.partners.append(studio)
        if self.attempt(
            lambda: self.app.register_partner(
                studio,
                name="Yeouido Pictures",
                kind="production_company",
                business_number=business_number(977),
                website="https://yeouido.example.kr",
            )
        ):
            self.figures.partners += 1

    # -- a course and loose ends ----------------------------------------------------------

    def course(self, day: date) -> None:
        """A training whose first session is next week, with seats still free."""
        self.schedule_training(day - timedelta(days=4), enrolling=4)

    def loose_ends(self, day: date) -> None:
        """Things the admin is asked to look at, and one project in each state: one in
        production, one wrapped and one cancelled, should the weeks not have left them."""
        (reporter, _), (reported, _) = self.rng.sample(self.crew[-40:], k=2)
        self.attempt(
            lambda: self.app.report_member(
                reporter,
                member_of(reported),
                kind="spam",
                reason="Sends the same casting link to everyone, again and again.",
            )
        )
        statuses = {p: self.app.project(p).status.value for p in self.projects}
        shooting = [p for p, s in statuses.items() if s == "in_production"]
        crewed = [p for p, s in statuses.items() if s == "crewing"]
        wanted = 1 if self.figures.wraps else 2  # one to keep shooting, one to wrap
        for project_id in crewed[: max(0, min(wanted - len(shooting), len(crewed) - 1))]:
            director = Context(self.app.project(project_id).director_id)
            if self.succeeded(lambda: self.app.start_production(director, project_id)):
                shooting.append(project_id)
        if not self.figures.wraps and len(shooting) > 1:
            director = Context(self.app.project(shooting[0]).director_id)
            if self.succeeded(lambda: self.app.wrap_project(director, shooting[0])):
                self.figures.wraps += 1
        pitched = [p for p, s in statuses.items() if s == "pitched"]
        if not self.figures.cancellations and pitched:
            director = Context(self.app.project(pitched[0]).director_id)
            if self.succeeded(
                lambda: self.app.cancel_project(director, pitched[0], "the lead actor moved abroad")
            ):
                self.figures.cancellations += 1
