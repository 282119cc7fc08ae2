"""Talent search for scouts: directors and crew by skill (claimed at a level, or certified),
genre, university, verified credits and free dates; each result says why it matched. The search
can be saved: the inbox then tells the scout of each new member who fits it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import get, post
from litestar.params import Parameter
from litestar.response import Redirect, Response, Template

from domain.context import Context
from domain.permissions import Action
from domain.saved_search import LEVELS, TALENT_ROLES, TalentFilters
from domain.vocabulary import SearchKind
from projections.views.directory import Directory
from projections.views.talent import TalentQuery, TalentRow, search_talent
from web.auth import may
from web.display.labels import member_role_labels
from web.display.vocabulary import GENRE, SKILL, choices, genre_label, key_of, skill_label
from web.forms import Form, attempt, day_or_none, uuid_or_none
from web.forms import text as field
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.bridge_common import bridge_words, partner_row_of
from web.pages.common import Req, app_of, caught_up, read
from web.pages.common import page as render

PAGE = 20
FIELDS = ("role", "skill", "level", "certified", "genre", "university", "credits", "from", "to")


@dataclass(frozen=True)
class Found:
    """One result and why it matched, in the reader's language."""

    row: TalentRow
    reasons: tuple[str, ...]
    university: str


def read_query(values: dict[str, str]) -> tuple[TalentQuery, dict[str, str]]:
    """The form's values as a query, and what is wrong with them by field."""
    errors: dict[str, str] = {}
    role = values["role"] if values["role"] in TALENT_ROLES else None
    if values["role"] and role is None:
        errors["role"] = _("Choose directors or crew.")
    skill = key_of(SKILL, values["skill"]) if values["skill"] else None
    level = int(values["level"]) if values["level"].isdigit() else 0
    if (values["level"] and not values["level"].isdigit()) or level not in LEVELS:
        errors["level"] = _("A skill level is from 1 to 5.")
    certified = values["certified"] == "1"
    if (level or certified) and not skill:
        errors["skill"] = _("Choose the skill the level or certificate is for.")
    university = uuid_or_none(values["university"]) if values["university"] else None
    if values["university"] and university is None:
        errors["university"] = _("Choose a university from the list.")
    start, end = day_or_none(values["from"]), day_or_none(values["to"])
    if (values["from"] and start is None) or (values["to"] and end is None):
        errors["from"] = _("Dates are written as 2025-03-31.")
    elif (start is None) != (end is None):
        errors["from"] = _("Give both dates of the period, or neither.")
    elif start and end and end < start:
        errors["to"] = _("The period ends before it starts.")
    query = TalentQuery(
        role=role,
        skill=skill,
        level=level if level in LEVELS else 0,
        certified=certified,
        genre=key_of(GENRE, values["genre"]) if values["genre"] else None,
        university_id=university,
        verified_credits=values["credits"] == "1",
        free_from=start if not errors else None,
        free_to=end if not errors else None,
    )
    return query, errors


def reasons_for(row: TalentRow, query: TalentQuery) -> tuple[str, ...]:
    """Why a result matched, one short phrase per filter it satisfied."""
    roles = member_role_labels()
    said = [" · ".join(roles.get(r, r) for r in row.roles)]
    if query.skill:
        if row.certified_in:
            said.append(
                _(
                    "Certified in %(skill)s (%(training)s)",
                    skill=skill_label(query.skill),
                    training=row.certified_in,
                )
            )
        if row.skill_level:
            said.append(
                _(
                    "%(skill)s at level %(level)s (claimed)",
                    skill=skill_label(query.skill),
                    level=row.skill_level,
                )
            )
    if query.genre and query.genre in row.genres:
        said.append(_("Has worked in %(genre)s", genre=genre_label(query.genre)))
    elif query.genre:
        said.append(_("Wants to work in %(genre)s", genre=genre_label(query.genre)))
    if query.university_id:
        said.append(_("Studies at %(university)s", university=university_of(row)))
    if row.verified_credits:
        said.append(_("Verified credits: %(n)s", n=row.verified_credits))
    if query.free_from and query.free_to:
        said.append(
            _(
                "Free between %(start)s and %(end)s: no hire, no day declared away",
                start=query.free_from.isoformat(),
                end=query.free_to.isoformat(),
            )
        )
    return tuple(s for s in said if s)


