"""Crew applications: applying, accepting, rejecting, withdrawing. Given events, when a
command, then events (or this error)."""

from __future__ import annotations

import pytest

from domain.commitments import DatesClash
from domain.crew_application import ApplicationStatus
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.project_parts import RoleFull
from tests.domain import test_crewing as crewing
from tests.domain.test_crewing import hire_by_invitation, pitched
from tests.domain.test_projects import draft, events_of, sign_up

director, crew, opened = crewing.director, crewing.crew, crewing.opened  # fixtures, shared


def test_apply_to_role_records_application(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "I shot Night Market.")
    application = app.crew_application(application_id)
    assert events_of(app, application_id) == ["Submitted"]
    assert (application.status, application.message) == (
        ApplicationStatus.PENDING,
        "I shot Night Market.",
    )


def test_apply_to_role_message_is_encrypted_in_the_log(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "Call me on 010-1234-5678")
    [stored] = app.recorder.select_events(application_id)
    assert b"010-1234-5678" not in stored.state


def test_apply_to_draft_project_is_not_found(app, director, crew):
    project_id = draft(app, director)
    role_id = next(iter(app.project(project_id).roles))
    with pytest.raises(NotFound):
        app.apply_to_role(crew, project_id, role_id, "hello")


def test_apply_to_role_by_partner_is_forbidden(app, opened):
    project_id, role_id = opened
    partner = sign_up(app, "studio@example.com", "partner")
    with pytest.raises(Forbidden):
        app.apply_to_role(partner, project_id, role_id, "hello")


def test_apply_to_role_with_overlong_message_is_invalid(app, crew, opened):
    project_id, role_id = opened
    with pytest.raises(Invalid):
        app.apply_to_role(crew, project_id, role_id, "x" * 2001)


def test_apply_to_own_project_conflicts(app, director, opened):
    project_id, role_id = opened
    with pytest.raises(Conflict):
        app.apply_to_role(director, project_id, role_id, "me")


def test_apply_twice_conflicts(app, crew, opened):
    project_id, role_id = opened
    app.apply_to_role(crew, project_id, role_id, "hello")
    with pytest.raises(Conflict):
        app.apply_to_role(crew, project_id, role_id, "hello again")


def test_apply_while_invited_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    app.invite(director, project_id, role_id, crew.actor)
    with pytest.raises(Conflict):
        app.apply_to_role(crew, project_id, role_id, "hello")


def test_apply_to_full_role_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    late = sign_up(app, "lee@example.com", "crew")
    with pytest.raises(RoleFull):
        app.apply_to_role(late, project_id, role_id, "hello")


def test_apply_again_after_withdrawing_resubmits(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.withdraw_application(crew, application_id)
    assert app.apply_to_role(crew, project_id, role_id, "hello again") == application_id
    application = app.crew_application(application_id)
    assert (application.status, application.message) == (ApplicationStatus.PENDING, "hello again")
    assert events_of(app, application_id) == ["Submitted", "Withdrawn", "Resubmitted"]


def test_apply_again_after_rejection_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.reject_application(director, application_id, "we need 16mm experience")
    with pytest.raises(Conflict):
        app.apply_to_role(crew, project_id, role_id, "please")


def test_accept_application_hires_applicant(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.accept_application(director, application_id)
    assert app.crew_application(application_id).status is ApplicationStatus.ACCEPTED
    assert app.project(project_id).roles[role_id].hired == [crew.actor]
    assert project_id in app.commitments_of(crew.actor).engagements


def test_accept_application_by_another_director_is_forbidden(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.accept_application(other, application_id)


def test_accept_application_with_clashing_shoot_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    rival = sign_up(app, "park@example.com", "director")
    other_project, other_role = pitched(app, rival)
    application_id = app.apply_to_role(crew, other_project, other_role, "hello")
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(DatesClash):
        app.accept_application(rival, application_id)
    assert app.crew_application(application_id).status is ApplicationStatus.PENDING


def test_accept_withdrawn_application_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.withdraw_application(crew, application_id)
    with pytest.raises(Conflict):
        app.accept_application(director, application_id)


def test_reject_application_records_reason(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.reject_application(director, application_id, "we need 16mm experience")
    application = app.crew_application(application_id)
    assert (application.status, application.reason) == (
        ApplicationStatus.REJECTED,
        "we need 16mm experience",
    )


def test_reject_application_without_reason_is_invalid(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    with pytest.raises(Invalid):
        app.reject_application(director, application_id, "")


def test_reject_application_by_applicant_is_forbidden(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    with pytest.raises(Forbidden):
        app.reject_application(crew, application_id, "no")


def test_withdraw_application_by_someone_else_is_forbidden(app, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    other = sign_up(app, "lee@example.com", "crew")
    with pytest.raises(Forbidden):
        app.withdraw_application(other, application_id)


def test_withdraw_decided_application_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    application_id = app.apply_to_role(crew, project_id, role_id, "hello")
    app.accept_application(director, application_id)
    with pytest.raises(Conflict):
        app.withdraw_application(crew, application_id)
