"""Trainings and endorsements: every eight weeks a two-session course in the AI workstations,
attendance taken and certificates given; colleagues vouch for each other's skills."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.clock import seoul_time
from web.demo.base import Chapter, member_of
from web.demo.words import TRAININGS


class Training(Chapter):
    def schedule_training(self, week_start: date, *, enrolling: int = 14) -> None:
        title, skill = self.rng.choice(TRAININGS)
        first = seoul_time(week_start + timedelta(days=12), datetime.min.time()) + timedelta(
            hours=10
        )
        sessions = [
            (first, first + timedelta(hours=3)),
            (first + timedelta(days=7), first + timedelta(days=7, hours=3)),
        ]
        training_id = self.app.schedule_training(
            self.admin,
            title=title,
            skill=skill,
            capacity=self.rng.choice([8, 10, 12]),
            description=f"Hands-on {skill} for student productions, in the AI workstations.",
            sessions=sessions,
        )
        self.figures.trainings += 1
        for person in self.rng.sample(self.bookers, k=min(len(self.bookers), enrolling)):
            self.attempt(lambda: self.app.enrol(person, training_id))
        self.trainings.append((training_id, sessions[-1][1]))

    def finish_trainings(self) -> None:
        for training_id, ends in list(self.trainings):
            if ends > self.clock.now():
                continue
            training = self.app.training(training_id)
            enrolled = list(training.enrolled)
            present = [m for m in enrolled if self.rng.random() < 0.85]
            for session in (1, 2):
                self.attempt(
                    lambda: self.app.record_attendance(self.admin, training_id, session, present)
                )
            for member_id in present:
                if self.succeeded(
                    lambda: self.app.complete_training(self.admin, training_id, member_id)
                ):
                    self.figures.certified += 1
            self.trainings.remove((training_id, ends))

    def endorsements(self) -> None:
        for _ in range(self.rng.randint(2, 6)):
            (giver, _), (taker, _) = self.rng.sample(self.crew, k=2)
            skills = list(self.app.member(member_of(taker)).skills)
            if skills:
                skill = self.rng.choice(skills)
                self.attempt(lambda: self.app.endorse_skill(giver, member_of(taker), skill))
