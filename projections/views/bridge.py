"""The commercial bridge as people scan it: the opportunities board (open calls by kind, soonest
deadline first), a partner's pipeline of submissions by state, the projects a partner is
interested in, who follows which director (projections/views/follows.py), what each partner
looks for (bridge_profiles.py), the deals signed, and the centre's partner queue."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from domain.member import Member
from domain.opportunity import Opportunity, Submission, SubmissionState
from domain.partner import Partner
from domain.personal_data import ERASED
from domain.project import Project
from domain.vocabulary import OpportunityKind
from projections.projector.sql import Tx
from projections.projector.view import Envelope, View, on
from projections.views import bridge_follows as follows
from projections.views import bridge_profiles
from projections.views import follows as member_follows
from projections.views.bridge_profiles import PROFILE_DDL, PROFILE_TABLES, PartnerProfiles
from projections.views.bridge_rows import (
    OPPORTUNITY_SELECT,
    PARTNER_COLUMNS,
    STATES,
    SUBMISSION_SELECT,
    OpportunityCard,
    PartnerRow,
    SubmissionRow,
    micros,
    opportunity_row,
    partner_row,
    submission_row,
)
from projections.views.follows import FOLLOW_DDL, FOLLOW_TABLES, MemberFollows

__all__ = ["Bridge"]


class Bridge(MemberFollows, PartnerProfiles, View):
    name = "bridge"
    SCHEMA_VERSION = 2  # 2: members' follows and partners' profiles
    TABLES = (
        "br_partners", "br_projects", "br_opportunities", "br_submissions", "br_interest",
        "br_follows", "br_deals", *FOLLOW_TABLES, *PROFILE_TABLES,
    )  # fmt: skip
    DDL = (
        "CREATE TABLE br_partners (partner_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "kind TEXT NOT NULL, status TEXT NOT NULL, representative_id TEXT NOT NULL, "
        "website TEXT NOT NULL, business_number TEXT NOT NULL, reason TEXT NOT NULL, "
        "registered_at TEXT NOT NULL)",
        "CREATE INDEX br_partners_representative ON br_partners (representative_id)",
        "CREATE TABLE br_projects (project_id TEXT PRIMARY KEY, director_id TEXT NOT NULL, "
        "title TEXT NOT NULL)",
        "CREATE TABLE br_opportunities (opportunity_id TEXT PRIMARY KEY, "
        "partner_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, "
        "description TEXT NOT NULL, criteria TEXT NOT NULL, genres TEXT NOT NULL, "
        "formats TEXT NOT NULL, deadline TEXT NOT NULL, deadline_us BIGINT NOT NULL, "
        "pay_min_krw BIGINT, pay_max_krw BIGINT, pay_basis TEXT, conditions TEXT NOT NULL, "
        "status TEXT NOT NULL, reason TEXT NOT NULL, posted_at TEXT NOT NULL)",
        "CREATE INDEX br_opportunities_board ON br_opportunities (status, deadline_us)",
        "CREATE INDEX br_opportunities_partner ON br_opportunities (partner_id)",
        "CREATE TABLE br_submissions (submission_id TEXT PRIMARY KEY, "
        "opportunity_id TEXT NOT NULL, partner_id TEXT NOT NULL, project_id TEXT NOT NULL, "
        "director_id TEXT NOT NULL, state TEXT NOT NULL, note TEXT NOT NULL, "
        "reason TEXT NOT NULL, proposed_at TEXT, submitted_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL)",
        "CREATE INDEX br_submissions_partner ON br_submissions (partner_id, state)",
        "CREATE INDEX br_submissions_opportunity ON br_submissions (opportunity_id)",
        "CREATE INDEX br_submissions_director ON br_submissions (director_id)",
        "CREATE TABLE br_interest (partner_id TEXT NOT NULL, project_id TEXT NOT NULL, "
        "director_id TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL, "
        "PRIMARY KEY (partner_id, project_id))",
        "CREATE INDEX br_interest_project ON br_interest (project_id)",
        "CREATE TABLE br_follows (partner_id TEXT NOT NULL, director_id TEXT NOT NULL, "
        "since TEXT NOT NULL, PRIMARY KEY (partner_id, director_id))",
        "CREATE INDEX br_follows_director ON br_follows (director_id)",
        "CREATE TABLE br_deals (submission_id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, "
        "opportunity_id TEXT NOT NULL, project_id TEXT NOT NULL, director_id TEXT NOT NULL, "
        "amount_krw BIGINT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, "
        "summary TEXT NOT NULL, signed_at TEXT NOT NULL)",
        *FOLLOW_DDL,
        *PROFILE_DDL,
    )

    # -- partners -----------------------------------------------------------------------------

    @on(Partner.Registered, writes_other_tables=True)
    def _registered(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            f"INSERT INTO br_partners ({PARTNER_COLUMNS}) VALUES (?, ?, ?, 'pending', ?, ?, ?, "
            "'', ?) ON CONFLICT (partner_id) DO UPDATE SET name = excluded.name, "
            "kind = excluded.kind, status = excluded.status, "
            "representative_id = excluded.representative_id, website = excluded.website, "
            "business_number = excluded.business_number, reason = excluded.reason, "
            "registered_at = excluded.registered_at",
            (e.originator_id.hex, ev.name, ev.kind.value, ev.representative_id.hex, ev.website,
             ev.business_number, e.at.isoformat()),
        )  # fmt: skip

    @on(Partner.Resubmitted, writes_other_tables=True)
    def _resubmitted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "UPDATE br_partners SET name = ?, kind = ?, representative_id = ?, website = ?, "
            "status = 'pending', reason = '' WHERE partner_id = ?",
            (ev.name, ev.kind.value, ev.representative_id.hex, ev.website, e.originator_id.hex),
        )

    def _partner_status(self, tx: Tx, e: Envelope, status: str, reason: str) -> None:
        tx.execute("UPDATE br_partners SET status = ?, reason = ? WHERE partner_id = ?",
                   (status, reason, e.originator_id.hex))  # fmt: skip

    @on(Partner.Verified, writes_other_tables=True)
    def _verified(self, tx: Tx, e: Envelope) -> None:
        self._partner_status(tx, e, "verified", "")

    @on(Partner.Rejected, writes_other_tables=True)
    def _rejected(self, tx: Tx, e: Envelope) -> None:
        self._partner_status(tx, e, "rejected", e.event.reason)

    @on(Partner.Suspended, writes_other_tables=True)
    def _suspended(self, tx: Tx, e: Envelope) -> None:
        self._partner_status(tx, e, "suspended", e.event.reason)

    @on(Partner.InterestRegistered, writes_other_tables=True)
    def _interest(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO br_interest (partner_id, project_id, director_id, note, at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (partner_id, project_id) DO UPDATE SET "
            "director_id = excluded.director_id, note = excluded.note, at = excluded.at",
            (e.originator_id.hex, ev.project_id.hex, ev.director_id.hex, ev.note,
             e.at.isoformat()),
        )  # fmt: skip

    @on(Partner.InterestWithdrawn, writes_other_tables=True)
    def _uninterested(self, tx: Tx, e: Envelope) -> None:
        tx.execute("DELETE FROM br_interest WHERE partner_id = ? AND project_id = ?",
                   (e.originator_id.hex, e.event.project_id.hex))  # fmt: skip

    # The organisations' follows of earlier logs (new follows are members': MemberFollows).

    @on(Partner.DirectorFollowed, writes_other_tables=True)
    def _followed(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "INSERT INTO br_follows (partner_id, director_id, since) VALUES (?, ?, ?) "
            "ON CONFLICT (partner_id, director_id) DO UPDATE SET since = excluded.since",
            (e.originator_id.hex, e.event.director_id.hex, e.at.isoformat()),
        )

    @on(Partner.DirectorUnfollowed, writes_other_tables=True)
    def _unfollowed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("DELETE FROM br_follows WHERE partner_id = ? AND director_id = ?",
                   (e.originator_id.hex, e.event.director_id.hex))  # fmt: skip

    # -- projects (titles only) ---------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._projects = self.rows(
            "br_projects", ("project_id",), ("project_id", "director_id", "title")
        )

    @on(Project.Drafted, batched=True)
    def _drafted(self, tx: Tx, e: Envelope) -> None:
        self._projects.put((e.originator_id.hex, e.event.director_id.hex, e.event.title))

    @on(Project.DetailsRevised, batched=True)
    def _revised(self, tx: Tx, e: Envelope) -> None:
        self._projects.update(tx, (e.originator_id.hex,), title=e.event.title)

    # -- opportunities ------------------------------------------------------------------------

    @on(Opportunity.Posted, writes_other_tables=True)
    def _posted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO br_opportunities (opportunity_id, partner_id, kind, title, description, "
            "criteria, genres, formats, deadline, deadline_us, pay_min_krw, pay_max_krw, "
            "pay_basis, conditions, status, reason, posted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?) "
            "ON CONFLICT (opportunity_id) DO UPDATE SET partner_id = excluded.partner_id, "
            "kind = excluded.kind, title = excluded.title, description = excluded.description, "
            "criteria = excluded.criteria, genres = excluded.genres, formats = excluded.formats, "
            "deadline = excluded.deadline, deadline_us = excluded.deadline_us, "
            "pay_min_krw = excluded.pay_min_krw, pay_max_krw = excluded.pay_max_krw, "
            "pay_basis = excluded.pay_basis, conditions = excluded.conditions, "
            "status = excluded.status, reason = excluded.reason, posted_at = excluded.posted_at",
            (
                e.originator_id.hex, ev.partner_id.hex, ev.kind.value, ev.title, ev.description,
                json.dumps(list(ev.criteria)), json.dumps(list(ev.genres)),
                json.dumps([f.value for f in ev.formats]), ev.deadline.isoformat(),
                micros(ev.deadline), ev.pay_min_krw, ev.pay_max_krw,
                ev.pay_basis.value if ev.pay_basis else None, ev.conditions, e.at.isoformat(),
            ),
        )  # fmt: skip

    @on(Opportunity.Closed, writes_other_tables=True)
    def _closed(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE br_opportunities SET status = 'closed', reason = ? "
                   "WHERE opportunity_id = ?", (e.event.reason, e.originator_id.hex))  # fmt: skip

    @on(Opportunity.Reopened, writes_other_tables=True)
    def _reopened(self, tx: Tx, e: Envelope) -> None:
        tx.execute(
            "UPDATE br_opportunities SET status = 'open', reason = '' "
            "WHERE opportunity_id = ? AND status = 'closed'",
            (e.originator_id.hex,),
        )

    @on(Opportunity.TakenDown, writes_other_tables=True)
    def _taken_down(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE br_opportunities SET status = 'taken_down', reason = ? "
                   "WHERE opportunity_id = ?", (e.event.reason, e.originator_id.hex))  # fmt: skip

    # -- submissions and deals ----------------------------------------------------------------

    @on(Submission.Submitted, writes_other_tables=True)
    def _submitted(self, tx: Tx, e: Envelope) -> None:
        ev = e.event
        tx.execute(
            "INSERT INTO br_submissions (submission_id, opportunity_id, partner_id, project_id, "
            "director_id, state, note, reason, proposed_at, submitted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'submitted', ?, '', NULL, ?, ?) "
            "ON CONFLICT (submission_id) DO UPDATE SET opportunity_id = excluded.opportunity_id, "
            "partner_id = excluded.partner_id, project_id = excluded.project_id, "
            "director_id = excluded.director_id, state = excluded.state, note = excluded.note, "
            "reason = excluded.reason, proposed_at = excluded.proposed_at, "
            "submitted_at = excluded.submitted_at, updated_at = excluded.updated_at",
            (e.originator_id.hex, ev.opportunity_id.hex, ev.partner_id.hex, ev.project_id.hex,
             ev.director_id.hex, ev.note, e.at.isoformat(), e.at.isoformat()),
        )  # fmt: skip

    def _moved(self, tx: Tx, e: Envelope, state: SubmissionState) -> None:
        tx.execute(
            "UPDATE br_submissions SET state = ?, reason = ?, updated_at = ? "
            "WHERE submission_id = ?",
            (state.value, e.event.reason, e.at.isoformat(), e.originator_id.hex),
        )

    @on(Submission.Shortlisted, writes_other_tables=True)
    def _shortlisted(self, tx: Tx, e: Envelope) -> None:
        self._moved(tx, e, SubmissionState.SHORTLISTED)

    @on(Submission.MeetingRequested, writes_other_tables=True)
    def _meeting(self, tx: Tx, e: Envelope) -> None:
        self._moved(tx, e, SubmissionState.MEETING_REQUESTED)
        tx.execute("UPDATE br_submissions SET proposed_at = ? WHERE submission_id = ?",
                   (e.event.proposed_at.isoformat(), e.originator_id.hex))  # fmt: skip

    @on(Submission.Passed, writes_other_tables=True)
    def _passed(self, tx: Tx, e: Envelope) -> None:
        self._moved(tx, e, SubmissionState.PASSED)

    @on(Submission.Withdrawn, writes_other_tables=True)
    def _withdrawn(self, tx: Tx, e: Envelope) -> None:
        self._moved(tx, e, SubmissionState.WITHDRAWN)

    @on(Submission.DealSigned, writes_other_tables=True)
    def _deal(self, tx: Tx, e: Envelope) -> None:
        self._moved(tx, e, SubmissionState.DEAL_SIGNED)
        ev = e.event
        tx.execute(
            "INSERT INTO br_deals (submission_id, partner_id, opportunity_id, project_id, "
            "director_id, amount_krw, kind, reason, summary, signed_at) "
            "SELECT submission_id, partner_id, opportunity_id, project_id, director_id, ?, ?, ?, "
            "?, ? FROM br_submissions WHERE submission_id = ? "
            "ON CONFLICT (submission_id) DO UPDATE SET amount_krw = excluded.amount_krw, "
            "kind = excluded.kind, reason = excluded.reason, summary = excluded.summary, "
            "signed_at = excluded.signed_at",
            (ev.amount_krw, ev.kind.value, ev.reason, ev.summary, e.at.isoformat(),
             e.originator_id.hex),
        )  # fmt: skip

    @on(Member.Erased)
    def _erased(self, tx: Tx, e: Envelope) -> None:
        tx.execute("UPDATE br_submissions SET note = ? WHERE director_id = ?",
                   (ERASED, e.originator_id.hex))  # fmt: skip

    # -- queries: partners --------------------------------------------------------------------

    @staticmethod
    def partners(tx: Tx, *, status: str | None = None) -> list[PartnerRow]:
        """The centre's list of organisations; `status="pending"` is the verification queue,
        oldest first."""
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        rows = tx.execute(
            f"SELECT {PARTNER_COLUMNS} FROM br_partners {where} "
            "ORDER BY registered_at, partner_id", params,
        ).fetchall()  # fmt: skip
        return [partner_row(r) for r in rows]

    @staticmethod
    def partner(tx: Tx, partner_id: UUID) -> PartnerRow | None:
        row = tx.execute(f"SELECT {PARTNER_COLUMNS} FROM br_partners WHERE partner_id = ?",
                         (partner_id.hex,)).fetchone()  # fmt: skip
        return partner_row(row) if row else None

    @staticmethod
    def partner_of(tx: Tx, member_id: UUID) -> PartnerRow | None:
        row = tx.execute(
            f"SELECT {PARTNER_COLUMNS} FROM br_partners WHERE representative_id = ? "
            "ORDER BY registered_at DESC LIMIT 1", (member_id.hex,),
        ).fetchone()  # fmt: skip
        return partner_row(row) if row else None

    # -- queries: the board -------------------------------------------------------------------

    @staticmethod
    def board(tx: Tx, now: datetime, *, kind: str | None = None, limit: int = 50,
              offset: int = 0) -> list[OpportunityCard]:  # fmt: skip
        """Open calls whose deadline is still ahead of `now`, soonest deadline first; never
        the calls of a suspended organisation."""
        where = ["o.status = 'open'", "o.deadline_us > ?", "COALESCE(p.status, '') <> 'suspended'"]
        params: list[object] = [micros(now)]
        if kind:
            where.append("o.kind = ?")
            params.append(kind)
        rows = tx.execute(
            f"{OPPORTUNITY_SELECT} WHERE {' AND '.join(where)} "
            "ORDER BY o.deadline_us, o.opportunity_id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [opportunity_row(r) for r in rows]

    @staticmethod
    def board_by_kind(tx: Tx, now: datetime) -> dict[str, list[OpportunityCard]]:
        """The open board grouped by kind (every kind present, possibly empty)."""
        grouped: dict[str, list[OpportunityCard]] = {k.value: [] for k in OpportunityKind}
        for card in Bridge.board(tx, now, limit=1000):
            grouped[card.kind].append(card)
        return grouped

    @staticmethod
    def opportunity(tx: Tx, opportunity_id: UUID) -> OpportunityCard | None:
        row = tx.execute(f"{OPPORTUNITY_SELECT} WHERE o.opportunity_id = ?",
                         (opportunity_id.hex,)).fetchone()  # fmt: skip
        return opportunity_row(row) if row else None

    @staticmethod
    def postings_of(tx: Tx, partner_id: UUID) -> list[OpportunityCard]:
        """Every posting of a partner, whatever its status, newest first."""
        rows = tx.execute(
            f"{OPPORTUNITY_SELECT} WHERE o.partner_id = ? "
            "ORDER BY o.posted_at DESC, o.opportunity_id", (partner_id.hex,),
        ).fetchall()  # fmt: skip
        return [opportunity_row(r) for r in rows]

    # -- queries: submissions -----------------------------------------------------------------

    @staticmethod
    def pipeline(tx: Tx, partner_id: UUID, *,
                 opportunity_id: UUID | None = None) -> dict[str, list[SubmissionRow]]:  # fmt: skip
        """A partner's submissions by state (every state present), the latest change first in
        each, so that a submission just shortlisted heads its new state's list."""
        where, params = ["s.partner_id = ?"], [partner_id.hex]
        if opportunity_id:
            where.append("s.opportunity_id = ?")
            params.append(opportunity_id.hex)
        rows = tx.execute(
            f"{SUBMISSION_SELECT} WHERE {' AND '.join(where)} "
            "ORDER BY s.updated_at DESC, s.submitted_at DESC, s.submission_id", params,
        ).fetchall()  # fmt: skip
        grouped: dict[str, list[SubmissionRow]] = {state: [] for state in STATES}
        for row in rows:
            submission = submission_row(row)
            grouped[submission.state].append(submission)
        return grouped

    @staticmethod
    def submissions_of_director(tx: Tx, director_id: UUID) -> list[SubmissionRow]:
        """What a director has submitted and where each stands, newest first."""
        rows = tx.execute(
            f"{SUBMISSION_SELECT} WHERE s.director_id = ? "
            "ORDER BY s.submitted_at DESC, s.submission_id", (director_id.hex,),
        ).fetchall()  # fmt: skip
        return [submission_row(r) for r in rows]

    @staticmethod
    def submission(tx: Tx, submission_id: UUID) -> SubmissionRow | None:
        row = tx.execute(f"{SUBMISSION_SELECT} WHERE s.submission_id = ?",
                         (submission_id.hex,)).fetchone()  # fmt: skip
        return submission_row(row) if row else None

    # -- queries: interest, following, deals (projections/views/bridge_follows.py) ----------

    interests_of = staticmethod(follows.interests_of)
    interest_in = staticmethod(follows.interest_in)
    following = staticmethod(follows.following)
    followers = staticmethod(follows.followers)
    deals = staticmethod(follows.deals)

    # -- queries: members following directors (follows.py), partners' profiles ---------------

    member_followers = staticmethod(member_follows.followers)
    member_following = staticmethod(member_follows.following)
    follows = staticmethod(member_follows.follows)
    follower_count = staticmethod(member_follows.follower_count)
    profile = staticmethod(bridge_profiles.profile)
    profiles = staticmethod(bridge_profiles.profiles)
