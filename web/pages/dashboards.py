"""Dashboards: the centre's public summary figures (no personal data) and each university's
dashboard for its coordinators (and admins and auditors). Every table can be downloaded as CSV
(`?format=csv&table=<name>`); every chart is server-rendered SVG beside its table. The tables
and charts are web/pages/dashboard_tables.py; this module gathers them into the two pages and
says who may see a university's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar import get
from litestar.exceptions import NotAuthorizedException
from litestar.response import Response

from domain.errors import Forbidden, NotFound
from domain.vocabulary import Role
from projections.views.bridge import Bridge
from projections.views.directory import Directory
from projections.views.exposure import director_exposure, exposure_fairness
from projections.views.reports import Reports
from projections.views.university_reports import UniversityReports
from web.display.charts import Point, bar_chart, line_chart
from web.display.labels import deal_kind_labels, said, workspace_kind_labels
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, me, read
from web.pages.common import roles_of as roles
from web.pages.dashboard_tables import (
    PERIODS,
    Table,
    dashboard_answer,
    director_exposure_tables,
    exposure_tables,
    fairness_table,
    group_name,
    period_of,
    summary_table,
    university_name,
    utilisation_table,
)

# -- the centre ------------------------------------------------------------------------------


@get("/dashboard", sync_to_thread=True, include_in_schema=False)
def centre(request: Req, weeks: int = 12, format: str = "", table: str = "") -> Response[Any]:
    """The centre's public summary: figures and aggregates only, never a person."""
    period = period_of(weeks)
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
        directors_shown = director_exposure(tx)
    tables = [summary_table(summary), utilisation_table(utilisation, period)]
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
                university_name(u.name),
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
        [Point(university_name(u.name), u.members) for u in universities],
    )
    tables.append(unis)
    tables.append(
        fairness_table(
            fairness,
            _("Fairness: subsidies by university and by first-time versus returning applicants"),
        )
    )
    tables += exposure_tables(exposure)
    tables += director_exposure_tables(directors_shown)
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
    return dashboard_answer(
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
        return [(u.university_id, university_name(u.name)) for u in all_unis]
    if Role.COORDINATOR in member_roles:
        own = _university_of(request, member)
        return [
            (u.university_id, university_name(u.name)) for u in all_unis if u.university_id == own
        ]
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
    period = period_of(weeks)
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
    tables = [summary_table(summary)]
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
        [[group_name(g.group), g.applications, g.approvals, g.approved_krw] for g in groups],
    )
    fair.chart = bar_chart(
        "chart-uni-fairness",
        fair.caption,
        _("Approved won for first-time and returning applicants."),
        [Point(group_name(g.group), g.approved_krw) for g in groups],
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
    return dashboard_answer(
        request,
        tables,
        {
            "heading": university_name(found.name),
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
