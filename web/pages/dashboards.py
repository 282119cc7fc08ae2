"""Dashboards: the centre's public summary figures (no personal data) and each university's
dashboard for its coordinators (and admins and auditors). Every table can be downloaded as CSV
(`?format=csv&table=<name>`); every chart is server-rendered SVG beside its table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar import get
from litestar.exceptions import NotAuthorizedException
from litestar.response import Response

from domain.errors import Forbidden, Invalid, NotFound
from domain.university import NETWORK
from domain.vocabulary import Role
from matching.newcomers import NEWCOMER_FILMS
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.exposure import ESTABLISHED, NEWCOMERS, ExposureLine, exposure_fairness
from projections.views.reports import FairnessLine, Reports
from projections.views.university_reports import UniversityReports
from web.display.charts import Point, bar_chart, line_chart
from web.display.labels import deal_kind_labels, said, workspace_kind_labels
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, me, page, read
from web.pages.common import roles_of as roles

PERIODS = (4, 12, 26, 52)


@dataclass
class Table:
    key: str
    caption: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: Any = None


def _csv(table: Table) -> Response[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table.key}.csv"'},
    )


def _answer(
    request: Req, tables: list[Table], context: dict[str, Any], format: str, table: str
) -> Response[Any]:
    if format == "csv":
        chosen = next((t for t in tables if t.key == table), None)
        if chosen is None:
            raise NotFound(
                _(
                    "No table %(name)s here; the tables are: %(names)s.",
                    name=table,
                    names=", ".join(t.key for t in tables),
                )
            )
        return _csv(chosen)
    if format not in ("", "html"):
        raise Invalid(_("The formats are html and csv."))
    return page(
        request,
        "dashboards/_dashboard.html",
        "dashboards/dashboard.html",
        {**context, "tables": tables},
    )


def _weeks(value: int) -> int:
    return value if value in PERIODS else 12


def _summary_table(summary: Any) -> Table:
    rows = [
        [_("Members"), summary.members],
        [_("Verified students"), summary.verified_students],
        [_("Projects pitched"), summary.projects_pitched],
        [_("Projects fully crewed"), summary.projects_crewed],
        [
            _("Median days from pitch to full crew"),
            summary.median_days_to_crew if summary.median_days_to_crew is not None else "—",
        ],
        [_("Bookings"), summary.bookings],
        [_("Booked hours"), summary.booked_hours],
        [_("No-shows"), summary.no_shows],
        [_("Subsidy applications"), summary.applications],
        [_("Approvals"), summary.approvals],
        [_("Subsidy requested (KRW)"), summary.requested_krw],
        [_("Subsidy approved (KRW)"), summary.approved_krw],
        [_("Subsidy disbursed (KRW)"), summary.disbursed_krw],
    ]
    table = Table("summary", _("Summary"), [_("Figure"), _("Value")], rows)
    money = [
        Point(_("Requested"), summary.requested_krw),
        Point(_("Approved"), summary.approved_krw),
        Point(_("Disbursed"), summary.disbursed_krw),
    ]
    table.chart = bar_chart(
        "chart-subsidy",
        _("Subsidies in won"),
        _(
            "Requested, approved and disbursed subsidy in won; the same "
            "figures are in the summary table."
        ),
        money,
    )
    return table


def _utilisation_table(rows: list[Any], weeks: int) -> Table:
    table = Table(
        "utilisation",
        _("Bookings and utilisation by workspace, last %(n)s weeks", n=weeks),
        [_("Workspace"), _("Kind"), _("Booked hours"), _("Open hours"), _("Utilisation %")],
        [
            [
                u.name,
                said(workspace_kind_labels, u.kind),
                u.booked_hours,
                u.open_hours,
                round(u.share * 100, 1),
            ]
            for u in rows
        ],
    )
    table.chart = bar_chart(
        "chart-utilisation",
        table.caption,
        _("Share of opening hours booked, per workspace."),
        [Point(u.name, round(u.share * 100, 1)) for u in rows],
        "%",
    )
    return table


def _fairness_table(lines: list[FairnessLine], caption: str) -> Table:
    table = Table(
        "fairness",
        caption,
        [
            _("Group"),
            _("Applications"),
            _("Approvals"),
            _("Approval rate %"),
            _("Approved (KRW)"),
            _("Share of applications %"),
            _("Share of approved KRW %"),
        ],
        [
            [
                _group(f.group),
                f.applications,
                f.approvals,
                round(f.approval_rate * 100, 1),
                f.approved_krw,
                round(f.share_of_applications * 100, 1),
                round(f.share_of_approved_krw * 100, 1),
            ]
            for f in lines
        ],
    )
    table.chart = bar_chart(
        "chart-fairness",
        _("Share of approved subsidy by group"),
        _(
            "Each group's share of all approved won, in percent; first-time "
            "and returning applicants are counted across universities too."
        ),
        [Point(_group(f.group), round(f.share_of_approved_krw * 100, 1)) for f in lines],
        "%",
    )
    return table


def _exposure_tables(lines: list[ExposureLine]) -> list[Table]:
    """Appearances in recommended crew: newcomers against established members (the share the
    engine promises newcomers), then by university."""
    status = [e for e in lines if e.group in (NEWCOMERS, ESTABLISHED)]
    universities = [e for e in lines if e.group not in (NEWCOMERS, ESTABLISHED)]
    tables = []
    for key, first, caption, description, chosen in (
        (
            "exposure",
            _("Group"),
            _("Fairness: appearances in crew recommendations"),
            _(
                "Each group's share of all appearances in recommended crew, in percent. "
                "Newcomers had fewer than %(n)s films (credits claimed or verified) when they "
                "were shown; the engine keeps one place in five for them when one fits the "
                "role.",
                n=NEWCOMER_FILMS,
            ),
            status,
        ),
        (
            "exposure_universities",
            _("University"),
            _("Fairness: appearances in crew recommendations by university"),
            _("Each university's share of all appearances in recommended crew, in percent."),
            universities,
        ),
    ):
        table = Table(
            key,
            caption,
            [first, _("Members shown"), _("Appearances"), _("Share %")],
            [[_group(e.group), e.members, e.shown, round(e.share * 100, 1)] for e in chosen],
        )
        table.chart = bar_chart(
            f"chart-{key}",
            caption,
            description,
            [Point(_group(e.group), round(e.share * 100, 1)) for e in chosen],
            "%",
        )
        tables.append(table)
    return tables


def _group(name: str) -> str:
    return {
        "First-time applicants": _("First-time applicants"),
        NEWCOMERS: _("Newcomers (fewer than %(n)s films)", n=NEWCOMER_FILMS),
        ESTABLISHED: _("Established (%(n)s films or more)", n=NEWCOMER_FILMS),
        "Returning applicants": _("Returning applicants"),
        "Outside the network": _("Outside the network"),
    }.get(name, _university(name))


_KOREAN_NAMES = {english: korean for _slug, english, korean in NETWORK}


def _university(name: str) -> str:
    """A network university's name in the reader's language (the views keep it in English)."""
    return _KOREAN_NAMES.get(name, name) if current_language() == "ko" else name


# -- the centre ------------------------------------------------------------------------------


@get("/dashboard", sync_to_thread=True, include_in_schema=False)
def centre(request: Req, weeks: int = 12, format: str = "", table: str = "") -> Response[Any]:
    """The centre's public summary: figures and aggregates only, never a person."""
    period = _weeks(weeks)
    until = app_of(request).clock.now()
    since = until - timedelta(weeks=period)
    with read(request) as tx:
        summary = Reports.summary(tx)
        utilisation = Reports.utilisation(tx, since, until)
        universities = Reports.universities(tx)
        fairness = Reports.fairness(tx)
        monthly = {s: Reports.monthly(tx, s) for s in ("members", "booked_hours", "approved_krw")}
        deals = Bridge.deals(tx)
        exposure = exposure_fairness(tx)
    tables = [_summary_table(summary), _utilisation_table(utilisation, period)]
    unis = Table(
        "universities",
        _("By university"),
        [
            _("University"),
            _("Members"),
            _("Projects pitched"),
            _("Booked hours"),
            _("Applicants"),
            _("Requested (KRW)"),
            _("Approved (KRW)"),
        ],
        [
            [
                _university(u.name),
                u.members,
                u.projects,
                u.booked_hours,
                u.applicants,
                u.requested_krw,
                u.approved_krw,
            ]
            for u in universities
        ],
    )
    unis.chart = bar_chart(
        "chart-universities",
        _("Members by university"),
        _("Registered members per network university."),
        [Point(_university(u.name), u.members) for u in universities],
    )
    tables.append(unis)
    tables.append(
        _fairness_table(
            fairness,
            _("Fairness: subsidies by university and by first-time versus returning applicants"),
        )
    )
    tables += _exposure_tables(exposure)
    labels = {
        "members": _("Members joined per month"),
        "booked_hours": _("Hours booked per month"),
        "approved_krw": _("Subsidy approved per month (KRW)"),
    }
    for series, points in monthly.items():
        month = Table(
            f"monthly_{series}",
            labels[series],
            [_("Month"), _("Value")],
            [[p.month, p.value] for p in points],
        )
        month.chart = line_chart(
            f"chart-{series}",
            labels[series],
            _("Month by month; the values are in the table below."),
            [Point(p.month, p.value) for p in points],
        )
        tables.append(month)
    kinds: dict[str, list[int]] = {}
    for deal in deals:
        kinds.setdefault(deal.kind, []).append(deal.amount_krw)
    placements = Table(
        "placements",
        _("Placements with partners (deals signed)"),
        [_("Kind of deal"), _("Deals"), _("Total (KRW)")],
        [[said(deal_kind_labels, k), len(v), sum(v)] for k, v in sorted(kinds.items())],
    )
    tables.append(placements)
    return _answer(
        request,
        tables,
        {
            "heading": _("Film House in figures"),
            "weeks": period,
            "periods": PERIODS,
            "path": "/dashboard",
            "universities": _university_links(request),
        },
        format,
        table,
    )


