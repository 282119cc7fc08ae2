"""The demo's story: the founders, two years week by week, and today."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from domain.clock import seoul_time
from web.demo.base import Figures
from web.demo.cast import Cast
from web.demo.partner_profiles import Following
from web.demo.today import Today


class Demo(Cast, Following, Today):
    """Every chapter: the cast, the weeks (crewing, workspaces, subsidies, training and the
    bridge), and today, which draws on all of them."""

    def run(self, now: datetime) -> Figures:
        started = time.perf_counter()
        self.founders()
        self.first_follows()
        rooms = self.app.workspaces()
        weeks = self.weeks
        remaining = max(self.target - self.figures.members, weeks)
        monday = self.clock.now().date()
        for week in range(weeks):
            week_start = monday + timedelta(weeks=week)
            self.at(seoul_time(week_start, datetime.min.time()) + timedelta(hours=9))
            self.newcomers(remaining * (week + 1) // weeks - remaining * week // weeks)
            for _ in range(self.rng.randint(2, 4)):
                self.new_project(week_start)
            if week % 13 == 1:  # the demo director's own films, so their page has a past
                self.new_project(week_start, self.cast["director"])
            self.crewing()
            self.production(week_start)
            self.bookings_this_week(week_start, rooms)
            if week % 26 == 0:
                self.open_fund(week_start, week // 26)
            if self.funds and week % 26 in (2, 5):
                self.apply_and_review(self.funds[-1])
            if self.funds and week % 26 == 10:
                self.decide(self.funds[-1])
            if week % 8 == 3:
                self.schedule_training(week_start)
            self.finish_trainings()
            self.endorsements()
            if week % 13 == 0:
                self.new_partner(week // 13)
            if self.verified_partners and week % 4 == 1:
                self.post_opportunity(week_start)
            if self.opportunities:
                self.bridge_week()
            if week % 4 == 2:
                self.follows_week()
            self.attend_the_week(week_start)
            if week % 8 == 7:
                self.say(
                    f"week {week + 1}/{weeks}: {self.figures.members} members, "
                    f"{self.figures.projects} projects, {self.figures.bookings} bookings"
                )
        self.partner_profiles()
        self.today(now)
        self.figures.events = int(self.app.recorder.max_notification_id() or 0)
        self.figures.seconds = time.perf_counter() - started
        return self.figures
