"""Way-finding: where a new member starts. Sign-up lands on the first-steps page, which leads by
role to what makes the centre work for them (crew: skills and the days they are away; a
director: a first project, then its pitch; a partner: the organisation, then its verification),
each step ticked off once it is done. Also the address browsers ask for a site's icon at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import get
from litestar.response import Redirect, Template

from domain.vocabulary import Role
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.projects import Projects
from web.auth import signed_in
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, me, page, read


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    href: str
    action: str  # the link's words
    done: bool


def _crew_steps(skills: bool, away: bool, engaged: bool) -> list[Step]:
    return [
        Step(
            _("Add your skills"),
            _("Directors find crew by skill; say how good you are at each, from 1 to 5."),
            "/me#me-skills",
            _("Add skills"),
            skills,
        ),
        Step(
            _("Mark the days you are away"),
            _("Recommendations then leave you out of shoots you could not join."),
            "/me#me-availability",
            _("Set your availability"),
            away,
        ),
        Step(
            _("Apply for a role"),
            _("Pitched projects with open roles are on the board; directors may also invite you."),
            "/projects?open=1",
            _("Browse open roles"),
            engaged,
        ),
    ]


def _director_steps(projects: list[Any]) -> list[Step]:
    drafts = [p for p in projects if p.status == "draft"]
    pitched = any(p.status != "draft" for p in projects)
    return [
        Step(
            _("Draft your first project"),
            _("Title, logline, shoot dates and budget. Nothing is public until you pitch."),
            "/projects/new",
            _("Draft a project"),
            bool(projects),
        ),
        Step(
            _("Add crew roles and pitch it"),
            _(
                "Pitching makes the project visible: crew can apply, and its page recommends "
                "crew for each role."
            ),
            f"/projects/{drafts[0].project_id}/edit" if drafts and not pitched else "/my/projects",
            _("Open my projects"),
            pitched,
        ),
    ]


def _partner_steps(partner: Any) -> list[Step]:
    verified = partner is not None and partner.status == "verified"
    return [
        Step(
            _("Register your organisation"),
            _(
                "A studio, production company, distributor or streamer: tell the centre who "
                "you are."
            ),
            "/partner",
            _("Register the organisation"),
            partner is not None,
        ),
        Step(
            _("Wait for the centre's verification"),
            _(
                "Once verified, you can scout projects, post opportunities and decide on "
                "submissions."
            ),
            "/scout" if verified else "/partner",
            _("Go to scouting") if verified else _("See where it stands"),
            verified,
        ),
    ]


def first_steps(request: Req) -> dict[str, Any]:
    """The signed-in member's first steps, by role, read from the views (and from the
    member's own record for what no view holds: the bio and the days away)."""
    member_id = me(request)
    if member_id is None:
        return {"steps": [], "name": ""}
    app = app_of(request)
    member = app.member(member_id)
    roles = member.roles
    steps: list[Step] = []
    with read(request) as tx:
        card = Directory.member(tx, member_id)
        if Role.CREW in roles:
            engaged = bool(Projects.pipeline(tx, member_id=member_id))
            steps += _crew_steps(bool(card and card.skills), bool(member.unavailable), engaged)
        if Role.DIRECTOR in roles:
            steps += _director_steps(Projects.directed_by(tx, member_id))
        if Role.PARTNER in roles:
            steps += _partner_steps(Bridge.partner_of(tx, member_id))
    steps += [
        Step(
            _("Say who you are"),
            _("A line about your work and the city you work in, on your profile."),
            "/me#me-profile",
            _("Edit my profile"),
            bool(member.bio or member.city),
        ),
        Step(
            _("Confirm your email address"),
            _("So that invitations, decisions and password resets reach you."),
            "/me/account#account-email",
            _("Confirm the address"),
            app.email_verified(member_id),
        ),
    ]
    return {"steps": steps, "name": member.name, "done": sum(s.done for s in steps)}


@get(
    "/welcome", name="first_steps", guards=[signed_in], sync_to_thread=True, include_in_schema=False
)
def welcome(request: Req) -> Template:
    """First steps after sign-up; any time later too (linked from the member's profile)."""
    return page(request, "auth/_first_steps.html", "auth/first_steps.html", first_steps(request))


@get("/favicon.ico", sync_to_thread=False, include_in_schema=False)
def favicon() -> Redirect:
    """Browsers that ask before reading the page's icon link get the SVG icon."""
    return Redirect("/static/favicon.svg", status_code=301)


ROUTES = [welcome, favicon]
