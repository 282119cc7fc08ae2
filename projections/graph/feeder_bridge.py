"""The bridge's events as the matching engine's facts: partners (their standing, profile and
representatives), follows (a member's Follow, and an organisation's follows of older logs),
interest, and each submission's way from submitted to shortlisted, met, signed or passed."""

from __future__ import annotations

from collections.abc import Callable

from matching import facts as gf
from projections.projector.view import Envelope

Handler = Callable[[Envelope], list[gf.Fact]]


class BridgeFacts:
    def __init__(self) -> None:
        self._submissions: dict[str, tuple[str, str]] = {}  # submission -> (partner, project)
        self._follows: dict[str, tuple[str, str]] = {}  # follow -> (follower, director)
        self._seats: dict[str, str] = {}  # representation -> member

    # -- partners -------------------------------------------------------------------------------

    def _partner(self, e: Envelope) -> list[gf.Fact]:
        partner, ev = e.originator_id.hex, e.event
        return [
            gf.PartnerRegistered(partner, name=ev.name),
            gf.PartnerStanding(partner, False),  # pending until verified
            gf.Represents(ev.representative_id.hex, partner),
        ]

    def _resubmitted(self, e: Envelope) -> list[gf.Fact]:
        partner, ev = e.originator_id.hex, e.event
        return [
            gf.PartnerRegistered(partner, name=ev.name),
            gf.PartnerStanding(partner, False),
            gf.Represents(ev.representative_id.hex, partner),
        ]

    @staticmethod
    def _standing(active: bool) -> Handler:
        """Verified (or reinstated): recommended; suspended or rejected: not."""

        def standing(e: Envelope) -> list[gf.Fact]:
            return [gf.PartnerStanding(e.originator_id.hex, active)]

        return standing

    def _profile(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        return [
            gf.PartnerProfiled(
                e.originator_id.hex,
                genres=tuple(ev.genres),
                formats=tuple(ev.formats),
                budget_min=ev.budget_min_krw,
                budget_max=ev.budget_max_krw,
                stages=tuple(ev.stages),
                offers=tuple(ev.offers),
            )
        ]

    def _appointed(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        self._seats[e.originator_id.hex] = ev.member_id.hex
        return [gf.Represents(ev.member_id.hex, ev.partner_id.hex)]

    def _moved(self, e: Envelope) -> list[gf.Fact]:
        member = self._seats.get(e.originator_id.hex)
        return [gf.Represents(member, e.event.partner_id.hex)] if member else []

    def _interest(self, e: Envelope) -> list[gf.Fact]:
        return [gf.PartnerInterest(e.originator_id.hex, e.event.project_id.hex)]

    # -- follows --------------------------------------------------------------------------------

    @staticmethod
    def _org_follow(following: bool) -> Handler:
        """An organisation's own follow (Partner.DirectorFollowed/Unfollowed, older logs)."""

        def follow(e: Envelope) -> list[gf.Fact]:
            return [gf.Followed(e.originator_id.hex, e.event.director_id.hex, following)]

        return follow

    def _follow_started(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        key = (ev.follower_id.hex, ev.director_id.hex)
        self._follows[e.originator_id.hex] = key
        return [gf.Followed(*key, following=True)]

    def _follow(self, following: bool) -> Handler:
        def follow(e: Envelope) -> list[gf.Fact]:
            key = self._follows.get(e.originator_id.hex)
            return [gf.Followed(*key, following=following)] if key else []

        return follow

    # -- submissions ----------------------------------------------------------------------------

    def _submitted(self, e: Envelope) -> list[gf.Fact]:
        ev = e.event
        key = (ev.partner_id.hex, ev.project_id.hex)
        self._submissions[e.originator_id.hex] = key
        return [gf.SubmittedTo(*key)]

    def _submission_moved(
        self, fact: type[gf.Shortlisted] | type[gf.MeetingRequested] | type[gf.PartnerPassed]
    ) -> Handler:
        def moved(e: Envelope) -> list[gf.Fact]:
            key = self._submissions.get(e.originator_id.hex)
            return [fact(*key)] if key else []

        return moved

    def _deal(self, e: Envelope) -> list[gf.Fact]:
        key = self._submissions.get(e.originator_id.hex)
        return [gf.DealRecorded(*key)] if key else []
