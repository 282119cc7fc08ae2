"""Projects and crewing: directors draft and pitch, invite crew who accept or decline, shoot,
wrap and confirm their crew's credits, or cancel what they could not crew in time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from web.demo.base import Chapter, member_of
from web.demo.words import CREW_CRAFTS, GENRES, LOGLINES, PEOPLE, PLACES

# Roles outside the crafts the weeks' newcomers practise: a script supervisor (only the cast's
# Yoon Ha-eun keeps continuity, and she states no day rate) and an underwater camera operator
# (nobody on Film House has the skill), so a team proposal shows both cases.
RARE_ROLES = {"script supervisor": ("continuity",), "camera operator": ("underwater camera",)}
BUDGET_PER_DAY = 320_000  # what the demo's directors set aside per day of a paid role


class Crewing(Chapter):
    def role_spec(self, craft: str, start: date, end: date, *, paid: bool) -> RoleSpec:
        """One seat for the craft; a paid role with a budget of BUDGET_PER_DAY a day."""
        skills = tuple(CREW_CRAFTS.get(craft, RARE_ROLES.get(craft, []))[:2])
        days = (end - start).days + 1
        return RoleSpec(
            role=craft, skills=skills, count=1, start=start, end=end, paid=paid,
            budget_krw=days * BUDGET_PER_DAY if paid else 0,
        )  # fmt: skip

    def new_project(self, week_start: date, director: Context | None = None) -> None:
        director = director or self.rng.choice(self.directors)
        shoot_start = week_start + timedelta(days=self.rng.randint(21, 70))
        shoot_end = shoot_start + timedelta(days=self.rng.randint(2, 12))
        crafts = self.rng.sample(list(CREW_CRAFTS), k=self.rng.randint(2, 4))
        roles = []
        for craft in crafts:
            count = 1 if craft != "producer" else self.rng.randint(1, 2)
            paid = self.rng.random() < 0.5
            spec = self.role_spec(
                craft, shoot_start - timedelta(days=7), shoot_end + timedelta(days=14), paid=paid
            )
            roles.append(replace(spec, count=count, budget_krw=spec.budget_krw * count))
        a, b = self.rng.choice(PEOPLE), self.rng.choice(PLACES)
        fmt = self.rng.choices(list(ProjectFormat), weights=[8, 2, 3, 1, 2, 1])[0]
        project_id = self.attempt(
            lambda: self.app.create_project(
                director,
                title=self.title(),
                logline=self.rng.choice(LOGLINES).format(a=a, b=b),
                genres=self.rng.sample(GENRES, k=self.rng.randint(1, 2)),
                format=fmt,
                budget_krw=self.rng.randrange(3_000_000, 150_000_000, 500_000),
                shoot_start=shoot_start,
                shoot_end=shoot_end,
                roles=roles,
                synopsis="A story of people who keep the city running at night.",
                language="ko",
            )
        )
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
                    invitation = self.attempt(
                        lambda: self.app.invite(
                            director, project_id, role.role_id, member_of(candidate)
                        )
                    )
                    if invitation is None:
                        continue
                    if self.rng.random() < 0.75:
                        if self.succeeded(
                            lambda: self.app.accept_invitation(candidate, invitation)
                        ):
                            self.figures.hires += 1
                    else:
                        self.attempt(
                            lambda: self.app.decline_invitation(
                                candidate,
                                invitation,
                                self.rng.choice(
                                    ["busy on another shoot", "dates do not work", "not my genre"]
                                ),
                            )
                        )
                    break

    def production(self, today: date) -> None:
        for project_id in list(self.projects):
            project = self.app.project(project_id)
            director = Context(project.director_id)
            status = project.status.value
            if status in ("pitched", "crewing") and project.shoot_start <= today:
                if any(r.hired for r in project.roles.values()):
                    self.attempt(lambda: self.app.start_production(director, project_id))
                elif self.succeeded(
                    lambda: self.app.cancel_project(
                        director, project_id, "could not crew it in time"
                    )
                ):
                    self.figures.cancellations += 1
                    self.projects.remove(project_id)
                else:
                    self.projects.remove(project_id)
            elif status == "in_production" and project.shoot_end + timedelta(days=21) <= today:
                if self.succeeded(lambda: self.app.wrap_project(director, project_id)):
                    self.figures.wraps += 1
                    credited = self.attempt(
                        lambda: self.app.confirm_crew_at_wrap(director, project_id)
                    )
                    self.figures.credits += len(credited or [])
                self.projects.remove(project_id)
