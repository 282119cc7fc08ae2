"""Dashboards: the public centre figures, each university's dashboard for its coordinator, the
SVG charts with text alternatives, and every table as CSV."""

from __future__ import annotations

import pytest

from domain.context import Context
from tests.web.test_pages_funds import (
    HX,
    admin,
    applied,
    fund,
    grant,
    join,
    project,
    sign_in,
    university_ids,
)


@pytest.fixture
def activity(filmhouse):
    uni = university_ids(filmhouse)[0]
    boss = admin(filmhouse)
    director = join(filmhouse, "Director Lee", university_id=uni)
    application = applied(filmhouse, director, fund(filmhouse, boss), project(filmhouse, director))
    filmhouse.decide_subsidy(
        Context(boss),
        application,
        approve=True,
        amount_krw=2_000_000,
        reason_code="meets_criteria",
        reason="ok",
    )
    coordinator = join(filmhouse, "Coordinator Yoon", roles=("crew",), university_id=uni)
    grant(filmhouse, boss, coordinator, "coordinator")
    return {"uni": uni, "other": university_ids(filmhouse)[1]}


@pytest.mark.parametrize("htmx", [False, True])
def test_centre_dashboard_is_public_figures(web, activity, htmx):
    response = web.get("/dashboard", headers=HX if htmx else {})
    assert response.status_code == 200
    html = response.text
    assert (
        "<svg" in html
        and "<title" in html
        and "<desc" in html
        and "<script" not in html.split("<main")[-1]
    )
    assert "Fairness" in html and "First-time applicants" in html
    assert "2,000,000" in html
    assert "Director Lee" not in html
    assert ("<html" in html) is not htmx


@pytest.mark.parametrize(
    "table",
    [
        "summary",
        "utilisation",
        "universities",
        "fairness",
        "monthly_members",
        "monthly_booked_hours",
        "monthly_approved_krw",
        "placements",
        "exposure",
        "exposure_universities",
    ],
)
def test_every_centre_table_exports_as_csv(web, activity, table):
    response = web.get(f"/dashboard?format=csv&table={table}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.count("\n") >= 1


def test_unknown_table_and_format(web, activity):
    assert web.get("/dashboard?format=csv&table=nope").status_code == 404
    assert web.get("/dashboard?format=pdf").status_code == 422


@pytest.mark.parametrize("htmx", [False, True])
def test_coordinator_sees_their_university(web, activity, htmx):
    sign_in(web, "Coordinator Yoon")
    assert f"/dashboard/universities/{activity['uni']}" in web.get("/dashboard").text
    response = web.get(f"/dashboard/universities/{activity['uni']}", headers=HX if htmx else {})
    assert response.status_code == 200
    assert "First-time applicants" in response.text and "<svg" in response.text
    assert ("<html" in response.text) is not htmx
    csv = web.get(f"/dashboard/universities/{activity['uni']}?format=csv&table=summary")
    assert csv.status_code == 200 and "2000000" in csv.text


def test_coordinator_cannot_see_another_university(web, activity):
    sign_in(web, "Coordinator Yoon")
    response = web.get(f"/dashboard/universities/{activity['other']}")
    assert response.status_code == 403


def test_university_dashboard_needs_sign_in_and_role(web, filmhouse, activity):
    assert web.get(f"/dashboard/universities/{activity['uni']}").status_code == 401
    sign_in(web, "Director Lee")
    assert web.get(f"/dashboard/universities/{activity['uni']}").status_code == 403


def test_admin_sees_any_university_and_unknown_is_404(web, activity):
    sign_in(web, "Admin Kim")
    assert web.get(f"/dashboard/universities/{activity['other']}").status_code == 200
    assert (
        web.get("/dashboard/universities/00000000-0000-0000-0000-000000000000").status_code == 404
    )


def test_charts_render_without_data():
    from web.display.charts import Point, bar_chart, line_chart

    assert "<desc" in bar_chart("x", "T", "D", [])
    svg = line_chart("y", "Members <per> month", "D", [Point("2026-01", 3), Point("2026-02", 5)])
    assert "&lt;per&gt;" in svg and "polyline" in svg


@pytest.mark.parametrize("htmx", [False, True])
def test_a_korean_reader_reads_the_universities_by_their_korean_names(
    web, filmhouse, activity, htmx
):
    from domain.university import NETWORK

    english, korean = NETWORK[0][1], NETWORK[0][2]
    sign_in(web, "Admin Kim")
    centre = web.get("/dashboard", headers={"Accept-Language": "ko", **(HX if htmx else {})})
    assert f">{korean}<" in centre.text and f">{english}<" not in centre.text
    assert ("<html" in centre.text) is not htmx
    own = next(u for u in filmhouse_universities(web) if u.university_id == activity["uni"])
    page = web.get(
        f"/dashboard/universities/{activity['uni']}",
        headers={"Accept-Language": "ko", **(HX if htmx else {})},
    ).text
    assert f"<h1>{own.name_ko}</h1>" in page
    assert f"<h1>{own.name}</h1>" in web.get(f"/dashboard/universities/{activity['uni']}").text


def filmhouse_universities(web):
    from projections.views.directory import Directory

    with web.app.state.projector.db.read() as tx:
        return Directory.universities(tx)
