"""A member's inbox: what concerns them — invitations received and answered, crew applications
received and decided, subsidy and booking-request decisions, waitlist offers, partner interest,
new matches for their saved searches, messages — with unread counts and read marks; plus the
message threads, the member's saved searches and the moderators' queue of reports.

Read marks are events too (`InboxMarks`), so the view rebuilds with them. Names are joined in
at query time from one table that is blanked when a member is erased, as are the message
bodies and report reasons copied here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.booking import Booking
from domain.crew_application import CrewApplication
from domain.invitation import Invitation
from domain.member import Member
from domain.messaging import Conversation, InboxMarks, Report
from domain.opportunity import Submission
from domain.partner import Partner
from domain.personal_data import ERASED
from domain.project import Project
from domain.saved_search import Candidate, SavedSearch, SearchSpec, match_saved_searches
from domain.subsidy import SubsidyApplication
from domain.vocabulary import SearchKind
from domain.waitlist import Waitlist
from projections.projector.runner import Envelope, View, on
from projections.projector.sql import Tx


@dataclass(frozen=True)
class InboxItem:
    item_id: str
    member_id: UUID
    kind: str
    subject_id: UUID | None
    other_id: UUID | None
    other_name: str
    data: dict[str, Any]
    at: str
    position: int
    read: bool

    @property
    def summary(self) -> str:
        return summary(self)


@dataclass(frozen=True)
class MessageRow:
    message_id: UUID
    sender_id: UUID
    recipient_id: UUID
    sender_name: str
    body: str
    at: str
    position: int


@dataclass(frozen=True)
class ConversationRow:
    other_id: UUID
    other_name: str
    messages: int
    last_at: str
    unread: int


@dataclass(frozen=True)
class SavedSearchRow:
    search_id: UUID
    kind: str
    query: str
    role: str | None
    skill: str | None
    genre: str | None
    saved_at: str


@dataclass(frozen=True)
class ReportRow:
    report_id: UUID
    reporter_id: UUID
    reporter_name: str
    reported_id: UUID
    reported_name: str
    kind: str
    reason: str
    filed_at: str
    resolved: bool
    note: str


def _who(item: InboxItem) -> str:
    return item.other_name or "someone"


def summary(item: InboxItem) -> str:
    """The notification in one English sentence (the pages translate by kind)."""
    d = item.data
    title = d.get("project_title") or "a project"
    kind = item.kind
    if kind == "invitation_received":
        return f"{_who(item)} invites you to be {d.get('role', 'crew')} on {title}."
    if kind == "invitation_answered":
        return f"{_who(item)} {d.get('answer')} your invitation to {title}."
    if kind == "invitation_withdrawn":
        return f"{_who(item)} withdrew the invitation to {title}."
    if kind == "application_received":
        return f"{_who(item)} applied to be {d.get('role', 'crew')} on {title}."
    if kind == "application_withdrawn":
        return f"{_who(item)} withdrew their application to {title}."
    if kind == "application_decided":
        return f"Your application to {title} was {d.get('decision')}."
    if kind == "subsidy_decided":
        if d.get("approve"):
            return f"Your subsidy application was approved: {d.get('amount_krw'):,} KRW."
        return "Your subsidy application was not approved."
    if kind == "booking_decided":
        return f"Your booking request was {d.get('decision')}."
    if kind == "booking_cancelled":
        return "Your booking was cancelled by the centre."
    if kind == "waitlist_offer":
        return "A slot you were waiting for is free: take it before the offer expires."
    if kind == "partner_interest":
        return f"{d.get('partner_name', 'A partner')} is interested in {title}."
    if kind == "submission_update":
        return f"{d.get('partner_name', 'A partner')} {d.get('step')} {title}."
    if kind == "search_match":
        what = "member" if d.get("search_kind") == SearchKind.MEMBERS.value else "project"
        return f"A new {what} matches your saved search: {d.get('label', '')}."
    if kind == "message_received":
        return f"New message from {_who(item)}."
    if kind == "report_resolved":
        return "The centre has resolved your report."
    return kind.replace("_", " ")


_SUBMISSION_STEPS: dict[type, str] = {
    Submission.Shortlisted: "shortlisted",
    Submission.MeetingRequested: "asked to meet about",
    Submission.DealSigned: "signed a deal for",
    Submission.Passed: "passed on",
}


def _hex(value: UUID | None) -> str | None:
    return value.hex if value else None


def _uuid(value: str | None) -> UUID | None:
    return UUID(value) if value else None


class Inbox(View):
    name = "inbox"
    SCHEMA_VERSION = 1
    TABLES = (
        "inbox_items", "inbox_members", "inbox_projects", "inbox_offers", "inbox_partners",
        "inbox_searches", "inbox_messages", "inbox_reports", "inbox_marks",
    )
    DDL = (
        "CREATE TABLE inbox_items (item_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "kind TEXT NOT NULL, subject_id TEXT, other_id TEXT, data TEXT NOT NULL, "
        "at TEXT NOT NULL, position BIGINT NOT NULL, is_read INTEGER NOT NULL)",
        "CREATE INDEX inbox_items_member ON inbox_items (member_id, position)",
        "CREATE TABLE inbox_members (member_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "city TEXT NOT NULL, roles TEXT NOT NULL, skills TEXT NOT NULL, "
        "registered_position BIGINT NOT NULL)",
        "CREATE TABLE inbox_projects (project_id TEXT PRIMARY KEY, director_id TEXT NOT NULL, "
        "title TEXT NOT NULL, text TEXT NOT NULL, genres TEXT NOT NULL, roles TEXT NOT NULL)",
        # Who an invitation, application, subsidy application, booking, waitlist entry or
        # partner submission concerns, by its id.
        "CREATE TABLE inbox_offers (offer_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "counterpart_id TEXT, project_id TEXT, detail TEXT NOT NULL)",
        "CREATE TABLE inbox_partners (partner_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE inbox_searches (search_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "kind TEXT NOT NULL, query TEXT NOT NULL, role TEXT, skill TEXT, genre TEXT, "
        "saved_at TEXT NOT NULL, saved_position BIGINT NOT NULL)",
        "CREATE INDEX inbox_searches_kind ON inbox_searches (kind)",
        "CREATE TABLE inbox_messages (message_id TEXT PRIMARY KEY, pair_id TEXT NOT NULL, "
        "sender_id TEXT NOT NULL, recipient_id TEXT NOT NULL, body TEXT NOT NULL, "
        "at TEXT NOT NULL, position BIGINT NOT NULL)",
        "CREATE INDEX inbox_messages_pair ON inbox_messages (pair_id, position)",
        "CREATE TABLE inbox_reports (report_id TEXT PRIMARY KEY, reporter_id TEXT NOT NULL, "
        "reported_id TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, "
        "filed_at TEXT NOT NULL, resolved INTEGER NOT NULL, note TEXT NOT NULL)",
        "CREATE TABLE inbox_marks (marks_id TEXT PRIMARY KEY, member_id TEXT NOT NULL)",
    )

    def __init__(self) -> None:
        super().__init__()
        self._items = self.rows("inbox_items", ("item_id",), (
            "item_id", "member_id", "kind", "subject_id", "other_id", "data", "at", "position",
            "is_read"))
        self._members = self.rows("inbox_members", ("member_id",), (
            "member_id", "name", "city", "roles", "skills", "registered_position"))
        self._projects = self.rows("inbox_projects", ("project_id",), (
            "project_id", "director_id", "title", "text", "genres", "roles"))
        self._offers = self.rows("inbox_offers", ("offer_id",), (
            "offer_id", "member_id", "counterpart_id", "project_id", "detail"))
        self._partners = self.rows("inbox_partners", ("partner_id",), ("partner_id", "name"))
        self._messages = self.rows("inbox_messages", ("message_id",), (
            "message_id", "pair_id", "sender_id", "recipient_id", "body", "at", "position"))
        self._reports = self.rows("inbox_reports", ("report_id",), (
            "report_id", "reporter_id", "reported_id", "kind", "reason", "filed_at", "resolved",
            "note"))
        self._marks_rows = self.rows("inbox_marks", ("marks_id",), ("marks_id", "member_id"))
        self._saved: dict[SearchKind, list[tuple[int, SearchSpec]]] = {}

    def forget(self) -> None:
        super().forget()
        self._saved.clear()

    # -- helpers ------------------------------------------------------------------------------

    def _notify(
        self,
        tx: Tx,
        e: Envelope,
        member_id: UUID,
        kind: str,
        *,
        subject_id: UUID | None = None,
        other_id: UUID | None = None,
        data: dict[str, Any] | None = None,
        item_id: str | None = None,
    ) -> None:
        self._items.insert_new(
            (item_id or f"{e.originator_id.hex}.{e.event.originator_version}", member_id.hex,
             kind, _hex(subject_id or e.originator_id), _hex(other_id),
             json.dumps(data or {}, sort_keys=True, default=str), e.at.isoformat(), e.position,
             0),
        )

    def _offer(self, tx: Tx, offer_id: UUID, member_id: UUID, counterpart_id: UUID | None,
               project_id: UUID | None, **detail: Any) -> None:
        self._offers.put(
            (offer_id.hex, member_id.hex, _hex(counterpart_id), _hex(project_id),
             json.dumps(detail, sort_keys=True, default=str)),
        )

    def _offer_row(self, tx: Tx, offer_id: UUID) -> tuple[UUID, UUID | None, UUID | None,
                                                        dict[str, Any]] | None:
        row = self._offers.get(tx, (offer_id.hex,))
        if row is None:
            return None
        return UUID(row[1]), _uuid(row[2]), _uuid(row[3]), json.loads(row[4])

    def _project_title(self, tx: Tx, project_id: UUID | None) -> str:
        if project_id is None:
            return ""
        row = self._projects.get(tx, (project_id.hex,))
        title = row[2] if row else None
        return str(title) if title else ""

    def _role_name(self, tx: Tx, project_id: UUID, role_id: UUID) -> str:
        row = self._projects.get(tx, (project_id.hex,))
        raw = row[5] if row else None
        for role in json.loads(raw) if raw else []:
            if role["role_id"] == role_id.hex:
                return str(role["role"])
        return ""

    def _context(self, tx: Tx, project_id: UUID, role_id: UUID | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"project_id": project_id.hex,
                                "project_title": self._project_title(tx, project_id)}
        if role_id is not None:
            data["role_id"] = role_id.hex
            data["role"] = self._role_name(tx, project_id, role_id)
        return data

    # -- members --------------------------------------------------------------------------------

    @on(Member.Registered, batched=True)
    def _registered(self, tx: Tx, e: Envelope) -> None:
        roles = sorted(r.value for r in e.event.roles)
        self._members.insert_new(
            (e.originator_id.hex, e.event.name, "", json.dumps(roles), "{}", e.position))
        self._match_member(tx, e, e.originator_id)

    def _member_row(self, tx: Tx, member_id: UUID) -> tuple[str, str, list[str],
                                                          dict[str, int], int] | None:
        row = self._members.get(tx, (member_id.hex,))
        if row is None:
            return None
        return row[1], row[2], json.loads(row[3]), json.loads(row[4]), int(row[5])

    def _set_member(self, tx: Tx, member_id: UUID, **values: Any) -> None:
        self._members.update(tx, (member_id.hex,), **values)

    @on(Member.ProfileUpdated, batched=True)
    def _profile(self, tx: Tx, e: Envelope) -> None:
        self._set_member(tx, e.originator_id, name=e.event.name, city=e.event.city)
        self._match_member(tx, e, e.originator_id)

    @on(Member.SkillClaimed, batched=True)
    def _skill(self, tx: Tx, e: Envelope) -> None:
        row = self._member_row(tx, e.originator_id)
        if row is None:
            return
        skills = {**row[3], e.event.skill: e.event.level}
        self._set_member(tx, e.originator_id, skills=json.dumps(skills, sort_keys=True))
        self._match_member(tx, e, e.originator_id)

    @on(Member.RoleGranted, Member.RoleRevoked, batched=True)
    def _roles(self, tx: Tx, e: Envelope) -> None:
        row = self._member_row(tx, e.originator_id)
        if row is None:
            return
        roles = set(row[2])
        if isinstance(e.event, Member.RoleGranted):
            roles.add(e.event.role.value)
        else:
            roles.discard(e.event.role.value)
        self._set_member(tx, e.originator_id, roles=json.dumps(sorted(roles)))
        self._match_member(tx, e, e.originator_id)

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        member = e.originator_id.hex
        tx.execute("UPDATE inbox_members SET name = ?, city = '' WHERE member_id = ?",
                   (ERASED, member))
        tx.execute("UPDATE inbox_messages SET body = ? WHERE sender_id = ?", (ERASED, member))
        tx.execute("UPDATE inbox_reports SET reason = ? WHERE reporter_id = ?", (ERASED, member))
        tx.execute("DELETE FROM inbox_searches WHERE member_id = ?", (member,))

    # -- saved searches -------------------------------------------------------------------------

    @on(SavedSearch.Saved)
    def _search_saved(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO inbox_searches (search_id, member_id, kind, query, role, skill, genre, "
            "saved_at, saved_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (search_id) DO NOTHING",
            (e.originator_id.hex, ev.member_id.hex, ev.kind.value, ev.query, ev.role, ev.skill,
             ev.genre, e.at.isoformat(), e.position),
        )

    @on(SavedSearch.Deleted)
    def _search_deleted(self, tx: Tx, e: Envelope) -> None:
        tx.execute("DELETE FROM inbox_searches WHERE search_id = ?", (e.originator_id.hex,))

    def _searches(self, tx: Tx, kind: SearchKind, before: int | None = None) -> list[SearchSpec]:
        return [spec for position, spec in self._saved_searches(tx, kind)
                if before is None or position < before]

    def _saved_searches(self, tx: Tx, kind: SearchKind) -> list[tuple[int, SearchSpec]]:
        """Every saved search of a kind with its position, kept until the view forgets (saving
        or deleting a search makes it forget)."""
        saved = self._saved.get(kind)
        if saved is None:
            saved = self._saved[kind] = [
                (int(r[6]), SearchSpec(UUID(r[0]), UUID(r[1]), kind, r[2], r[3], r[4], r[5]))
                for r in tx.execute(
                    "SELECT search_id, member_id, query, role, skill, genre, saved_position "
                    "FROM inbox_searches WHERE kind = ?", (kind.value,)).fetchall()
            ]
        return saved

    def _notify_matches(self, tx: Tx, e: Envelope, searches: list[SearchSpec],
                        candidate: Candidate) -> None:
        for search in match_saved_searches(searches, candidate):
            label = " ".join(
                part for part in (search.query, search.role, search.skill, search.genre) if part
            )
            self._notify(
                tx, e, search.owner_id, "search_match",
                subject_id=candidate.candidate_id,
                other_id=candidate.candidate_id if candidate.kind is SearchKind.MEMBERS else None,
                data={"search_id": search.search_id.hex, "search_kind": search.kind.value,
                      "label": label},
                item_id=f"search.{search.search_id.hex}.{candidate.candidate_id.hex}",
            )

    def _match_member(self, tx: Tx, e: Envelope, member_id: UUID) -> None:
        """Tell the owners of member searches saved before this member joined that the member
        now matches (once per search and member)."""
        if not self._saved_searches(tx, SearchKind.MEMBERS):  # nobody keeps a member search
            return
        row = self._member_row(tx, member_id)
        if row is None or row[0] == ERASED:
            return
        name, city, roles, skills, registered = row
        searches = self._searches(tx, SearchKind.MEMBERS, before=registered)
        if not searches:
            return
        candidate = Candidate(
            candidate_id=member_id, kind=SearchKind.MEMBERS,
            text=" ".join([name, city, *roles, *skills]), roles=frozenset(roles),
            skills=frozenset(skills), owner_id=member_id,
        )
        self._notify_matches(tx, e, searches, candidate)

    # -- projects -------------------------------------------------------------------------------

    def _store_project(self, tx: Tx, project_id: UUID, director_id: UUID | None,
                       details: dict[str, Any] | None, roles: list[dict[str, Any]] | None) -> None:
        found = self._projects.get(tx, (project_id.hex,))
        row = found[1:] if found else None
        director = director_id.hex if director_id else (row[0] if row else "")
        title = details["title"] if details else (row[1] if row else "")
        words = (
            " ".join([details["title"], details["logline"], details["synopsis"]])
            if details else (row[2] if row else "")
        )
        genres = list(details["genres"]) if details else (json.loads(row[3]) if row else [])
        kept = roles if roles is not None else (json.loads(row[4]) if row else [])
        self._projects.put(
            (project_id.hex, director, title, words, json.dumps(genres), json.dumps(kept)))

    @staticmethod
    def _role_json(role: dict[str, Any]) -> dict[str, Any]:
        return {"role_id": role["role_id"].hex, "role": role["role"],
                "skills": list(role["skills"])}

    def _project_roles(self, tx: Tx, project_id: UUID) -> list[dict[str, Any]]:
        row = self._projects.get(tx, (project_id.hex,))
        return list(json.loads(row[5])) if row and row[5] else []

    @on(Project.Drafted, batched=True)
    def _drafted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._store_project(
            tx, e.originator_id, ev.director_id,
            {"title": ev.title, "logline": ev.logline, "synopsis": ev.synopsis,
             "genres": ev.genres},
            [self._role_json(r) for r in ev.roles],
        )

    @on(Project.DetailsRevised, batched=True)
    def _revised(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._store_project(
            tx, e.originator_id, None,
            {"title": ev.title, "logline": ev.logline, "synopsis": ev.synopsis,
             "genres": ev.genres},
            None,
        )

    @on(Project.RoleAdded, Project.RoleChanged, batched=True)
    def _role(self, tx: Tx, e: Envelope) -> None:
        role = self._role_json(e.event.role)
        roles = [r for r in self._project_roles(tx, e.originator_id)
                 if r["role_id"] != role["role_id"]]
        self._store_project(tx, e.originator_id, None, None, [*roles, role])

    @on(Project.RoleRemoved, batched=True)
    def _role_removed(self, tx: Tx, e: Envelope) -> None:
        roles = [r for r in self._project_roles(tx, e.originator_id)
                 if r["role_id"] != e.event.role_id.hex]
        self._store_project(tx, e.originator_id, None, None, roles)

    @on(Project.Pitched, batched=True)
    def _pitched(self, tx: Tx, e: Envelope) -> None:
        found = self._projects.get(tx, (e.originator_id.hex,))
        if found is None:
            return
        row = (found[1], found[3], found[4], found[5])
        roles = json.loads(row[3])
        genres = json.loads(row[2])
        role_names = [r["role"] for r in roles]
        skills = [s for r in roles for s in r["skills"]]
        candidate = Candidate(
            candidate_id=e.originator_id, kind=SearchKind.PROJECTS,
            text=" ".join([row[1], *genres, *role_names, *skills]),
            roles=frozenset(role_names), skills=frozenset(skills), genres=frozenset(genres),
            owner_id=UUID(row[0]),
        )
        searches = self._searches(tx, SearchKind.PROJECTS, before=e.position)
        self._notify_matches(tx, e, searches, candidate)

    # -- invitations and crew applications ------------------------------------------------------

    @on(Invitation.Sent, batched=True)
    def _invited(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, e.originator_id, ev.member_id, ev.director_id, ev.project_id,
                    role_id=ev.role_id.hex)
        self._notify(tx, e, ev.member_id, "invitation_received", other_id=ev.director_id,
                     data=self._context(tx, ev.project_id, ev.role_id))

    @on(Invitation.Renewed, Invitation.Withdrawn, batched=True)
    def _invitation_to_invitee(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        member_id, director_id, project_id, detail = found
        if project_id is None:
            return
        kind = ("invitation_received" if isinstance(e.event, Invitation.Renewed)
                else "invitation_withdrawn")
        self._notify(tx, e, member_id, kind, other_id=director_id,
                     data=self._context(tx, project_id, UUID(detail["role_id"])))

    @on(Invitation.Accepted, Invitation.Declined, batched=True)
    def _invitation_answered(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        member_id, director_id, project_id, detail = found
        if director_id is None or project_id is None:
            return
        data = self._context(tx, project_id, UUID(detail["role_id"]))
        data["answer"] = "accepted" if isinstance(e.event, Invitation.Accepted) else "declined"
        if isinstance(e.event, Invitation.Declined) and e.event.reason:
            data["reason"] = e.event.reason
        self._notify(tx, e, director_id, "invitation_answered", other_id=member_id, data=data)

    @on(CrewApplication.Submitted, batched=True)
    def _applied(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, e.originator_id, ev.member_id, ev.director_id, ev.project_id,
                    role_id=ev.role_id.hex)
        self._notify(tx, e, ev.director_id, "application_received", other_id=ev.member_id,
                     data=self._context(tx, ev.project_id, ev.role_id))

    @on(CrewApplication.Resubmitted, CrewApplication.Withdrawn, batched=True)
    def _application_to_director(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        member_id, director_id, project_id, detail = found
        if director_id is None or project_id is None:
            return
        kind = ("application_received" if isinstance(e.event, CrewApplication.Resubmitted)
                else "application_withdrawn")
        self._notify(tx, e, director_id, kind, other_id=member_id,
                     data=self._context(tx, project_id, UUID(detail["role_id"])))

    @on(CrewApplication.Accepted, CrewApplication.Rejected, batched=True)
    def _application_decided(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        member_id, director_id, project_id, detail = found
        if project_id is None:
            return
        data = self._context(tx, project_id, UUID(detail["role_id"]))
        accepted = isinstance(e.event, CrewApplication.Accepted)
        data["decision"] = "accepted" if accepted else "turned down"
        if not accepted:
            data["reason"] = e.event.reason
        self._notify(tx, e, member_id, "application_decided", other_id=director_id, data=data)

    # -- subsidies, bookings, waitlists ---------------------------------------------------------

    @on(SubsidyApplication.Started, batched=True)
    def _subsidy_started(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, e.originator_id, ev.applicant_id, None, ev.project_id,
                    fund_id=ev.fund_id.hex)

    @on(SubsidyApplication.Approved, SubsidyApplication.Rejected, batched=True)
    def _subsidy_decided(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        applicant_id, _, project_id, detail = found
        if project_id is None:
            return
        approved = isinstance(e.event, SubsidyApplication.Approved)
        data = self._context(tx, project_id)
        data.update(
            fund_id=detail["fund_id"], approve=approved,
            amount_krw=e.event.amount_krw if approved else 0,
            reason_code=e.event.reason_code.value, reason=e.event.reason,
        )
        self._notify(tx, e, applicant_id, "subsidy_decided", data=data)

    @on(Booking.Made, Booking.Requested, batched=True)
    def _booked(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, e.originator_id, ev.member_id, None, None,
                    workspace_id=ev.workspace_id.hex, start=ev.start.isoformat(),
                    end=ev.end.isoformat())

    def _booking_data(self, detail: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {"workspace_id": detail["workspace_id"], "start": detail["start"],
                "end": detail["end"], **more}

    @on(Booking.Approved, Booking.Refused, batched=True)
    def _booking_decided(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        decision = "approved" if isinstance(e.event, Booking.Approved) else "refused"
        self._notify(tx, e, found[0], "booking_decided",
                     data=self._booking_data(found[3], decision=decision,
                                             reason=e.event.reason))

    @on(Booking.Cancelled, batched=True)
    def _booking_cancelled(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None or e.event.cancelled_by == found[0]:
            return
        self._notify(tx, e, found[0], "booking_cancelled",
                     data=self._booking_data(found[3], reason=e.event.reason))

    @on(Waitlist.Joined, batched=True)
    def _waiting(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, ev.entry_id, ev.member_id, None, None,
                    workspace_id=ev.workspace_id.hex, start=ev.start.isoformat(),
                    end=ev.end.isoformat())

    @on(Waitlist.Offered, batched=True)
    def _waitlist_offer(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.event.entry_id)
        if found is None:
            return
        self._notify(tx, e, found[0], "waitlist_offer", subject_id=e.event.entry_id,
                     data=self._booking_data(found[3], expires=e.event.expires.isoformat()))

    # -- partners -------------------------------------------------------------------------------

    @on(Partner.Registered, Partner.Resubmitted, batched=True)
    def _partner(self, tx: Tx, e: Envelope) -> None:
        self._partners.put((e.originator_id.hex, e.event.name))

    def _partner_name(self, tx: Tx, partner_id: UUID) -> str:
        row = self._partners.get(tx, (partner_id.hex,))
        return str(row[1]) if row and row[1] else ""

    @on(Partner.InterestRegistered, batched=True)
    def _interest(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        data = self._context(tx, ev.project_id)
        data.update(partner_id=e.originator_id.hex,
                    partner_name=self._partner_name(tx, e.originator_id), note=ev.note)
        self._notify(tx, e, ev.director_id, "partner_interest", subject_id=ev.project_id,
                     data=data)

    @on(Submission.Submitted, batched=True)
    def _submitted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._offer(tx, e.originator_id, ev.director_id, ev.partner_id, ev.project_id,
                    opportunity_id=ev.opportunity_id.hex)

    @on(Submission.Shortlisted, Submission.MeetingRequested, Submission.DealSigned,
        Submission.Passed, batched=True)
    def _submission_step(self, tx: Tx, e: Envelope) -> None:
        found = self._offer_row(tx, e.originator_id)
        if found is None:
            return
        director_id, partner_id, project_id, detail = found
        if partner_id is None or project_id is None:
            return
        data = self._context(tx, project_id)
        data.update(opportunity_id=detail["opportunity_id"], partner_id=partner_id.hex,
                    partner_name=self._partner_name(tx, partner_id),
                    step=_SUBMISSION_STEPS[type(e.event)], reason=e.event.reason)
        self._notify(tx, e, director_id, "submission_update", data=data)

    # -- messages and reports -------------------------------------------------------------------

    @on(Conversation.MessageSent, batched=True)
    def _message(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._messages.insert_new(
            (ev.message_id.hex, e.originator_id.hex, ev.sender_id.hex, ev.recipient_id.hex,
             ev.body, e.at.isoformat(), e.position),
        )
        self._notify(tx, e, ev.recipient_id, "message_received", subject_id=ev.message_id,
                     other_id=ev.sender_id, item_id=f"message.{ev.message_id.hex}")

    @on(Report.Filed, batched=True)
    def _report(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        self._reports.insert_new(
            (e.originator_id.hex, ev.reporter_id.hex, ev.reported_id.hex, ev.kind.value,
             ev.reason, e.at.isoformat(), 0, ""),
        )

    @on(Report.Resolved, batched=True)
    def _report_resolved(self, tx: Tx, e: Envelope) -> None:
        row = self._reports.update(tx, (e.originator_id.hex,), resolved=1, note=e.event.note)
        reporter = row[1] if row else None
        if reporter:
            self._notify(tx, e, UUID(reporter), "report_resolved", data={"note": e.event.note})

    # -- read marks -----------------------------------------------------------------------------

    @on(InboxMarks.Opened, batched=True)
    def _marks(self, tx: Tx, e: Envelope) -> None:
        self._marks_rows.insert_new((e.originator_id.hex, e.event.member_id.hex))

    def _marks_owner(self, tx: Tx, marks_id: UUID) -> str | None:
        row = self._marks_rows.get(tx, (marks_id.hex,))
        return str(row[1]) if row and row[1] else None

    @on(InboxMarks.ItemsRead)
    def _items_read(self, tx: Tx, e: Envelope) -> None:
        owner = self._marks_owner(tx, e.originator_id)
        ids = list(e.event.item_ids)
        if owner is None or not ids:
            return
        marks = ", ".join("?" for _ in ids)
        tx.execute(
            f"UPDATE inbox_items SET is_read = 1 WHERE member_id = ? AND item_id IN ({marks})",
            (owner, *ids),
        )

    @on(InboxMarks.AllRead)
    def _all_read(self, tx: Tx, e: Envelope) -> None:
        owner = self._marks_owner(tx, e.originator_id)
        if owner is not None:
            tx.execute(
                "UPDATE inbox_items SET is_read = 1 WHERE member_id = ? AND position <= ?",
                (owner, e.event.up_to),
            )

    # -- queries --------------------------------------------------------------------------------

    @staticmethod
    def items(tx: Tx, member_id: UUID, *, unread_only: bool = False, limit: int = 50,
              before: int | None = None) -> list[InboxItem]:
        """The member's notifications, newest first (`before`: a position, for the next page)."""
        where: list[str] = ["i.member_id = ?"]
        params: list[Any] = [member_id.hex]
        if unread_only:
            where.append("i.is_read = 0")
        if before is not None:
            where.append("i.position < ?")
            params.append(before)
        rows = tx.execute(
            "SELECT i.item_id, i.member_id, i.kind, i.subject_id, i.other_id, m.name, i.data, "
            "i.at, i.position, i.is_read FROM inbox_items i "
            "LEFT JOIN inbox_members m ON m.member_id = i.other_id "
            f"WHERE {' AND '.join(where)} ORDER BY i.position DESC, i.item_id LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [
            InboxItem(r[0], UUID(r[1]), r[2], _uuid(r[3]), _uuid(r[4]), r[5] or "",
                      json.loads(r[6]), r[7], int(r[8]), bool(r[9]))
            for r in rows
        ]

    @staticmethod
    def unread_count(tx: Tx, member_id: UUID) -> int:
        return int(tx.scalar(
            "SELECT COUNT(*) FROM inbox_items WHERE member_id = ? AND is_read = 0",
            (member_id.hex,),
        ) or 0)

    @staticmethod
    def latest_position(tx: Tx, member_id: UUID) -> int:
        """The newest notification's position: what "mark all as read" marks up to."""
        return int(tx.scalar("SELECT MAX(position) FROM inbox_items WHERE member_id = ?",
                             (member_id.hex,)) or 0)

    @staticmethod
    def thread(tx: Tx, a: UUID, b: UUID, *, limit: int = 200) -> list[MessageRow]:
        """The messages between two members, oldest first (the latest `limit`)."""
        rows = tx.execute(
            "SELECT g.message_id, g.sender_id, g.recipient_id, m.name, g.body, g.at, g.position "
            "FROM inbox_messages g LEFT JOIN inbox_members m ON m.member_id = g.sender_id "
            "WHERE (g.sender_id = ? AND g.recipient_id = ?) "
            "OR (g.sender_id = ? AND g.recipient_id = ?) "
            "ORDER BY g.position DESC LIMIT ?",
            (a.hex, b.hex, b.hex, a.hex, limit),
        ).fetchall()
        return [
            MessageRow(UUID(r[0]), UUID(r[1]), UUID(r[2]), r[3] or "", r[4], r[5], int(r[6]))
            for r in reversed(rows)
        ]

    @staticmethod
    def conversations(tx: Tx, member_id: UUID) -> list[ConversationRow]:
        """The member's conversations, most recent first, with unread message counts."""
        me = member_id.hex
        rows = tx.execute(
            "SELECT other, COUNT(*), MAX(position), MAX(at) FROM ("
            "SELECT CASE WHEN sender_id = ? THEN recipient_id ELSE sender_id END AS other, "
            "position, at FROM inbox_messages WHERE sender_id = ? OR recipient_id = ?) AS mine "
            "GROUP BY other ORDER BY MAX(position) DESC",
            (me, me, me),
        ).fetchall()
        unread: dict[str, int] = dict(tx.execute(
            "SELECT other_id, COUNT(*) FROM inbox_items WHERE member_id = ? "
            "AND kind = 'message_received' AND is_read = 0 GROUP BY other_id",
            (me,),
        ).fetchall())
        out = []
        for other, count, _, last_at in rows:
            name = tx.scalar("SELECT name FROM inbox_members WHERE member_id = ?", (other,))
            out.append(ConversationRow(UUID(other), name or "", int(count), last_at,
                                       int(unread.get(other, 0))))
        return out

    @staticmethod
    def message_item_ids(tx: Tx, member_id: UUID, other_id: UUID) -> list[str]:
        """The unread message notifications from one member: what opening the thread marks."""
        rows = tx.execute(
            "SELECT item_id FROM inbox_items WHERE member_id = ? AND other_id = ? "
            "AND kind = 'message_received' AND is_read = 0 ORDER BY position",
            (member_id.hex, other_id.hex),
        ).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def saved_searches(tx: Tx, member_id: UUID) -> list[SavedSearchRow]:
        rows = tx.execute(
            "SELECT search_id, kind, query, role, skill, genre, saved_at FROM inbox_searches "
            "WHERE member_id = ? ORDER BY saved_position DESC",
            (member_id.hex,),
        ).fetchall()
        return [SavedSearchRow(UUID(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    @staticmethod
    def reports(tx: Tx, *, open_only: bool = True, limit: int = 100) -> list[ReportRow]:
        """The moderators' queue (the page checks Action.MODERATE), oldest open first."""
        where = "WHERE r.resolved = 0" if open_only else ""
        rows = tx.execute(
            "SELECT r.report_id, r.reporter_id, a.name, r.reported_id, b.name, r.kind, r.reason, "
            "r.filed_at, r.resolved, r.note FROM inbox_reports r "
            "LEFT JOIN inbox_members a ON a.member_id = r.reporter_id "
            "LEFT JOIN inbox_members b ON b.member_id = r.reported_id "
            f"{where} ORDER BY r.filed_at, r.report_id LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            ReportRow(UUID(r[0]), UUID(r[1]), r[2] or "", UUID(r[3]), r[4] or "", r[5], r[6],
                      r[7], bool(r[8]), r[9])
            for r in rows
        ]
