"""The walk: every role, in both languages, follows every link the product shows them on demo
data and reads every page on a phone. Nothing a person should not meet may be found: a server
error, a refusal behind a shown link, raw data, English on a Korean page, a page that scrolls
sideways, texts drawn over one another. Screenshots of every kind of page, phone and desktop,
are kept under var/walk/ for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, account, sign_in
from tests.walk.crawl import Walk
from tests.walk.oracle import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "var" / "walk"
ROLES = ("anonymous", "director", "crew", "partner", "coordinator", "reviewer", "admin", "auditor")
# Where each person starts besides the home page: their own corner of the product.
START = {
    "anonymous": ["/", "/signin", "/signup"],
    "director": ["/", "/me", "/my/projects", "/my/invitations", "/my/bookings"],
    "crew": ["/", "/me", "/my/invitations", "/my/bookings", "/inbox"],
    "partner": ["/", "/me", "/partner", "/scout", "/opportunities"],
    "coordinator": ["/", "/me", "/coordinator", "/dashboard"],
    "reviewer": ["/", "/me", "/reviews"],
    "admin": ["/", "/admin", "/dashboard"],
    "auditor": ["/", "/audit", "/audit/verify"],
}


def open_as(browser: Any, server: LiveServer, who: str, language: str) -> Any:
    context = browser.new_context(
        base_url=server.url, locale="en-GB", timezone_id="Asia/Seoul", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    if who != "anonymous":
        page = context.new_page()
        demo = account(who)
        sign_in(page, demo.email, demo.password)
        page.close()
    context.add_cookies([{"name": "fh_lang", "value": language, "url": server.url}])
    return context


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("who", ROLES)
def test_walk_as_each_role_finds_nothing_a_person_should_not_meet(
    browser: Any, live_server: LiveServer, who: str, language: str
) -> None:
    context = open_as(browser, live_server, who, language)
    try:
        walk = Walk(
            who=f"{who}/{language}",
            korean=language == "ko",
            signed_in=who != "anonymous",
            oracle=build(),
            screens=SCREENS / f"{who}-{language}",
        )
        findings = walk.run(context, live_server.url, START[who])
    finally:
        context.close()
    SCREENS.mkdir(parents=True, exist_ok=True)
    (SCREENS / f"findings-{who}-{language}.txt").write_text("\n".join(findings) + "\n")
    assert walk.pages >= 8, f"the walk reached only {walk.pages} pages: {dict(walk.seen)}"
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings)
