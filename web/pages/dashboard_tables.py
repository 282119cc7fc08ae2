"""The dashboards' tables: each figure as a table with its server-rendered SVG chart, the
tables both dashboards share (the summary, utilisation, fairness, exposure), the names of
groups and universities in the reader's language, and the answer as a page or one table as CSV
(`?format=csv&table=<name>`). The pages that gather them are web/pages/dashboards.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from litestar.response import Response
from markupsafe import Markup

from domain.errors import Invalid, NotFound
from domain.university import NETWORK
from matching.newcomers import NEWCOMER_FILMS
from projections.views.exposure import (
    ESTABLISHED,
    ESTABLISHED_DIRECTORS,
    FIRST_TIME,
    NEWCOMERS,
    ExposureLine,
)
from projections.views.report_queries import FairnessLine, Summary, Utilisation
from web.display.charts import Point, bar_chart
from web.display.labels import said, workspace_kind_labels
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.common import Req, page

PERIODS = (4, 12, 26, 52)


@dataclass
class Table:
    """One table of a dashboard: `key` names it in the CSV download, `chart` draws its figures."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: Markup | None = None


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


def dashboard_answer(
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


def period_of(value: int) -> int:
    """The weeks asked for, when they are one of the periods offered; else twelve."""
    return value if value in PERIODS else 12


def summary_table(summary: Summary) -> Table:
    rows: list[list[Any]] = [
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


def utilisation_table(rows: list[Utilisation], weeks: int) -> Table:
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


def fairness_table(lines: list[FairnessLine], caption: str) -> Table:
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
                group_name(f.group),
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
        [Point(group_name(f.group), round(f.share_of_approved_krw * 100, 1)) for f in lines],
        "%",
    )
    return table


def exposure_tables(lines: list[ExposureLine]) -> list[Table]:
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
            [[group_name(e.group), e.members, e.shown, round(e.share * 100, 1)] for e in chosen],
        )
        table.chart = bar_chart(
            f"chart-{key}",
            caption,
            description,
            [Point(group_name(e.group), round(e.share * 100, 1)) for e in chosen],
            "%",
        )
        tables.append(table)
    return tables


def director_exposure_tables(lines: list[ExposureLine]) -> list[Table]:
    """Directors shown to scouts (their projects to see, themselves to watch): first-time
    directors against the others (the slot the engine keeps for them), then by university."""
    status = [e for e in lines if e.group in (FIRST_TIME, ESTABLISHED_DIRECTORS)]
    universities = [e for e in lines if e.group not in (FIRST_TIME, ESTABLISHED_DIRECTORS)]
    tables = []
    for key, first, caption, description, chosen in (
        (
            "exposure_directors",
            _("Group"),
            _("Directors shown to scouts"),
            _(
                "Each group's share of all appearances of directors in scouts' recommendations "
                "(projects to see and directors to watch), in percent. First-time directors had "
                "no wrapped project when they were shown; the engine keeps one place in five "
                "for them when one fits."
            ),
            status,
        ),
        (
            "exposure_directors_universities",
            _("University"),
            _("Directors shown to scouts, by university"),
            _("Each university's share of all appearances of directors shown to scouts."),
            universities,
        ),
    ):
        table = Table(
            key,
            caption,
            [first, _("Directors shown"), _("Appearances"), _("Share %")],
            [[group_name(e.group), e.members, e.shown, round(e.share * 100, 1)] for e in chosen],
        )
        table.chart = bar_chart(
            f"chart-{key}",
            caption,
            description,
            [Point(group_name(e.group), round(e.share * 100, 1)) for e in chosen],
            "%",
        )
        tables.append(table)
    return tables


def group_name(name: str) -> str:
    return {
        "First-time applicants": _("First-time applicants"),
        NEWCOMERS: _("Newcomers (fewer than %(n)s films)", n=NEWCOMER_FILMS),
        ESTABLISHED: _("Established (%(n)s films or more)", n=NEWCOMER_FILMS),
        "Returning applicants": _("Returning applicants"),
        "Outside the network": _("Outside the network"),
        FIRST_TIME: _("First-time directors (no wrapped project)"),
        ESTABLISHED_DIRECTORS: _("Directors with a wrapped project"),
    }.get(name, university_name(name))


_KOREAN_NAMES = {english: korean for _slug, english, korean in NETWORK}


def university_name(name: str) -> str:
    """A network university's name in the reader's language (the views keep it in English)."""
    return _KOREAN_NAMES.get(name, name) if current_language() == "ko" else name
