"""A director proposes a whole team in one step and invites it; the crew accept; nobody ends
up hired onto clashing dates. Headless Chromium against `filmhouse serve` over the short demo
history, whose demo director's pitched project wants a production designer, a script
supervisor (only Yoon Ha-eun keeps continuity; she states no day rate) and an underwater
camera operator (nobody has the skill)."""

from __future__ import annotations

import re
from contextlib import suppress
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from domain.clock import SettableClock, SystemClock
from domain.context import Context
from domain.errors import DomainError
from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.views.projects import Projects
from tests.browser.conftest import PHONE, SECRET, LiveServer, sign_in, sign_in_as
from tests.conftest import FAST_ARGON2
from web.demo.base import PASSWORD

pytestmark = pytest.mark.browser

TITLE = "Night Shift at the Fish Market"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _open_team_page(page: Any) -> None:
    page.goto("/my/projects")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="Propose a team").click()
    expect(page.get_by_role("heading", name=re.compile("Propose a team"))).to_be_visible()


def _screens(new_page: Any, url: str) -> None:
    """The team page on a phone, in English and in Korean, kept under var/shots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ko"):
        phone = new_page(viewport=PHONE)
        sign_in_as(phone, "director")
        phone.context.add_cookies([{"name": "fh_lang", "value": language, "url": phone.url}])
        phone.goto(url)
        expect(phone.locator("#team")).to_be_visible()
        if language == "ko":
            expect(phone.locator("#team")).to_contain_text("일당 미기재")
        widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"the team page scrolls sideways in {language}"
        phone.screenshot(path=str(SHOTS / f"team-{language}.png"), full_page=True)


def test_director_proposes_a_team_invites_it_and_nobody_is_double_booked(
    new_page: Any, live_server: LiveServer
) -> None:
    page = new_page()
    sign_in_as(page, "director")
    _open_team_page(page)
    team = page.locator("#team")
    expect(team).to_contain_text("Yoon Ha-eun")
    expect(team).to_contain_text("Rate not stated")
    expect(team).to_contain_text("No one on Film House holds the skills (underwater camera).")
    expect(team).to_contain_text("within the role's budget of")
    picks = page.locator('input[name="pick"]')
    assert picks.count() >= 2
    for n in range(picks.count()):
        expect(picks.nth(n)).to_be_checked()
    _screens(new_page, page.url)

    page.get_by_role("button", name="Invite selected").click()
    answers = page.locator(".fh-answers li")
    expect(answers.first).to_be_visible()
    assert answers.count() >= 2
    for n in range(answers.count()):
        expect(answers.nth(n)).to_contain_text("invited")
    expect(page.locator(".fh-answers")).not_to_contain_text("not invited")

    # Yoon Ha-eun accepts in her own browser; the others through the service, all at once
    crew = new_page()
    sign_in(crew, "continuity@example.kr", PASSWORD, "/my/invitations")
    row = crew.locator("li, tr").filter(has_text=TITLE).first
    row.get_by_role("button", name="Accept").click()
    expect(crew.locator("#invitations")).to_contain_text(TITLE)

    app = open_application(
        live_server.database_url,
        secret=SECRET.encode(),
        passwords=FAST_ARGON2,
        clock_=SettableClock(SystemClock().now()),
    )
    try:
        views = Projector(app, all_views())
        director = app.member_by_email("director@filmhouse.test")
        assert director is not None
        with views.db.read() as tx:
            (card,) = [p for p in Projects.directed_by(tx, director.id) if p.title == TITLE]
            pending = [
                i
                for i in Projects.pipeline(tx, project_id=card.project_id, status="pending")
                if i.kind == "invitation"
            ]
        for item in pending:  # every invitation still waiting is accepted by its member
            # a refusal (the role filled, the dates clash) is the rule holding
            with suppress(DomainError):
                app.accept_invitation(Context(item.member_id), item.item_id)
        hired = app.project(card.project_id).hired()
        supervisor = app.member_by_email("continuity@example.kr")
        assert supervisor is not None and supervisor.id in hired
        for member_id in hired:
            commitments = app.commitments_of(member_id)
            assert commitments is not None
            spans = [(e["start"], e["end"]) for e in commitments.engagements.values()]
            for (s1, e1), (s2, e2) in combinations(spans, 2):
                assert e1 < s2 or e2 < s1, f"{member_id} is hired on clashing dates"
    finally:
        app.close()
