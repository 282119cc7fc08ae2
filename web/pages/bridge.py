"""The commercial bridge: the opportunities board and each opportunity's page (directors submit
their pitched projects there), the partner's scouting board (pitched projects, directors to
follow, interest, postings, the submissions pipeline) and the partner's organisation page.

Only a verified partner scouts, posts and decides; a partner whose organisation is pending, or
not yet registered, is told so and sent to /partner. Every decision on a submission carries a
reason, and a hiring post without its pay and conditions is refused next to the fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.clock import SEOUL
from domain.context import Context
from domain.errors import DomainError, Forbidden, NotFound
from domain.opportunity import HIRING_NEEDS_PAY
from domain.permissions import Action, allowed
from projections.views.bridge import Bridge, OpportunityCard, PartnerRow
from projections.views.directory import Directory
from projections.views.projects import Projects
from web.auth import may
from web.display.labels import deal_kind_labels as deal_labels
from web.display.labels import (
    format_labels,
    partner_kind_labels,
    partner_status_labels,
    posting_labels,
)
from web.display.labels import opportunity_kind_labels as kind_labels
from web.display.labels import pay_basis_labels as basis_labels
from web.display.labels import submission_labels as state_labels
from web.display.vocabulary import GENRE, keys_of
from web.errors import status_of
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.common import app_of, caught_up, me, read
from web.pages.common import page as render
from web.pages.common import roles_of as my_roles
from web.pages.projects import (
    OPEN_STATUSES,
    Form,
    Req,
    as_uuid,
    attempt,
    commas,
    explain,
    field_of,
    genres_on_board,
    in_thread,
    is_admin,
    many,
    partner_panel,
    project_context,
    visible_page,
    vocabulary,
    whole_number,
)
from web.pages.scouted_directors import director_facts

SCOUT_PAGE = 30


# -- words -------------------------------------------------------------------------------------


def bridge_words() -> dict[str, Any]:
    return {"kinds": kind_labels(), "bases": basis_labels(), "deal_kinds": deal_labels(),
            "partner_kinds": partner_kind_labels(), "partner_states": partner_status_labels(),
            "posting_states": posting_labels(), "states": state_labels(), **vocabulary()}


def moment(text: str) -> datetime | None:
    """A date and time from a form (a datetime-local field is Seoul time)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=SEOUL)


def posting_state(card: OpportunityCard, now: datetime) -> str:
    if card.status == "open" and card.deadline <= now:
        return "past"
    return card.status


# -- the opportunities board -------------------------------------------------------------------


@get("/opportunities", name="opportunities", sync_to_thread=True, include_in_schema=False)
def opportunities(
    request: Req, kind: Annotated[str, Parameter(max_length=40)] = ""
) -> Template:
    """Open calls, soonest deadline first, by kind; pay and conditions shown for hiring."""
    now = app_of(request).clock.now()
    chosen = kind if kind in kind_labels() else ""
    with read(request) as tx:
        grouped = Bridge.board_by_kind(tx, now)
    if chosen:
        grouped = {chosen: grouped.get(chosen, [])}
    return render(request, "bridge/_board.html", "bridge/board.html", {
        "grouped": grouped, "kind": chosen, "total": sum(len(v) for v in grouped.values()),
        "now": now, **bridge_words()})


def _opportunity_context(request: Req, opportunity_id: UUID, **extra: Any) -> dict[str, Any]:
    member, roles = me(request), my_roles(request)
    now = app_of(request).clock.now()
    with read(request) as tx:
        card = Bridge.opportunity(tx, opportunity_id)
        poster = Bridge.partner(tx, card.partner_id) if card else None
        mine = poster is not None and poster.representative_id == member
        if card is None or (card.status == "taken_down" and not mine and not is_admin(roles)):
            raise NotFound(_("There is no such opportunity, or the centre has taken it down."))
        is_director = allowed(roles, Action.SUBMIT_TO_OPPORTUNITY)
        projects = [p for p in Projects.directed_by(tx, member) if p.status in OPEN_STATUSES
                    ] if member and is_director else []
        submitted = [s for s in Bridge.submissions_of_director(tx, member)
                     if s.opportunity_id == opportunity_id] if member and is_director else []
    taken = {s.project_id for s in submitted}
    context: dict[str, Any] = {
        "card": card, "state": posting_state(card, now), "is_poster": mine,
        "is_director": is_director, "signed_in": member is not None,
        "projects": [p for p in projects if p.project_id not in taken], "submitted": submitted,
        "values": {"project_id": "", "note": ""}, "errors": {}, "notice": "",
        **bridge_words(),
    }
    context.update(extra)
    return context


