"""What tells directors apart on the scouting board (two can share a name): their university,
city, how many projects they have shown, and when they joined. Read from the directory's and
the projects' tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from projections.projector.sql import Tx
from projections.views.project_queries import VISIBLE


@dataclass(frozen=True)
class DirectorFacts:
    university: str  # its English name; "" when they name none
    university_ko: str  # its Korean name, where the directory has one
    affiliation_verified: bool
    city: str
    projects: int  # pitched or further on (drafts are the director's own)
    joined: str  # the year


def director_facts(tx: Tx, director_ids: Iterable[UUID]) -> dict[UUID, DirectorFacts]:
    wanted = sorted({d.hex for d in director_ids})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    members = tx.execute(
        "SELECT m.member_id, u.name, u.name_ko, m.affiliation_verified, m.city, m.joined "
        "FROM dir_members m LEFT JOIN dir_universities u ON u.university_id = m.university_id "
        f"WHERE m.member_id IN ({marks})",
        wanted,
    ).fetchall()
    shown = ", ".join("?" for _ in VISIBLE)
    projects: dict[str, int] = dict(
        tx.execute(
            f"SELECT director_id, count(*) FROM prj_projects WHERE director_id IN ({marks}) "
            f"AND status IN ({shown}) GROUP BY director_id",
            (*wanted, *VISIBLE),
        ).fetchall()
    )
    return {
        UUID(member_id): DirectorFacts(
            university=name or "",
            university_ko=name_ko or "",
            affiliation_verified=bool(verified),
            city=city or "",
            projects=projects.get(member_id, 0),
            joined=(joined or "")[:4],
        )
        for member_id, name, name_ko, verified, city, joined in members
    }
