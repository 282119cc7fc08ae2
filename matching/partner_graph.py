"""The bridge's part of the match graph: partners (profile, standing, representatives), who
follows which director, where each project stands, and what each partner did with which project
(submitted to, passed on, took interest in, shortlisted, asked to meet, signed). `MatchGraph`
hands it every fact; it keeps the sets the reasons are read from and the numpy tables
(matching/partner_tables.py) the rankings are computed from."""

from __future__ import annotations

from collections import defaultdict

from matching.facts import (
    Collaborated,
    DealRecorded,
    Fact,
    Followed,
    MeetingRequested,
    PartnerInterest,
    PartnerPassed,
    PartnerProfiled,
    PartnerRegistered,
    PartnerStanding,
    ProjectListed,
    ProjectStaged,
    Represents,
    Shortlisted,
    SubmittedTo,
    UniversityJoined,
)
from matching.graph_tables import Interner
from matching.partner_tables import PartnerTable, ProjectTable

# How far a partner has gone with a project; each pair keeps the furthest.
ENGAGEMENT = ("submitted", "passed", "interest", "shortlisted", "meeting", "deal")
PICKED = ENGAGEMENT.index("interest")  # from here on the partner wanted the project
DEAL = ENGAGEMENT.index("deal")
_KIND = {
    SubmittedTo: "submitted",
    PartnerPassed: "passed",
    PartnerInterest: "interest",
    Shortlisted: "shortlisted",
    MeetingRequested: "meeting",
    DealRecorded: "deal",
}
Engagement = (
    SubmittedTo | PartnerPassed | PartnerInterest | Shortlisted | MeetingRequested | DealRecorded
)


class BridgeState:
    def __init__(self) -> None:
        self.genres = Interner()
        self.formats = Interner()
        self.universities = Interner()
        self.partners = PartnerTable(self.genres, self.formats, self.universities)
        self.projects = ProjectTable(self.genres, self.formats)
        self.names: dict[str, str] = {}  # partner -> name
        self.profiles: dict[str, PartnerProfiled] = {}
        self.active: dict[str, bool] = {}
        self.representatives: dict[str, set[str]] = defaultdict(set)  # partner -> members
        self.represents: dict[str, str] = {}  # member -> partner
        self.followers: dict[str, set[str]] = defaultdict(set)  # director -> members, partners
        self.following: dict[str, set[str]] = defaultdict(set)  # member or partner -> directors
        self.listing: dict[str, ProjectListed] = {}
        self.stage: dict[str, str] = {}
        self.listed: dict[str, bool] = {}
        self.university: dict[str, str] = {}  # member -> university
        self.engaged: dict[str, dict[str, int]] = defaultdict(dict)  # partner -> project -> level
        self.engaged_with: dict[str, dict[str, int]] = defaultdict(dict)  # project -> partners
        self.version = 0  # moves with every change the rankings could see

    def apply(self, fact: Fact) -> None:
        match fact:
            case ProjectListed():
                self._listed(fact)
            case ProjectStaged():
                self.stage[fact.project_id] = fact.stage
                self.listed[fact.project_id] = fact.listed
                self.projects.staged(fact.project_id, fact.stage, fact.listed)
                info = self.listing.get(fact.project_id)
                if info is not None:
                    self._listed(info)
                if fact.stage == "distribution" and info is not None:
                    for director in info.director_ids:
                        self.projects.director_made(director, fact.project_id)
            case Collaborated(role="director", credit=True):
                self.projects.director_made(fact.member_id, fact.project_id)
            case UniversityJoined():
                self.university[fact.member_id] = fact.university
                d = self.projects.directors(fact.member_id)
                self.projects.university.set(d, self.universities(fact.university))
            case PartnerRegistered():
                self.names[fact.partner_id] = fact.name
                self.partners.row(fact.partner_id)
            case PartnerProfiled():
                self.profiles[fact.partner_id] = fact
                self.partners.profile(
                    fact.partner_id,
                    fact.genres,
                    fact.formats,
                    (fact.budget_min, fact.budget_max),
                    fact.stages,
                )
            case PartnerStanding():
                self.active[fact.partner_id] = fact.active
                self.partners.active.set(self.partners.row(fact.partner_id), fact.active)
            case Represents():
                before = self.represents.get(fact.member_id)
                if before is not None:
                    self.representatives[before].discard(fact.member_id)
                self.represents[fact.member_id] = fact.partner_id
                self.representatives[fact.partner_id].add(fact.member_id)
            case Followed():
                if fact.following:
                    self.followers[fact.director_id].add(fact.follower_id)
                    self.following[fact.follower_id].add(fact.director_id)
                else:
                    self.followers[fact.director_id].discard(fact.follower_id)
                    self.following[fact.follower_id].discard(fact.director_id)
            case (
                SubmittedTo()
                | PartnerPassed()
                | PartnerInterest()
                | Shortlisted()
                | MeetingRequested()
                | DealRecorded()
            ):
                self._engaged(fact)
            case _:
                return
        self.version += 1

    def _listed(self, fact: ProjectListed) -> None:
        self.listing[fact.project_id] = fact
        if fact.project_id in self.stage or fact.format or fact.budget:
            director = fact.director_ids[0] if fact.director_ids else ""
            self.projects.listing(fact.project_id, fact.genres, fact.format, fact.budget, director)

    def _engaged(self, fact: Engagement) -> None:
        level = ENGAGEMENT.index(_KIND[type(fact)])
        partner, project = fact.partner_id, fact.project_id
        before = self.engaged[partner].get(project, -1)
        if level <= before:
            return
        self.engaged[partner][project] = level
        self.engaged_with[project][partner] = level
        info = self.listing.get(project)
        genres = [self.genres(g) for g in info.genres] if info is not None else []
        if level >= PICKED > before:
            self.partners.count(self.partners.picks_by_genre, partner, genres)
            for director in info.director_ids if info is not None else ():
                university = self.university.get(director)
                if university is not None:
                    u = self.universities(university)
                    self.partners.count(self.partners.by_university, partner, [u])
        if level == DEAL:
            self.partners.count(self.partners.deals_by_genre, partner, genres)

    # -- reads ----------------------------------------------------------------------------------

    def follows(self, partner_id: str, director_id: str) -> bool:
        """The partner follows the director: as an organisation (older events) or through one
        of its representatives."""
        followers = self.followers.get(director_id, set())
        mine = self.representatives.get(partner_id, set())
        return partner_id in followers or bool(mine & followers)

    def followed_by(self, partner_id: str) -> set[str]:
        """The directors the partner follows (as an organisation or through a representative)."""
        found = set(self.following.get(partner_id, set()))
        for member in self.representatives.get(partner_id, set()):
            found |= self.following.get(member, set())
        return found

    def recommendable(self, partner_id: str) -> bool:
        return self.active.get(partner_id, False)

    def first_time(self, director_id: str) -> bool:
        """A director with no wrapped project (and no film credited as director)."""
        return self.projects.first_time(director_id)

    def director_of(self, project_id: str) -> str:
        info = self.listing.get(project_id)
        return info.director_ids[0] if info is not None and info.director_ids else ""
