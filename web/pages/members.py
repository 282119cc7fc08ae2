"""The member directory, a member's profile, the profile editor (/me) and the coordinator's
students page.

/members searches as you type (htmx swaps the results list; the same URL with query parameters
works without JavaScript). A profile shows what the member offers; contact details only to the
member themselves, to members on a project with them, and to members they accepted contact
with. /me edits one section at a time: each form posts to its own URL and, for htmx, gets its
section back (with inline errors), else a redirect to /me.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, Forbidden, NotFound
from domain.filmhouse import FilmHouse
from domain.member import Member
from domain.permissions import Action, allowed
from domain.personal_data import ERASED
from domain.vocabulary import ReportKind, Role
from projections.projector.sql import Tx
from projections.views.directory import Directory, MemberCard, UniversityRow
from projections.views.projects import VISIBLE, Projects
from projections.views.trainings import Trainings
from web.auth import may, member_exists, owns, signed_in
from web.display.labels import member_role_labels as role_labels
from web.display.refusals import said
from web.display.vocabulary import ROLE, SKILL, in_sentence, key_of
from web.errors import status_of
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, me, page, read, wants_fragment

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Req = Request[Any, Any, Any]
PAGE_SIZE = 24
STUDENTS_PAGE = 100
LEVELS = (1, 2, 3, 4, 5)


# -- helpers (account.py uses them too) ------------------------------------------------------


def signed_in_member(request: Req) -> UUID:
    member_id = me(request)
    if member_id is None:
        raise Forbidden(_("Sign in first."))
    return member_id


def back(request: Req, target: str) -> Response[Any]:
    """After a successful form without htmx: to `target` (htmx follows a client redirect)."""
    if wants_fragment(request):
        return ClientRedirect(redirect_to=target)
    return Redirect(target, status_code=303)


def field(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def attempt(action: Callable[[], Any], errors: dict[str, str], key: str) -> tuple[Any, int]:
    """Run one command; a refusal goes into `errors[key]`, with the status it maps to."""
    try:
        return action(), 200
    except DomainError as error:
        errors[key] = said(error)
        return None, status_of(error)




def uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def day_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def university_name(row: UniversityRow | None) -> str:
    if row is None:
        return ""
    return row.name_ko if current_language() == "ko" else row.name


def _certified(tx: Tx, member_ids: list[UUID]) -> dict[UUID, set[str]]:
    """The skills each of these members is certified in (by a completed training)."""
    if not member_ids:
        return {}
    marks = ", ".join("?" for _ in member_ids)
    rows = tx.execute(f"SELECT member_id, skill FROM tr_certificates WHERE member_id IN ({marks})",
                      [m.hex for m in member_ids]).fetchall()
    found: dict[UUID, set[str]] = {}
    for member_hex, skill in rows:
        found.setdefault(UUID(member_hex), set()).add(skill)
    return found


def _projects_of(tx: Tx, member_id: UUID) -> set[UUID]:
    return {p.project_id for p in Projects.directed_by(tx, member_id)} | {
        p.project_id for p in Projects.crewed_by(tx, member_id)}


def sees_contact_details(tx: Tx, viewer: UUID | None, member: Member) -> bool:
    """SPEC: contact details only for the member, members on a project with them, and members
    they accepted contact with."""
    if viewer is None:
        return False
    if viewer == member.id or viewer in member.contacts:
        return True
    return bool(_projects_of(tx, viewer) & _projects_of(tx, member.id))


def live_member(app: FilmHouse, member_id: UUID) -> Member:
    member = app.member(member_id)
    if member.erased:
        raise NotFound(_("This member's account has been erased."))
    return member


# -- the directory ---------------------------------------------------------------------------


def _directory_context(request: Req, q: str, role: str, university: str, skill: str,
                       number: int) -> dict[str, Any]:
    university_id = uuid_or_none(university) if university else None
    chosen_role = role if role in role_labels() else ""
    skill = key_of(SKILL, skill[:80]).lower()  # "촬영" or "Cinematography" reads "cinematography"
    with read(request) as tx:
        universities = Directory.universities(tx)
        found = Directory.search(tx, q.strip()[:100], role=chosen_role or None,
                                 university_id=university_id,
                                 skill=skill or None,
                                 limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE)
        cards = found[:PAGE_SIZE]
        certified = _certified(tx, [c.member_id for c in cards])
    filters = {"q": q, "role": chosen_role, "university": university_id.hex
               if university_id else "", "skill": skill}
    query = urlencode({k: v for k, v in filters.items() if v})
    return {
        "cards": cards, "certified": certified, "universities": universities,
        "university_names": {u.university_id: university_name(u) for u in universities},
        "filters": filters, "query": query, "page_number": number,
        "has_next": len(found) > PAGE_SIZE, "roles": role_labels(),
        "signed_in": me(request) is not None,
    }


@get("/members", name="members", sync_to_thread=True, include_in_schema=False)
def directory(request: Req, q: str = "", role: str = "", university: str = "", skill: str = "",
              number: Annotated[int, Parameter(query="page", ge=1, le=10_000)] = 1) -> Template:
    return page(request, "members/_results.html", "members/index.html",
                _directory_context(request, q, role, university, skill, number))


# -- a profile -------------------------------------------------------------------------------


def _profile_context(request: Req, member_id: UUID, *, errors: dict[str, str] | None = None,
                     values: dict[str, str] | None = None, notice: str = "") -> dict[str, Any]:
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
        mine = {s.skill for s in skills if viewer and s.claimed_level is not None
                and viewer in Trainings.endorsers(tx, member_id, s.skill)}
        credits = Trainings.credits(tx, member_id)
        own = viewer == member_id
        directed = [p for p in Projects.directed_by(tx, member_id) if own or p.status in VISIBLE]
        crewed = [p for p in Projects.crewed_by(tx, member_id) if p.status in VISIBLE]
        contact = sees_contact_details(tx, viewer, member)
    viewer_roles = viewer_member.roles if viewer_member else frozenset()
    blocked = viewer is not None and not own and member_id in app.blocked_members(Context(viewer))
    i_accept = viewer_member is not None and member_id in viewer_member.contacts
    they_accept = viewer is not None and viewer in member.contacts
    return {
        "card": card, "member": member, "own": own, "viewer": viewer,
        "university": university_name(universities.get(card.university_id))
        if card.university_id else "",
        "skills": skills, "endorsed": mine, "credits": credits, "directed": directed,
        "crewed": crewed, "contact": contact, "roles": role_labels(),
        "can_endorse": viewer is not None and not own
        and allowed(viewer_roles, Action.ENDORSE_SKILL),
        "can_report": viewer is not None and not own
        and allowed(viewer_roles, Action.REPORT_MEMBER),
        "i_accept": i_accept, "they_accept": they_accept, "blocked": blocked,
        "blocked_by_them": viewer is not None and not own and not blocked
        and app.is_blocked(viewer, member_id),
        "report_kinds": report_kinds(), "errors": errors or {}, "values": values or {},
        "notice": notice, "today": app.clock.now().date(),
    }


def report_kinds() -> list[tuple[str, str]]:
    labels = {ReportKind.HARASSMENT: _("Harassment"), ReportKind.SPAM: _("Spam"),
              ReportKind.SCAM: _("Scam or fraud"), ReportKind.IMPERSONATION: _("Impersonation"),
              ReportKind.INAPPROPRIATE: _("Inappropriate content"), ReportKind.OTHER: _("Other")}
    return [(kind.value, labels[kind]) for kind in ReportKind]


@get("/members/{member_id:uuid}", name="member", sync_to_thread=True, include_in_schema=False)
def profile(request: Req, member_id: UUID) -> Template:
    return page(request, "members/_profile.html", "members/profile.html",
                _profile_context(request, member_id))


def _profile_action(request: Req, member_id: UUID, fragment: str,
                    action: Callable[[], Any], notice: str, *, key: str = "actions",
                    values: dict[str, str] | None = None,
                    errors: dict[str, str] | None = None) -> Response[Any]:
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


@post("/members/{member_id:uuid}/contact", guards=[may(Action.EDIT_OWN_PROFILE),
                                                   owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def accept_contact(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request, member_id, "members/_actions.html",
        lambda: app_of(request).accept_contact(ctx, member_id),
        _("You accepted contact: this member can now see your email and phone."))


@post("/members/{member_id:uuid}/contact/withdraw",
      guards=[may(Action.EDIT_OWN_PROFILE), owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_contact(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request, member_id, "members/_actions.html",
        lambda: app_of(request).withdraw_contact(ctx, member_id),
        _("You withdrew contact: this member no longer sees your contact details."))


@post("/members/{member_id:uuid}/block", guards=[owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def block(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request, member_id, "members/_actions.html",
        lambda: app_of(request).block_member(ctx, member_id),
        _("Blocked. Neither of you can write to or invite the other until you unblock."))


@post("/members/{member_id:uuid}/unblock", guards=[owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def unblock(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _profile_action(
        request, member_id, "members/_actions.html",
        lambda: app_of(request).unblock_member(ctx, member_id), _("Unblocked."))


@post("/members/{member_id:uuid}/report", guards=[may(Action.REPORT_MEMBER),
                                                  owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def report(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    values = {"kind": field(data, "kind"), "reason": field(data, "reason")}
    errors: dict[str, str] = {}
    if values["kind"] not in {k.value for k in ReportKind}:
        errors["report_kind"] = _("Choose what the report is about.")
    if not values["reason"]:
        errors["report_reason"] = _("Say what happened, so that the staff can look into it.")
    elif len(values["reason"]) > 2000:
        errors["report_reason"] = _("Please keep it under 2,000 characters.")
    return _profile_action(
        request, member_id, "members/_actions.html",
        lambda: app_of(request).report_member(ctx, member_id, kind=values["kind"],
                                              reason=values["reason"]),
        _("Thank you. The centre's staff will look into your report; you will hear back in "
          "your inbox."), key="report", values=values, errors=errors)


@post("/members/{member_id:uuid}/endorse", guards=[may(Action.ENDORSE_SKILL),
                                                   owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def endorse(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    skill = field(data, "skill")
    return _profile_action(
        request, member_id, "members/_skills.html",
        lambda: app_of(request).endorse_skill(ctx, member_id, skill),
        _("You endorse %(skill)s.", skill=in_sentence(SKILL, skill)), key="skills")


@post("/members/{member_id:uuid}/endorse/withdraw", guards=[may(Action.ENDORSE_SKILL),
                                                            owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def unendorse(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    skill = field(data, "skill")
    return _profile_action(
        request, member_id, "members/_skills.html",
        lambda: app_of(request).withdraw_endorsement(ctx, member_id, skill),
        _("You no longer endorse %(skill)s.", skill=in_sentence(SKILL, skill)), key="skills")


# -- the profile editor ----------------------------------------------------------------------

SECTIONS = ("profile", "skills", "credits", "availability", "contacts")


def _profile_values(member: Member) -> dict[str, str]:
    return {"name": member.name, "bio": member.bio, "phone": member.phone, "city": member.city,
            "languages": ",".join(member.languages), "portfolio": "\n".join(member.portfolio)}


def _editor_context(request: Req, *, section: str = "", errors: dict[str, str] | None = None,
                    values: dict[str, str] | None = None, notice: str = "") -> dict[str, Any]:
    member_id = signed_in_member(request)
    app = app_of(request)
    member = live_member(app, member_id)
    with read(request) as tx:
        card = Directory.member(tx, member_id)
        universities = {u.university_id: u for u in Directory.universities(tx)}
        skills = Trainings.skills(tx, member_id)
        credits = Trainings.credits(tx, member_id)
        contacts = Directory.names(tx, member.contacts)
    today = app.clock.now().date()
    blank: dict[str, dict[str, str]] = {
        "profile": _profile_values(member), "skills": {"skill": "", "level": "3"},
        "credits": {"title": "", "year": str(today.year), "role": "", "link": ""},
        "availability": {"start": "", "end": ""}, "contacts": {}}
    all_values = {**blank, **({section: values} if values is not None else {})}
    return {
        "member": member, "card": card, "skills": skills, "credits": credits,
        "university": university_name(universities.get(member.university_id))
        if member.university_id else "",
        "contacts": sorted(contacts.items(), key=lambda item: (item[1], item[0].hex)),
        "periods": member.unavailable, "today": today, "levels": LEVELS,
        "roles": role_labels(), "values": all_values,
        "errors": {s: (errors or {}) if s == section else {} for s in SECTIONS},
        "notices": {s: notice if s == section else "" for s in SECTIONS},
    }


@get("/me", name="me", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def editor(request: Req) -> Template:
    return page(request, "members/_editor.html", "members/me.html", _editor_context(request))


def _edited(request: Req, section: str, action: Callable[[], Any], notice: str,
            values: dict[str, str], errors: dict[str, str],
            error_field: Callable[[str], str] | None = None) -> Response[Any]:
    """Run one command of the editor; htmx gets the section back, a browser /me."""
    status = 422
    if not errors:
        try:
            action()
            status = 200
        except DomainError as error:
            key = error_field(error.message) if error_field else "form"
            errors[key] = said(error)
            status = status_of(error)
    fragment = f"members/_me_{section}.html"
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(f"/me#me-{section}", status_code=303)
        return Template(fragment, context=_editor_context(request, section=section,
                                                          notice=notice))
    return page(request, fragment, "members/me.html",
                _editor_context(request, section=section, errors=errors, values=values),
                status=status)


def _profile_field(message: str) -> str:
    first = message.split(" ", 1)[0]
    if message.startswith("portfolio"):
        return "portfolio"
    return first if first in ("name", "bio", "phone", "city", "languages") else "form"


@post("/me/profile", guards=[may(Action.EDIT_OWN_PROFILE)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def save_profile(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: field(data, k) for k in ("name", "bio", "phone", "city")}
    chosen = data.get("languages", [])  # ISO codes from the checkboxes (or names, typed)
    languages = [chosen] if isinstance(chosen, str) else [str(c) for c in chosen]
    values["languages"] = ",".join(languages)
    values["portfolio"] = str(data.get("portfolio", "") if not isinstance(
        data.get("portfolio"), list) else "\n".join(data["portfolio"])).strip()
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Please enter your name.")
    links = [line.strip() for line in values["portfolio"].splitlines() if line.strip()]
    if any(not link.startswith(("https://", "http://")) for link in links):
        errors["portfolio"] = _("Each link must start with https:// (one link per line).")
    elif len(links) > 20:
        errors["portfolio"] = _("At most 20 links.")
    return _edited(
        request, "profile",
        lambda: app_of(request).update_profile(
            ctx, name=values["name"], bio=values["bio"], phone=values["phone"],
            city=values["city"], languages=languages, portfolio=links),
        _("Your profile is saved."), values, errors, _profile_field)


@post("/me/skills", guards=[may(Action.EDIT_OWN_PROFILE)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def add_skill(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {"skill": key_of(SKILL, field(data, "skill")), "level": field(data, "level")}
    errors: dict[str, str] = {}
    if not values["skill"]:
        errors["skill"] = _("Name the skill, e.g. editing, sound design, AI previsualisation.")
    elif len(values["skill"]) > 80:
        errors["skill"] = _("Please keep the skill under 80 characters.")
    if values["level"] not in {str(n) for n in LEVELS}:
        errors["level"] = _("Choose a level from 1 to 5.")
    return _edited(
        request, "skills",
        lambda: app_of(request).claim_skill(ctx, skill=values["skill"],
                                            level=int(values["level"])),
        _("Skill saved: %(skill)s, level %(level)s.",
          skill=in_sentence(SKILL, values["skill"].lower()), level=values["level"]),
        values, errors, lambda _m: "skill")


@post("/me/credits", guards=[may(Action.EDIT_OWN_PROFILE)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def add_credit(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: field(data, k) for k in ("title", "year", "role", "link")}
    values["role"] = key_of(ROLE, values["role"])
    errors: dict[str, str] = {}
    this_year = app_of(request).clock.now().year
    if not values["title"]:
        errors["title"] = _("Enter the title of the work.")
    if not values["role"]:
        errors["role"] = _("Say what you did on it, e.g. editor or director.")
    year = int(values["year"]) if values["year"].isdigit() else 0
    if not 1900 <= year <= this_year + 1:
        errors["year"] = _("Enter a year between 1900 and %(last)s.", last=this_year + 1)
    if values["link"] and not values["link"].startswith(("https://", "http://")):
        errors["link"] = _("The link must start with https://")

    def which(message: str) -> str:
        first = message.split(" ", 1)[0]
        return first if first in ("title", "year", "role", "link") else "form"

    return _edited(
        request, "credits",
        lambda: app_of(request).claim_credit(ctx, title=values["title"], year=year,
                                             role=values["role"], link=values["link"]),
        _("Credit added. It shows as claimed until a production on the platform verifies it."),
        values, errors, which)


@post("/me/availability", guards=[may(Action.EDIT_OWN_PROFILE)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def add_unavailable(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {"start": field(data, "start"), "end": field(data, "end")}
    errors: dict[str, str] = {}
    start, end = day_or_none(values["start"]), day_or_none(values["end"])
    if start is None:
        errors["start"] = _("Enter the first day you are away.")
    if end is None:
        errors["end"] = _("Enter the last day you are away.")
    if start and end and end < start:
        errors["end"] = _("The last day comes before the first day.")
    member = live_member(app_of(request), signed_in_member(request))
    periods = list(member.unavailable)
    if start and end and (start, end) in periods:
        errors["start"] = _("That period is already in your calendar.")
    return _edited(
        request, "availability",
        lambda: app_of(request).set_unavailable(ctx, [*periods, (start, end)]),
        _("Saved: you are away from %(start)s to %(end)s.", start=values["start"],
          end=values["end"]), values, errors)


@post("/me/availability/remove", guards=[may(Action.EDIT_OWN_PROFILE)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def remove_unavailable(request: Req, data: Form, ctx: Context) -> Response[Any]:
    start, end = day_or_none(field(data, "start")), day_or_none(field(data, "end"))
    member = live_member(app_of(request), signed_in_member(request))
    periods = list(member.unavailable)
    errors: dict[str, str] = {}
    if start is None or end is None or (start, end) not in periods:
        errors["form"] = _("That period is not in your calendar any more; reload the page.")
    return _edited(
        request, "availability",
        lambda: app_of(request).set_unavailable(ctx, [p for p in periods if p != (start, end)]),
        _("Period removed: you are available again on those days."),
        {"start": "", "end": ""}, errors)


@post("/me/contacts/{member_id:uuid}/withdraw", guards=[may(Action.EDIT_OWN_PROFILE)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_consent(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _edited(
        request, "contacts", lambda: app_of(request).withdraw_contact(ctx, member_id),
        _("Withdrawn: that member no longer sees your contact details."), {}, {})


# -- the coordinator's students --------------------------------------------------------------


def _coordinator_context(request: Req, university: str = "", number: int = 1, *,
                         errors: dict[str, dict[str, str]] | None = None,
                         notice: str = "") -> dict[str, Any]:
    member_id = signed_in_member(request)
    coordinator = live_member(app_of(request), member_id)
    is_admin = Role.ADMIN in coordinator.roles
    chosen = coordinator.university_id
    if is_admin and university:
        chosen = uuid_or_none(university) or chosen
    with read(request) as tx:
        universities = Directory.universities(tx)
        students: list[MemberCard] = []
        if chosen is not None:
            students = [c for c in Directory.search(
                tx, university_id=chosen, limit=STUDENTS_PAGE + 1,
                offset=(number - 1) * STUDENTS_PAGE) if c.member_id != member_id]
    by_id = {u.university_id: u for u in universities}
    shown = students[:STUDENTS_PAGE]
    return {
        "is_admin": is_admin, "universities": universities, "chosen": chosen,
        "university": university_name(by_id.get(chosen)) if chosen else "",
        "pending": [s for s in shown if not s.affiliation_verified],
        "verified": [s for s in shown if s.affiliation_verified],
        "has_next": len(students) > STUDENTS_PAGE, "page_number": number,
        "roles": role_labels(), "errors": errors or {}, "notice": notice,
        "university_names": {u.university_id: university_name(u) for u in universities},
    }


@get("/coordinator", name="coordinator", guards=[may(Action.VERIFY_AFFILIATION)],
     sync_to_thread=True, include_in_schema=False)
def coordinator(request: Req, university: str = "",
                number: Annotated[int, Parameter(query="page", ge=1, le=10_000)] = 1
                ) -> Template:
    return page(request, "members/_students.html", "members/coordinator.html",
                _coordinator_context(request, university, number))


def _coordinated(request: Req, member_id: UUID, data: Form, action: Callable[[], Any],
                 notice: str, errors: dict[str, str], key: str) -> Response[Any]:
    university = field(data, "university")
    status = 422
    if not errors:
        _done, status = attempt(action, errors, key)
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(f"/coordinator?university={university}" if university
                            else "/coordinator", status_code=303)
        return Template("members/_students.html",
                        context=_coordinator_context(request, university, notice=notice))
    return page(request, "members/_students.html", "members/coordinator.html",
                _coordinator_context(request, university, errors={member_id.hex: errors}),
                status=status)


@post("/coordinator/{member_id:uuid}/verify", guards=[may(Action.VERIFY_AFFILIATION),
                                                      owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def verify_student(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _coordinated(request, member_id, data,
                        lambda: app_of(request).verify_affiliation(ctx, member_id),
                        _("Affiliation verified."), {}, "verify")


@post("/coordinator/{member_id:uuid}/revoke", guards=[may(Action.VERIFY_AFFILIATION),
                                                      owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def revoke_student(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Say why, e.g. \"graduated in 2025\" or \"not enrolled\".")
    return _coordinated(request, member_id, data,
                        lambda: app_of(request).revoke_affiliation(ctx, member_id, reason),
                        _("Affiliation revoked."), errors, "reason")


@post("/coordinator/{member_id:uuid}/registry", guards=[may(Action.RECORD_REGISTRY_CHECK),
                                                        owns(member_exists)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def registry_check(request: Req, member_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    registry_id = field(data, "registry_id")
    errors: dict[str, str] = {}
    if not registry_id:
        errors["registry_id"] = _("Enter the film-registry id you looked up.")
    confirmed = field(data, "confirmed") == "yes"
    return _coordinated(
        request, member_id, data,
        lambda: app_of(request).record_registry_check(ctx, member_id, registry_id, confirmed),
        _("Registry check recorded."), errors, "registry_id")


ROUTES = [directory, profile, accept_contact, withdraw_contact, block, unblock, report, endorse,
          unendorse, editor, save_profile, add_skill, add_credit, add_unavailable,
          remove_unavailable, withdraw_consent, coordinator, verify_student, revoke_student,
          registry_check]
