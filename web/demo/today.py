"""Today: the last chapter, written at the moment the demo is loaded and dated from it, so that
whoever a visitor signs in as finds something to do: a fund open now with applications before
its panel and before the admin, waiting submissions for the partner, pitched projects with open
roles and invitations, bookings this week and next with free slots left, a training with free
seats, a newcomer to hire, and one of every kind of thing the product shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from domain.clock import seoul_date, seoul_time
from domain.context import Context
from domain.project import RoleSpec
from domain.university import University
from domain.vocabulary import ProjectFormat
from web.demo.bridge import Bridge, business_number
from web.demo.crewing import Crewing
from web.demo.subsidies import Subsidies
from web.demo.today_desks import Desks
from web.demo.training import Training
from web.demo.words import CREW_CRAFTS

# The chapter's events are spread over the hours before the moment of loading.
SPAN = timedelta(hours=20)
SHOOT_DAYS = 6


class Today(Crewing, Subsidies, Training, Bridge, Desks):
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

    def pause(self) -> None:
        """A few minutes pass between one person's action and the next (never past loading)."""
        self.at(min(self.clock.now() + timedelta(minutes=self.rng.randint(2, 12)), self.loaded))

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

    # -- projects and roles ---------------------------------------------------------------

    def free_from(
        self, member: Context, first: date, days: int, *, besides: tuple[date, ...] = ()
    ) -> date:
        """The first Monday from `first` when the member could shoot for `days` days: no
        engagement of theirs and no other window in `besides` overlaps."""
        commitments = self.app.commitments_of(member.actor)
        start = first - timedelta(days=first.weekday())
        for _ in range(26):
            end = start + timedelta(days=days)
            clear = commitments is None or commitments.clash(start, end) is None
            if clear and all(end < b or b + timedelta(days=days) < start for b in besides):
                return start
            start += timedelta(days=7)
        return start

    def pitch(
        self,
        director: Context,
        title: str,
        logline: str,
        crafts: list[str],
        shoot: date,
        *,
        pitched: bool = True,
    ) -> UUID | None:
        """A project with one seat for each craft, pitched unless kept as a draft."""
        self.pause()
        end = shoot + timedelta(days=SHOOT_DAYS)
        roles = [
            RoleSpec(
                role=craft,
                skills=tuple(CREW_CRAFTS[craft][:2]),
                count=1,
                start=shoot - timedelta(days=7),
                end=end + timedelta(days=14),
                paid=craft != "sound designer",
            )
            for craft in crafts
        ]
        project_id = self.attempt(
            lambda: self.app.create_project(
                director,
                title=title,
                logline=logline,
                genres=["drama"],
                format=ProjectFormat.SHORT,
                budget_krw=28_000_000,
                shoot_start=shoot,
                shoot_end=end,
                roles=roles,
                synopsis="A story of people who keep the city running at night.",
                language="ko",
            )
        )
        if project_id is None:
            return None
        self.figures.projects += 1
        if pitched and self.succeeded(lambda: self.app.pitch_project(director, project_id)):
            self.projects.append(project_id)
        return project_id

    def role_id(self, project_id: UUID, craft: str) -> UUID:
        return next(
            r.role_id for r in self.app.project(project_id).roles.values() if r.role == craft
        )

    def pitches(self, day: date) -> None:
        """The demo director pitches a project with three open roles: the editor's is offered
        to the demo crew member, a sound designer has applied for another, and the
        cinematographer's waits for someone like the newcomer. Another director offers the demo
        crew member a second role, and a few more projects are pitched."""
        director, crew = self.cast["director"], self.cast["crew"]
        first = self.free_from(crew, day + timedelta(weeks=6), SHOOT_DAYS)
        own = self.pitch(
            director,
            "Night Shift at the Fish Market",
            "A night porter and a runaway keep the fish market running until dawn.",
            ["cinematographer", "editor", "sound designer"],
            first,
        )
        if own is not None:
            self.attempt(
                lambda: self.app.invite(director, own, self.role_id(own, "editor"), crew.actor)
            )
            sound = self.role_id(own, "sound designer")
            designers = [c for c, craft in self.crew if craft == "sound designer"]
            for person in self.rng.sample(designers, k=len(designers)):
                if self.attempt(
                    lambda p=person: self.app.apply_to_role(  # type: ignore[misc]
                        p, own, sound, "I recorded two nights at Noryangjin for a documentary."
                    )
                ):
                    break
        self.pitch(
            director,
            "The Last Projectionist",
            "A projectionist runs the final reel of a cinema about to close.",
            ["cinematographer", "composer"],
            day + timedelta(weeks=14),
            pitched=False,
        )
        others = [d for d in self.directors if d.actor != director.actor]
        if others:
            second = self.free_from(crew, day + timedelta(weeks=9), SHOOT_DAYS, besides=(first,))
            other = self.pitch(
                self.rng.choice(others),
                f"{self.title()} at Dawn",
                "A bus driver and a translator share the first bus of the day.",
                ["editor", "producer"],
                second,
            )
            if other is not None:
                self.attempt(
                    lambda: self.app.invite(
                        Context(self.app.project(other).director_id),
                        other,
                        self.role_id(other, "editor"),
                        crew.actor,
                    )
                )
        for _ in range(3):
            self.new_project(day - timedelta(days=14))
        self.invitations_elsewhere()

    def invitations_elsewhere(self) -> None:
        """Directors offer their open roles to crew who have yet to answer."""
        for project_id in self.projects[-8:]:
            project = self.app.project(project_id)
            role = next((r for r in project.roles.values() if r.open_seats), None)
            fits = [c for c, craft in self.crew if role is not None and craft == role.role]
            if role is not None and fits:
                self.attempt(
                    lambda p=project, r=role: self.app.invite(
                        Context(p.director_id), p.id, r.role_id, self.rng.choice(fits).actor
                    )
                )  # type: ignore[misc]

    # -- the subsidy panel ----------------------------------------------------------------

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
                lambda a=application: self.app.decide_subsidy(
                    self.admin,
                    a,
                    approve=True,
                    amount_krw=5_000_000,
                    reason_code="meets_criteria",
                    reason="The panel rated the plan highly.",
                )
            ):
                self.attempt(
                    lambda a=application: self.app.disburse(
                        self.admin, a, amount_krw=2_500_000, note="first tranche at signature"
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

    # -- the bridge -----------------------------------------------------------------------

    def calls(self, day: date) -> None:
        """The demo partner opens two calls; directors submit, the demo director among them.
        One submission is shortlisted and the rest wait for the partner's decision."""
        partner = self.cast["partner"]
        if partner.actor not in {p.actor for p in self.verified_partners}:
            return
        deadline = seoul_time(day, datetime.min.time()) + timedelta(hours=18)
        posted = [
            self.attempt(
                lambda w=weeks, k=kind, t=title: self.app.post_opportunity(
                    partner,
                    kind=k,
                    title=t,
                    deadline=deadline + timedelta(weeks=w),
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
        pitched = [
            p for p in self.projects if self.app.project(p).status.value in ("pitched", "crewing")
        ]
        waiting: list[UUID] = []
        for n, project_id in enumerate(reversed(pitched[-8:])):
            self.pause()
            director = Context(self.app.project(project_id).director_id)
            for opportunity in calls[: 1 + n % 2]:
                submission = self.attempt(
                    lambda d=director, o=opportunity, p=project_id: self.app.submit_to_opportunity(
                        d, o, p, "Our deck and budget are attached."
                    )
                )
                if submission is not None:
                    self.figures.submissions += 1
                    waiting.append(submission)
        if waiting:
            self.attempt(
                lambda: self.app.shortlist_submission(
                    partner, waiting[0], "A distinctive voice and a tight budget."
                )
            )
        if (
            not self.figures.deals
            and len(waiting) > 2
            and self.succeeded(
                lambda: self.app.shortlist_submission(partner, waiting[1], "Ready to shoot.")
            )
            and self.sign_deal(partner, waiting[1])
        ):
            self.figures.deals += 1

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
                reported.actor,
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
            if self.succeeded(lambda d=director, p=project_id: self.app.start_production(d, p)):
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


def season(day: date) -> str:
    return ("Winter", "Spring", "Summer", "Autumn")[day.month % 12 // 3]
