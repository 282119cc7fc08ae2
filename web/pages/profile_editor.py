"""The profile editor (/me): one section at a time (profile, skills, credits, availability,
contacts); each form posts to its own URL and, for htmx, gets its section back with inline
errors, else a redirect to /me."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.member import Member
from domain.permissions import Action
from projections.views.directory import Directory
from projections.views.trainings import Trainings
from web.auth import may, signed_in
from web.display.labels import member_role_labels as role_labels
from web.display.vocabulary import ROLE, SKILL, in_sentence, key_of
from web.forms import Form, attempt, day_or_none, listed, text
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, page, read, wants_fragment
from web.pages.member_common import live_member, signed_in_member, university_name

LEVELS = (1, 2, 3, 4, 5)


SECTIONS = ("profile", "skills", "work", "credits", "availability", "contacts")


def _profile_values(member: Member) -> dict[str, str]:
    return {
        "name": member.name,
        "bio": member.bio,
        "phone": member.phone,
        "city": member.city,
        "languages": ",".join(member.languages),
        "portfolio": "\n".join(member.portfolio),
    }


def _editor_context(
    request: Req,
    *,
    section: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
) -> dict[str, Any]:
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
        "profile": _profile_values(member),
        "skills": {"skill": "", "level": "3"},
        "work": {
            "day_rate_krw": str(member.day_rate_krw) if member.day_rate_krw else "",
            "genres": ",".join(member.genre_interests),
        },
        "credits": {"title": "", "year": str(today.year), "role": "", "link": ""},
        "availability": {"start": "", "end": ""},
        "contacts": {},
    }
    all_values = {**blank, **({section: values} if values is not None else {})}
    return {
        "member": member,
        "card": card,
        "skills": skills,
        "credits": credits,
        "university": university_name(universities.get(member.university_id))
        if member.university_id
        else "",
        "contacts": sorted(contacts.items(), key=lambda item: (item[1], item[0].hex)),
        "periods": member.unavailable,
        "today": today,
        "levels": LEVELS,
        "roles": role_labels(),
        "values": all_values,
        "errors": {s: (errors or {}) if s == section else {} for s in SECTIONS},
        "notices": {s: notice if s == section else "" for s in SECTIONS},
    }


@get("/me", name="me", guards=[signed_in], sync_to_thread=True, include_in_schema=False)
def editor(request: Req) -> Template:
    return page(request, "members/_editor.html", "members/me.html", _editor_context(request))


def _edited(
    request: Req,
    section: str,
    action: Callable[[], object],
    notice: str,
    values: dict[str, str],
    errors: dict[str, str],
    fields: Collection[str] = (),
) -> Response[Any]:
    """Run one command of the editor (a refusal lands on the field it names, one of `fields`);
    htmx gets the section back, a browser /me."""
    status = 422
    if not errors:
        _done, status = attempt(action, errors, fields=fields)
    fragment = f"members/_me_{section}.html"
    if not errors:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect(f"/me#me-{section}", status_code=303)
        return Template(fragment, context=_editor_context(request, section=section, notice=notice))
    return page(
        request,
        fragment,
        "members/me.html",
        _editor_context(request, section=section, errors=errors, values=values),
        status=status,
    )


@post(
    "/me/profile",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def save_profile(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("name", "bio", "phone", "city")}
    chosen = data.get("languages", [])  # ISO codes from the checkboxes (or names, typed)
    languages = [chosen] if isinstance(chosen, str) else [str(c) for c in chosen]
    values["languages"] = ",".join(languages)
    values["portfolio"] = str(
        data.get("portfolio", "")
        if not isinstance(data.get("portfolio"), list)
        else "\n".join(data["portfolio"])
    ).strip()
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Please enter your name.")
    links = [line.strip() for line in values["portfolio"].splitlines() if line.strip()]
    if any(not link.startswith(("https://", "http://")) for link in links):
        errors["portfolio"] = _("Each link must start with https:// (one link per line).")
    elif len(links) > 20:
        errors["portfolio"] = _("At most 20 links.")
    return _edited(
        request,
        "profile",
        lambda: app_of(request).update_profile(
            ctx,
            name=values["name"],
            bio=values["bio"],
            phone=values["phone"],
            city=values["city"],
            languages=languages,
            portfolio=links,
        ),
        _("Your profile is saved."),
        values,
        errors,
        ("name", "bio", "phone", "city", "languages", "portfolio"),
    )


@post(
    "/me/skills",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def add_skill(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {"skill": key_of(SKILL, text(data, "skill")), "level": text(data, "level")}
    errors: dict[str, str] = {}
    if not values["skill"]:
        errors["skill"] = _("Name the skill, e.g. editing, sound design, AI previsualisation.")
    elif len(values["skill"]) > 80:
        errors["skill"] = _("Please keep the skill under 80 characters.")
    if values["level"] not in {str(n) for n in LEVELS}:
        errors["level"] = _("Choose a level from 1 to 5.")
    return _edited(
        request,
        "skills",
        lambda: app_of(request).claim_skill(ctx, skill=values["skill"], level=int(values["level"])),
        _(
            "Skill saved: %(skill)s, level %(level)s.",
            skill=in_sentence(SKILL, values["skill"].lower()),
            level=values["level"],
        ),
        values,
        errors,
        ("skill", "level"),
    )


@post(
    "/me/work-terms",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def save_work_terms(request: Req, data: Form, ctx: Context) -> Response[Any]:
    """The day rate a team proposal prices (empty: not stated) and the genres wanted."""
    typed = text(data, "day_rate_krw").replace(",", "").replace("₩", "").replace(" ", "")
    genres = listed(data, "genres")
    values = {"day_rate_krw": text(data, "day_rate_krw"), "genres": ",".join(genres)}
    errors: dict[str, str] = {}
    if typed and not typed.isdigit():
        errors["day_rate_krw"] = _("Write the day rate as a whole number of won, e.g. 250000.")
    return _edited(
        request,
        "work",
        lambda: app_of(request).state_work_terms(ctx, day_rate_krw=int(typed or 0), genres=genres),
        _("Your day rate and genres are saved."),
        values,
        errors,
        ("day_rate_krw", "genres"),
    )


@post(
    "/me/credits",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def add_credit(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: text(data, k) for k in ("title", "year", "role", "link")}
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

    return _edited(
        request,
        "credits",
        lambda: app_of(request).claim_credit(
            ctx, title=values["title"], year=year, role=values["role"], link=values["link"]
        ),
        _("Credit added. It shows as claimed until a production on the platform verifies it."),
        values,
        errors,
        ("title", "year", "role", "link"),
    )


@post(
    "/me/availability",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def add_unavailable(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {"start": text(data, "start"), "end": text(data, "end")}
    errors: dict[str, str] = {}
    start, end = day_or_none(values["start"]), day_or_none(values["end"])
    if start is None:
        errors["start"] = _("Enter the first day you are away.")
    if end is None:
        errors["end"] = _("Enter the last day you are away.")
    if start and end and end < start:
        errors["end"] = _("The last day comes before the first day.")

    def add() -> None:
        if start is not None and end is not None:  # else refused above, next to the field
            app_of(request).add_unavailable(ctx, start, end)

    return _edited(
        request,
        "availability",
        add,
        _(
            "Saved: you are away from %(start)s to %(end)s.",
            start=values["start"],
            end=values["end"],
        ),
        values,
        errors,
        ("start", "end"),
    )


@post(
    "/me/availability/remove",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def remove_unavailable(request: Req, data: Form, ctx: Context) -> Response[Any]:
    start, end = day_or_none(text(data, "start")), day_or_none(text(data, "end"))
    errors: dict[str, str] = {}
    if start is None or end is None:
        errors["form"] = _("That period is not in your calendar any more; reload the page.")

    def remove() -> None:
        if start is not None and end is not None:  # else refused above
            app_of(request).remove_unavailable(ctx, start, end)

    return _edited(
        request,
        "availability",
        remove,
        _("Period removed: you are available again on those days."),
        {"start": "", "end": ""},
        errors,
    )


@post(
    "/me/contacts/{member_id:uuid}/withdraw",
    guards=[may(Action.EDIT_OWN_PROFILE)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def withdraw_consent(request: Req, member_id: UUID, ctx: Context) -> Response[Any]:
    return _edited(
        request,
        "contacts",
        lambda: app_of(request).withdraw_contact(ctx, member_id),
        _("Withdrawn: that member no longer sees your contact details."),
        {},
        {},
    )


ROUTES = [
    editor,
    save_profile,
    add_skill,
    save_work_terms,
    add_credit,
    add_unavailable,
    remove_unavailable,
    withdraw_consent,
]
