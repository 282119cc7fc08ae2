"""Invitations: a director offers a role to a member, who accepts (hired in the same write) or
declines; the director may withdraw an unanswered one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.context import Context
from domain.crew_application import CrewApplication
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.invitation import Invitation
from domain.member import Member
from domain.messaging import Conversation
from domain.permissions import Action, allowed
from domain.services.hiring import HiringServices
from domain.services.project_input import reason_text

TEAM_MAX = 50  # invitations in one batch (a project lists at most 50 roles)


@dataclass(frozen=True)
class TeamInvite:
    """One member the director asks to take one role, as part of a batch."""

    role_id: UUID
    member_id: UUID


@dataclass(frozen=True)
class InviteAnswer:
    """What became of one invitation of a batch: sent (its id), or refused and why."""

    role_id: UUID
    member_id: UUID
    invitation_id: UUID | None = None
    refusal: DomainError | None = None

    @property
    def invited(self) -> bool:
        return self.invitation_id is not None


class InvitationServices(HiringServices):
    def invitation(self, invitation_id: UUID) -> Invitation:
        return self._load(Invitation, invitation_id, "invitation")

    def invitation_for(self, project_id: UUID, role_id: UUID, member_id: UUID) -> Invitation | None:
        return self._load_or_none(Invitation, Invitation.id_for(project_id, role_id, member_id))

    # -- invitations ----------------------------------------------------------------------

    def invite(self, ctx: Context, project_id: UUID, role_id: UUID, member_id: UUID) -> UUID:
        """The director offers an open role to a member; returns the invitation's id."""

        def command() -> UUID:
            project = self._directing(ctx, project_id)
            project.role(role_id)
            invitee = self._load_or_none(Member, member_id)
            if invitee is None or invitee.erased:
                raise NotFound("no member {member_id}", member_id=member_id, field="member_id")
            if not allowed(invitee.roles, Action.APPLY_TO_ROLE):
                raise Conflict(
                    "{invitee} has no crew or director role to be hired with",
                    invitee=invitee.name,
                    field="member_id",
                )
            between = self._load_or_none(
                Conversation, Conversation.id_for(project.director_id, member_id)
            )
            if between is not None and between.blocked:
                raise Forbidden(
                    "one of you has blocked the other; an invitation cannot be sent",
                    field="member_id",
                )
            project.ensure_open_to(role_id, member_id)
            application = self._load_or_none(
                CrewApplication, CrewApplication.id_for(project_id, role_id, member_id)
            )
            if application is not None and application.pending:
                raise Conflict(
                    "{invitee} has already applied to this role; accept the application",
                    invitee=invitee.name,
                    field="member_id",
                )
            invitation = self.invitation_for(project_id, role_id, member_id)
            if invitation is None:
                invitation = Invitation.send(project_id, role_id, member_id, project.director_id)
            else:
                invitation.renew()
            self._save(ctx, invitation)
            return invitation.id

        return self._attempt(command)

    def invite_team(
        self, ctx: Context, project_id: UUID, picks: Sequence[TeamInvite]
    ) -> list[InviteAnswer]:
        """The director invites several members at once (a proposed team, or part of it).
        Each invitation is its own aggregate and its own write, so one refusal (the member is
        already invited, has blocked the director, the role has gone) stops no other; the
        answer says, per member, invited or refused and why. A member holds one role per
        project, so a member named twice is invited once. Accepting stays what hires, one
        write per hire, so the member's Commitments still refuse a clashing second hire."""
        self._directing(ctx, project_id)
        if not isinstance(picks, list | tuple) or not picks:
            raise Invalid("name at least one member to invite", field="invitations")
        if len(picks) > TEAM_MAX:
            raise Invalid("at most {most} invitations at once", most=TEAM_MAX, field="invitations")
        answers: list[InviteAnswer] = []
        named: set[UUID] = set()
        for pick in picks:
            if pick.member_id in named:
                refusal: DomainError = Conflict(
                    "this member is already invited to another role of the batch; a member "
                    "holds one role per project",
                    field="member_id",
                )
                answers.append(InviteAnswer(pick.role_id, pick.member_id, refusal=refusal))
                continue
            named.add(pick.member_id)
            try:
                sent = self.invite(ctx, project_id, pick.role_id, pick.member_id)
            except DomainError as error:
                answers.append(InviteAnswer(pick.role_id, pick.member_id, refusal=error))
            else:
                answers.append(InviteAnswer(pick.role_id, pick.member_id, invitation_id=sent))
        return answers

    def _invited(self, ctx: Context, invitation_id: UUID) -> Invitation:
        member = self._authorise(ctx, Action.RESPOND_TO_INVITATION)
        invitation = self.invitation(invitation_id)
        if invitation.member_id != member.id:
            raise Forbidden("only the invited member can answer this invitation")
        return invitation

    def accept_invitation(self, ctx: Context, invitation_id: UUID) -> None:
        """The invitee says yes: hired, unless the role has filled or the dates clash (409)."""

        def command() -> None:
            invitation = self._invited(ctx, invitation_id)
            project = self.project(invitation.project_id)
            invitation.accept()
            self._hire(ctx, invitation, project)

        self._attempt(command)

    def decline_invitation(self, ctx: Context, invitation_id: UUID, reason: str = "") -> None:
        """The invitee says no, optionally saying why."""
        self._invited(ctx, invitation_id)
        why = reason_text(reason, required=False)

        def command() -> None:
            invitation = self._invited(ctx, invitation_id)
            invitation.decline(why)
            self._save(ctx, invitation)

        self._attempt(command)

    def withdraw_invitation(self, ctx: Context, invitation_id: UUID, reason: str = "") -> None:
        """The director takes back an unanswered invitation."""
        self._directing(ctx, self.invitation(invitation_id).project_id)
        why = reason_text(reason, required=False)

        def command() -> None:
            invitation = self.invitation(invitation_id)
            self._directing(ctx, invitation.project_id)
            invitation.withdraw(why)
            self._save(ctx, invitation)

        self._attempt(command)
