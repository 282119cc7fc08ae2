"""Crewing: inviting and answering invitations (applications: test_crew_applications.py; hiring
and releasing: test_hiring.py). Given events, when a command, then events (or this error)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.commitments import DatesClash
from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.invitation import InvitationStatus
from domain.project_parts import RoleFull, RoleSpec
from domain.vocabulary import ProjectFormat, ProjectStatus
from tests.domain.test_projects import draft, events_of, sign_up


def pitched(app, director: Context, **overrides) -> tuple[UUID, UUID]:
    """A pitched project with one cinematographer seat; returns (project, role)."""
    project_id = draft(app, director, **overrides)
    app.pitch_project(director, project_id)
    return project_id, next(iter(app.project(project_id).roles))


@pytest.fixture
def director(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


@pytest.fixture
def crew(app) -> Context:
    return sign_up(app, "kim@example.com", "crew")


@pytest.fixture
def opened(app, director) -> tuple[UUID, UUID]:
    return pitched(app, director)


def hire_by_invitation(app, director, member, project_id, role_id) -> UUID:
    invitation_id = app.invite(director, project_id, role_id, member.actor)
    app.accept_invitation(member, invitation_id)
    return invitation_id


# -- invite ------------------------------------------------------------------------------


def test_invite_to_open_role_records_invitation_sent(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    invitation = app.invitation(invitation_id)
    assert events_of(app, invitation_id) == ["Sent"]
    assert (invitation.project_id, invitation.role_id, invitation.member_id) == (
        project_id,
        role_id,
        crew.actor,
    )
    assert invitation.status is InvitationStatus.PENDING
    assert app.invitation_for(project_id, role_id, crew.actor).id == invitation_id


def test_invite_by_another_director_is_forbidden(app, crew, opened):
    project_id, role_id = opened
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.invite(other, project_id, role_id, crew.actor)


def test_invite_unknown_member_is_not_found(app, director, opened):
    project_id, role_id = opened
    with pytest.raises(NotFound):
        app.invite(director, project_id, role_id, uuid4())


def test_invite_to_unknown_role_is_not_found(app, director, crew, opened):
    project_id, _ = opened
    with pytest.raises(NotFound):
        app.invite(director, project_id, uuid4(), crew.actor)


def test_invite_partner_only_member_conflicts(app, director, opened):
    project_id, role_id = opened
    partner = sign_up(app, "studio@example.com", "partner")
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, partner.actor)


def test_invite_while_pending_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    app.invite(director, project_id, role_id, crew.actor)
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, crew.actor)


def test_invite_to_draft_project_conflicts(app, director, crew):
    project_id = draft(app, director)
    role_id = next(iter(app.project(project_id).roles))
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, crew.actor)


def test_invite_the_director_themselves_conflicts(app, director, opened):
    project_id, role_id = opened
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, director.actor)


def test_invite_already_hired_member_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    app.change_role(director, project_id, role_id, count=2)
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, crew.actor)


def test_invite_to_full_role_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    other = sign_up(app, "lee@example.com", "crew")
    with pytest.raises(RoleFull):
        app.invite(director, project_id, role_id, other.actor)


def test_invite_again_after_decline_renews_the_same_invitation(app, director, crew, opened):
    project_id, role_id = opened
    first = app.invite(director, project_id, role_id, crew.actor)
    app.decline_invitation(crew, first, "busy that month")
    again = app.invite(director, project_id, role_id, crew.actor)
    assert again == first
    assert app.invitation(again).status is InvitationStatus.PENDING
    assert events_of(app, first) == ["Sent", "Declined", "Renewed"]


def test_invite_member_with_pending_application_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    app.apply_to_role(crew, project_id, role_id, "I shot Night Market.")
    with pytest.raises(Conflict):
        app.invite(director, project_id, role_id, crew.actor)


# -- accept / decline / withdraw invitation -----------------------------------------------


def test_accept_invitation_hires_member_and_starts_crewing(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = hire_by_invitation(app, director, crew, project_id, role_id)
    project = app.project(project_id)
    assert app.invitation(invitation_id).status is InvitationStatus.ACCEPTED
    assert project.roles[role_id].hired == [crew.actor]
    assert project.status is ProjectStatus.CREWING
    assert project.members() == {director.actor, crew.actor}
    assert events_of(app, project_id)[-2:] == ["CrewHired", "CrewingStarted"]
    engagement = app.commitments_of(crew.actor).engagements[project_id]
    assert (engagement["start"], engagement["end"]) == (date(2026, 5, 1), date(2026, 5, 10))


def test_accept_invitation_into_full_role_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    other = sign_up(app, "lee@example.com", "crew")
    late = app.invite(director, project_id, role_id, other.actor)
    hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(RoleFull):
        app.accept_invitation(other, late)
    assert app.invitation(late).status is InvitationStatus.PENDING
    assert app.commitments_of(other.actor) is None


def test_accept_invitation_with_clashing_shoot_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    rival = sign_up(app, "park@example.com", "director")
    other_project, other_role = pitched(app, rival, shoot_start=date(2026, 5, 8),
                                        shoot_end=date(2026, 5, 20))  # fmt: skip
    invitation_id = app.invite(rival, other_project, other_role, crew.actor)
    with pytest.raises(DatesClash, match="already hired on another project shooting"):
        app.accept_invitation(crew, invitation_id)
    assert app.project(other_project).roles[other_role].hired == []
    assert list(app.commitments_of(crew.actor).engagements) == [project_id]


def test_accept_invitation_with_adjacent_shoot_hires(app, director, crew, opened):
    project_id, role_id = opened
    hire_by_invitation(app, director, crew, project_id, role_id)
    rival = sign_up(app, "park@example.com", "director")
    other_project, other_role = pitched(app, rival, shoot_start=date(2026, 5, 11),
                                        shoot_end=date(2026, 5, 20))  # fmt: skip
    hire_by_invitation(app, rival, crew, other_project, other_role)
    assert set(app.commitments_of(crew.actor).engagements) == {project_id, other_project}


def test_accept_invitation_by_someone_else_is_forbidden(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    intruder = sign_up(app, "lee@example.com", "crew")
    with pytest.raises(Forbidden):
        app.accept_invitation(intruder, invitation_id)


def test_accept_unknown_invitation_is_not_found(app, crew):
    with pytest.raises(NotFound):
        app.accept_invitation(crew, uuid4())


def test_accept_invitation_twice_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Conflict):
        app.accept_invitation(crew, invitation_id)


def test_accept_invitation_after_project_cancelled_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    app.cancel_project(director, project_id, "no money")
    with pytest.raises(Conflict):
        app.accept_invitation(crew, invitation_id)


def test_accept_invitation_after_role_removed_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    app.remove_role(director, project_id, role_id)
    with pytest.raises(Conflict, match="no longer"):
        app.accept_invitation(crew, invitation_id)


def test_decline_invitation_records_reason(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    app.decline_invitation(crew, invitation_id, "already booked in May")
    invitation = app.invitation(invitation_id)
    assert (invitation.status, invitation.reason) == (
        InvitationStatus.DECLINED,
        "already booked in May",
    )
    assert app.project(project_id).roles[role_id].hired == []


def test_decline_invitation_with_overlong_reason_is_invalid(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    with pytest.raises(Invalid):
        app.decline_invitation(crew, invitation_id, "x" * 2001)


def test_decline_invitation_by_someone_else_is_forbidden(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    with pytest.raises(Forbidden):
        app.decline_invitation(director, invitation_id)


def test_decline_accepted_invitation_conflicts(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = hire_by_invitation(app, director, crew, project_id, role_id)
    with pytest.raises(Conflict):
        app.decline_invitation(crew, invitation_id)


def test_withdraw_invitation_by_director(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    app.withdraw_invitation(director, invitation_id, "the role changed")
    assert app.invitation(invitation_id).status is InvitationStatus.WITHDRAWN
    with pytest.raises(Conflict):
        app.accept_invitation(crew, invitation_id)


def test_withdraw_invitation_by_invitee_is_forbidden(app, director, crew, opened):
    project_id, role_id = opened
    invitation_id = app.invite(director, project_id, role_id, crew.actor)
    with pytest.raises(Forbidden):
        app.withdraw_invitation(crew, invitation_id)


def test_invite_a_member_who_blocked_the_director_is_forbidden(app):
    from tests.conftest import sign_up as real_sign_up

    director = real_sign_up(app, "dir-block@example.com", "director")
    crew = real_sign_up(app, "crew-block@example.com", "crew")
    project_id = app.create_project(
        director,
        title="Blocked",
        logline="A test.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=1_000_000,
        shoot_start=date(2026, 5, 4),
        shoot_end=date(2026, 5, 6),
        roles=[
            RoleSpec(
                role="editor",
                skills=["editing"],
                count=1,
                start=date(2026, 5, 4),
                end=date(2026, 5, 6),
            )
        ],
    )
    app.pitch_project(director, project_id)
    role_id = next(iter(app.project(project_id).roles))
    app.block_member(crew, director.actor)
    with pytest.raises(Forbidden):
        app.invite(director, project_id, role_id, crew.actor)
