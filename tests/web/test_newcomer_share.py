"""The newcomer promise reaches the product: wherever crew are recommended (the project page,
its htmx fragment, the API), a newcomer who fits the role holds one slot in five, and the
dashboard counts the same newcomers the engine placed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from uuid import UUID

import pytest

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from tests.web.test_pages_funds import HX, PASSWORD, join, sign_in

NEWCOMER = "New Camera"
EXPERIENCED = [f"Camera {i:02}" for i in range(12)]
SHOOTS = [
    (date(2026, 5, 4), date(2026, 5, 15)),
    (date(2026, 6, 1), date(2026, 6, 12)),
    (date(2026, 7, 6), date(2026, 7, 10)),
]
BUSY = (date(2026, 8, 3), date(2026, 8, 14))  # the newcomer is away for this one


def _crew(filmhouse, name: str, level: int, films: int) -> UUID:
    member = join(filmhouse, name, roles=("crew",))
    me = Context(member)
    filmhouse.claim_skill(me, skill="cinematography", level=level)
    filmhouse.claim_skill(me, skill="lighting", level=level)
    for n in range(films):
        filmhouse.claim_credit(me, title=f"{name} short {n}", year=2023 + n, role="cinematographer")
    return member


def _project(filmhouse, director: UUID, title: str, shoot: tuple[date, date]) -> tuple[UUID, UUID]:
    ctx = Context(director)
    project_id = filmhouse.create_project(
        ctx,
        title=title,
        logline="A crew keeps the night market lit.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=8_000_000,
        shoot_start=shoot[0],
        shoot_end=shoot[1],
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=["cinematography", "lighting"],
                count=1,
                start=shoot[0],
                end=shoot[1],
            )
        ],
    )
    filmhouse.pitch_project(ctx, project_id)
    return project_id, next(iter(filmhouse.project(project_id).roles))


@pytest.fixture
def market(filmhouse):
    """Twelve cinematographers with two films each and a newcomer (level 4, no film yet) free
    on the first three shoots and busy on the fourth."""
    director = join(filmhouse, "Director Lee")
    experienced = {_crew(filmhouse, name, level=5, films=2) for name in EXPERIENCED}
    newcomer = _crew(filmhouse, NEWCOMER, level=4, films=0)
    filmhouse.set_unavailable(Context(newcomer), [BUSY])
    projects = [
        _project(filmhouse, director, f"Night Market {n}", shoot) for n, shoot in enumerate(SHOOTS)
    ]
    busy = _project(filmhouse, director, "Night Market in August", BUSY)
    return {
        "director": director,
        "experienced": experienced,
        "newcomer": newcomer,
        "projects": projects,
        "busy": busy,
    }


def _shown(html: str, role_id: UUID) -> list[UUID]:
    return [UUID(m) for m in re.findall(rf'id="rec-{role_id}-([0-9a-f-]+)"', html)]


def _api_shown(web, project_id: UUID, role_id: UUID) -> list[UUID]:
    token = web.post(
        "/api/v1/auth/token", json={"email": "director.lee@filmhouse.test", "password": PASSWORD}
    ).json()["token"]
    response = web.get(
        f"/api/v1/projects/{project_id}/roles/{role_id}/recommendations",
        params={"limit": 10},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return [UUID(r["member_id"]) for r in response.json()]


def test_newcomer_holds_one_slot_in_five_on_the_page_the_fragment_and_the_api(web, market):
    sign_in(web, "Director Lee")
    newcomer, experienced = market["newcomer"], market["experienced"]
    for project_id, role_id in market["projects"]:
        for headers in ({}, HX):
            shown = _shown(web.get(f"/projects/{project_id}", headers=headers).text, role_id)
            assert len(shown) == 5 and shown[-1] == newcomer  # placed last, on its own score
            assert set(shown[:4]) <= experienced
        top_ten = _api_shown(web, project_id, role_id)
        assert len(top_ten) == 10 and top_ten.count(newcomer) == 1  # the only newcomer
        assert set(top_ten) - {newcomer} <= experienced
    project_id, role_id = market["busy"]
    assert newcomer not in _shown(web.get(f"/projects/{project_id}").text, role_id)
    assert newcomer not in _api_shown(web, project_id, role_id)


def _exposure_csv(web) -> dict[str, list[str]]:
    response = web.get("/dashboard", params={"format": "csv", "table": "exposure"})
    assert response.status_code == 200
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(response.text))}


def test_dashboard_counts_the_newcomers_the_engine_placed(web, market):
    sign_in(web, "Director Lee")
    newcomer = market["newcomer"]
    placed = total = 0
    others: set[UUID] = set()
    for project_id, role_id in [*market["projects"], market["busy"]]:
        for headers in ({}, {}, HX):  # the second view is served from the kept page
            shown = _shown(web.get(f"/projects/{project_id}", headers=headers).text, role_id)
            placed, total = placed + shown.count(newcomer), total + len(shown)
            others |= set(shown) - {newcomer}
    assert placed == 9 and total == 60
    state = web.app.state
    state.impressions.flush()
    state.exposure.flush()
    rows = _exposure_csv(web)
    assert rows["Group"] == ["Members shown", "Appearances", "Share %"]
    assert rows["Newcomers (fewer than 2 films)"] == ["1", "9", "15.0"]
    assert rows["Established (2 films or more)"] == [str(len(others)), "51", "85.0"]
    korean = web.get("/dashboard", headers={"Accept-Language": "ko"}).text
    assert "신인 (참여 작품 2편 미만)" in korean and "15.0" in korean
