"""A large, realistic event log written fast: real aggregates raise real events, the
application's mapper encodes them (personal fields encrypted per member), and the recorder
appends them in large batches through the write path's recorder (hash chain and head
checkpoints included). Commands are skipped only for speed of setting up a benchmark."""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4

from domain.base import Entity
from domain.booking import Booking
from domain.clock import SEOUL
from domain.member import EmailIndex, Member
from domain.personal_data import stamping
from domain.project import Project
from domain.project_parts import Details, RoleSpec
from domain.university import NETWORK, University
from domain.vocabulary import ProjectFormat, Role, WorkspaceKind
from domain.workspace import Workspace

BATCH = 5000


def fill(app: Any, size: int, *, seed: int = 1, say: Any = None) -> dict[str, Any]:
    """Append about `size` events; return the ids the benchmarks query."""
    rng = random.Random(seed)
    pending: list[Any] = []
    at = datetime(2024, 1, 1, 9, tzinfo=SEOUL)
    members: list[Any] = []
    projects: list[Any] = []
    written = 0
    started = time.perf_counter()

    def flush() -> None:
        nonlocal written, pending
        if not pending:
            return
        stored = [app.mapper.to_stored_event(e) for e in pending]
        app.recorder.insert_events(stored, head_at=at)
        written += len(stored)
        pending = []
        if say:
            say(
                f"\rwriting the log: {written:,}/{size:,} events "
                f"({written / (time.perf_counter() - started):,.0f}/s)"
            )

    def take(*aggregates: Entity) -> None:
        for aggregate in aggregates:
            pending.extend(aggregate.collect_events())
        if len(pending) >= BATCH:
            flush()

    universities = [University.id_for(slug) for slug, _, _ in NETWORK]
    if not app.exists(universities[0]):
        take(*(University.join(*row) for row in NETWORK))
    rooms = [
        Workspace.add(
            workspace_id=uuid4(),
            name=f"Bench Suite {i}",
            kind=WorkspaceKind.EDITING_SUITE,
            capacity=1,
            hours=[["09:00", "22:00"]] * 7,
            equipment=[],
        )
        for i in range(8)
    ]
    take(*rooms)
    with stamping({"actor": "bench", "request": "bench"}):
        while written + len(pending) < size:
            at += timedelta(seconds=rng.randint(1, 120))
            roll = rng.random()
            if roll < 0.25 or len(members) < 50:
                key = f"bench-{len(members)}-{seed}"
                m = Member.register(
                    email=f"{key}@example.kr",
                    name=f"Member {len(members)}",
                    password_hash="$argon2id$bench",
                    roles=[Role.CREW],
                    university_id=rng.choice(universities),
                    email_key=key,
                )
                members.append(m)
                take(m, EmailIndex.claim(key, m.id))
            elif roll < 0.55:
                m = rng.choice(members)
                skill = rng.choice(
                    ["editing", "sound design", "cinematography", "ai editing", "colour"]
                )
                level = rng.randint(1, 5)
                if m.skills.get(skill) != level:
                    m.claim_skill(skill, level)
                    take(m)
            elif roll < 0.65:
                m = rng.choice(members)
                m.update_profile(
                    name=m.name,
                    bio="Works nights in the edit.",
                    phone="",
                    city="Seoul",
                    languages=["ko"],
                    portfolio=[],
                )
                take(m)
            elif roll < 0.75:
                director = rng.choice(members)
                start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
                details = Details(
                    title=f"Project {len(projects)}",
                    logline="A night in Seoul.",
                    synopsis="",
                    genres=("drama",),
                    format=ProjectFormat.SHORT,
                    language="ko",
                    budget_krw=10_000_000,
                    shoot_start=start,
                    shoot_end=start + timedelta(days=5),
                )
                p = Project.draft(
                    director.id,
                    details,
                    [RoleSpec("editor", ("editing",), 2, start, start + timedelta(days=20))],
                )
                p.pitch()
                projects.append(p)
                take(p)
            elif roll < 0.85 and projects:
                p = rng.choice(projects)
                role = next(iter(p.roles.values()))
                crew = rng.choice(members).id
                if role.open_seats and crew not in p.members():
                    p.hire(role.role_id, crew)
                    take(p)
            else:
                room = rng.choice(rooms)
                start = at + timedelta(days=1)
                b = Booking.place(
                    booking_id=uuid4(),
                    workspace_id=room.id,
                    member_id=rng.choice(members).id,
                    university_id=None,
                    kind=WorkspaceKind.EDITING_SUITE,
                    start=start,
                    end=start + timedelta(hours=2),
                    minutes=120,
                )
                take(b)
        flush()
    if say:
        say("\n")
    return {
        "members": [m.id for m in members],
        "projects": [p.id for p in projects],
        "written": written,
    }


if __name__ == "__main__":
    print(
        "use `filmhouse bench rebuild --size N` or `filmhouse bench asof --size N`", file=sys.stderr
    )
