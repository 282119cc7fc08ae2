"""Today's projects: the demo director pitches a film with open roles (one offered to the demo
crew member, one applied for), keeps another as a draft, a second director offers the demo crew
member a role, and directors offer open roles to crew who have yet to answer.

Its own chapter so the shoot dates can be chosen around the crew member's engagements, which
none of the weeks' chapters need.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.context import Context
from domain.vocabulary import ProjectFormat
from web.demo.base import member_of
from web.demo.crewing import Crewing

SHOOT_DAYS = 6


class Pitches(Crewing):
    def free_from(
        self, member: Context, first: date, days: int, *, besides: tuple[date, ...] = ()
    ) -> date:
        """The first Monday from `first` when the member could shoot for `days` days: no
        engagement of theirs and no other window in `besides` overlaps."""
        commitments = self.app.commitments_of(member_of(member))
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
            self.role_spec(
                craft,
                shoot - timedelta(days=7),
                end + timedelta(days=14),
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
        """The demo director pitches a project with six open roles: the editor's is offered
        to the demo crew member, a sound designer has applied for another, the
        cinematographer's waits for someone like the newcomer, and a production designer, a
        script supervisor and an underwater camera operator are wanted too (a team proposal
        picks the one member who keeps continuity, her rate not stated, and says nobody has
        the underwater skill). Another director offers the demo crew member a second role, and
        a few more projects are pitched."""
        director, crew = self.cast["director"], self.cast["crew"]
        first = self.free_from(crew, day + timedelta(weeks=6), SHOOT_DAYS)
        own = self.pitch(
            director,
            "Night Shift at the Fish Market",
            "A night porter and a runaway keep the fish market running until dawn.",
            [
                "cinematographer",
                "editor",
                "sound designer",
                "production designer",
                "script supervisor",
                "camera operator",
            ],
            first,
        )
        if own is not None:
            self.attempt(
                lambda: self.app.invite(director, own, self.role_id(own, "editor"), member_of(crew))
            )
            sound = self.role_id(own, "sound designer")
            designers = [c for c, craft in self.crew if craft == "sound designer"]
            for person in self.rng.sample(designers, k=len(designers)):
                if self.attempt(
                    lambda: self.app.apply_to_role(
                        person, own, sound, "I recorded two nights at Noryangjin for a documentary."
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
                        member_of(crew),
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
                    lambda: self.app.invite(
                        Context(project.director_id),
                        project.id,
                        role.role_id,
                        member_of(self.rng.choice(fits)),
                    )
                )