def saved_filter_words(
    role: str | None,
    skill: str | None,
    genre: str | None,
    filters: dict[str, Any],
    universities: dict[str, str],
) -> tuple[str, ...]:
    """A saved talent search's filters in words (the account page lists them): who, skill and
    level or certified only, genre, university, verified credits, free dates."""
    said = []
    if role in TALENT_ROLES:
        said.append(_("Directors") if role == "director" else _("Crew"))
    level = int(filters.get("level") or 0)
    if skill and filters.get("certified"):
        said.append(_("%(skill)s, certified only", skill=skill_label(skill)))
    elif skill and level:
        said.append(
            _("%(skill)s at level %(level)s or above", skill=skill_label(skill), level=level)
        )
    elif skill:
        said.append(_("%(skill)s, claimed or certified", skill=skill_label(skill)))
    if genre:
        said.append(_("Genre: %(genre)s", genre=genre_label(genre)))
    university = filters.get("university_id")
    if university:
        said.append(
            _("Studies at %(university)s", university=universities.get(university, university))
        )
    if filters.get("verified_credits"):
        said.append(_("With verified credits"))
    if filters.get("available_from") and filters.get("available_to"):
        said.append(
            _(
                "Free from %(start)s to %(end)s",
                start=filters["available_from"],
                end=filters["available_to"],
            )
        )
    return tuple(said)


def university_of(row: TalentRow) -> str:
    return (row.university_ko or row.university) if current_language() == "ko" else row.university


def talent_context(
    request: Req, values: dict[str, str], offset: int = 0, **extra: Any
) -> dict[str, Any]:
    partner = partner_row_of(request)
    verified = partner is not None and partner.status == "verified"
    query, errors = read_query(values)
    found: list[Found] = []
    more = False
    with read(request) as tx:
        universities = Directory.universities(tx)
        if verified and not errors:
            rows = search_talent(tx, query, limit=PAGE + 1, offset=offset)
            more = len(rows) > PAGE
            found = [Found(r, reasons_for(r, query), university_of(r)) for r in rows[:PAGE]]
    ko = current_language() == "ko"
    kept = {k: v for k, v in values.items() if v}
    context: dict[str, Any] = {
        "partner": partner,
        "verified": verified,
        "values": values,
        "errors": errors,
        "found": found,
        "asked": query.asks,
        "offset": offset,
        "more_href": "/scout/talent?" + urlencode({**kept, "offset": offset + PAGE})
        if more
        else "",
        "query_string": urlencode(kept),
        "roles": [(r, member_role_labels().get(r, r)) for r in TALENT_ROLES],
        "skills": choices(SKILL),
        "genres": choices(GENRE),
        "levels": list(LEVELS)[1:],
        "universities": [
            (u.university_id.hex, (u.name_ko or u.name) if ko else u.name) for u in universities
        ],
        "saved_notice": "",
        "save_error": "",
        **bridge_words(),
    }
    context.update(extra)
    return context


def _values(source: dict[str, Any]) -> dict[str, str]:
    return {name: str(source.get(name, "") or "").strip()[:80] for name in FIELDS}


@get("/scout/talent", guards=[may(Action.SCOUT)], sync_to_thread=True, include_in_schema=False)
def talent_search(
    request: Req, offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0
) -> Template:
    """The form and its results; with htmx, only the results."""
    values = _values(dict(request.query_params))
    saved = request.query_params.get("saved") == "1"
    context = talent_context(
        request,
        values,
        offset,
        saved_notice=_("Saved. Your inbox will tell you of each new member who fits it.")
        if saved
        else "",
    )
    status = 422 if context["errors"] else 200
    return render(
        request, "bridge/_talent_results.html", "bridge/talent.html", context, status=status
    )


@post(
    "/scout/talent/save",
    guards=[may(Action.SCOUT)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def save_talent_search(request: Req, data: Form, ctx: Context) -> Response[Any]:
    """Keep this search: the inbox tells of each new director or crew member who fits it."""
    values = {name: field(data, name)[:80] for name in FIELDS}
    query, errors = read_query(values)
    status = 422
    refused: dict[str, str] = {}
    if errors:
        refused["save"] = _("Correct the search first; it was not saved.")
    elif not query.asks:
        refused["save"] = _(
            "Choose at least one filter first: a search for everyone would tell you of "
            "every newcomer."
        )
    else:
        _id, status = attempt(
            lambda: app_of(request).save_search(
                ctx,
                kind=SearchKind.TALENT,
                role=query.role,
                skill=query.skill,
                genre=query.genre,
                talent=_filters(query),
            ),
            refused,
            "save",
        )
    if status == 200:
        caught_up(request)
    if status == 200 and not request.htmx:  # type: ignore[attr-defined]
        kept = urlencode({k: v for k, v in values.items() if v})
        return Redirect(f"/scout/talent?{kept}&saved=1#save", status_code=303)
    context = talent_context(
        request,
        values,
        saved_notice=_("Saved. Your inbox will tell you of each new member who fits it.")
        if status == 200
        else "",
        save_error=refused.get("save", next(iter(refused.values()), "")),
    )
    return render(request, "bridge/_talent_save.html", "bridge/talent.html", context, status=status)


def _filters(query: TalentQuery) -> TalentFilters:
    return TalentFilters(
        level=query.level,
        certified=query.certified,
        university_id=query.university_id,
        verified_credits=query.verified_credits,
        available_from=query.free_from,
        available_to=query.free_to,
    )


ROUTES = [talent_search, save_talent_search]
