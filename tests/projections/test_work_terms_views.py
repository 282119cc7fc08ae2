"""Day rates, genre interests and role budgets in the views, from real commands, on both
databases; the same after a rebuild from the log."""

from __future__ import annotations

from datetime import date

import pytest

from domain.project_parts import RoleSpec
from projections.projector.runner import Projector
from projections.views.directory import Directory
from projections.views.projects import Projects
from tests.conftest import sign_up
from tests.projections.test_projects_view import make_project


@pytest.fixture
def projector(app):
    p = Projector(app, [Directory(), Projects()])
    p.ensure()
    return p


def test_work_terms_and_role_budgets_reach_the_views_and_survive_a_rebuild(app, projector):
    crew = sign_up(app, "crew@example.com", "crew")
    director = sign_up(app, "d@example.com", "director")
    app.state_work_terms(crew, day_rate_krw=210_000, genres=["horror", "drama"])
    gaffer = RoleSpec(role="gaffer", skills=("lighting",), count=1, start=date(2026, 5, 4),
                      end=date(2026, 5, 10), paid=True, budget_krw=1_400_000)  # fmt: skip
    project_id = make_project(app, director, roles=[gaffer])
    role_id = next(iter(app.project(project_id).roles))
    app.change_role(director, project_id, role_id, budget_krw=1_500_000)
    for _ in range(2):
        projector.catch_up_all()
        with projector.db.read() as tx:
            card = Directory.member(tx, crew.actor)
            page = Projects.page(tx, project_id)
        assert card is not None and (card.day_rate_krw, card.genres) == (
            210_000,
            ("drama", "horror"),
        )
        assert page is not None and [r.budget_krw for r in page.roles] == [1_500_000]
        projector.rebuild()


def test_erasure_clears_the_day_rate_and_genres(app, projector, admin):
    crew = sign_up(app, "crew@example.com", "crew")
    app.state_work_terms(crew, day_rate_krw=210_000, genres=["drama"])
    app.erase_member(admin, crew.actor)
    projector.catch_up_all()
    with projector.db.read() as tx:
        card = Directory.member(tx, crew.actor)
    assert card is not None and (card.day_rate_krw, card.genres) == (0, ())
