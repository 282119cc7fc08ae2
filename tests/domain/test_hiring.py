"""Hiring and letting go: releasing, leaving, shrinking or removing a role, moving or cancelling
the shoot. Given events, when a command, then events (or this error)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.commitments import DatesClash
from domain.errors import Conflict, Forbidden, Invalid
from domain.vocabulary import ProjectStatus
from tests.domain import test_crewing as crewing
from tests.domain.test_crewing import hire_by_invitation, pitched
from tests.domain.test_projects import events_of, sign_up

director, crew, opened = crewing.director, crewing.crew, crewing.opened  # fixtures, shared


def test_release_hire_frees_seat_and_commitment(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    app.release_hire(director, project_id, role_id, crew.actor, "left for another shoot")
    assert app.project(project_id).roles[role_id].hired == []
    assert app.commitments_of(crew.actor).engagements == {}
    assert events_of(app, project_id)[-1] == "HireReleased"
    other = sign_up(app, "lee@example.com", "crew")
    hire_by_invitation(app, director, other, project_id, role_id)
    assert app.project(project_id).roles[role_id].hired == [other.actor]


def test_release_hire_without_reason_is_invalid(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Invalid):
        app.release_hire(director, project_id, role_id, crew.actor, "")


def test_release_member_not_hired_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    with pytest.raises(Conflict):
        app.release_hire(director, project_id, role_id, crew.actor, "never mind")


def test_release_hire_by_another_director_is_forbidden(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.release_hire(other, project_id, role_id, crew.actor, "mine")


def test_leave_role_by_hired_member_frees_seat(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    app.leave_role(crew, project_id, role_id, "family emergency")
    assert app.project(project_id).roles[role_id].hired == []
    assert app.commitments_of(crew.actor).engagements == {}


def test_leave_role_by_member_not_hired_is_forbidden(app, director, crew, opened):
    project_id, role_id = opened
    with pytest.raises(Forbidden):
        app.leave_role(crew, project_id, role_id, "bye")


def test_release_hire_after_wrap_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    with pytest.raises(Conflict):
        app.release_hire(director, project_id, role_id, crew.actor, "after the fact")


def test_change_role_below_its_hires_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    app.change_role(director, project_id, role_id, count=2)
    hire_by_invitation(app, director, crew, project_id, role_id)
    other = sign_up(app, "lee@example.com", "crew")
    hire_by_invitation(app, director, other, project_id, role_id)
    with pytest.raises(Conflict):
        app.change_role(director, project_id, role_id, count=1)
    assert app.project(project_id).roles[role_id].count == 2


def test_remove_role_with_hires_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Conflict):
        app.remove_role(director, project_id, role_id)


def test_update_project_moving_shoot_moves_crew_engagements(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    app.update_project(director, project_id, shoot_start=date(2026, 6, 1),
                       shoot_end=date(2026, 6, 5))  # fmt: skip
    engagement = app.commitments_of(crew.actor).engagements[project_id]
    assert (engagement["start"], engagement["end"]) == (date(2026, 6, 1), date(2026, 6, 5))


def test_update_project_moving_shoot_onto_crew_other_shoot_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    rival = sign_up(app, "park@example.com", "director")
    other_project, other_role = pitched(app, rival, shoot_start=date(2026, 6, 1),
                                        shoot_end=date(2026, 6, 10))  # fmt: skip
    hire_by_invitation(app, rival, crew, other_project, other_role)
    with pytest.raises(DatesClash, match="Kim"):
        app.update_project(director, project_id, shoot_end=date(2026, 6, 2))
    assert app.project(project_id).shoot_end == date(2026, 5, 10)


def test_cancel_project_releases_every_commitment_in_one_write(app, director, opened):
    project_id, role_id = opened
    app.change_role(director, project_id, role_id, count=3)
    crew = [sign_up(app, f"crew{n}@example.com", "crew") for n in range(3)]
    for member in crew:
        hire_by_invitation(app, director, member, project_id, role_id)
    positions_before = app.recorder.max_notification_id()
    app.cancel_project(director, project_id, "lost the funding")
    for member in crew:
        assert app.commitments_of(member.actor).engagements == {}
    notifications = app.recorder.select_notifications(positions_before + 1, 10)
    assert [n.topic.rsplit(".", 1)[-1] for n in notifications] == ["Cancelled"] + ["Released"] * 3
    assert app.project(project_id).status is ProjectStatus.CANCELLED


def test_cancel_project_frees_crew_for_overlapping_shoot(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    app.cancel_project(director, project_id, "lost the funding")
    rival = sign_up(app, "park@example.com", "director")
    other_project, other_role = pitched(app, rival)
    hire_by_invitation(app, rival, crew, other_project, other_role)
    assert list(app.commitments_of(crew.actor).engagements) == [other_project]


def test_hire_on_two_roles_of_one_project_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    editor = app.add_role(director, project_id, role="Editor", start=date(2026, 5, 11),
                          end=date(2026, 6, 30))  # fmt: skip
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Conflict):
        app.invite(director, project_id, editor, crew.actor)


def test_hiring_in_production_keeps_status(app, director, crew, opened):
    project_id, role_id = opened
    app.start_crewing(director, project_id)
    app.start_production(director, project_id)
    hire_by_invitation(app, director, crew, project_id, role_id)
    assert app.project(project_id).status is ProjectStatus.IN_PRODUCTION
