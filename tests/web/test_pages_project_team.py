"""The director's "propose a team" page: every open role filled at once with costs and reasons,
the open roles with why, and "Invite selected" answered per member."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest

from domain.context import Context
from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from tests.web.test_pages_projects import HX, member, post, sign_in

SHOOT = (date(2026, 5, 1), date(2026, 5, 10))  # 10 days


def _role(name: str, skills: tuple[str, ...], *, paid: bool, budget: int = 0) -> RoleSpec:
    return RoleSpec(role=name, skills=skills, count=1, start=SHOOT[0], end=SHOOT[1], paid=paid,
                    budget_krw=budget)  # fmt: skip


@pytest.fixture
def crewed(filmhouse):
    """A pitched project needing a cinematographer (paid, ₩3,000,000), a gaffer (paid, no
    budget) and a colourist nobody can be; one crew member with a rate, one without."""
    director = member(filmhouse, "dir@filmhouse.test", "Kim Director", ["director"])
    dop = member(filmhouse, "dop@filmhouse.test", "Lee Camera", ["crew"])
    gaffer = member(filmhouse, "gaffer@filmhouse.test", "Park Light", ["crew"])
    filmhouse.claim_skill(Context(dop), skill="cinematography", level=4)
    filmhouse.state_work_terms(Context(dop), day_rate_krw=250_000, genres=["drama"])
    filmhouse.claim_skill(Context(gaffer), skill="lighting", level=3)
    project_id = filmhouse.create_project(
        Context(director),
        title="Night Bus",
        logline="A driver and a stranger cross Seoul at night.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=12_000_000,
        shoot_start=SHOOT[0],
        shoot_end=SHOOT[1],
        roles=[
            _role("cinematographer", ("cinematography",), paid=True, budget=3_000_000),
            _role("gaffer", ("lighting",), paid=True),
            _role("colourist", ("colour",), paid=False),
        ],
    )
    filmhouse.pitch_project(Context(director), project_id)
    roles = {r.role: r.role_id for r in filmhouse.project(project_id).roles.values()}
    return {"project": project_id, "roles": roles, "dop": dop, "gaffer": gaffer}


@pytest.mark.parametrize("htmx", [False, True])
def test_director_sees_the_proposed_team_with_costs_and_open_roles(web, crewed, htmx):
    sign_in(web, "dir@filmhouse.test")
    project_page = web.get(f"/projects/{crewed['project']}").text
    assert f'href="/projects/{crewed["project"]}/team"' in project_page
    page = web.get(f"/projects/{crewed['project']}/team", headers=HX if htmx else {})
    assert page.status_code == 200
    assert ("<html" in page.text) is not htmx
    text = page.text
    assert "Lee Camera" in text and "Park Light" in text
    assert "₩2,500,000: 10 days at ₩250,000 a day" in text
    assert "within the role&#39;s budget of ₩3,000,000" in text
    assert "Rate not stated" in text  # the gaffer states no rate
    assert "No one on Film House holds the skills (colour)." in text
    picks = re.findall(r'name="pick" value="([^"]+)" checked', text)
    assert sorted(picks) == sorted(
        [
            f"{crewed['roles']['cinematographer']}:{crewed['dop']}",
            f"{crewed['roles']['gaffer']}:{crewed['gaffer']}",
        ]
    )


def test_team_page_speaks_korean(web, crewed):
    sign_in(web, "dir@filmhouse.test")
    text = web.get(f"/projects/{crewed['project']}/team", headers={"Accept-Language": "ko"}).text
    assert "팀 제안" in text and "일당 미기재" in text
    assert "Rate not stated" not in text and "Invite selected" not in text


def test_only_the_director_sees_the_team_page(web, crewed):
    sign_in(web, "dop@filmhouse.test")
    assert web.get(f"/projects/{crewed['project']}/team").status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_invite_selected_answers_per_member(web, filmhouse, crewed, htmx):
    sign_in(web, "dir@filmhouse.test")
    dop_pick = f"{crewed['roles']['cinematographer']}:{crewed['dop']}"
    gaffer_pick = f"{crewed['roles']['gaffer']}:{crewed['gaffer']}"
    filmhouse.invite(
        Context(filmhouse.project(crewed["project"]).director_id),
        crewed["project"],
        crewed["roles"]["gaffer"],
        crewed["gaffer"],
    )  # already invited: the batch refuses this one and sends the other
    response = web.post(
        f"/projects/{crewed['project']}/team/invitations",
        data={"_csrf_token": _token(web, crewed["project"]), "pick": [dop_pick, gaffer_pick]},
        headers=HX if htmx else {},
    )
    assert response.status_code == 200
    text = response.text
    assert "<strong>Lee Camera</strong>: invited" in text
    assert "<strong>Park Light</strong>: not invited" in text and "already invited" in text
    invitation = filmhouse.invitation_for(
        crewed["project"], crewed["roles"]["cinematographer"], crewed["dop"]
    )
    assert invitation is not None and invitation.pending


def test_invite_selected_with_nothing_ticked_is_refused(web, crewed):
    sign_in(web, "dir@filmhouse.test")
    response = post(web, f"/projects/{crewed['project']}/team/invitations", {})
    assert response.status_code == 422 and "Tick at least one member" in response.text
    forged = post(web, f"/projects/{crewed['project']}/team/invitations", {"pick": "nonsense"})
    assert forged.status_code == 422


def test_team_page_of_a_draft_says_to_pitch_first(web, filmhouse, crewed):
    director = filmhouse.project(crewed["project"]).director_id
    draft = filmhouse.create_project(
        Context(director), title="Later", logline="Not yet.", genres=["drama"],
        format=ProjectFormat.SHORT, budget_krw=0, shoot_start=SHOOT[0], shoot_end=SHOOT[1],
    )  # fmt: skip
    sign_in(web, "dir@filmhouse.test")
    assert "pitched project" in web.get(f"/projects/{draft}/team").text


def _token(web, project_id: UUID) -> str:
    found = re.search(
        r'name="_csrf_token" value="([^"]+)"', web.get(f"/projects/{project_id}").text
    )
    assert found
    return found.group(1)
