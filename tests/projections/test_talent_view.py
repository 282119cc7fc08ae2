"""Talent search's free dates: a member who declared days away in the period is not found, as
one hired on a shoot then is not; a member free then is. The saved talent search's notice says
the same as the search. On SQLite and PostgreSQL, live and after a rebuild."""

from __future__ import annotations

from datetime import date

import pytest

from domain.saved_search import TalentFilters
from domain.vocabulary import SearchKind
from projections.projector.runner import Projector
from projections.views.directory import Directory
from projections.views.inbox import Inbox
from projections.views.projects import Projects
from projections.views.talent import Talent, TalentQuery, search_talent
from projections.views.trainings import Trainings
from tests.conftest import sign_up
from tests.domain.test_partners import verified_partner
from tests.projections.test_projects_view import make_project

JUNE = TalentQuery(skill="editing", free_from=date(2026, 6, 1), free_to=date(2026, 6, 30))


@pytest.fixture
def projector(app):
    p = Projector(app, [Directory(), Trainings(), Projects(), Inbox(), Talent()])
    p.ensure()
    return p


def found(projector, query: TalentQuery) -> list[str]:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return [r.name for r in search_talent(tx, query)]


def noticed(projector, scout) -> set:
    projector.catch_up_all()
    with projector.db.read() as tx:
        return {i.subject_id for i in Inbox.items(tx, scout.actor) if i.kind == "search_match"}


def test_a_member_who_declared_the_days_away_is_not_found_and_a_free_one_is(app, projector, admin):
    scout = verified_partner(app, admin)
    app.save_search(
        scout,
        kind=SearchKind.TALENT,
        skill="editing",
        talent=TalentFilters(available_from=date(2026, 6, 1), available_to=date(2026, 6, 30)),
    )
    free = sign_up(app, "ahn@example.com", "crew")
    away = sign_up(app, "baek@example.com", "crew")
    later = sign_up(app, "cho@example.com", "crew")
    app.add_unavailable(away, date(2026, 6, 30), date(2026, 7, 3))  # the last day overlaps
    app.add_unavailable(later, date(2026, 7, 1), date(2026, 7, 9))  # after the period
    for who in (free, away, later):
        app.claim_skill(who, skill="editing", level=3)

    assert found(projector, JUNE) == ["Ahn", "Cho"]
    assert found(projector, TalentQuery(skill="editing")) == ["Ahn", "Baek", "Cho"]
    assert noticed(projector, scout) == {free.actor, later.actor}  # the notice agrees

    projector.rebuild(["talent"])
    assert found(projector, JUNE) == ["Ahn", "Cho"]

    app.remove_unavailable(away, date(2026, 6, 30), date(2026, 7, 3))
    assert found(projector, JUNE) == ["Ahn", "Baek", "Cho"]


def test_the_free_dates_also_leave_out_a_hire_and_genre_reaches_hired_crew(app, projector, admin):
    director = sign_up(app, "dir@example.com", "director")
    project_id = make_project(app, director)  # its editors work 11 May to 1 June
    app.pitch_project(director, project_id)
    editor = next(r for r in app.project(project_id).roles.values() if r.role == "editor")
    hired = sign_up(app, "han@example.com", "crew")
    free = sign_up(app, "im@example.com", "crew")
    for who in (hired, free):
        app.claim_skill(who, skill="editing", level=3)
    app.accept_invitation(hired, app.invite(director, project_id, editor.role_id, hired.actor))

    assert found(projector, JUNE) == ["Im"]
    assert found(projector, TalentQuery(genre="thriller")) == ["Dir", "Han"]
