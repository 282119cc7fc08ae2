"""Appends through the application layer: many concurrent callers, a fixed mix of commands.

Each of C callers (threads) runs the same mix, one command after another, each answered only
after its commit: book a 15-minute slot (Booking + WorkspaceDay + MemberWeek in one write), claim
a skill (Member), edit a project's logline (Project), apply to a fund (SubsidyApplication).
Slots are spread so that no two commands want the same slot, but callers do write the same
workspace days at once, so optimistic-concurrency conflicts and retries are part of the figure.
The SQLite log runs in WAL with synchronous=FULL (checked, not assumed); the audit chain is
verified after the run. Besides commands/s, it reports the process CPU per command (steadier
than the rate on a shared machine) and how many loads the aggregate cache answered
(FILMHOUSE_AGGREGATE_CACHE=0 runs without it).

    filmhouse bench append --size 20000 [--callers 64] [--no-group-commit]
    FILMHOUSE_AGGREGATE_CACHE=0 filmhouse bench append --size 20000
    filmhouse bench append --size 5000 --database-url postgresql://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

from domain.clock import SEOUL, SettableClock
from domain.context import SYSTEM, Context
from domain.errors import DomainError
from domain.filmhouse import FilmHouse
from domain.member import EmailIndex, Member
from domain.project import Project
from domain.project_parts import Details, RoleSpec
from domain.vocabulary import ProjectFormat, Role
from domain.workspace import Workspace
from projections.log.eventstore import open_application
from projections.log.sqlite_log import SQLiteLog
from projections.views.audit import Audit

START = datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL)  # a Monday
SLOT_ROOMS = [
    Workspace.id_for(slug)
    for slug in (
        "editing-suite-1",
        "editing-suite-2",
        "editing-suite-3",
        "ai-workstation-1",
        "ai-workstation-2",
        "ai-workstation-3",
        "ai-workstation-4",
        "sound-room",
    )
]
DAYS = 84  # bookable days ahead (the horizon is 90)
SLOTS_PER_DAY = 52  # 09:00-22:00 in quarter hours
FUNDS = 20
SKILL_MEMBERS = 4  # per caller: bookings and skill claims rotate over them (quota, history)
KINDS = ("booking", "skill", "edit", "application")


def _member(app: FilmHouse, email: str, *roles: Role) -> UUID:
    """A member given as events (sign-up's argon2 hash is deliberately slow: not measured here)."""
    member = Member.register(
        email=email,
        name=email.split("@")[0].title(),
        password_hash="unused",
        roles=list(roles),
        university_id=None,
        email_key=app.email_key(email),
    )
    app._save(SYSTEM, member, EmailIndex.claim(member.email_key, member.id))
    return member.id


def _project(app: FilmHouse, director: UUID, title: str) -> UUID:
    shoot = (date(2026, 9, 1), date(2026, 9, 10))
    details = Details(
        title=title,
        logline="A night bus crosses Seoul.",
        synopsis="",
        genres=("drama",),
        format=ProjectFormat.SHORT,
        language="ko",
        budget_krw=20_000_000,
        shoot_start=shoot[0],
        shoot_end=shoot[1],
    )
    project = Project.draft(director, details, [RoleSpec("editor", ("editing",), 5, *shoot)])
    project.pitch()
    app._save(Context(director), project)
    return project.id


class Caller:
    """One concurrent caller's members, projects and its list of commands."""

    def __init__(
        self, app: FilmHouse, index: int, callers: int, commands: int, funds: list[UUID]
    ) -> None:
        self.director = Context(_member(app, f"director{index}@bench.test", Role.DIRECTOR))
        self.crew = [
            Context(_member(app, f"crew{index}-{n}@bench.test", Role.CREW))
            for n in range(SKILL_MEMBERS)
        ]
        applications = math.ceil(commands / len(KINDS))
        self.projects = [
            _project(app, self.director.actor, f"Bench {index}-{n}")
            for n in range(math.ceil(applications / len(funds)) + 1)
        ]
        self.commands: list[tuple[str, Callable[[], object]]] = []
        counts = dict.fromkeys(KINDS, 0)
        for n in range(commands):
            kind = KINDS[n % len(KINDS)]
            k = counts[kind]
            counts[kind] += 1
            self.commands.append((kind, self._command(app, kind, k, index, callers, funds)))

    def _command(
        self, app: FilmHouse, kind: str, k: int, index: int, callers: int, funds: list[UUID]
    ) -> Callable[[], object]:
        if kind == "booking":
            slot = index + callers * k  # unique over all callers
            room, rest = SLOT_ROOMS[slot % len(SLOT_ROOMS)], slot // len(SLOT_ROOMS)
            day, quarter = 1 + rest % DAYS, (rest // DAYS) % SLOTS_PER_DAY
            begin = START.replace(hour=9, minute=0) + timedelta(days=day, minutes=15 * quarter)
            booker = self.crew[k % len(self.crew)]  # spreads the weekly quota over members
            return lambda: app.book_workspace(
                booker, room, start=begin, end=begin + timedelta(minutes=15)
            )
        if kind == "skill":
            crew = self.crew[k % len(self.crew)]
            return lambda: app.claim_skill(crew, skill=f"skill-{k}", level=1 + k % 5)
        if kind == "edit":
            project = self.projects[k % len(self.projects)]
            return lambda: app.update_project(
                self.director, project, logline=f"A night bus crosses Seoul, take {k}."
            )
        project, fund = self.projects[k // len(funds)], funds[k % len(funds)]
        return lambda: app.apply_for_subsidy(
            self.director,
            fund,
            project_id=project,
            amount_krw=1_000_000,
            breakdown=[{"item": "camera rental", "amount_krw": 1_000_000}],
        )


def _sqlite_pragmas(app: FilmHouse) -> tuple[str, int]:
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    with datastore.get_connection(commit=True) as connection:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        sync = cursor.fetchone()[0]
    return str(mode), int(sync)


def run(app: FilmHouse, size: int, callers: int) -> dict[str, object]:
    """Set up, then run `size` commands over `callers` threads; the figures."""
    admin = Context(_member(app, "admin@bench.test", Role.ADMIN))
    funds = [
        app.open_fund(
            admin,
            name=f"Bench Fund {n}",
            budget_krw=10**12,
            cap_krw=10**9,
            opens=date(2026, 3, 1),
            closes=date(2026, 12, 31),
        )
        for n in range(FUNDS)
    ]
    per_caller = [size // callers + (1 if i < size % callers else 0) for i in range(callers)]
    crowd = [Caller(app, i, callers, per_caller[i], funds) for i in range(callers)]
    conflicts_before = app.conflicts
    group = getattr(app.recorder, "group", None)
    commits_before = group.stats.commits if group else 0
    saves_before = group.stats.saves if group else 0
    latencies: list[list[float]] = [[] for _ in crowd]
    refused: list[list[str]] = [[] for _ in crowd]
    barrier = threading.Barrier(callers + 1)

    def work(i: int) -> None:
        barrier.wait()
        for kind, command in crowd[i].commands:
            began = time.perf_counter()
            try:
                command()
            except DomainError as error:
                refused[i].append(f"{kind}: {type(error).__name__}: {error}")
            latencies[i].append(time.perf_counter() - began)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started, cpu_started = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    every = sorted(x for lane in latencies for x in lane)
    problems = [r for lane in refused for r in lane]
    figures: dict[str, object] = {
        "commands": len(every),
        "seconds": round(elapsed, 3),
        "value": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 2),
        "p99_ms": round(every[int(len(every) * 0.99) - 1] * 1000, 2),
        "refused": len(problems),
        "retries": app.conflicts - conflicts_before,
        "cpu_ms_per_command": round(cpu * 1000 / len(every), 3),
    }
    if problems:
        figures["first_refusal"] = problems[0]
    cache = app.repository.stats
    loads = cache.hits + cache.forwarded + cache.rebuilt
    figures["cache_hit_rate"] = round(cache.hits / max(loads, 1), 3)
    if group is not None:
        commits = group.stats.commits - commits_before
        figures["commits"] = commits
        figures["saves_per_commit"] = round((group.stats.saves - saves_before) / max(commits, 1), 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench append")
    parser.add_argument("--size", type=int, default=20_000, help="commands in all")
    parser.add_argument("--callers", type=int, default=64, help="concurrent callers (threads)")
    parser.add_argument(
        "--no-group-commit",
        action="store_true",
        help="one transaction per command (the library's own path)",
    )
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        schema = None
        if url.startswith("postgres"):
            schema, url = _fresh_schema(url)
        app = open_application(
            url, secret=b"bench-secret-bench-secret-bench-secret", clock_=SettableClock(START)
        )
        try:
            app.seed_universities()
            app.seed_workspaces()
            pragmas: dict[str, object] = {}
            if isinstance(app.recorder, SQLiteLog):
                mode, sync = _sqlite_pragmas(app)
                if (mode, sync) != ("wal", 2):
                    print(
                        f"refusing to measure: journal_mode={mode}, synchronous={sync} "
                        "(want wal and FULL=2)",
                        file=sys.stderr,
                    )
                    return 1
                pragmas = {"journal_mode": mode, "synchronous": "FULL"}
            if args.no_group_commit:
                app.recorder.use_group_commit(False)  # type: ignore[attr-defined]
            group_commit = getattr(app.recorder, "group", None) is not None
            figures = run(app, args.size, args.callers)
            began = time.perf_counter()
            verified = Audit(app).verify()
            verify_s = time.perf_counter() - began
        finally:
            app.close()
            if schema is not None:
                _drop_schema(args.database_url, schema)
    database = url.split(":")[0]
    print(
        f"{figures['commands']:,} commands from {args.callers} callers on {database} "
        f"(group commit {'on' if group_commit else 'off'}): {figures['value']:,} commands/s, "
        f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
        f"{figures['retries']} conflict retries, {figures['refused']} refused"
    )
    if "commits" in figures:
        print(
            f"{figures['commits']:,} transactions, {figures['saves_per_commit']} saves each "
            "on average"
        )
    print(
        f"audit verify: {'ok' if verified.ok else 'NOT OK'} over {verified.events:,} events "
        f"({verify_s:.1f} s)"
    )
    result = {
        "bench": "append",
        **{"value": figures.pop("value")},
        "unit": "commands/s",
        "callers": args.callers,
        "database": database,
        "group_commit": group_commit,
        **pragmas,
        **figures,
        "audit_ok": verified.ok,
    }
    print(json.dumps(result))
    return 0 if verified.ok and not figures["refused"] else 1


def _fresh_schema(url: str) -> tuple[str, str]:
    import psycopg

    base = url.split("?")[0]
    schema = f"bench_{uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema, f"{base}?schema={schema}"


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    raise SystemExit(main())
