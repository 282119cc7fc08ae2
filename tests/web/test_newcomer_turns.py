"""Newcomers take turns in the newcomer slot: the project page gives it to the fitting newcomer
shown least so far (the exposure counts, as the batcher writes them), so a brand-new member is
shown after a few views, however many better-scored newcomers there are."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import pytest

from domain.context import Context
from tests.web.test_newcomer_share import SHOOTS, _crew, _project, _shown
from tests.web.test_pages_funds import HX, join, sign_in

FAIR_LOOK_KO = "참여 작품 2편 미만의 신인: 공정한 기회를 위해 추천"


@pytest.fixture
def turns(filmhouse, web):
    """Six cinematographers with two films each; four newcomers with one film at level 5; a
    brand-new one at level 4 with none; and a newcomer who shot one film but holds neither of
    the role's skills (below the fitness floor). One project needs a cinematographer."""
    director = join(filmhouse, "Director Lee")
    for n in range(6):
        _crew(filmhouse, f"Camera {n:02}", level=5, films=2)
    better = [_crew(filmhouse, f"One Film {n}", level=5, films=1) for n in range(4)]
    brand_new = _crew(filmhouse, "Brand New", level=4, films=0)
    below = join(filmhouse, "Sound Only", roles=("crew",))
    filmhouse.claim_skill(Context(below), skill="sound design", level=5)
    filmhouse.claim_credit(
        Context(below), title="Sound Only short", year=2024, role="cinematographer"
    )
    project_id, role_id = _project(filmhouse, director, "Night Market", SHOOTS[0])
    state = web.app.state
    # the batcher's own timers stay out of the way: the test flushes, as they would
    state.exposure.seconds = state.impressions.seconds = 3600.0
    return {
        "better": better,
        "brand_new": brand_new,
        "below": below,
        "project_id": project_id,
        "role_id": role_id,
    }


def _view_twice_then_flush(web, project_id: UUID, role_id: UUID) -> list[UUID]:
    """The page, then its htmx fragment (kept, served again), as one director's views between
    two flushes of the exposure batch."""
    page = _shown(web.get(f"/projects/{project_id}").text, role_id)
    again = _shown(web.get(f"/projects/{project_id}", headers=HX).text, role_id)
    assert again == page
    state = web.app.state
    state.impressions.flush()
    state.exposure.flush()
    return page


def test_brand_new_cinematographer_gets_the_slot_after_the_better_scored_newcomers(web, turns):
    sign_in(web, "Director Lee")
    fitting = {*turns["better"], turns["brand_new"]}
    slot = []
    for _ in range(5):
        shown = _view_twice_then_flush(web, turns["project_id"], turns["role_id"])
        assert len(shown) == 5
        newcomers = [m for m in shown if m in fitting]
        assert len(newcomers) == 1 and shown[-1] == newcomers[0]
        slot.append(newcomers[0])
    assert set(slot[:4]) == set(turns["better"]) and slot[4] == turns["brand_new"]
    korean = web.get(f"/projects/{turns['project_id']}", headers={"Accept-Language": "ko"}).text
    assert FAIR_LOOK_KO in korean


def test_every_fitting_newcomer_gets_a_share_and_one_below_the_floor_none(web, turns):
    sign_in(web, "Director Lee")
    shown: Counter[UUID] = Counter()
    for _ in range(20):
        shown.update(_view_twice_then_flush(web, turns["project_id"], turns["role_id"]))
    fitting = [*turns["better"], turns["brand_new"]]
    assert [shown[m] for m in fitting] == [4, 4, 4, 4, 4]  # one view in five each
    assert shown[turns["below"]] == 0
