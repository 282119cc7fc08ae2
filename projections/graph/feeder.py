"""The recommender's graph, kept current from the log: each event becomes the matching engine's
facts (matching/facts.py) and is applied incrementally, so one event never rebuilds the graph.

The graph lives in memory in each process that recommends (it is a snapshot the pure matching
functions read); it catches up from its last position before every query, like a view.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from eventsourcing.utils import get_topic

from domain.credit import Credits
from domain.crew_application import CrewApplication
from domain.endorsement import Endorsement
from domain.filmhouse import FilmHouse
from domain.follow import Follow
from domain.invitation import Invitation
from domain.member import Member
from domain.opportunity import Submission
from domain.partner import Partner, Representation
from domain.personal_data import ERASED
from domain.project import Project
from domain.training import Certifications
from matching import facts as gf
from matching.graph import MatchGraph
from migrations.topics import stored_as
from projections.graph.feeder_bridge import BridgeFacts
from projections.projector.view import Envelope

T = TypeVar("T")
MEMO_MAX = 20_000  # remembered answers (one per open role and query), all of one graph version


class GraphFeeder(BridgeFacts):
    def __init__(self, app: FilmHouse) -> None:
        self.app = app
        self.graph = MatchGraph()
        self.position = 0
        self._lock = threading.Lock()
        self._checked = 0  # every event up to this log position has been applied
        self._version = 0  # moves (by two) with every change to the graph
        self._memo: dict[Hashable, tuple[int, Any]] = {}
        self._projects: dict[str, dict[str, Any]] = {}  # what a revision must keep
        self._invitations: dict[str, tuple[str, str, str]] = {}
        self._applications: dict[str, tuple[str, str, str]] = {}
        BridgeFacts.__init__(self)
        self._handlers: dict[type, Callable[[Envelope], Iterable[gf.Fact]]] = {
            Member.Registered: self._registered,
            Member.SkillClaimed: self._skill,
            Member.AvailabilityChanged: self._availability,
            Member.CreditClaimed: self._credit,
            Member.Erased: self._erased,
            Endorsement.Given: self._endorsed,
            Certifications.SkillCertified: self._certified,
            Project.Drafted: self._drafted,
            Project.DetailsRevised: self._revised,
            Project.RoleAdded: self._role,
            Project.RoleChanged: self._role,
            Project.CrewHired: self._hired,
            Project.Wrapped: self._wrapped,
            Project.Pitched: self._staged("development"),
            Project.CrewingStarted: self._staged("production"),
            Project.ProductionStarted: self._staged("production"),
            Project.Cancelled: self._staged("cancelled"),
            Member.WorkTermsStated: self._work_terms,
            Partner.ProfileStated: self._profile,
            Partner.Resubmitted: self._resubmitted,
            Partner.Verified: self._standing(True),
            Partner.Suspended: self._standing(False),
            Partner.Rejected: self._standing(False),
            Partner.DirectorFollowed: self._org_follow(True),
            Partner.DirectorUnfollowed: self._org_follow(False),
            Representation.Appointed: self._appointed,
            Representation.Moved: self._moved,
            Follow.Started: self._follow_started,
            Follow.Stopped: self._follow(False),
            Follow.Resumed: self._follow(True),
            Submission.Shortlisted: self._submission_moved(gf.Shortlisted),
            Submission.MeetingRequested: self._submission_moved(gf.MeetingRequested),
            Submission.Passed: self._submission_moved(gf.PartnerPassed),
            Invitation.Sent: self._invited,
            Invitation.Declined: self._declined,
            CrewApplication.Submitted: self._applied,
            CrewApplication.Rejected: self._rejected,
            Partner.Registered: self._partner,
            Partner.InterestRegistered: self._interest,
            Submission.Submitted: self._submitted,
            Submission.DealSigned: self._deal,
            Credits.CreditVerified: self._verified_credit,
        }
        self._topics = sorted({n for c in self._handlers for n in stored_as(get_topic(c))})

    def catch_up(self, head: int | None = None) -> int:
        """Apply every event written since the last call; returns how many. `head`: a log
        position the caller has already read; when the graph is known to have reached it, the
        log is not asked again."""
        if head is not None and head <= self._checked:
            return 0
        with self._lock:
            applied = 0
            while True:
                notes = self.app.recorder.select_notifications(
                    start=self.position + 1, limit=2000, topics=self._topics
                )
                for note in notes:
                    event, meta = self.app.mapper.decode(note)  # type: ignore[attr-defined]
                    facts = list(self.facts(Envelope(note.id, event, meta)))
                    if facts:
                        self._version += 1  # odd while the graph changes
                        for fact in facts:
                            self.graph.apply(fact)
                        self._version += 1
                    self.position = note.id
                    applied += 1
                if len(notes) < 2000:
                    if head is not None:  # read before this query: everything up to it is in
                        self._checked = max(self._checked, head)
                    return applied

    def timed_facts(self) -> Iterator[tuple[datetime, gf.Fact]]:
        """Every fact of the whole log with the moment of its event, in log order (for an
        evaluation cut at a moment); the graph itself is left as it is."""
        position = 0
        while True:
            notes = self.app.recorder.select_notifications(
                start=position + 1, limit=2000, topics=self._topics
            )
            for note in notes:
                event, meta = self.app.mapper.decode(note)  # type: ignore[attr-defined]
                envelope = Envelope(note.id, event, meta)
                for fact in self.facts(envelope):
                    yield envelope.at, fact
                position = note.id
            if len(notes) < 2000:
                return

    def memoised(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` (a pure function of the graph) once per version of the graph: an answer
        is kept until the next event that changes the graph. It runs under the feeder's lock,
        so no event is applied to the graph while the engine reads it."""
        kept = self._memo.get(key)
        if kept is not None and kept[0] == self._version:
            return kept[1]  # type: ignore[no-any-return]
        with self._lock:
            version = self._version
            kept = self._memo.get(key)
            if kept is not None and kept[0] == version:
                return kept[1]  # type: ignore[no-any-return]
            value = compute()
            if len(self._memo) >= MEMO_MAX:
                self._memo.clear()
            self._memo[key] = (version, value)
        return value

    def facts(self, e: Envelope) -> Iterable[gf.Fact]:
        handler = self._handlers.get(type(e.event))
        return handler(e) if handler else ()

    # -- members ------------------------------------------------------------------------------

    def _registered(self, e: Envelope) -> list[gf.Fact]:
        member = e.originator_id.hex
        facts: list[gf.Fact] = [
            gf.MemberRegistered(member, name=e.event.name, joined_year=e.at.year)
        ]
        if e.event.university_id:
            facts.append(gf.UniversityJoined(member, e.event.university_id.hex))
        return facts

    def _erased(self, e: Envelope) -> list[gf.Fact]:
        return [gf.MemberRegistered(e.originator_id.hex, name=ERASED)]

    def _skill(self, e: Envelope) -> list[gf.Fact]:
        return [gf.SkillClaimed(e.originator_id.hex, e.event.skill, e.event.level)]

    def _availability(self, e: Envelope) -> list[gf.Fact]:
        busy = tuple((p["start"], p["end"]) for p in e.event.unavailable)
        return [gf.AvailabilityChanged(e.originator_id.hex, busy)]

    def _credit(self, e: Envelope) -> list[gf.Fact]:
        """A claimed credit links everyone who claims the same work (title and year)."""
        ev = e.event
        work = f"credit:{ev.title.strip().casefold()}:{ev.year}"
        return [
            gf.ProjectListed(work, ev.year, title=ev.title),
            gf.Collaborated(e.originator_id.hex, work, ev.role, ev.year),
        ]

    def _verified_credit(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        return [gf.Collaborated(ev.member_id.hex, ev.project_id.hex, ev.role, ev.year)]

    def _endorsed(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        return [gf.SkillEndorsed(ev.member_id.hex, ev.skill, ev.endorser_id.hex)]

    def _certified(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        return [gf.SkillCertified(ev.member_id.hex, ev.skill, ev.title)]

    # -- projects -----------------------------------------------------------------------------

    def _listing(self, project: str) -> gf.ProjectListed:
        p = self._projects[project]
        return gf.ProjectListed(
            project,
            p["year"],
            title=p["title"],
            genres=tuple(p["genres"]),
            languages=(p["language"],) if p["language"] else (),
            logline=p["logline"],
            director_ids=(p["director"],),
            format=p["format"],
            budget=p["budget"],
        )

    def _drafted(self, e: Envelope) -> list[gf.Fact]:
        ev, project = e.event, e.originator_id.hex
        self._projects[project] = {
            "year": ev.shoot_start.year,
            "title": ev.title,
            "genres": list(ev.genres),
            "language": ev.language,
            "logline": ev.logline,
            "director": ev.director_id.hex,
            "format": ev.format.value,
            "budget": ev.budget_krw,
            "roles": {},
        }
        facts: list[gf.Fact] = [
            self._listing(project),
            gf.ProjectStaged(project, "development", listed=False),
            gf.Collaborated(
                ev.director_id.hex, project, "director", ev.shoot_start.year, credit=False
            ),
        ]
        for role in ev.roles:
            facts.extend(self._role_opened(project, role))
        return facts

    def _revised(self, e: Envelope) -> list[gf.Fact]:
        ev, project = e.event, e.originator_id.hex
        if project not in self._projects:
            return []
        self._projects[project].update(
            year=ev.shoot_start.year,
            title=ev.title,
            genres=list(ev.genres),
            language=ev.language,
            logline=ev.logline,
            format=ev.format.value,
            budget=ev.budget_krw,
        )
        return [self._listing(project)]

    def _role_opened(self, project: str, role: dict[str, Any]) -> list[gf.Fact]:
        if project in self._projects:
            self._projects[project]["roles"][role["role_id"].hex] = role["role"]
        return [
            gf.RoleOpened(
                project,
                role["role_id"].hex,
                role["role"],
                tuple(role["skills"]),
                role["start"],
                role["end"],
                role.get("budget_krw", 0),  # roles written before budgets: not set
            )
        ]

    def _role(self, e: Envelope) -> list[gf.Fact]:
        return self._role_opened(e.originator_id.hex, e.event.role)

    def _hired(self, e: Envelope) -> list[gf.Fact]:
        project, role_id = e.originator_id.hex, e.event.role_id.hex
        info = self._projects.get(project, {})
        role = info.get("roles", {}).get(role_id, "crew")
        member = e.event.member_id.hex
        return [
            gf.Hired(member, project, role_id),
            gf.Collaborated(member, project, role, info.get("year", e.at.year), credit=False),
        ]

    def _wrapped(self, e: Envelope) -> list[gf.Fact]:
        """The director's film now (the crew's come as credits verified at the wrap)."""
        project = e.originator_id.hex
        info = self._projects.get(project)
        if info is None:
            return [gf.ProjectStaged(project, "distribution")]
        return [
            gf.Collaborated(info["director"], project, "director", info["year"]),
            gf.ProjectStaged(project, "distribution"),
        ]

    @staticmethod
    def _staged(stage: str) -> Callable[[Envelope], list[gf.Fact]]:
        """development: pitched (a draft is the director's own); production: crewing or
        shooting; distribution: wrapped (Wrapped above); cancelled: never recommended."""

        def staged(e: Envelope) -> list[gf.Fact]:
            return [gf.ProjectStaged(e.originator_id.hex, stage)]

        return staged

    def _work_terms(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        return [gf.WorkTerms(e.originator_id.hex, ev.day_rate_krw, tuple(ev.genres))]

    def _invited(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        key = (ev.member_id.hex, ev.project_id.hex, ev.role_id.hex)
        self._invitations[e.originator_id.hex] = key
        return [gf.Invited(*key)]

    def _declined(self, e: Envelope) -> list[gf.Fact]:
        key = self._invitations.get(e.originator_id.hex)
        return [gf.Declined(*key, by_member=True)] if key else []

    def _applied(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        key = (ev.member_id.hex, ev.project_id.hex, ev.role_id.hex)
        self._applications[e.originator_id.hex] = key
        return [gf.Applied(*key)]

    def _rejected(self, e: Envelope) -> list[gf.Fact]:
        key = self._applications.get(e.originator_id.hex)
        return [gf.Declined(*key, by_member=False)] if key else []
