"""Team proposal latency: `assemble_team` for a project with 8 open roles (one of them with
two seats), on the synthetic graph of N members (bench/match_synthetic.py) where most
members state a day rate, paid roles carry budgets and some roles' dates overlap.

The graph is built once; each query is a different project, timed uncached (no memo) in
`--runs` rounds; each figure is the median over the rounds (the machine is shared)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.match_latency import summary, timed
from bench.match_synthetic import ROLES, SKILLS, build
from matching.facts import RoleOpened, WorkTerms
from matching.graph import MatchGraph
from matching.team import RoleTerms, TeamPlan, assemble_team

ROLES_PER_TEAM = 8


def open_teams(
    graph: MatchGraph, projects: int, seed: int = 1
) -> list[tuple[str, dict[str, RoleTerms]]]:
    """Open 8 roles on each of `projects` existing projects; returns each one's role terms."""
    rng = random.Random(seed)
    pids = sorted({pid for pid in graph.project_info})[-projects:]
    teams = []
    for pid in pids:
        shoot = date(2026, rng.randint(1, 11), rng.randint(1, 20))
        terms = {}
        for n in range(ROLES_PER_TEAM):
            start = shoot + timedelta(days=rng.choice((-7, 0, 0, 3)))
            end = start + timedelta(days=rng.randint(5, 20))
            rid = f"team{n}"
            graph.apply(
                RoleOpened(pid, rid, ROLES[n % len(ROLES)], (rng.choice(SKILLS),), start, end)
            )
            paid = rng.random() < 0.7
            days = (end - start).days + 1
            budget = days * rng.choice((150_000, 250_000, 400_000)) if paid else 0
            terms[rid] = RoleTerms(paid=paid, budget=budget, seats=2 if n == 0 else 1)
        teams.append((pid, terms))
    return teams


def _propose(graph: MatchGraph, pid: str, terms: dict[str, RoleTerms], out: list[TeamPlan]) -> None:
    out.append(assemble_team(graph, pid, terms=terms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench team")
    parser.add_argument("--size", type=int, default=100_000, help="members")
    parser.add_argument("--queries", type=int, default=100, help="projects proposed for")
    parser.add_argument("--runs", type=int, default=3, help="timed rounds over the queries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    graph, _ = build(args.size)
    rng = random.Random(2)
    for i in range(args.size):
        if rng.random() < 0.8:
            graph.apply(WorkTerms(f"m{i}", rng.randrange(100_000, 500_000, 10_000), ()))
    teams = open_teams(graph, args.queries)
    built = time.perf_counter() - started
    print(
        f"graph: {len(graph.members)} members, {graph.nx.number_of_edges()} edges, "
        f"{len(teams)} projects with {ROLES_PER_TEAM} open roles, built in {built:.1f}s"
    )
    for pid, terms in teams[:5]:  # warm-up
        assemble_team(graph, pid, terms=terms)
    rounds, filled = [], 0
    for run in range(args.runs):
        plans: list[TeamPlan] = []
        wall, cpu = timed(partial(_propose, graph, pid, terms, plans) for pid, terms in teams)
        filled = sum(len(p.assignments) for p in plans)
        w, c = summary(wall), summary(cpu)
        rounds.append((w, c))
        print(
            f"round {run + 1}: assemble_team, {ROLES_PER_TEAM} roles (9 seats), over {len(wall)} "
            f"projects: wall median {w['median']:.1f} ms, p95 {w['p95']:.1f} ms, p99 "
            f"{w['p99']:.1f} ms, max {w['max']:.1f} ms; CPU median {c['median']:.1f} ms, p99 "
            f"{c['p99']:.1f} ms; {filled} of {9 * len(wall)} seats filled"
        )
    w = {key: statistics.median(r[0][key] for r in rounds) for key in rounds[0][0]}
    c = {key: statistics.median(r[1][key] for r in rounds) for key in rounds[0][1]}
    print(
        f"median of {args.runs} rounds: wall p50 {w['median']:.1f} ms, p99 {w['p99']:.1f} ms; "
        f"CPU p50 {c['median']:.1f} ms, p99 {c['p99']:.1f} ms"
    )
    result = {
        "bench": "team",
        "value": round(w["p99"], 2),
        "unit": "ms",
        "median_ms": round(w["median"], 2),
        "p95_ms": round(w["p95"], 2),
        "max_ms": round(w["max"], 2),
        "cpu_median_ms": round(c["median"], 2),
        "cpu_p99_ms": round(c["p99"], 2),
        "members": args.size,
        "roles": ROLES_PER_TEAM,
        "queries": len(teams),
        "runs": args.runs,
        "seats_filled_share": round(filled / (9 * len(teams)), 3),
        "build_s": round(built, 1),
        "load_average": round(os.getloadavg()[0], 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
