"""The verified partner's scouting board below the landing's two lists (web/pages/scout_home.py
serves /scout): pitched projects to search, directors followed, the organisation's interest and
postings, and the pipeline of submissions it decides on, each decision with a reason. A hiring
post without its pay and conditions is refused next to the fields."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import post
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.errors import DomainError, Forbidden, NotFound
from domain.permissions import Action
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.projects import Projects
from web.auth import may
from web.display.labels import deal_kind_labels as deal_labels
from web.display.labels import format_labels
from web.display.labels import opportunity_kind_labels as kind_labels
from web.display.labels import pay_basis_labels as basis_labels
from web.display.refusals import said
from web.display.vocabulary import GENRE, keys_of
from web.errors import status_of
from web.forms import Form, attempt, moment_or_none
from web.forms import text as field
from web.i18n import gettext_ as _
from web.pages.bridge_common import bridge_words, partner_row_of, posting_state
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render
from web.pages.project_common import commas, many, whole_number
from web.pages.scouted_directors import director_facts

SCOUT_PAGE = 10  # pitched projects per page of the search below the two lists
# Where each of post_opportunity's arguments is refused on the posting form (pay as one).
POSTING_REFUSALS = {
    "kind": "kind",
    "title": "title",
    "description": "description",
    "criteria": "criteria",
    "deadline": "deadline",
    "genres": "genres",
    "formats": "formats",
    "pay_min_krw": "pay",
    "pay_max_krw": "pay",
    "pay_basis": "pay",
    "conditions": "conditions",
}

POSTING_FIELDS = (
    "kind",
    "title",
    "description",
    "criteria",
    "deadline",
    "genres",
    "pay_min_krw",
    "pay_max_krw",
    "pay_basis",
    "conditions",
)


def _empty_posting() -> dict[str, Any]:
    return {**{name: "" for name in POSTING_FIELDS}, "kind": "call_for_pitches", "formats": []}


def scout_context(
    request: Req,
    *,
    q: str = "",
    genre: str = "",
    format: str = "",
    open_roles: bool = False,
    offset: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    partner = partner_row_of(request)
    now = app_of(request).clock.now()
    context: dict[str, Any] = {
        "partner": partner,
        "verified": partner is not None and partner.status == "verified",
        "filters": {"q": q, "genre": genre, "format": format, "open": open_roles},
        "posting": _empty_posting(),
        "posting_errors": {},
        "decision_errors": {},
        "notice": "",
        "now": now,
        "format_choices": list(format_labels().items()),
        **bridge_words(),
    }
    if not context["verified"] or partner is None:
        context.update(extra)
        return context
    with read(request) as tx:
        cards = Projects.board(
            tx,
            q[:100],
            genre=genre or None,
            format=format if format in format_labels() else None,
            open_roles=open_roles,
            limit=SCOUT_PAGE + 1,
            offset=offset,
        )
        more = len(cards) > SCOUT_PAGE
        cards = cards[:SCOUT_PAGE]
        interests = Bridge.interests_of(tx, partner.partner_id)
        following = Bridge.following(tx, partner.partner_id)
        postings = Bridge.postings_of(tx, partner.partner_id)
        pipeline = Bridge.pipeline(tx, partner.partner_id)
        genres = Projects.genres_on_board(tx)
        directors = [c.director_id for c in cards]
        people = Directory.names(
            tx,
            [
                *directors,
                *(f.director_id for f in following),
                *(s.director_id for rows in pipeline.values() for s in rows),
            ],
        )
        facts = director_facts(tx, [*directors, *(f.director_id for f in following)])
    followed = {f.director_id for f in following}
    to_follow: dict[UUID, int] = {}
    for card in cards:
        if card.director_id not in followed:
            to_follow[card.director_id] = to_follow.get(card.director_id, 0) + 1
    asked = {"q": q, "genre": genre, "format": format, "open": "1" if open_roles else ""}
    kept = urlencode({k: v for k, v in asked.items() if v})
    context.update(
        {
            "cards": cards,
            "offset": offset,
            "next_page": f"/scout?{kept}&offset={offset + SCOUT_PAGE}" if more else "",
            "previous_page": f"/scout?{kept}&offset={max(offset - SCOUT_PAGE, 0)}"
            if offset
            else "",
            "interests": interests,
            "interested": {i.project_id for i in interests},
            "following": following,
            "followed": followed,
            "to_follow": to_follow,
            "postings": postings,
            "pipeline": pipeline,
            "genres": genres,
            "names": people,
            "director_facts_of": facts,
            "posting_states_of": {p.opportunity_id: posting_state(p, now) for p in postings},
        }
    )
    context.update(extra)
    return context


def _posting_input(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {name: field(data, name) for name in POSTING_FIELDS}
    values["criteria"] = (
        str(data.get("criteria", "") or "").strip()
        if not isinstance(data.get("criteria"), list)
        else "\n".join(data["criteria"])
    )
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
        errors["criteria"] = _(
            "List at least one criterion, one per line, so directors know what you look for."
        )
    deadline = moment_or_none(values["deadline"])
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
    if values["kind"] == "hiring" and (
        pay["pay_min_krw"] is None or not values["pay_basis"] or not values["conditions"]
    ):
        errors["pay"] = _(
            "A hiring post must say what it pays: the amount in won (one figure, "
            "or a range), what it is paid per, and the working conditions "
            "(dates, hours, place, contract). Posts that hide pay are refused."
        )
        if not values["conditions"]:
            errors["conditions"] = _(
                "Describe the working conditions: dates, hours, place and contract."
            )
    arguments = {
        "kind": values["kind"],
        "title": values["title"],
        "description": values["description"],
        "criteria": criteria,
        "deadline": deadline,
        "genres": keys_of(GENRE, commas(values["genres"])),
        "formats": values["formats"],
        "pay_min_krw": pay["pay_min_krw"],
        "pay_max_krw": pay["pay_max_krw"],
        "pay_basis": values["pay_basis"] or None,
        "conditions": values["conditions"],
    }
    return values, arguments, errors


@post(
    "/scout/opportunities",
    guards=[may(Action.POST_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def post_opportunity(request: Req, data: Form, ctx: Context) -> Response[Any]:
    values, arguments, errors = _posting_input(data)
    status = 422
    if not errors:
        refused: dict[str, str] = {}
        _done, status = attempt(
            lambda: app_of(request).post_opportunity(ctx, **arguments),
            refused,
            fields=POSTING_REFUSALS,
        )
        errors = {POSTING_REFUSALS.get(key, key): words for key, words in refused.items()}
        if status == 200:
            caught_up(request)
            if not request.htmx:  # type: ignore[attr-defined]
                return Redirect("/scout#postings", status_code=303)
            return Template(
                "bridge/_postings.html",
                context=scout_context(
                    request, notice=_("Posted. It is on the opportunities board now.")
                ),
            )
    return render(
        request,
        "bridge/_postings.html",
        "bridge/scout.html",
        scout_context(request, posting=values, posting_errors=errors),
        status=status,
    )


@post(
    "/scout/opportunities/{opportunity_id:uuid}/close",
    guards=[may(Action.POST_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def close_opportunity(
    request: Req, opportunity_id: UUID, data: Form, ctx: Context
) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).close_opportunity(ctx, opportunity_id, field(data, "reason")),
        errors,
        f"close:{opportunity_id}",
    )
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect("/scout#postings", status_code=303)
    return render(
        request,
        "bridge/_postings.html",
        "bridge/scout.html",
        scout_context(
            request,
            posting_errors=errors,
            notice=_("Closed to new submissions.") if status == 200 else "",
        ),
        status=status,
    )


@post(
    "/scout/opportunities/{opportunity_id:uuid}/reopen",
    guards=[may(Action.POST_OPPORTUNITY)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def reopen_opportunity(request: Req, opportunity_id: UUID, ctx: Context) -> Response[Any]:
    """Take submissions again on a closed call (one a suspension closed too) before its
    deadline."""
    errors: dict[str, str] = {}
    try:
        app_of(request).reopen_opportunity(ctx, opportunity_id)
        status = 200
    except (Forbidden, NotFound):
        raise  # not this organisation's to reopen (or it is suspended): no postings to show
    except DomainError as refused:
        errors[f"close:{opportunity_id}"] = said(refused)
        status = status_of(refused)
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect("/scout#postings", status_code=303)
    return render(
        request,
        "bridge/_postings.html",
        "bridge/scout.html",
        scout_context(
            request,
            posting_errors=errors,
            notice=_("Open to submissions again.") if status == 200 else "",
        ),
        status=status,
    )


DECISIONS = ("shortlist", "meeting", "deal", "pass")


@post(
    "/scout/submissions/{submission_id:uuid}/{decision:str}",
    guards=[may(Action.DECIDE_SUBMISSION)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def decide(
    request: Req, submission_id: UUID, decision: str, data: Form, ctx: Context
) -> Response[Any]:
    """Shortlist, request a meeting, sign a deal or pass: each with a reason."""
    if decision not in DECISIONS:
        raise NotFound(_("There is no such decision."))
    partner = partner_row_of(request)
    with read(request) as tx:
        row = Bridge.submission(tx, submission_id)
    if partner is None or row is None or row.partner_id != partner.partner_id:
        raise Forbidden("only the organisation it was submitted to decides on it")
    app = app_of(request)
    key = f"{submission_id}:{decision}"
    reason = field(data, "reason")
    errors: dict[str, str] = {}
    status = 422
    if not reason:
        errors[key] = _("Give a reason; the director will read it.")
    elif decision == "shortlist":
        _ignored, status = attempt(
            lambda: app.shortlist_submission(ctx, submission_id, reason), errors, key
        )
    elif decision == "pass":
        _ignored, status = attempt(
            lambda: app.pass_submission(ctx, submission_id, reason), errors, key
        )
    elif decision == "meeting":
        when = moment_or_none(field(data, "proposed_at"))
        if when is None:
            errors[key] = _("Propose a date and time for the meeting.")
        else:
            _ignored, status = attempt(
                lambda: app.request_meeting(ctx, submission_id, reason, when), errors, key
            )
    else:
        amount = whole_number(field(data, "amount_krw"))
        kind = field(data, "kind")
        if amount is None:
            errors[key] = _("Enter the deal's amount in won (0 if no money changes hands).")
        elif kind not in deal_labels():
            errors[key] = _("Choose the kind of deal.")
        else:
            _ignored, status = attempt(
                lambda: app.sign_deal(
                    ctx,
                    submission_id,
                    reason,
                    amount_krw=amount,
                    kind=kind,
                    summary=field(data, "summary"),
                ),
                errors,
                key,
            )
    if status == 200:
        caught_up(request)
        if not request.htmx:  # type: ignore[attr-defined]
            return Redirect(f"/scout?decided={submission_id}#pipeline", status_code=303)
    return render(
        request,
        "bridge/_pipeline.html",
        "bridge/scout.html",
        scout_context(
            request, decision_errors=errors, decided=submission_id if status == 200 else None
        ),
        status=status,
    )


ROUTES = [post_opportunity, close_opportunity, reopen_opportunity, decide]
