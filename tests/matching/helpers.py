from __future__ import annotations

from datetime import date

from matching.facts import (
    AvailabilityChanged,
    Collaborated,
    Declined,
    Fact,
    GenreInterest,
    MemberRegistered,
    ProjectListed,
    RoleOpened,
    SkillCertified,
    SkillClaimed,
    SkillEndorsed,
)

SHOOT = (date(2026, 5, 1), date(2026, 5, 20))


def small_world() -> list[Fact]:
    """Director d1 made Night Bus with editor e1; e2 edited Rain, which e1 wrote."""
    return [
        MemberRegistered("d1", name="Kim Ji-woo"),
        MemberRegistered("e1", name="Lee Min"),
        MemberRegistered("e2", name="Park Soo"),
        MemberRegistered("e3", name="Choi Na"),
        MemberRegistered("n1", name="Han Bit"),
        ProjectListed(
            "p1",
            2024,
            title="Night Bus",
            genres=("Drama",),
            countries=("South Korea",),
            director_ids=("d1",),
        ),
        Collaborated("d1", "p1", "director", 2024),
        Collaborated("e1", "p1", "editor", 2024),
        ProjectListed("p2", 2025, title="Rain", genres=("Drama",), countries=("South Korea",)),
        Collaborated("e2", "p2", "editor", 2025),
        Collaborated("e1", "p2", "writer", 2025),
        ProjectListed(
            "p3",
            2026,
            title="Spring",
            genres=("Drama",),
            countries=("South Korea",),
            director_ids=("d1",),
        ),
        RoleOpened("p3", "r1", "editor", skills=("ai-editing",), start=SHOOT[0], end=SHOOT[1]),
        SkillCertified("e3", "ai-editing", "AI editing"),
        SkillClaimed("n1", "ai-editing", 2),
        SkillEndorsed("n1", "ai-editing", "e1"),
        GenreInterest("n1", "Drama"),
    ]


def busy(member: str) -> AvailabilityChanged:
    return AvailabilityChanged(member, busy=((date(2026, 5, 10), date(2026, 5, 12)),))


def declined(member: str) -> Declined:
    return Declined(member, "p3", "r1", by_member=True)