def _university_links(request: Req) -> list[tuple[UUID, str]]:
    """The universities whose dashboards this visitor may open."""
    member = me(request)
    if member is None:
        return []
    member_roles = roles(request)
    with read(request) as tx:
        all_unis = Directory.universities(tx)
    if Role.ADMIN in member_roles or Role.AUDITOR in member_roles:
        return [(u.university_id, _university(u.name)) for u in all_unis]
    if Role.COORDINATOR in member_roles:
        own = _university_of(request, member)
        return [(u.university_id, _university(u.name)) for u in all_unis if u.university_id == own]
    return []


def _university_of(request: Req, member_id: UUID) -> UUID | None:
    """The university a member is affiliated with, as the directory knows it."""
    with read(request) as tx:
        card = Directory.member(tx, member_id)
    return None if card is None else card.university_id


# -- one university --------------------------------------------------------------------------


def _may_see(request: Req, university_id: UUID) -> None:
    member = me(request)
    if member is None:
        raise NotAuthorizedException(_("sign in first"))
    member_roles = roles(request)
    if Role.ADMIN in member_roles or Role.AUDITOR in member_roles:
        return
    if Role.COORDINATOR in member_roles and _university_of(request, member) == university_id:
        return
    raise Forbidden(
        _(
            "A university's dashboard is for its coordinators and the centre's "
            "staff. The centre-wide figures are on /dashboard."
        )
    )


