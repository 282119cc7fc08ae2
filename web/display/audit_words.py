"""The audit console's words for the log's entities and their fields, in the reader's language.

Every field an aggregate keeps (and every field of the records nested in it) has a label here;
tests/web/test_audit_every_kind.py fails when a new one appears without one.
"""

from __future__ import annotations

from web.i18n import gettext_ as _


def kind_labels() -> dict[str, str]:
    return {
        "Account": _("Account"), "AccountTicket": _("Account link"), "ApiToken": _("API token"),
        "Blocklist": _("Block list"), "Booking": _("Booking"),
        "Certifications": _("Certifications"), "Commitments": _("Shoot commitments"),
        "Conversation": _("Conversation"), "Credits": _("Verified credits"),
        "CrewApplication": _("Crew application"), "DeskMonth": _("Desk month"),
        "EmailIndex": _("Email index entry"), "Endorsement": _("Endorsement"),
        "Fund": _("Fund"), "InboxMarks": _("Read marks"), "Invitation": _("Invitation"),
        "Member": _("Member"), "MemberWeek": _("Member's week of hours"),
        "Opportunity": _("Opportunity"), "Outbox": _("Outgoing mail"), "Partner": _("Partner"),
        "Project": _("Project"), "Report": _("Member report"),
        "Representation": _("Partner representative"), "SavedSearch": _("Saved search"),
        "Strike": _("Strike"), "Submission": _("Submission"),
        "SubsidyApplication": _("Subsidy application"), "Training": _("Training"),
        "University": _("University"), "UniversityWeek": _("University's week of hours"),
        "Waitlist": _("Waitlist"), "WaitlistTicket": _("Waitlist ticket"),
        "Workspace": _("Workspace"), "WorkspaceCatalogue": _("Workspace catalogue"),
        "WorkspaceDay": _("Workspace day"),
    }


def kind_label(kind: str | None) -> str:
    """An aggregate's class name (or an event type, "Project.CrewHired") as a noun."""
    name = (kind or "").split(".")[0]
    return kind_labels().get(name, name)


