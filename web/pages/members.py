"""The member directory and a member's profile (the profile editor, /me, is profile_editor.py;
the coordinator's students page, coordinator.py; their routes are listed here too).

/members searches as you type (htmx swaps the results list; the same URL with query parameters
works without JavaScript). A profile shows what the member offers; contact details only to the
member themselves, to members on a project with them, and to members they accepted contact
with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import NotFound
from domain.member import Member
from domain.permissions import Action, allowed
from domain.personal_data import ERASED
from domain.vocabulary import ReportKind
from projections.projector.sql import Tx
from projections.views.directory import Directory
from projections.views.project_queries import VISIBLE
from projections.views.projects import Projects
from projections.views.trainings import Trainings
from web.auth import may, member_exists, owns
from web.display.labels import member_role_labels as role_labels
from web.display.vocabulary import SKILL, in_sentence, key_of
from web.forms import Form, attempt, text, uuid_or_none
from web.i18n import gettext_ as _
from web.pages import coordinator, profile_editor
from web.pages.common import Req, app_of, caught_up, me, page, read, wants_fragment
from web.pages.follow_common import follow_button
from web.pages.member_common import live_member, university_name

PAGE_SIZE = 24


def _projects_of(tx: Tx, member_id: UUID) -> set[UUID]:
    return {p.project_id for p in Projects.directed_by(tx, member_id)} | {
        p.project_id for p in Projects.crewed_by(tx, member_id)
    }


def sees_contact_details(tx: Tx, viewer: UUID | None, member: Member) -> bool:
    """SPEC: contact details only for the member, members on a project with them, and members
    they accepted contact with."""
    if viewer is None:
        return False
    if viewer == member.id or viewer in member.contacts:
        return True
    return bool(_projects_of(tx, viewer) & _projects_of(tx, member.id))


# -- the directory ---------------------------------------------------------------------------


def _directory_context(
    request: Req, q: str, role: str, university: str, skill: str, number: int
) -> dict[str, Any]:
    university_id = uuid_or_none(university) if university else None
    chosen_role = role if role in role_labels() else ""
    skill = key_of(SKILL, skill[:80]).lower()  # "촬영" or "Cinematography" reads "cinematography"
    with read(request) as tx:
        universities = Directory.universities(tx)
        found = Directory.search(
            tx,
            q.strip()[:100],
            role=chosen_role or None,
            university_id=university_id,
            skill=skill or None,
            limit=PAGE_SIZE + 1,
            offset=(number - 1) * PAGE_SIZE,
        )
        cards = found[:PAGE_SIZE]
        certified = Trainings.certified(tx, [c.member_id for c in cards])
    filters = {
        "q": q,
        "role": chosen_role,
        "university": university_id.hex if university_id else "",
        "skill": skill,
    }
    query = urlencode({k: v for k, v in filters.items() if v})
    return {
        "cards": cards,
        "certified": certified,
        "universities": universities,
        "university_names": {u.university_id: university_name(u) for u in universities},
        "filters": filters,
        "query": query,
        "page_number": number,
        "has_next": len(found) > PAGE_SIZE,
        "roles": role_labels(),
        "signed_in": me(request) is not None,
    }


@get("/members", name="members", sync_to_thread=True, include_in_schema=False)
def directory(
    request: Req,
    q: str = "",
    role: str = "",
    university: str = "",
    skill: str = "",
    number: Annotated[int, Parameter(query="page", ge=1, le=10_000)] = 1,
) -> Template:
    return page(
        request,
        "members/_results.html",
        "members/index.html",
        _directory_context(request, q, role, university, skill, number),
    )


# -- a profile -------------------------------------------------------------------------------


def _profile_context(
    request: Req,
    member_id: UUID,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    app = app_of(request)
    viewer = me(request)
    member = live_member(app, member_id)
    viewer_member = app.member(viewer) if viewer else None
    with read(request) as tx:
        card = Directory.member(tx, member_id)
        if card is None or card.name == ERASED:
            raise NotFound(_("This member's account has been erased."))
        universities = {u.university_id: u for u in Directory.universities(tx)}
        skills = Trainings.skills(tx, member_id)
        mine = {
            s.skill
            for s in skills
            if viewer
            and s.claimed_level is not None
            and viewer in Trainings.endorsers(tx, member_id, s.skill)
        }
        credits = Trainings.credits(tx, member_id)
        own = viewer == member_id
        directed = [p for p in Projects.directed_by(tx, member_id) if own or p.status in VISIBLE]
        crewed = [p for p in Projects.crewed_by(tx, member_id) if p.status in VISIBLE]
        contact = sees_contact_details(tx, viewer, member)
        follow = follow_button(tx, viewer, member_id)
    viewer_roles = viewer_member.roles if viewer_member else frozenset()
    blocked = viewer is not None and not own and member_id in app.blocked_members(Context(viewer))
    i_accept = viewer_member is not None and member_id in viewer_member.contacts
    they_accept = viewer is not None and viewer in member.contacts
    return {
        "card": card,
        "member": member,
        "own": own,
        "viewer": viewer,
        "university": university_name(universities.get(card.university_id))
        if card.university_id
        else "",
        "skills": skills,
        "endorsed": mine,
        "credits": credits,
        "directed": directed,
        "crewed": crewed,
        "contact": contact,
        "follow": follow,
        "roles": role_labels(),
        "can_endorse": viewer is not None
        and not own
        and allowed(viewer_roles, Action.ENDORSE_SKILL),
        "can_report": viewer is not None
        and not own
        and allowed(viewer_roles, Action.REPORT_MEMBER),
        "i_accept": i_accept,
        "they_accept": they_accept,
        "blocked": blocked,
        "blocked_by_them": viewer is not None
        and not own
        and not blocked
        and app.is_blocked(viewer, member_id),
        "report_kinds": report_kinds(),
        "errors": errors or {},
        "values": values or {},
        "notice": notice,
        "today": app.clock.now().date(),
    }


def report_kinds() -> list[tuple[str, str]]:
    labels = {
        ReportKind.HARASSMENT: _("Harassment"),
        ReportKind.SPAM: _("Spam"),
        ReportKind.SCAM: _("Scam or fraud"),
        ReportKind.IMPERSONATION: _("Impersonation"),
        ReportKind.INAPPROPRIATE: _("Inappropriate content"),
        ReportKind.OTHER: _("Other"),
    }
    return [(kind.value, labels[kind]) for kind in ReportKind]


@get("/members/{member_id:uuid}", name="member", sync_to_thread=True, include_in_schema=False)
def profile(request: Req, member_id: UUID) -> Template:
    return page(
        request,
        "members/_profile.html",
        "members/profile.html",
        _profile_context(request, member_id),
    )


def _profile_action(
    request: Req,
    member_id: UUID,
    fragment: str,
    action: Callable[[], Any],
    notice: str,
    *,
    key: str = "actions",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response[Any]:
    """Run one command from the profile; htmx gets the section back, a browser the page."""
    errors = errors if errors is not None else {}
    status = 422
    if not errors:
        _done, status = attempt(action, errors, key)
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(f"/members/{member_id}", status_code=303)
        return Template(fragment, context=_profile_context(request, member_id, notice=notice))
    context = _profile_context(request, member_id, errors=errors, values=values)
    return page(request, fragment, "members/profile.html", context, status=status)


@post(
    "/members/{member_id:uuid}/contact",
    guards=[may(Action.EDIT_OWN_PROFILE), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def accept_contact(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request,
        member_id,
        "members/_actions.html",
        lambda: app_of(request).accept_contact(ctx, member_id),
        _("You accepted contact: this member can now see your email and phone."),
    )


@post(
    "/members/{member_id:uuid}/contact/withdraw",
    guards=[may(Action.EDIT_OWN_PROFILE), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_contact(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request,
        member_id,
        "members/_actions.html",
        lambda: app_of(request).withdraw_contact(ctx, member_id),
        _("You withdrew contact: this member no longer sees your contact details."),
    )


@post(
    "/members/{member_id:uuid}/block",
    guards=[owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def block(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request,
        member_id,
        "members/_actions.html",
        lambda: app_of(request).block_member(ctx, member_id),
        _("Blocked. Neither of you can write to or invite the other until you unblock."),
    )


@post(
    "/members/{member_id:uuid}/unblock",
    guards=[owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def unblock(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request,
        member_id,
        "members/_actions.html",
        lambda: app_of(request).unblock_member(ctx, member_id),
        _("Unblocked."),
    )


@post(
    "/members/{member_id:uuid}/report",
    guards=[may(Action.REPORT_MEMBER), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def report(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {"kind": text(data, "kind"), "reason": text(data, "reason")}
    errors: dict[str, str] = {}
    if values["kind"] not in {k.value for k in ReportKind}:
        errors["report_kind"] = _("Choose what the report is about.")
    if not values["reason"]:
        errors["report_reason"] = _("Say what happened, so that the staff can look into it.")
    elif len(values["reason"]) > 2000:
        errors["report_reason"] = _("Please keep it under 2,000 characters.")
    return _profile_action(
        request,
        member_id,
        "members/_actions.html",
        lambda: app_of(request).report_member(
            ctx, member_id, kind=values["kind"], reason=values["reason"]
        ),
        _(
            "Thank you. The centre's staff will look into your report; you will hear back in "
            "your inbox."
        ),
        key="report",
        values=values,
        errors=errors,
    )


@post(
    "/members/{member_id:uuid}/endorse",
    guards=[may(Action.ENDORSE_SKILL), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def endorse(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    skill = text(data, "skill")
    return _profile_action(
        request,
        member_id,
        "members/_skills.html",
        lambda: app_of(request).endorse_skill(ctx, member_id, skill),
        _("You endorse %(skill)s.", skill=in_sentence(SKILL, skill)),
        key="skills",
    )


@post(
    "/members/{member_id:uuid}/endorse/withdraw",
    guards=[may(Action.ENDORSE_SKILL), owns(member_exists)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def unendorse(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    skill = text(data, "skill")
    return _profile_action(
        request,
        member_id,
        "members/_skills.html",
        lambda: app_of(request).withdraw_endorsement(ctx, member_id, skill),
        _("You no longer endorse %(skill)s.", skill=in_sentence(SKILL, skill)),
        key="skills",
    )


ROUTES = [
    directory,
    profile,
    accept_contact,
    withdraw_contact,
    block,
    unblock,
    report,
    endorse,
    unendorse,
    *profile_editor.ROUTES,
    *coordinator.ROUTES,
]
