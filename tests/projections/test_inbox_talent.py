"""A scout's saved talent search: a member who joins after it was saved and fits its filters
(skill at a level, university, free dates) is news in the owner's inbox, once; a member who does
not fit, or joined before, is not. On SQLite and PostgreSQL, live and after a rebuild."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import Invalid
from domain.saved_search import TalentFilters
from domain.university import University
from domain.vocabulary import SearchKind
from projections.projector.runner import Projector
from projections.views.inbox import Inbox
from tests.conftest import sign_up
from tests.domain.test_partners import verified_partner


@pytest.fixture
def projector(app):
    p = Projector(app, [Inbox()])
    p.ensure()
    return p


def items(projector, who) -> list:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return Inbox.items(tx, who.actor)


def test_a_new_member_fitting_a_saved_talent_search_notifies_its_owner_once(app, projector, admin):
    scout = verified_partner(app, admin)
    before = sign_up(app, "before@example.com", "crew", university="cau")
    app.claim_skill(before, skill="editing", level=5)  # joined before the search: not news
    search_id = app.save_search(
        scout,
        kind=SearchKind.TALENT,
        role="crew",
        skill="editing",
        talent=TalentFilters(
            level=3,
            university_id=University.id_for("cau"),
            available_from=date(2026, 6, 1),
            available_to=date(2026, 6, 30),
        ),
    )
    lee = sign_up(app, "lee@example.com", "crew", university="cau")
    low = sign_up(app, "low@example.com", "crew", university="cau")
    away = sign_up(app, "away@example.com", "crew", university="cau")
    elsewhere = sign_up(app, "else@example.com", "crew", university="snu")
    assert items(projector, scout) == []  # nobody has the skill yet

    app.add_unavailable(away, date(2026, 6, 10), date(2026, 6, 12))
    for who, level in ((lee, 4), (low, 2), (away, 5), (elsewhere, 5)):
        app.claim_skill(who, skill="editing", level=level)
    app.claim_skill(lee, skill="sound", level=2)  # a second change: still one notice

    [item] = items(projector, scout)
    assert (item.kind, item.subject_id, item.data["search_id"], item.data["search_kind"]) == (
        "search_match",
        lee.actor,
        search_id.hex,
        "talent",
    )

    projector.rebuild(["inbox"])
    assert [(i.subject_id, i.data["search_id"]) for i in items(projector, scout)] == [
        (lee.actor, search_id.hex)
    ]


def test_a_talent_search_for_directors_leaves_crew_out(app, projector, admin):
    scout = verified_partner(app, admin)
    app.save_search(scout, kind="talent", role="director", skill="directing")
    crew = sign_up(app, "crew@example.com", "crew")
    app.claim_skill(crew, skill="directing", level=3)
    director = sign_up(app, "dir@example.com", "director")
    app.claim_skill(director, skill="directing", level=3)
    assert [i.subject_id for i in items(projector, scout)] == [director.actor]


@pytest.mark.parametrize(
    ("kind", "role", "skill", "talent", "field"),
    [
        ("talent", "admin", None, TalentFilters(), "role"),
        ("talent", None, None, TalentFilters(level=3), "skill"),
        ("talent", None, "editing", TalentFilters(level=7), "level"),
        ("talent", None, None, TalentFilters(available_from=date(2026, 6, 1)), "available_from"),
        (
            "talent",
            None,
            None,
            TalentFilters(available_from=date(2026, 6, 9), available_to=date(2026, 6, 1)),
            "available_to",
        ),
        ("members", None, None, TalentFilters(verified_credits=True), "kind"),
        ("talent", None, None, TalentFilters(), "query"),
    ],
)
def test_save_talent_search_with_bad_filters_is_refused_on_the_field(
    app, admin, kind, role, skill, talent, field
):
    scout = verified_partner(app, admin)
    with pytest.raises(Invalid) as refused:
        app.save_search(scout, kind=kind, role=role, skill=skill, talent=talent)
    assert refused.value.field == field


def test_a_crew_member_declaring_a_genre_matches_a_talent_search_for_it(app, projector, admin):
    scout = verified_partner(app, admin)
    search_id = app.save_search(scout, kind="talent", role="crew", genre="horror")
    kim = sign_up(app, "kim@example.com", "crew")
    assert items(projector, scout) == []
    app.state_work_terms(kim, day_rate_krw=200_000, genres=["comedy"])
    assert items(projector, scout) == []
    app.state_work_terms(kim, day_rate_krw=200_000, genres=["horror", "comedy"])
    assert [(i.subject_id, i.data["search_id"]) for i in items(projector, scout)] == [
        (kim.actor, search_id.hex)
    ]