@get("/opportunities/{opportunity_id:uuid}", name="opportunity", sync_to_thread=True,
     include_in_schema=False)
def opportunity(request: Req, opportunity_id: UUID) -> Template:
    return render(request, "bridge/_opportunity.html", "bridge/opportunity.html",
                  _opportunity_context(request, opportunity_id))


def _submit_answer(request: Req, opportunity_id: UUID, status: int, **extra: Any
                   ) -> Response[Any]:
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    if status == 200 and not htmx:
        return Redirect(f"/opportunities/{opportunity_id}#submit", status_code=303)
    return render(request, "bridge/_submit.html", "bridge/opportunity.html",
                  _opportunity_context(request, opportunity_id, oob=htmx, **extra),
                  status=status)


@post("/opportunities/{opportunity_id:uuid}/submit", guards=[may(Action.SUBMIT_TO_OPPORTUNITY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def submit(request: Req, opportunity_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    """A director puts one of their pitched projects forward, with a note."""
    values = {"project_id": field(data, "project_id"), "note": field(data, "note")}
    project_id = as_uuid(values["project_id"])
    errors: dict[str, str] = {}
    status = 422
    if project_id is None:
        errors["project_id"] = _("Choose one of your pitched projects.")
    else:
        _ignored, status = attempt(lambda: app_of(request).submit_to_opportunity(
            ctx, opportunity_id, project_id, values["note"]), errors, "form")
    if status == 200:
        caught_up(request)
        return _submit_answer(request, opportunity_id, 200,
                              notice=_("Submitted. The partner will answer here."))
    return _submit_answer(request, opportunity_id, status, values=values, errors=errors)


@post("/submissions/{submission_id:uuid}/withdraw", guards=[may(Action.SUBMIT_TO_OPPORTUNITY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_submission(request: Req, submission_id: UUID, data: Form,
                        ctx: Context) -> Response[Any]:
    with read(request) as tx:
        row = Bridge.submission(tx, submission_id)
    if row is None or row.director_id != me(request):
        raise NotFound(_("There is no such submission of yours."))
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[f"withdraw:{submission_id}"] = _("Say why you take the project back.")
    else:
        _ignored, status = attempt(lambda: app_of(request).withdraw_submission(
            ctx, submission_id, reason), errors, f"withdraw:{submission_id}")
    if status == 200:
        caught_up(request)
    return _submit_answer(request, row.opportunity_id, status, errors=errors)


# -- the partner's organisation ----------------------------------------------------------------


def _partner_row(request: Req) -> PartnerRow | None:
    member = me(request)
    if member is None:
        return None
    with read(request) as tx:
        return Bridge.partner_of(tx, member)


def _partner_context(request: Req, **extra: Any) -> dict[str, Any]:
    partner = _partner_row(request)
    context: dict[str, Any] = {
        "partner": partner, "can_register": partner is None or partner.status == "rejected",
        "values": {"name": "", "kind": "", "business_number": "", "website": ""},
        "errors": {}, **bridge_words()}
    context.update(extra)
    return context


@get("/partner", guards=[may(Action.REGISTER_PARTNER)], include_in_schema=False)
async def partner_page(request: Req) -> Template:
    return render(request, "bridge/_partner.html", "bridge/partner.html",
                  await in_thread(_partner_context, request))


@post("/partner", guards=[may(Action.REGISTER_PARTNER)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def register_partner(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values = {k: field(data, k) for k in ("name", "kind", "business_number", "website")}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Enter the organisation's registered name.")
    if values["kind"] not in partner_kind_labels():
        errors["kind"] = _("Choose what kind of organisation it is.")
    if not values["business_number"]:
        errors["business_number"] = _("Enter the business registration number, e.g. "
                                      "124-81-00998.")
    status = 422
    if not errors:
        try:
            app_of(request).register_partner(ctx, **values)
        except DomainError as error:
            message = error.message
            key = "form"
            for name, starts in (("name", "organisation name"), ("kind", "kind"),
                                 ("website", "website"),
                                 ("business_number", "business registration number")):
                if message.startswith(starts):
                    key = name
            errors[key] = explain(error)
            status = status_of(error)
        else:
            caught_up(request)
            if request.htmx:  # type: ignore[attr-defined]
                return Template("bridge/_partner.html", context=_partner_context(request))
            return Redirect("/partner", status_code=303)
    return render(request, "bridge/_partner.html", "bridge/partner.html",
                  _partner_context(request, values=values, errors=errors), status=status)


# -- the scouting board ------------------------------------------------------------------------

POSTING_FIELDS = ("kind", "title", "description", "criteria", "deadline", "genres",
                  "pay_min_krw", "pay_max_krw", "pay_basis", "conditions")


def _empty_posting() -> dict[str, Any]:
    return {**{name: "" for name in POSTING_FIELDS}, "kind": "call_for_pitches", "formats": []}


def _scout_context(request: Req, *, q: str = "", genre: str = "", format: str = "",
                   open_roles: bool = False, **extra: Any) -> dict[str, Any]:
    partner = _partner_row(request)
    now = app_of(request).clock.now()
    context: dict[str, Any] = {
        "partner": partner, "verified": partner is not None and partner.status == "verified",
        "filters": {"q": q, "genre": genre, "format": format, "open": open_roles},
        "posting": _empty_posting(), "posting_errors": {}, "decision_errors": {},
        "notice": "", "now": now, "format_choices": list(format_labels().items()),
        **bridge_words(),
    }
    if not context["verified"] or partner is None:
        context.update(extra)
        return context
    with read(request) as tx:
        cards = Projects.board(tx, q[:100], genre=genre or None,
                               format=format if format in format_labels() else None,
                               open_roles=open_roles, limit=SCOUT_PAGE)
        interests = Bridge.interests_of(tx, partner.partner_id)
        following = Bridge.following(tx, partner.partner_id)
        postings = Bridge.postings_of(tx, partner.partner_id)
        pipeline = Bridge.pipeline(tx, partner.partner_id)
        genres = genres_on_board(tx)
        directors = [c.director_id for c in cards]
        people = Directory.names(tx, [*directors, *(f.director_id for f in following),
                            *(s.director_id for rows in pipeline.values() for s in rows)])
        facts = director_facts(tx, [*directors, *(f.director_id for f in following)])
    followed = {f.director_id for f in following}
    to_follow: dict[UUID, int] = {}
    for card in cards:
        if card.director_id not in followed:
            to_follow[card.director_id] = to_follow.get(card.director_id, 0) + 1
    context.update({
        "cards": cards, "interests": interests, "interested": {i.project_id for i in interests},
        "following": following, "followed": followed, "to_follow": to_follow,
        "postings": postings, "pipeline": pipeline, "genres": genres, "names": people,
        "director_facts_of": facts,
        "posting_states_of": {p.opportunity_id: posting_state(p, now) for p in postings},
    })
    context.update(extra)
    return context


@get("/scout", guards=[may(Action.SCOUT)], sync_to_thread=True, include_in_schema=False)
def scout(
    request: Req,
    q: Annotated[str, Parameter(max_length=200)] = "",
    genre: Annotated[str, Parameter(max_length=80)] = "",
    format: Annotated[str, Parameter(max_length=40)] = "",
    open_roles: Annotated[str, Parameter(query="open", max_length=5)] = "",
    decided: Annotated[str, Parameter(max_length=36)] = "",
) -> Template:
    """The verified partner's board; with htmx, only the project results of the search.
    `?decided=` names the submission just decided, which the pipeline confirms."""
    context = _scout_context(request, q=q.strip(), genre=genre.strip().lower(), format=format,
                             open_roles=bool(open_roles), decided=as_uuid(decided))
    return render(request, "bridge/_scout_projects.html", "bridge/scout.html", context)


def _posting_input(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any],
                                                   dict[str, str]]:
    values: dict[str, Any] = {name: field(data, name) for name in POSTING_FIELDS}
    values["criteria"] = str(data.get("criteria", "") or "").strip() if not isinstance(
        data.get("criteria"), list) else "\n".join(data["criteria"])
    values["formats"] = [f for f in many(data, "formats") if f in format_labels()]
    errors: dict[str, str] = {}
    if values["kind"] not in kind_labels():
        errors["kind"] = _("Choose the kind of opportunity.")
    if not values["title"]:
        errors["title"] = _("Give the opportunity a title.")
    if not values["description"]:
        errors["description"] = _("Describe what you offer and what you look for.")
    criteria = [line.strip() for line in values["criteria"].splitlines() if line.strip()]
    if not criteria:
        errors["criteria"] = _("List at least one criterion, one per line, so directors know "
                               "what you look for.")
    deadline = moment(values["deadline"])
    if deadline is None:
        errors["deadline"] = _("Choose the deadline's date and time.")
    pay: dict[str, int | None] = {}
    for name in ("pay_min_krw", "pay_max_krw"):
        number = whole_number(values[name]) if values[name] else None
        if values[name] and number is None:
            errors["pay"] = _("Pay is an amount in won, a whole number such as 2500000.")
        pay[name] = number
    if values["pay_basis"] and values["pay_basis"] not in basis_labels():
        errors["pay"] = _("Choose what the pay is counted per.")
    if values["kind"] == "hiring" and (pay["pay_min_krw"] is None or not values["pay_basis"]
                                       or not values["conditions"]):
        errors["pay"] = _("A hiring post must say what it pays: the amount in won (one figure, "
                          "or a range), what it is paid per, and the working conditions "
                          "(dates, hours, place, contract). Posts that hide pay are refused.")
        if not values["conditions"]:
            errors["conditions"] = _("Describe the working conditions: dates, hours, place "
                                     "and contract.")
    arguments = {"kind": values["kind"], "title": values["title"],
                 "description": values["description"], "criteria": criteria,
                 "deadline": deadline, "genres": keys_of(GENRE, commas(values["genres"])),
                 "formats": values["formats"], "pay_min_krw": pay["pay_min_krw"],
                 "pay_max_krw": pay["pay_max_krw"], "pay_basis": values["pay_basis"] or None,
                 "conditions": values["conditions"]}
    return values, arguments, errors


def _posting_error_key(message: str) -> str:
    lowered = message.lower()
    if message == HIRING_NEEDS_PAY or "pay" in lowered.split(" ", 3)[:3] or lowered.startswith(
            ("pay", "the pay", "say what the pay")):
        return "pay"
    if "criteri" in lowered:
        return "criteria"
    if "deadline" in lowered:
        return "deadline"
    if lowered.startswith("format"):
        return "formats"
    return field_of(message, ("title", "description", "genres", "conditions", "kind"))


def _posting_message(error: DomainError) -> str:
    if error.message == HIRING_NEEDS_PAY:
        return _("A hiring post must say what it pays: the amount in won (one figure, or a "
                 "range), what it is paid per, and the working conditions (dates, hours, "
                 "place, contract). Posts that hide pay are refused.")
    return explain(error)


@post("/scout/opportunities", guards=[may(Action.POST_OPPORTUNITY)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def post_opportunity(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values, arguments, errors = _posting_input(data)
    status = 422
    if not errors:
        try:
            app_of(request).post_opportunity(ctx, **arguments)
        except DomainError as error:
            errors[_posting_error_key(error.message)] = _posting_message(error)
            status = status_of(error)
        else:
            caught_up(request)
            if not request.htmx:  # type: ignore[attr-defined]
                return Redirect("/scout#postings", status_code=303)
            return Template("bridge/_postings.html", context=_scout_context(
                request, notice=_("Posted. It is on the opportunities board now.")))
    return render(request, "bridge/_postings.html", "bridge/scout.html",
                  _scout_context(request, posting=values, posting_errors=errors), status=status)


@post("/scout/opportunities/{opportunity_id:uuid}/close", guards=[may(Action.POST_OPPORTUNITY)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def close_opportunity(request: Req, opportunity_id: UUID, data: Form,
                      ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).close_opportunity(
        ctx, opportunity_id, field(data, "reason")), errors, f"close:{opportunity_id}")
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect("/scout#postings", status_code=303)
    return render(request, "bridge/_postings.html", "bridge/scout.html",
                  _scout_context(request, posting_errors=errors,
                                 notice=_("Closed to new submissions.") if status == 200 else ""),
                  status=status)


DECISIONS = ("shortlist", "meeting", "deal", "pass")


@post("/scout/submissions/{submission_id:uuid}/{decision:str}",
      guards=[may(Action.DECIDE_SUBMISSION)], sync_to_thread=True, status_code=200,
      include_in_schema=False)
def decide(request: Req, submission_id: UUID, decision: str, data: Form,
           ctx: Context) -> Response[Any]:
    """Shortlist, request a meeting, sign a deal or pass: each with a reason."""
    if decision not in DECISIONS:
        raise NotFound(_("There is no such decision."))
    app = app_of(request)
    partner = app.partner_of(me(request))  # type: ignore[arg-type]
    if partner is None or app.submission(submission_id).partner_id != partner.id:
        raise Forbidden("only the organisation it was submitted to decides on it")
    key = f"{submission_id}:{decision}"
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[key] = _("Give a reason; the director will read it.")
    elif decision == "shortlist":
        _ignored, status = attempt(lambda: app.shortlist_submission(ctx, submission_id, reason),
                                   errors, key)
    elif decision == "pass":
        _ignored, status = attempt(lambda: app.pass_submission(ctx, submission_id, reason),
                                   errors, key)
    elif decision == "meeting":
        when = moment(field(data, "proposed_at"))
        if when is None:
            errors[key] = _("Propose a date and time for the meeting.")
        else:
            _ignored, status = attempt(
                lambda: app.request_meeting(ctx, submission_id, reason, when), errors, key)
    else:
        amount = whole_number(field(data, "amount_krw"))
        kind = field(data, "kind")
        if amount is None:
            errors[key] = _("Enter the deal's amount in won (0 if no money changes hands).")
        elif kind not in deal_labels():
            errors[key] = _("Choose the kind of deal.")
        else:
            _ignored, status = attempt(
                lambda: app.sign_deal(ctx, submission_id, reason, amount_krw=amount, kind=kind,
                                      summary=field(data, "summary")), errors, key)
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect(f"/scout?decided={submission_id}#pipeline", status_code=303)
    return render(request, "bridge/_pipeline.html", "bridge/scout.html",
                  _scout_context(request, decision_errors=errors,
                                 decided=submission_id if status == 200 else None),
                  status=status)


# -- interest and following (from the project page and the scouting board) ---------------------


def _panel_answer(request: Req, project_id: UUID, status: int, error: str = "",
                  notice: str = "") -> Response[Any]:
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect(f"/projects/{project_id}#partner", status_code=303)
    page = visible_page(request, project_id)
    with read(request) as tx:
        panel = partner_panel(request, page, tx)
    context = {"panel": panel, "panel_error": error, "panel_notice": notice,
               "project_id": project_id, **bridge_words()}
    if request.htmx:  # type: ignore[attr-defined]
        return Template("bridge/_partner_panel.html", context=context, status_code=status)
    return Template("projects/project.html", status_code=status, context={
        **project_context(request, project_id), **context})


@post("/projects/{project_id:uuid}/interest", guards=[may(Action.SCOUT)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def register_interest(request: Req, project_id: UUID, data: Form,
                      ctx: Context) -> Response[Any]:
    visible_page(request, project_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).register_interest(
        ctx, project_id, field(data, "note")), errors, "panel")
    if status == 200:
        caught_up(request)
    return _panel_answer(request, project_id, status, errors.get("panel", ""),
                         _("The director has been told of your interest.") if status == 200
                         else "")


@post("/projects/{project_id:uuid}/interest/withdraw", guards=[may(Action.SCOUT)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def withdraw_interest(request: Req, project_id: UUID, ctx: Context) -> Response[Any]:
    visible_page(request, project_id)
    errors: dict[str, str] = {}
    _ignored, status = attempt(lambda: app_of(request).withdraw_interest(ctx, project_id),
                               errors, "panel")
    if status == 200:
        caught_up(request)
    return _panel_answer(request, project_id, status, errors.get("panel", ""))


def _follow(request: Req, director_id: UUID, data: dict[str, Any], ctx: Context,
            follow: bool) -> Response[Any]:
    errors: dict[str, str] = {}
    app = app_of(request)
    command = app.follow_director if follow else app.unfollow_director
    _ignored, status = attempt(lambda: command(ctx, director_id), errors, "panel")
    if status == 200:
        caught_up(request)
    project_id = as_uuid(field(data, "project_id"))
    if project_id is not None:
        return _panel_answer(request, project_id, status, errors.get("panel", ""))
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        return Redirect("/scout#directors", status_code=303)
    return render(request, "bridge/_directors.html", "bridge/scout.html",
                  _scout_context(request, follow_error=errors.get("panel", "")), status=status)


@post("/directors/{director_id:uuid}/follow", guards=[may(Action.SCOUT)], sync_to_thread=True,
      status_code=200, include_in_schema=False)
def follow_director(request: Req, director_id: UUID, data: Form, ctx: Context) -> Response[Any]:
    return _follow(request, director_id, data, ctx, True)


@post("/directors/{director_id:uuid}/unfollow", guards=[may(Action.SCOUT)],
      sync_to_thread=True, status_code=200, include_in_schema=False)
def unfollow_director(request: Req, director_id: UUID, data: Form,
                      ctx: Context) -> Response[Any]:
    return _follow(request, director_id, data, ctx, False)


ROUTES = [
    opportunities, opportunity, submit, withdraw_submission, partner_page, register_partner,
    scout, post_opportunity, close_opportunity, decide, register_interest, withdraw_interest,
    follow_director, unfollow_director,
]
