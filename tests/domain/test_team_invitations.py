"""Inviting a whole team in one action, and accepting what it sent: each invitation its own
aggregate, the answer per member, and no member ever hired onto clashing dates however the
acceptances race. Given events, when a command, then events (or this error)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import uuid4

import pytest

from domain.commitments import DatesClash
from domain.errors import Conflict, Forbidden, Invalid
from domain.invitation import InvitationStatus
from domain.project_parts import RoleSpec
from domain.services.invitations import TEAM_MAX, TeamInvite
from tests.domain.test_crewing_concurrency import race
from tests.domain.test_projects import draft, events_of, sign_up


def _role(name: str, start: date, end: date) -> RoleSpec:
    return RoleSpec(role=name, skills=(), count=1, start=start, end=end, paid=False)


def _pitched(app, director, *roles: RoleSpec, start=date(2026, 5, 1), end=date(2026, 5, 10)):
    project_id = draft(app, director, roles=list(roles), shoot_start=start, shoot_end=end)
    app.pitch_project(director, project_id)
    by_name = {r.role: r.role_id for r in app.project(project_id).roles.values()}
    return project_id, by_name


@pytest.fixture
def team(app):
    director = sign_up(app, "mina@example.com", "director")
    project_id, roles = _pitched(
        app,
        director,
        _role("gaffer", date(2026, 5, 1), date(2026, 5, 5)),
        _role("editor", date(2026, 5, 6), date(2026, 5, 10)),
        _role("grip", date(2026, 5, 1), date(2026, 5, 10)),
    )
    crew = [sign_up(app, f"crew{n}@example.com", "crew") for n in range(3)]
    return director, project_id, roles, crew


def test_invite_team_sends_one_invitation_per_member(app, team):
    director, project_id, roles, crew = team
    picks = [TeamInvite(roles["gaffer"], crew[0].actor), TeamInvite(roles["editor"], crew[1].actor)]
    answers = app.invite_team(director, project_id, picks)
    assert [(a.member_id, a.invited, a.refusal) for a in answers] == [
        (crew[0].actor, True, None),
        (crew[1].actor, True, None),
    ]
    for answer in answers:
        assert answer.invitation_id is not None
        assert events_of(app, answer.invitation_id) == ["Sent"]
        assert app.invitation(answer.invitation_id).role_id == answer.role_id


def test_invite_team_answers_per_member_when_some_are_refused(app, team):
    director, project_id, roles, crew = team
    app.invite(director, project_id, roles["grip"], crew[2].actor)  # already pending
    partner = sign_up(app, "studio@example.com", "partner")
    answers = app.invite_team(
        director,
        project_id,
        [
            TeamInvite(roles["gaffer"], crew[0].actor),
            TeamInvite(roles["grip"], crew[2].actor),
            TeamInvite(roles["editor"], partner.actor),
            TeamInvite(uuid4(), crew[1].actor),
        ],
    )
    assert [a.invited for a in answers] == [True, False, False, False]
    assert [type(a.refusal).__name__ for a in answers[1:]] == ["Conflict", "Conflict", "NotFound"]
    assert answers[1].refusal.template.startswith("the member is already invited")
    assert answers[3].refusal.field == "role_id"


def test_invite_team_same_member_twice_is_invited_once(app, team):
    director, project_id, roles, crew = team
    answers = app.invite_team(
        director,
        project_id,
        [TeamInvite(roles["gaffer"], crew[0].actor), TeamInvite(roles["editor"], crew[0].actor)],
    )
    assert [a.invited for a in answers] == [True, False]
    assert isinstance(answers[1].refusal, Conflict) and answers[1].refusal.field == "member_id"
    assert app.invitation_for(project_id, roles["editor"], crew[0].actor) is None


def test_invite_team_by_another_director_is_forbidden(app, team):
    _, project_id, roles, crew = team
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.invite_team(other, project_id, [TeamInvite(roles["gaffer"], crew[0].actor)])


@pytest.mark.parametrize("size", [0, TEAM_MAX + 1])
def test_invite_team_empty_or_too_large_is_invalid(app, team, size):
    director, project_id, roles, crew = team
    with pytest.raises(Invalid) as refused:
        app.invite_team(director, project_id, [TeamInvite(roles["gaffer"], crew[0].actor)] * size)
    assert refused.value.field == "invitations"


def test_accepting_two_roles_of_one_project_hires_once(app, team):
    director, project_id, roles, crew = team
    first = app.invite(director, project_id, roles["gaffer"], crew[0].actor)
    second = app.invite(director, project_id, roles["editor"], crew[0].actor)

    outcomes = race([
        lambda: app.accept_invitation(crew[0], first),
        lambda: app.accept_invitation(crew[0], second),
    ])  # fmt: skip

    assert Counter(outcomes) == {"hired": 1, "Conflict": 1}
    project = app.project(project_id)
    assert sum(crew[0].actor in r.hired for r in project.roles.values()) == 1


def test_accepting_invitations_of_two_clashing_shoots_hires_once(app):
    member = sign_up(app, "kim@example.com", "crew")
    invitations = []
    for n, start in enumerate((date(2026, 5, 1), date(2026, 5, 8))):
        director = sign_up(app, f"director{n}@example.com", "director")
        project_id, roles = _pitched(
            app, director, _role("gaffer", start, start), start=start, end=start.replace(day=12)
        )
        (answer,) = app.invite_team(
            director, project_id, [TeamInvite(roles["gaffer"], member.actor)]
        )
        invitations.append(answer.invitation_id)

    outcomes = race([lambda i=i: app.accept_invitation(member, i) for i in invitations])

    assert Counter(outcomes) == {"hired": 1, DatesClash.__name__: 1}
    assert len(app.commitments_of(member.actor).engagements) == 1
    statuses = sorted(app.invitation(i).status.value for i in invitations)
    assert statuses == [InvitationStatus.ACCEPTED.value, InvitationStatus.PENDING.value]
