"""The life of a booking after it is made: screening-room requests an admin approves or refuses
(or that time out unanswered), check-in, no-shows and the strikes they bring, and appeals."""

from __future__ import annotations

from uuid import UUID

from domain import validation as v
from domain.booking import WorkspaceDay
from domain.booking_errors import InBlackout
from domain.context import Context
from domain.errors import Conflict, Forbidden
from domain.opening_hours import clock_text
from domain.permissions import Action
from domain.quota import STRIKE_MINUTES, MemberWeek, Strike, strike_weeks
from domain.services.booking_time import moment
from domain.services.bookings import BookingServices


class BookingLifeServices(BookingServices):
    # -- requests an admin answers ----------------------------------------------------------

    def approve_booking_request(self, ctx: Context, booking_id: UUID, reason: str = "") -> None:
        """An admin grants a request: it becomes a confirmed booking and takes its slot, which
        must still be free."""
        self._authorise(ctx, Action.DECIDE_BOOKING_REQUEST)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX, required=False)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.approve(why)
            room = self.workspace(booking.workspace_id)
            if room.retired:
                raise Conflict("{room} is retired; refuse the request instead", room=room.name)
            if booking.start <= self.clock.now():
                raise Conflict("the requested time has passed; refuse the request instead")
            blackout = room.blackout_during(booking.start, booking.end)
            if blackout is not None:
                raise InBlackout(
                    "{room} is closed then: {reason}; refuse the request instead",
                    room=room.name,
                    reason=blackout["reason"],
                )
            schedule = self._load_or_none(
                WorkspaceDay, WorkspaceDay.id_for(room.id, booking.day)
            ) or WorkspaceDay.open(room.id, booking.day)
            self._refuse_if_taken(booking.member_id, room, schedule, booking.start, booking.end)
            schedule.book(booking.id, booking.start, booking.end)
            self._save(ctx, booking, schedule)

        self._attempt(command)

    def refuse_booking_request(self, ctx: Context, booking_id: UUID, reason: str) -> None:
        """An admin turns a request down with a reason; its hours go back to the quotas."""
        self._authorise(ctx, Action.DECIDE_BOOKING_REQUEST)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.refuse(why)
            self._save(ctx, booking, *self._return_hours(booking))

        self._attempt(command)

    def refuse_unanswered_request(self, ctx: Context, booking_id: UUID) -> None:
        """Timer: a request not answered by its `answer_by` is refused ("no answer within 7
        days") and its hours go back to the quotas."""
        self._system(ctx)

        def command() -> None:
            booking = self.booking(booking_id)
            booking.refuse_unanswered(self.clock.now())
            self._save(ctx, booking, *self._return_hours(booking))

        self._attempt(command)

    # -- check-in, no-shows -----------------------------------------------------------------

    def check_in(self, ctx: Context, booking_id: UUID) -> None:
        """The booker arrives: from 15 minutes before the start until 15 minutes after it."""
        member = self._actor(ctx)

        def command() -> None:
            booking = self.booking(booking_id)
            if booking.member_id != member.id:
                raise Forbidden("only the member who made this booking can check in to it")
            booking.check_in(self.clock.now())
            self._save(ctx, booking)

        self._attempt(command)

    def release_no_show(self, ctx: Context, booking_id: UUID) -> UUID:
        """Timer: a booking nobody checked into by the end of its grace period is released. In
        one write the slot is freed and offered to the waitlist, and the member gets a strike
        that takes hours off their next four weekly quotas. The no-show's own hours stay spent.
        Returns the strike's id."""
        self._system(ctx)

        def command() -> UUID:
            now = self.clock.now()
            booking = self.booking(booking_id)
            booking.release_as_no_show(now)
            room = self.workspace(booking.workspace_id)
            schedule = self._load(WorkspaceDay, WorkspaceDay.id_for(room.id, booking.day))
            schedule.free(booking.id)
            waitlist = self._waitlist(room.id, booking.day)
            self._offer_slots(room, schedule, waitlist, now)
            until = clock_text(booking.end, booking.day)
            reason = f"no-show: {room.name} {moment(booking.start)}–{until}"
            weeks = strike_weeks(booking.start)
            strike = Strike.record(
                member_id=booking.member_id,
                booking_id=booking.id,
                weeks=weeks,
                minutes=STRIKE_MINUTES,
                reason=reason,
            )
            ledgers = []
            for week in weeks:
                ledger = self._load_or_none(
                    MemberWeek, MemberWeek.id_for(booking.member_id, week)
                ) or MemberWeek.open(booking.member_id, week)
                ledger.reduce(STRIKE_MINUTES, reason)
                ledgers.append(ledger)
            self._save(ctx, booking, schedule, waitlist, strike, *ledgers)
            return strike.id

        return self._attempt(command)

    # -- strikes ----------------------------------------------------------------------------

    def appeal_strike(self, ctx: Context, strike_id: UUID, reason: str) -> None:
        """The member asks for a strike to be lifted, saying why."""
        member = self._actor(ctx)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.appeal_by(member.id, why)
            self._save(ctx, strike)

        self._attempt(command)

    def uphold_strike(self, ctx: Context, strike_id: UUID, reason: str) -> None:
        """An admin rejects the appeal, saying why; the hours stay off."""
        self._authorise(ctx, Action.DECIDE_STRIKE_APPEAL)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.uphold(why)
            self._save(ctx, strike)

        self._attempt(command)

    def overturn_strike(self, ctx: Context, strike_id: UUID, reason: str) -> None:
        """An admin grants the appeal: the strike is lifted and the hours it took are given back
        to each week, in one write."""
        self._authorise(ctx, Action.DECIDE_STRIKE_APPEAL)
        why = v.text(reason, "reason", limit=v.COMMENT_MAX)

        def command() -> None:
            strike = self.strike(strike_id)
            strike.overturn(why)
            ledgers = []
            for week in strike.weeks:
                ledger = self._load(MemberWeek, MemberWeek.id_for(strike.member_id, week))
                ledger.restore(strike.minutes, f"strike overturned: {why}")
                ledgers.append(ledger)
            self._save(ctx, strike, *ledgers)

        self._attempt(command)

    def strike(self, strike_id: UUID) -> Strike:
        return self._load(Strike, strike_id, "strike")