@get("/dashboard/universities/{university_id:uuid}", sync_to_thread=True, include_in_schema=False)
def university(
    request: Req, university_id: UUID, weeks: int = 12, format: str = "", table: str = ""
) -> Response[Any]:
    _may_see(request, university_id)
    period = _weeks(weeks)
    until = app_of(request).clock.now()
    since = until - timedelta(weeks=period)
    with read(request) as tx:
        found = next(
            (u for u in Directory.universities(tx) if u.university_id == university_id), None
        )
        if found is None:
            raise NotFound(f"no university {university_id}")
        summary = Reports.summary(tx, university_id=university_id)
        uses = UniversityReports.room_use(tx, university_id, since, until)
        line = next((u for u in Reports.universities(tx) if u.university_id == university_id), None)
        groups = UniversityReports.applicant_groups(tx, university_id)
        members = UniversityReports.members(tx, university_id)
        deals = [d for d in Bridge.deals(tx) if d.director_id in members]
    tables = [_summary_table(summary)]
    bookings = Table(
        "utilisation",
        _("Bookings by workspace, last %(n)s weeks", n=period),
        [_("Workspace"), _("Kind"), _("Bookings"), _("Booked hours")],
        [[u.name, said(workspace_kind_labels, u.kind), u.bookings, u.hours] for u in uses],
    )
    bookings.chart = bar_chart(
        "chart-uni-bookings",
        bookings.caption,
        _("Hours booked by this university's members, per workspace."),
        [Point(u.name, u.hours) for u in uses],
    )
    tables.append(bookings)
    fair = Table(
        "fairness",
        _("Fairness: this university's first-time and returning applicants"),
        [_("Group"), _("Applications"), _("Approvals"), _("Approved (KRW)")],
        [[_group(g.group), g.applications, g.approvals, g.approved_krw] for g in groups],
    )
    fair.chart = bar_chart(
        "chart-uni-fairness",
        fair.caption,
        _("Approved won for first-time and returning applicants."),
        [Point(_group(g.group), g.approved_krw) for g in groups],
    )
    tables.append(fair)
    tables.append(
        Table(
            "placements",
            _("Placements with partners"),
            [_("Project"), _("Partner"), _("Kind of deal"), _("Amount (KRW)"), _("Signed")],
            [
                [
                    d.project_title,
                    d.partner_name,
                    said(deal_kind_labels, d.kind),
                    d.amount_krw,
                    d.signed_at.date().isoformat(),
                ]
                for d in deals
            ],
        )
    )
    return _answer(
        request,
        tables,
        {
            "heading": _university(found.name),
            "weeks": period,
            "periods": PERIODS,
            "path": f"/dashboard/universities/{university_id}",
            "line": line,
            "universities": [],
        },
        format,
        table,
    )


ROUTES = [centre, university]
