"""A partner's scout opens /scout on projects to see with their reasons, shortlists one, and the
project's director finds it in their inbox. Headless Chromium against `filmhouse serve` over the
short demo history (the demo partner states what it looks for). Screenshots of /scout, talent
search and a director's partners panel, phone and desktop, English and Korean, are kept under
var/shots/ for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import expect

from domain.clock import SystemClock
from projections.log.eventstore import open_application
from tests.browser.conftest import DESKTOP, PHONE, SECRET, LiveServer, sign_in, sign_in_as
from tests.conftest import FAST_ARGON2
from web.demo.base import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _email_of(live_server: LiveServer, member_id: UUID) -> str:
    app = open_application(
        live_server.database_url,
        secret=SECRET.encode(),
        passwords=FAST_ARGON2,
        clock_=SystemClock(),
    )
    try:
        return str(app.member(member_id).email)
    finally:
        app.close()


def test_partner_shortlists_a_recommended_project_and_the_director_is_told(
    new_page: Any, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_as(page, "partner", "/scout")
    see = page.locator("#see")
    expect(see.get_by_role("heading", name="Projects to see")).to_be_visible()
    item = see.locator("li.fh-rec").filter(has=page.get_by_role("button", name="Shortlist")).first
    expect(item.locator(".fh-reasons li").first).to_be_visible()
    title = item.locator("a strong").inner_text()
    director = item.locator('a[href^="/members/"]').get_attribute("href") or ""
    item.get_by_role("button", name="Shortlist").click()
    expect(page.locator("#see")).to_contain_text("The director has been told in their inbox.")
    expect(page.locator("#interests")).to_contain_text(title)

    director_page = new_page()
    email = _email_of(live_server, UUID(director.rsplit("/", 1)[-1]))
    sign_in(director_page, email, PASSWORD, "/inbox")
    expect(director_page.locator("main")).to_contain_text(
        re.compile(f"is interested in {re.escape(title)}")
    )


def _shoot(new_page: Any, role: str, path: str, name: str, ready: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for language in ("en", "ko"):
            page = new_page(viewport=viewport)
            sign_in_as(page, role)
            page.context.add_cookies([{"name": "fh_lang", "value": language, "url": page.url}])
            page.goto(path)
            expect(page.locator(ready)).to_be_visible()
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{path} scrolls sideways on a {size} in {language}"
            page.screenshot(path=str(SHOTS / f"{name}-{size}-{language}.png"), full_page=True)
            page.screenshot(path=str(SHOTS / f"{name}-{size}-{language}-top.png"))
            page.locator(ready).screenshot(path=str(SHOTS / f"{name}-{size}-{language}-part.png"))


def test_scouting_pages_fit_a_phone_in_both_languages(
    new_page: Any, live_server: LiveServer
) -> None:
    _shoot(new_page, "partner", "/scout", "scout", "#see")
    _shoot(new_page, "partner", "/scout/talent?skill=editing&level=3", "talent", "#talent-results")
    director = new_page()
    sign_in_as(director, "director", "/my/projects")
    hrefs = director.locator('main a[href^="/projects/"]').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    pitched = None
    for href in dict.fromkeys(hrefs):
        if re.fullmatch(r"/projects/[0-9a-f-]{36}", href or ""):
            director.goto(href)
            if director.locator("#partners").count():
                pitched = href
                break
    assert pitched is not None, "the demo director has no pitched project with a partners panel"
    _shoot(new_page, "director", f"{pitched}#partners", "partners", "#partners")
