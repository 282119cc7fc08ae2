"""The main pages pass axe-core with no serious or critical violation, signed out or signed in
as the person who uses them. With FILMHOUSE_SCREENS=/some/dir each page is also kept as a
screenshot on a desktop and a 390-pixel phone, in English and in Korean, for a person to look
at."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, account, serious_violations, sign_in_as

pytestmark = pytest.mark.browser

SCREENS = os.environ.get("FILMHOUSE_SCREENS", "")


def _open_project(page: Any) -> None:
    """The demo director's newly pitched project, with its recommended crew and Invite buttons."""
    director = account("director")
    token = page.request.post(
        "/api/v1/auth/token", data={"email": director.email, "password": director.password}
    ).json()["token"]
    shoot = date.today() + timedelta(days=100)
    created = page.request.post(
        "/api/v1/projects",
        headers={"Authorization": f"Bearer {token}"},
        data={
            "title": "Winter Signal",
            "logline": "A lighthouse keeper's daughter tunes in to the last ferry.",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 25_000_000,
            "shoot_start": shoot.isoformat(),
            "shoot_end": (shoot + timedelta(days=4)).isoformat(),
            "roles": [
                {
                    "role": "cinematographer",
                    "skills": ["cinematography", "lighting"],
                    "count": 1,
                    "start": shoot.isoformat(),
                    "end": (shoot + timedelta(days=4)).isoformat(),
                }
            ],
        },
    )
    assert created.status == 201, created.text()
    project_id = created.json()["project_id"]
    pitched = page.request.post(
        f"/api/v1/projects/{project_id}/pitch", headers={"Authorization": f"Bearer {token}"}
    )
    assert pitched.status == 200, pitched.text()
    page.goto(f"/projects/{project_id}")
    expect(page.locator("li.fh-rec").first).to_be_visible()


def _first_calendar(page: Any) -> None:
    page.goto("/workspaces")
    page.locator("#workspaces-list h2").get_by_role("link", name="Editing Suite 1").click()
    expect(page.locator("#workspace-calendar")).to_be_visible()


# name, who is signed in, where: a path, or how to get there
PAGES: list[tuple[str, str | None, str | Callable[[Any], None]]] = [
    ("home", None, "/"),
    ("sign-in", None, "/signin"),
    ("sign-up", None, "/signup"),
    ("projects", "director", "/projects"),
    ("project", "director", _open_project),
    ("workspaces", "crew", "/workspaces"),
    ("workspace-calendar", "crew", _first_calendar),
    ("trainings", "crew", "/trainings"),
    ("funds", "director", "/funds"),
    ("dashboard", None, "/dashboard"),
    ("members", "director", "/members"),
]


def _visit(
    page: Any, role: str | None, where: str | Callable[[Any], None], language: str = "en"
) -> None:
    if role is not None:
        sign_in_as(page, role)
    if language != "en":
        page.context.add_cookies([{"name": "fh_lang", "value": language, "url": page.url}])
    if callable(where):
        where(page)
    else:
        answer = page.goto(where)
        assert answer is not None and answer.status == 200, f"{where}: {answer and answer.status}"


def _keep(page: Any, name: str, language: str) -> None:
    """The whole page, and the first screen a person sees, on a desktop and on a phone."""
    folder = Path(SCREENS)
    folder.mkdir(parents=True, exist_ok=True)
    for device in ("desktop", "phone"):
        if device == "phone":
            page.set_viewport_size(PHONE)
        stem = folder / f"{name}-{language}-{device}"
        page.screenshot(path=f"{stem}.png", full_page=True)
        page.screenshot(path=f"{stem}-first-screen.png")


@pytest.mark.parametrize(("name", "role", "where"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_accessibility_violation(
    new_page: Any, name: str, role: str | None, where: str | Callable[[Any], None]
) -> None:
    page = new_page(axe=True)
    _visit(page, role, where)
    violations = serious_violations(page)
    assert not violations, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): {'; '.join(v['nodes'])}" for v in violations
    )
    if SCREENS:
        _keep(page, name, "en")
        korean = new_page()
        korean.goto("/")
        _visit(korean, role, where, language="ko")
        _keep(korean, name, "ko")
