"""Recommended crew for a role, until the matching engine's `recommend_crew` is wired in: an
honest ranking over the Directory view of members who claim the role's skills, each with its
reasons in words.

Score: the mean over the role's skills of claimed level / 5 (a skill not claimed counts 0), plus
0.05 for a verified university affiliation; members whose other shoot overlaps the role's dates
are kept but marked and halved, since accepting would be refused. Ties go by member id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.commitments import Commitments
from projections.database import Tx
from projections.directory import Directory, MemberCard

CANDIDATES_PER_SKILL = 500
HIREABLE = {"crew", "director"}


@dataclass(frozen=True)
class Recommendation:
    member_id: UUID
    name: str
    score: float
    reasons: tuple[str, ...]


def recommend(
    tx: Tx,
    *,
    role: str,
    skills: Iterable[str],
    exclude: set[UUID],
    start: date,
    end: date,
    commitments: Callable[[UUID], Commitments | None],
    limit: int = 10,
) -> list[Recommendation]:
    wanted = [s.lower() for s in skills] or [role.lower()]
    candidates: dict[UUID, MemberCard] = {}
    for skill in wanted:
        for card in Directory.search(tx, skill=skill, limit=CANDIDATES_PER_SKILL):
            if card.member_id not in exclude and HIREABLE & set(card.roles):
                candidates[card.member_id] = card
    ranked: list[Recommendation] = []
    for card in candidates.values():
        reasons = [f"claims {skill} at level {card.skills[skill]}"
                   for skill in wanted if skill in card.skills]
        if not reasons:
            continue
        score = sum(card.skills.get(skill, 0) for skill in wanted) / (5 * len(wanted))
        missing = [skill for skill in wanted if skill not in card.skills]
        if missing:
            reasons.append(f"claims no {', '.join(missing)}")
        if card.affiliation_verified:
            score += 0.05
            reasons.append("verified student of a network university")
        held = commitments(card.member_id)
        clash = held.clash(start, end) if held is not None else None
        if clash is not None:
            taken = held.engagements[clash] if held is not None else {}
            score /= 2
            reasons.append(f"already engaged on another shoot {taken.get('start')} to "
                           f"{taken.get('end')}")
        ranked.append(Recommendation(card.member_id, card.name, round(score, 4), tuple(reasons)))
    ranked.sort(key=lambda r: (-r.score, r.member_id.hex))
    return ranked[:limit]
