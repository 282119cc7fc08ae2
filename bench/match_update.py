"""Cost of applying one fact to a synthetic graph of N members (about 10N edges).

The graph is built once; `--runs` rounds of fresh facts are then applied and timed, and each
figure is the median over the rounds."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.match_latency import summary, timed
from bench.match_synthetic import ROLES, SKILLS, build
from matching.facts import (
    AvailabilityChanged,
    Collaborated,
    Declined,
    Fact,
    Hired,
    RoleOpened,
    SkillClaimed,
    SkillEndorsed,
)


def _facts(n_members: int, n_projects: int, count: int, seed: int = 1) -> list[Fact]:
    rng = random.Random(seed)
    out: list[Fact] = []
    for i in range(count):
        m = f"m{rng.randrange(n_members)}"
        p = f"p{rng.randrange(n_projects)}"
        kind = i % 6
        if kind == 0:
            out.append(Collaborated(m, p, rng.choice(ROLES), 2026))
        elif kind == 1:
            out.append(SkillClaimed(m, rng.choice(SKILLS), 2))
        elif kind == 2:
            out.append(SkillEndorsed(m, rng.choice(SKILLS), f"m{rng.randrange(n_members)}"))
        elif kind == 3:
            start = date(2027, rng.randint(1, 12), 1)
            out.append(
                RoleOpened(
                    p, f"new{seed}-{i}", rng.choice(ROLES), start=start, end=start.replace(day=20)
                )
            )
            out.append(Hired(m, p, f"new{seed}-{i}"))
        elif kind == 4:
            out.append(Declined(m, p, "open", by_member=bool(i % 2)))
        else:
            out.append(AvailabilityChanged(m, busy=((date(2027, 3, 1), date(2027, 3, 9)),)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench match-update")
    parser.add_argument("--size", type=int, default=100_000, help="members")
    parser.add_argument("--facts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="timed rounds of facts")
    args = parser.parse_args(argv)
    graph, _ = build(args.size)
    print(f"graph: {len(graph.members)} members, {graph.nx.number_of_edges()} edges")
    rounds = []
    for run in range(args.runs):
        wall, cpu = timed(
            partial(graph.apply, fact)
            for fact in _facts(args.size, len(graph.projects), args.facts, seed=1 + run)
        )
        w, c = summary(wall), summary(cpu)
        rounds.append((w, c))
        print(
            f"round {run + 1}: apply one fact over {len(wall)} facts, wall clock: median "
            f"{w['median']:.3f} ms, p99 {w['p99']:.3f} ms, max {w['max']:.3f} ms; "
            f"CPU p99 {c['p99']:.3f} ms"
        )
    w = {key: statistics.median(r[0][key] for r in rounds) for key in rounds[0][0]}
    c = {key: statistics.median(r[1][key] for r in rounds) for key in rounds[0][1]}
    print(f"median of {args.runs} rounds: wall p99 {w['p99']:.3f} ms, CPU p99 {c['p99']:.3f} ms")
    result = {
        "bench": "match-update",
        "value": round(w["p99"], 3),
        "unit": "ms",
        "median_ms": round(w["median"], 4),
        "max_ms": round(w["max"], 3),
        "cpu_p99_ms": round(c["p99"], 3),
        "members": args.size,
        "facts": len(wall),
        "runs": args.runs,
        "wall_p99_by_run": [round(r[0]["p99"], 3) for r in rounds],
        "load_average": round(os.getloadavg()[0], 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
