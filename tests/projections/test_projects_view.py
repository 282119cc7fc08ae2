"""The project board, project page and crewing pipeline, from real commands."""

from __future__ import annotations

from datetime import date

import pytest

from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from projections.projector.runner import Projector
from projections.views.projects import Projects
from tests.conftest import sign_up


def make_project(app, director, title="Night Bus", roles=None):
    return app.create_project(
        director,
        title=title,
        logline="A driver and a runaway cross Seoul at night.",
        genres=["drama", "thriller"],
        format=ProjectFormat.SHORT,
        budget_krw=12_000_000,
        shoot_start=date(2026, 5, 4),
        shoot_end=date(2026, 5, 10),
        roles=roles
        or [
            RoleSpec(
                role="cinematographer",
                skills=["cinematography"],
                count=1,
                start=date(2026, 5, 4),
                end=date(2026, 5, 10),
            ),
            RoleSpec(
                role="editor",
                skills=["editing"],
                count=2,
                start=date(2026, 5, 11),
                end=date(2026, 6, 1),
            ),
        ],
    )


@pytest.fixture
def projector(app):
    p = Projector(app, [Projects()])
    p.ensure()
    return p


def test_drafts_stay_off_the_board_until_pitched(app, projector):
    director = sign_up(app, "d@example.com", "director")
    project_id = make_project(app, director)
    projector.catch_up_all()
    with projector.db.read() as tx:
        assert Projects.board(tx) == []
        assert Projects.page(tx, project_id).card.status == "draft"
    app.pitch_project(director, project_id)
    projector.catch_up_all()
    with projector.db.read() as tx:
        board = Projects.board(tx, "runaway")
        assert [c.project_id for c in board] == [project_id]
        assert board[0].open_seats == 3 and board[0].status == "pitched"
        assert Projects.board(tx, "comedy") == []
        assert [c.title for c in Projects.board(tx, genre="thriller")] == ["Night Bus"]


def test_hiring_fills_roles_and_marks_the_crewed_moment(app, projector):
    director = sign_up(app, "d@example.com", "director")
    crew = [sign_up(app, f"c{i}@example.com", "crew") for i in range(3)]
    project_id = make_project(app, director)
    app.pitch_project(director, project_id)
    roles = list(app.project(project_id).roles.values())
    camera, editor = roles[0], roles[1]
    targets = [(camera, crew[0]), (editor, crew[1]), (editor, crew[2])]
    for role, member in targets:
        app.accept_invitation(member, app.invite(director, project_id, role.role_id, member.actor))
    projector.catch_up_all()
    with projector.db.read() as tx:
        page = Projects.page(tx, project_id)
        assert [r.hired for r in page.roles] == [(crew[0].actor,), (crew[1].actor, crew[2].actor)]
        assert page.card.open_seats == 0 and page.card.crewed_at is not None
        assert page.card.status == "crewing"
        pipe = Projects.pipeline(tx, project_id=project_id)
        assert {(p.kind, p.status) for p in pipe} == {("invitation", "accepted")}
        assert [c.project_id for c in Projects.crewed_by(tx, crew[1].actor)] == [project_id]
        assert [c.project_id for c in Projects.directed_by(tx, director.actor)] == [project_id]


def test_declines_and_applications_show_in_the_pipeline(app, projector):
    director = sign_up(app, "d@example.com", "director")
    a = sign_up(app, "a@example.com", "crew")
    b = sign_up(app, "b@example.com", "crew")
    project_id = make_project(app, director)
    app.pitch_project(director, project_id)
    role = next(iter(app.project(project_id).roles.values()))
    app.decline_invitation(
        a, app.invite(director, project_id, role.role_id, a.actor), "busy that week"
    )
    app.apply_to_role(b, project_id, role.role_id, "I shot two shorts at night.")
    projector.catch_up_all()
    live = None
    with projector.db.read() as tx:
        items = {p.member_id: p for p in Projects.pipeline(tx, project_id=project_id)}
        assert (items[a.actor].status, items[a.actor].reason) == ("declined", "busy that week")
        assert (items[b.actor].kind, items[b.actor].status) == ("application", "pending")
        live = tx.execute("SELECT * FROM prj_pipeline ORDER BY item_id").fetchall()
    projector.rebuild()
    with projector.db.read() as tx:
        assert tx.execute("SELECT * FROM prj_pipeline ORDER BY item_id").fetchall() == live