def field_labels() -> dict[str, str]:
    return {
        # every entity
        "version": _("Version"), "created_on": _("Created"), "modified_on": _("Last changed"),
        "status": _("Status"), "state": _("Status"), "name": _("Name"), "title": _("Title"),
        "reason": _("Reason"), "note": _("Note"), "kind": _("Kind"),
        # people and their records
        "member_id": _("Member"), "director_id": _("Director"), "applicant_id": _("Applicant"),
        "reviewer_id": _("Reviewer"), "endorser_id": _("Endorsed by"),
        "representative_id": _("Representative"), "posted_by": _("Posted by"),
        "confirmed_by": _("Confirmed by"), "declared_by": _("Declared by"),
        "reporter_id": _("Reported by"), "reported_id": _("Member reported"),
        "sender_id": _("From"), "recipient_id": _("To"), "email": _("Email"),
        "password_hash": _("Password"), "email_key": _("Email lookup key"),
        "token_hash": _("Token"), "roles": _("Roles"), "university_id": _("University"),
        "affiliation_verified": _("Affiliation verified"), "registry_id": _("Film registry id"),
        "registry_confirmed": _("Confirmed in the film registry"), "bio": _("About"),
        "phone": _("Phone"), "city": _("City"), "languages": _("Languages"),
        "portfolio": _("Portfolio"), "skills": _("Skills"), "skill": _("Skill"),
        "credits": _("Credits"), "credit_id": _("Credit"), "unavailable": _("Unavailable"),
        "contacts": _("Contacts"), "erased": _("Erased"), "year": _("Year"), "link": _("Link"),
        "verified": _("Verified"), "active": _("Active"), "level": _("Level"),
        "email_verified": _("Email confirmed"), "tokens": _("API tokens"), "label": _("Label"),
        "created": _("Created"), "issued_at": _("Issued"), "token_id": _("Token"),
        "expires_at": _("Expires"), "revoked": _("Revoked"),
        "purpose": _("Purpose"), "redeemed": _("Used"), "members": _("Members"),
        "messages": _("Messages"), "message_id": _("Message"), "body": _("Text"),
        "blocked_by": _("Blocked by"), "by_id": _("By"), "other_id": _("Other member"),
        "blocked": _("Blocked"), "resolved": _("Resolved"),
        "read_up_to": _("Read up to"), "to_address": _("To address"), "sent": _("Sent"),
        "dropped": _("Given up"), "attempts": _("Attempts"), "error": _("Last error"),
        "retry_at": _("Next try"), "query": _("Search words"), "genre": _("Genre"),
        "deleted": _("Deleted"), "message": _("Message"),
        # projects and crew
        "project_id": _("Project"), "role_id": _("Crew role"), "role": _("Role"),
        "logline": _("Logline"), "synopsis": _("Synopsis"), "genres": _("Genres"),
        "format": _("Format"), "formats": _("Formats"), "language": _("Language"),
        "budget_krw": _("Budget"), "shoot_start": _("Shoot starts"), "shoot_end": _("Shoot ends"),
        "prep_start": _("Preparation starts"), "prep_end": _("Preparation ends"),
        "post_start": _("Post-production starts"), "post_end": _("Post-production ends"),
        "count": _("People needed"), "start": _("Starts"), "end": _("Ends"), "paid": _("Paid"),
        "hired": _("Hired"), "cancel_reason": _("Why it was cancelled"),
        "pitch_deck": _("Pitch deck"), "stills": _("Stills"), "filename": _("File"),
        "content_type": _("File type"), "size": _("Size"), "sha256": _("Checksum (SHA-256)"),
        "engagements": _("Engagements"), "certificates": _("Certificates"),
        # funds and applications
        "fund_id": _("Fund"), "cap_krw": _("Cap per project"), "opens": _("Opens"),
        "closes": _("Closes"), "eligibility": _("Who may apply"), "requires": _("Requires"),
        "criteria": _("Criteria"), "weight": _("Weight"), "min_reviews": _("Reviews needed"),
        "committed_krw": _("Committed"), "disbursed_krw": _("Paid out"),
        "approvals": _("Approvals"), "closed": _("Closed"), "draft": _("Draft"),
        "versions": _("Submitted versions"), "amount_krw": _("Amount"),
        "breakdown": _("Budget breakdown"), "item": _("Item"), "reviewers": _("Reviewers"),
        "conflicts": _("Conflicts of interest"), "override_reason": _("Why assigned anyway"),
        "declared": _("Declared conflicts"), "reviews": _("Reviews"), "score": _("Score"),
        "comment": _("Comment"), "criteria_scores": _("Scores by criterion"),
        "decision": _("Decision"), "approve": _("Approved"), "reason_code": _("Reason code"),
        "requested_krw": _("Asked for"), "mean_score": _("Mean score"),
        "weighted_score": _("Weighted score"), "excluded_reviewers": _("Reviewers excluded"),
        "approved_krw": _("Granted"), "tranches": _("Tranches"), "tranche": _("Tranche"),
        "final_report": _("Final report"), "summary": _("Summary"), "spent_krw": _("Spent"),
        "released_krw": _("Returned to the fund"),
        # the bridge
        "partner_id": _("Partner"), "opportunity_id": _("Opportunity"),
        "submission_id": _("Submission"), "description": _("Description"),
        "deadline": _("Deadline"), "pay_min_krw": _("Pay from"), "pay_max_krw": _("Pay up to"),
        "pay_basis": _("Pay counted"), "conditions": _("Conditions"),
        "submissions": _("Submissions"), "taken_down": _("Taken down"), "website": _("Website"),
        "business_number": _("Business number"), "interests": _("Interest in projects"),
        "following": _("Following"), "proposed_at": _("Meeting proposed for"), "deal": _("Deal"),
        # workspaces, bookings, quotas, trainings
        "workspace_id": _("Workspace"), "booking_id": _("Booking"), "minutes": _("Hours"),
        "answer_by": _("Answer due by"), "checked_in_at": _("Checked in"), "week": _("Week of"),
        "weeks": _("Weeks"), "reserved": _("Hours reserved"),
        "reduced_minutes": _("Hours taken off"), "appeal": _("Appeal"), "capacity": _("Capacity"),
        "hours": _("Opening hours"), "equipment": _("Equipment"), "blackouts": _("Closures"),
        "retired": _("Retired"), "names": _("Workspaces"), "day": _("Day"),
        "slots": _("Booked slots"), "holds": _("Slots held for the waitlist"),
        "entry_id": _("Waitlist entry"), "expires": _("Offer expires"), "month": _("Month"),
        "holders": _("Desk holders"), "held": _("Desks offered to the waitlist"),
        "waitlist_id": _("Waitlist"), "period": _("Day"), "entries": _("Entries"),
        "sessions": _("Sessions"), "enrol_by": _("Enrol by"), "cancelled": _("Cancelled"),
        "enrolled": _("Enrolled"), "waitlist": _("Waitlist"), "attendance": _("Attendance"),
        "completed": _("Completed"), "slug": _("Short name"), "name_ko": _("Name in Korean"),
        # only in events
        "application_id": _("Application"), "at": _("When"), "blackout_id": _("Closure"),
        "cancelled_by": _("Cancelled by"), "confirmed": _("Confirmed"),
        "fund_remaining_krw": _("Left in the fund"), "grace_ended": _("Grace period ended"),
        "item_ids": _("Items"), "present": _("Present"), "resolved_by": _("Resolved by"),
        "session": _("Session"), "ticket_id": _("Account link"), "training_id": _("Training"),
        "up_to": _("Up to"),
    }


def has_label(key: str) -> bool:
    return key in field_labels()


def field_label(key: str, kind: str = "") -> str:
    """A field's label; a few fields mean something else on one kind of entity."""
    own = {("Project", "roles"): _("Crew roles"), ("Fund", "criteria"): _("Scoring criteria"),
           ("Opportunity", "criteria"): _("What it looks for"),
           ("Strike", "decision"): _("Decision on the appeal"),
           ("Training", "waitlist"): _("Waiting for a seat")}.get((kind, key))
    return own or field_labels().get(key) or key.replace("_", " ").capitalize()


_HEADINGS = {  # the kind of entity a map's keys name
    "reviewers": "reviewer_id", "declared": "member_id", "approvals": "approval",
    "interests": "project_id", "submissions": "project_id", "certificates": "training_id",
    "engagements": "project_id", "verified": "project_id", "reserved": "booking_id",
    "names": "workspace_id", "tokens": "token_id", "blackouts": "blackout_id",
    "slots": "booking_id", "holders": "booking_id", "held": "entry_id",
}
_VALUES = {  # the kind of value a map holds, for maps of plain values
    "approvals": "amount_krw", "reserved": "minutes", "interests": "note",
    "submissions": "submission_id", "names": "name", "slots": "period", "holders": "member_id",
    "held": "member_id", "skills": "level", "criteria_scores": "score", "attendance": "members",
}


def heading_of(key: str) -> str:
    found = _HEADINGS.get(key, "")
    extra = {"approval": _("Application"), "training_id": _("Training"),
             "token_id": _("Token"), "blackout_id": _("Closure")}
    return extra.get(found) or (field_labels().get(found) if found else None) or _("Which")


def value_hint(key: str) -> str:
    return _VALUES.get(key, key)
