"""Follows and the organisations' own words: the demo crew member and the demo partner follow
the demo director from the first week (so the director's pitches, in the weeks and today, reach
both inboxes), and the demo partner saves a talent search then; every few weeks crew members
and organisations follow directors whose work they like; and before today each organisation
describes, in its own words, what its stated profile says it looks for (the
partner@filmhouse.test organisation's at length).

A generator of its own, so the story's other draws stay where they were."""

from __future__ import annotations

import random
from uuid import UUID

from domain.context import Context
from domain.saved_search import TalentFilters
from domain.university import University
from domain.vocabulary import SearchKind
from web.demo.base import Chapter, member_of

GENERIC = "New voices from the network's schools, told with care."
BY_KIND = {
    "studio": "A studio that develops {genres} with first- and second-time directors, from "
    "the first draft to the set.",
    "production_company": "We produce {genres} and stay with a director from development to "
    "the festival premiere.",
    "distributor": "We take {genres} to cinemas and festivals in Korea and abroad, and look "
    "for finished films that travel.",
    "streamer": "Our originals strand commissions {genres} from emerging directors of the "
    "network, and licenses finished shorts.",
}
DEMO_PARTNER = (
    "Choi Dong-hyun scouts for us. We co-produce {genres} ({formats}) from the network's "
    "schools and run two calls for pitches a year; {offers}. Send a deck with a realistic "
    "budget: we read every one."
)


class Following(Chapter):
    def follow_rng(self) -> random.Random:
        if not hasattr(self, "_follow_rng"):
            self._follow_rng = random.Random(15)
        return self._follow_rng

    def first_follows(self) -> None:
        """The demo crew member and the demo partner follow the demo director; the demo partner
        saves a talent search (cinematographers at level 4 or above from KARTS), so its account
        page lists it in words and its inbox tells of those who join and fit, today's newcomer
        among them."""
        director = member_of(self.cast["director"])
        for who in ("crew", "partner"):
            self.attempt(lambda: self.app.follow_director(self.cast[who], director))
        self.attempt(
            lambda: self.app.save_search(
                self.cast["partner"],
                kind=SearchKind.TALENT,
                role="crew",
                skill="cinematography",
                talent=TalentFilters(level=4, university_id=University.id_for("karts")),
            )
        )

    def follows_week(self) -> None:
        """A few crew members and an organisation follow a director whose films they saw."""
        rng = self.follow_rng()
        if not self.directors:
            return
        followers = [c for c, _craft in rng.sample(self.crew, k=min(3, len(self.crew)))]
        if self.verified_partners:
            followers.append(rng.choice(self.verified_partners))
        for follower in followers:
            director = member_of(rng.choice(self.directors))
            if director != member_of(follower):
                self.attempt(lambda: self.app.follow_director(follower, director))

    def partner_profiles(self) -> None:
        """Each organisation says in its own words what its stated profile looks for."""
        for n, person in enumerate(self.partners):
            partner = self.app.partner_of(member_of(person))
            if partner is None or partner.profile.description not in ("", GENERIC):
                continue
            self.pause()
            self.describe(person, partner.id, demo=n == 0)

    def describe(self, person: Context, partner_id: UUID, *, demo: bool) -> None:
        partner = self.app.partner(partner_id)
        profile = partner.profile
        offers = _listed([o.value.replace("_", " ") for o in profile.offers])
        words = {
            "genres": _listed(list(profile.genres) or ["drama"]),
            "formats": _listed([f.value.replace("_", " ") for f in profile.formats]) or "any",
            "offers": f"we also offer {offers}" if offers else "we also give advice",
        }
        template = DEMO_PARTNER if demo else BY_KIND.get(partner.kind.value, BY_KIND["studio"])
        self.attempt(
            lambda: self.app.state_partner_profile(
                person,
                partner.id,
                genres=list(profile.genres),
                formats=[f.value for f in profile.formats],
                budget_min_krw=profile.budget_min_krw,
                budget_max_krw=profile.budget_max_krw,
                stages=[s.value for s in profile.stages],
                offers=[o.value for o in profile.offers],
                description=template.format(**words),
            )
        )


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
