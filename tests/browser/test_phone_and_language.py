"""On a small phone (375 × 667), in Korean and in English: the main pages fit the screen (nothing
scrolls sideways; wide tables become one card per row), the dashboard's chart text is at least
12 px, axe finds no serious or critical violation, and a refused booking says why in Korean.
With FILMHOUSE_SCREENS=/some/dir each phone page is kept as a screenshot for a person to look
at."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from domain.clock import SEOUL
from domain.workspace import Workspace
from tests.browser.conftest import account, serious_violations, sign_in_as

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 375, "height": 667}
SCREENS = os.environ.get("FILMHOUSE_SCREENS", "")
SUITE = Workspace.id_for("editing-suite-2")

# name, who is signed in, path
PAGES: list[tuple[str, str | None, str]] = [
    ("home", None, "/"),
    ("dashboard", None, "/dashboard"),
    ("members", "director", "/members"),
    ("projects", "director", "/my/projects"),
    ("workspace-calendar", "crew", f"/workspaces/{SUITE}"),
    ("my-bookings", "crew", "/my/bookings"),
    ("trainings", "crew", "/trainings"),
    ("funds", "director", "/funds"),
    ("review-queue", "admin", "/reviews"),
    ("admin-funds", "admin", "/admin/funds"),
    ("admin-members", "admin", "/admin/members"),
    ("admin-bookings", "admin", "/admin/bookings"),
    ("audit-timeline", "auditor", f"/audit/entities/{SUITE}"),
]

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1
                 && getComputedStyle(e).position !== 'absolute')
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
              + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
  return {scroll: document.scrollingElement.scrollWidth, width, wide};
}"""

CHART_TEXT = """() => [...document.querySelectorAll('svg.chart text')].map(t => {
  const scale = t.ownerSVGElement.getScreenCTM().a;
  const box = t.getBoundingClientRect();
  return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
          right: box.right, left: box.left};
})"""


def _open(new_page: Any, role: str | None, path: str, language: str) -> Any:
    page = new_page(viewport=SMALL_PHONE, axe=True)
    page.goto("/")
    if role is not None:
        sign_in_as(page, role)
    page.context.add_cookies([{"name": "fh_lang", "value": language, "url": page.url}])
    answer = page.goto(path)
    assert answer is not None and answer.status == 200, f"{path}: {answer and answer.status}"
    return page


def _keep(page: Any, name: str) -> None:
    if SCREENS:
        folder = Path(SCREENS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_a_small_phone_without_sideways_scrolling(
    new_page: Any, name: str, role: str | None, path: str, language: str
) -> None:
    page = _open(new_page, role, path, language)
    _keep(page, f"{name}-{language}")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"], f"{path} is {fit['scroll']} px wide: {fit['wide']}"
    violations = serious_violations(page)
    assert not violations, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): {'; '.join(v['nodes'])}" for v in violations
    )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_dashboard_chart_text_is_at_least_12_px_on_a_small_phone(
    new_page: Any, language: str
) -> None:
    page = _open(new_page, None, "/dashboard", language)
    texts = page.evaluate(CHART_TEXT)
    assert len(texts) > 5, "the dashboard draws charts with text"
    small = [t for t in texts if t["px"] < 12]
    assert not small, f"chart text under 12 px: {small[:5]}"
    outside = [t for t in texts if t["right"] > SMALL_PHONE["width"] + 1 or t["left"] < -1]
    assert not outside, f"chart text outside the screen: {outside[:5]}"
    # Every chart has its figures as a table too, one tap away.
    charts = page.locator("section.report:has(svg.chart)")
    assert charts.count() == page.locator("section.report:has(svg.chart) details table").count()
    charts.first.locator("details > summary").click()
    expect(charts.first.locator("details table")).to_be_visible()


def test_a_clashing_booking_is_refused_in_korean_on_a_phone(new_page: Any) -> None:
    day = (datetime.now(SEOUL) + timedelta(days=23)).date()
    director = account("director")
    page = new_page(viewport=SMALL_PHONE, axe=True)
    token = page.request.post(
        "/api/v1/auth/token", data={"email": director.email, "password": director.password}
    ).json()["token"]
    booked = page.request.post(
        f"/api/v1/workspaces/{SUITE}/bookings",
        headers={"Authorization": f"Bearer {token}"},
        data={"start": f"{day}T14:00:00+09:00", "end": f"{day}T17:00:00+09:00"},
    )
    assert booked.status == 201, booked.text()

    sign_in_as(page, "crew")
    page.context.add_cookies([{"name": "fh_lang", "value": "ko", "url": page.url}])
    page.goto(f"/workspaces/{SUITE}?day={day.isoformat()}")
    page.locator("#book-day").fill(day.isoformat())
    page.locator("#book-start").select_option("15:00")
    page.locator("#book-end").select_option("16:00")
    page.locator("#booking-form button[type=submit]").click()
    refusal = page.locator("#book").get_by_role("alert")
    expect(refusal).to_contain_text("Editing Suite 2은(는) 14:00–17:00에 이미 예약되어 있습니다")
    expect(refusal).to_contain_text("17:00부터")
    expect(refusal).not_to_contain_text("is taken")
    _keep(page, "booking-refused-ko")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"], fit["wide"]
    assert not serious_violations(page)
