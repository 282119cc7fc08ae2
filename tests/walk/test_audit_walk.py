"""The auditor's walk: one entity of every kind in the demo log, its timeline, the entity as it
stood at several moments (before it existed, midway through its history, at its last event,
now), and what changed between its first event and now — in both languages, on a phone,
through plain links and through the page's own as-of form. The same findings as the walk fail
it: a server error, a refusal, raw data, English on a Korean page, sideways scrolling,
overlapping texts."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import pytest

from domain.clock import SEOUL
from tests.browser.conftest import LiveServer, account
from tests.walk.crawl import Walk
from tests.walk.oracle import UNIVERSITIES, build
from tests.walk.test_walk import SCREENS, open_as

pytestmark = pytest.mark.browser


def one_of_every_kind(database_url: str) -> dict[str, UUID]:
    """For each kind of aggregate in the log, the entity with the longest history."""
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT first.topic, e.originator_id, COUNT(*) AS n FROM stored_events e "
            "JOIN stored_events first ON first.originator_id = e.originator_id "
            "AND first.originator_version = 1 "
            "GROUP BY e.originator_id ORDER BY n DESC, e.originator_id"
        ).fetchall()
    kinds: dict[str, UUID] = {}
    for topic, originator, _count in rows:
        kind = topic.split(":")[-1].split(".")[0]
        kinds.setdefault(kind, UUID(originator))
    return kinds


def token_of(context: Any, who: str) -> str:
    demo = account(who)
    answer = context.request.post(
        "/api/v1/auth/token", data={"email": demo.email, "password": demo.password}
    )
    assert answer.status == 200, answer.text()
    return str(answer.json()["token"])


def moments(context: Any, token: str, entity: UUID) -> list[datetime]:
    """Before the entity existed, midway, at its last event, and now (Seoul time)."""
    history = context.request.get(
        f"/api/v1/audit/entities/{entity}/history", headers={"Authorization": f"Bearer {token}"}
    ).json()
    times = [datetime.fromisoformat(e["at"]).astimezone(SEOUL) for e in history]
    now = datetime.now(SEOUL)
    return [times[0] - timedelta(hours=1), times[len(times) // 2], times[-1], now]


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_auditor_reads_every_kind_of_entity_as_it_stood_and_what_changed(
    browser: Any, live_server: LiveServer, language: str
) -> None:
    kinds = one_of_every_kind(live_server.database_url)
    assert {"Member", "Project", "Fund"} <= kinds.keys(), kinds
    context = open_as(browser, live_server, "auditor", language)
    screens = SCREENS / f"audit-{language}"
    oracle = build()
    walk = Walk(
        who=f"auditor/{language}",
        korean=language == "ko",
        signed_in=True,
        oracle=oracle,
        screens=None,
    )
    token = token_of(context, "auditor")
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    try:
        for kind, entity in sorted(kinds.items()):
            base = f"{live_server.url}/audit/entities/{entity}"
            before, midway, last, now = moments(context, token, entity)
            urls = [base] + [
                f"{base}?{urlencode({'as_of': local(m)})}" for m in (before, last, now)
            ]
            urls.append(f"{base}?{urlencode({'first': local(before), 'second': local(now)})}")
            # A university's record holds its English name as a field's value: data, there.
            walk.oracle = (
                replace(oracle, vocabulary=oracle.vocabulary - UNIVERSITIES)
                if kind == "University"
                else oracle
            )
            for url in urls:
                walk.visit(context, page, url, kind, came_from=f"the audit of a {kind}")
            screens.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screens / f"{kind}-compare-phone.png"), full_page=True)
            # Through the form, as a person does it: the as-of region fills in place.
            page.goto(base)
            page.locator("#as-of-input").fill(local(midway))
            page.locator("#as-of-input").press("Enter")
            shown = page.locator("#as-of h2")
            shown.wait_for()
            assert shown.inner_text().strip(), f"the as-of form showed nothing for a {kind}"
            walk.check(page, f"{base}?as_of= (the form)")
            page.screenshot(path=str(screens / f"{kind}-as-of-phone.png"), full_page=True)
    finally:
        context.close()
    assert not walk.findings, f"{len(walk.findings)} findings:\n" + "\n".join(walk.findings)
