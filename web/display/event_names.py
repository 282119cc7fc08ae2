"""What the audit timeline calls each event of the domain, in the reader's language.

Keyed by the event's class as the log names it ("Project.CrewHired"): the same class name means
different things on different aggregates ("Opened" is an account opened, a fund opened, a
waitlist opened), so each aggregate's events are named here, as an auditor would say them.
tests/web/test_event_names.py fails when an event class of the domain has no name here.
"""

from __future__ import annotations

from functools import cache

from web.i18n import gettext_ as _
from web.i18n import speaking

# Every aggregate class also carries the library's own `Created` and `Event` classes (the bases
# of its events); Film House creates with its own past-tense events, so these are named once.
GENERIC = ("Created", "Event")


def event_names() -> dict[str, str]:
    """Every event's name in the current language, by "Aggregate.EventClass"."""
    record_opened = _("Record opened")
    return {
        "Account.Opened": _("Account opened"),
        "Account.EmailVerified": _("Email address verified"),
        "Account.TokenIssued": _("API token issued"),
        "Account.TokenRevoked": _("API token revoked"),
        "AccountTicket.Issued": _("Account link issued"),
        "AccountTicket.Redeemed": _("Account link used"),
        "ApiToken.Issued": _("API token issued"),
        "ApiToken.Revoked": _("API token revoked"),
        "Blocklist.Opened": record_opened,
        "Blocklist.Added": _("Member blocked"),
        "Blocklist.Removed": _("Member unblocked"),
        "Booking.Made": _("Booking made"),
        "Booking.Requested": _("Booking requested"),
        "Booking.Approved": _("Booking approved"),
        "Booking.Refused": _("Booking refused"),
        "Booking.Cancelled": _("Booking cancelled"),
        "Booking.CheckedIn": _("Member checked in"),
        "Booking.ReleasedAsNoShow": _("Released as a no-show"),
        "Certifications.Opened": record_opened,
        "Certifications.SkillCertified": _("Skill certified"),
        "Commitments.Opened": record_opened,
        "Commitments.Engaged": _("Engaged on a project"),
        "Commitments.Released": _("Released from a project"),
        "Conversation.Opened": _("Conversation opened"),
        "Conversation.MessageSent": _("Message sent"),
        "Conversation.Blocked": _("Member blocked"),
        "Conversation.Unblocked": _("Member unblocked"),
        "Credits.Opened": record_opened,
        "Credits.CreditVerified": _("Credit verified"),
        "CrewApplication.Submitted": _("Applied for the role"),
        "CrewApplication.Resubmitted": _("Applied for the role again"),
        "CrewApplication.Accepted": _("Applicant hired"),
        "CrewApplication.Rejected": _("Applicant not taken"),
        "CrewApplication.Withdrawn": _("Application withdrawn"),
        "DeskMonth.Opened": _("Month opened"),
        "DeskMonth.DeskLet": _("Desk let"),
        "DeskMonth.DeskFreed": _("Desk freed"),
        "DeskMonth.DeskHeld": _("Desk held for the waitlist"),
        "DeskMonth.DeskHoldReleased": _("Desk hold released"),
        "DeskMonth.HeldDeskLet": _("Held desk let"),
        "EmailIndex.Claimed": _("Email address claimed"),
        "Endorsement.Given": _("Endorsement given"),
        "Endorsement.Withdrawn": _("Endorsement withdrawn"),
        "Endorsement.Renewed": _("Endorsement renewed"),
        "Follow.Started": _("Started following a director"),
        "Follow.Stopped": _("Stopped following a director"),
        "Follow.Resumed": _("Following a director again"),
        "Fund.Opened": _("Fund opened"),
        "Fund.Committed": _("Amount committed"),
        "Fund.Released": _("Commitment released"),
        "Fund.Disbursed": _("Paid out from the fund"),
        "Fund.Closed": _("Fund closed"),
        "InboxMarks.Opened": record_opened,
        "InboxMarks.ItemsRead": _("Notifications read"),
        "InboxMarks.AllRead": _("All notifications read"),
        "Invitation.Sent": _("Invitation sent"),
        "Invitation.Renewed": _("Invitation renewed"),
        "Invitation.Accepted": _("Invitation accepted"),
        "Invitation.Declined": _("Invitation declined"),
        "Invitation.Withdrawn": _("Invitation withdrawn"),
        "Member.Registered": _("Member registered"),
        "Member.RoleGranted": _("Role granted"),
        "Member.RoleRevoked": _("Role revoked"),
        "Member.AffiliationVerified": _("Affiliation verified"),
        "Member.AffiliationRevoked": _("Affiliation revoked"),
        "Member.RegistryCheckRecorded": _("Film registry check recorded"),
        "Member.ProfileUpdated": _("Profile updated"),
        "Member.SkillClaimed": _("Skill claimed"),
        "Member.CreditClaimed": _("Credit claimed"),
        "Member.AvailabilityChanged": _("Availability changed"),
        "Member.WorkTermsStated": _("Day rate and genres stated"),
        "Member.ContactAccepted": _("Contact accepted"),
        "Member.ContactWithdrawn": _("Contact withdrawn"),
        "Member.PasswordChanged": _("Password changed"),
        "Member.Erased": _("Personal data erased"),
        "MemberWeek.Opened": _("Week opened"),
        "MemberWeek.HoursReserved": _("Hours taken from the quota"),
        "MemberWeek.HoursReturned": _("Hours returned to the quota"),
        "MemberWeek.QuotaReduced": _("Weekly quota reduced"),
        "MemberWeek.QuotaRestored": _("Weekly quota restored"),
        "Opportunity.Posted": _("Opportunity posted"),
        "Opportunity.SubmissionReceived": _("Submission received"),
        "Opportunity.Closed": _("Opportunity closed"),
        "Opportunity.Reopened": _("Opportunity reopened"),
        "Opportunity.TakenDown": _("Taken down by the centre"),
        "Outbox.MailQueued": _("Mail queued"),
        "Outbox.MailSent": _("Mail sent"),
        "Outbox.MailFailed": _("Mail delivery failed"),
        "Outbox.MailDropped": _("Mail dropped"),
        "Partner.Registered": _("Partner registered"),
        "Partner.Resubmitted": _("Registration resubmitted"),
        "Partner.Verified": _("Partner verified"),
        "Partner.Rejected": _("Registration rejected"),
        "Partner.Suspended": _("Partner suspended"),
        "Partner.CallPosted": _("Call posted by the partner"),
        "Partner.InterestRegistered": _("Interest shown in a project"),
        "Partner.InterestWithdrawn": _("Interest withdrawn"),
        "Partner.DirectorFollowed": _("Director followed"),
        "Partner.DirectorUnfollowed": _("Director unfollowed"),
        "Partner.ProfileStated": _("Partner profile stated"),
        "Project.Drafted": _("Project drafted"),
        "Project.DetailsRevised": _("Details revised"),
        "Project.RoleAdded": _("Role added"),
        "Project.RoleChanged": _("Role changed"),
        "Project.RoleRemoved": _("Role removed"),
        "Project.Pitched": _("Project pitched"),
        "Project.CrewingStarted": _("Crewing started"),
        "Project.ProductionStarted": _("Production started"),
        "Project.Wrapped": _("Project wrapped"),
        "Project.Cancelled": _("Project cancelled"),
        "Project.CrewHired": _("Crew hired"),
        "Project.HireReleased": _("Hire released"),
        "Project.PitchDeckAttached": _("Pitch deck attached"),
        "Project.StillAttached": _("Still attached"),
        "Project.StillRemoved": _("Still removed"),
        "Report.Filed": _("Report filed"),
        "Report.Resolved": _("Report resolved"),
        "Representation.Appointed": _("Representative appointed"),
        "Representation.Moved": _("Representative moved to another partner"),
        "SavedSearch.Saved": _("Search saved"),
        "SealRecord.Taken": _("Seal of the log taken"),
        "SavedSearch.Deleted": _("Search deleted"),
        "Strike.Recorded": _("Strike recorded"),
        "Strike.Appealed": _("Strike appealed"),
        "Strike.Upheld": _("Strike upheld"),
        "Strike.Overturned": _("Strike overturned"),
        "Submission.Submitted": _("Project submitted"),
        "Submission.Shortlisted": _("Shortlisted"),
        "Submission.MeetingRequested": _("Meeting requested"),
        "Submission.DealSigned": _("Deal signed"),
        "Submission.Passed": _("Passed"),
        "Submission.Withdrawn": _("Submission withdrawn"),
        "SubsidyApplication.Started": _("Application started"),
        "SubsidyApplication.DraftEdited": _("Draft edited"),
        "SubsidyApplication.Submitted": _("Application submitted"),
        "SubsidyApplication.Revised": _("Application revised"),
        "SubsidyApplication.ReviewerAssigned": _("Reviewer assigned"),
        "SubsidyApplication.ConflictDeclared": _("Conflict of interest declared"),
        "SubsidyApplication.Reviewed": _("Review recorded"),
        "SubsidyApplication.Approved": _("Subsidy approved"),
        "SubsidyApplication.Rejected": _("Application rejected"),
        "SubsidyApplication.Disbursed": _("Subsidy paid out"),
        "SubsidyApplication.FinalReportSubmitted": _("Final report submitted"),
        "Training.Scheduled": _("Training scheduled"),
        "Training.CapacityChanged": _("Seats changed"),
        "Training.Cancelled": _("Training cancelled"),
        "Training.Enrolled": _("Member enrolled"),
        "Training.Waitlisted": _("Member waitlisted"),
        "Training.PromotedFromWaitlist": _("Moved up from the waitlist"),
        "Training.Withdrawn": _("Member withdrew"),
        "Training.LeftWaitlist": _("Left the waitlist"),
        "Training.AttendanceRecorded": _("Attendance recorded"),
        "Training.Completed": _("Training completed"),
        "University.Joined": _("University joined the network"),
        "UniversityWeek.Opened": _("Week opened"),
        "UniversityWeek.HoursReserved": _("Hours taken from the quota"),
        "UniversityWeek.HoursReturned": _("Hours returned to the quota"),
        "Waitlist.Opened": _("Waitlist opened"),
        "Waitlist.Joined": _("Joined the waitlist"),
        "Waitlist.Left": _("Left the waitlist"),
        "Waitlist.Lapsed": _("Waiting lapsed"),
        "Waitlist.Offered": _("Place offered"),
        "Waitlist.OfferAccepted": _("Offer accepted"),
        "Waitlist.OfferDeclined": _("Offer declined"),
        "Waitlist.OfferExpired": _("Offer expired"),
        "WaitlistTicket.Issued": _("Waitlist ticket issued"),
        "Workspace.Added": _("Workspace added"),
        "Workspace.Changed": _("Workspace details changed"),
        "Workspace.BlackoutAdded": _("Blackout added"),
        "Workspace.BlackoutRemoved": _("Blackout removed"),
        "Workspace.Retired": _("Workspace retired"),
        "WorkspaceCatalogue.Opened": record_opened,
        "WorkspaceCatalogue.Listed": _("Workspace listed"),
        "WorkspaceCatalogue.Renamed": _("Workspace renamed"),
        "WorkspaceDay.Opened": _("Day opened"),
        "WorkspaceDay.SlotBooked": _("Slot booked"),
        "WorkspaceDay.SlotFreed": _("Slot freed"),
        "WorkspaceDay.SlotHeld": _("Slot held for the waitlist"),
        "WorkspaceDay.HoldReleased": _("Hold released"),
        "WorkspaceDay.HoldBooked": _("Held slot booked"),
    }


def generic_names() -> dict[str, str]:
    return {"Created": _("Record created"), "Event": _("Record changed")}


@cache
def _names_in(language: str) -> dict[str, str]:
    with speaking(language):
        return {**{f"*.{k}": v for k, v in generic_names().items()}, **event_names()}


def event_name(kind: str, language: str) -> str:
    """The name of an event type ("Project.CrewHired") in `language`; an event of a class no
    longer in the domain reads as its class name in words."""
    names = _names_in(language)
    found = names.get(kind) or names.get("*." + kind.rsplit(".", 1)[-1])
    if found is not None:
        return found
    name = kind.rsplit(".", 1)[-1]
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
    return spaced[:1].upper() + spaced[1:]
