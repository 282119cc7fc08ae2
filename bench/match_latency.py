"""Crew recommendation latency on a synthetic graph of N members and about 10N edges.

The graph is built once; the queries are then timed in `--runs` rounds and each figure is the
median over the rounds (the machine is shared: one round can be unlucky)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.match_synthetic import build
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    n = len(ordered) - 1
    return {
        "median": statistics.median(ordered),
        "p95": ordered[int(0.95 * n)],
        "p99": ordered[int(0.99 * n)],
        "max": ordered[-1],
    }


def timed(calls: Iterable[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and process-CPU milliseconds of each call, in order."""
    wall, cpu = [], []
    for call in calls:
        t, c = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench match")
    parser.add_argument("--size", type=int, default=100_000, help="members")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="timed rounds over the queries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    graph, queries = build(args.size)
    built = time.perf_counter() - started
    edges = graph.nx.number_of_edges()
    print(
        f"graph: {len(graph.members)} members, {graph.nx.number_of_nodes()} nodes, "
        f"{edges} edges, built in {built:.1f}s"
    )
    queries = (queries * (1 + args.queries // max(1, len(queries))))[: args.queries]
    for pid, rid in queries[:20]:  # warm-up
        recommend_crew(graph, RoleQuery.for_open_role(graph, pid, rid), k=10)
    rounds = []
    for run in range(args.runs):
        wall, cpu = timed(  # the query built inside the timing, as a caller would
            lambda pid=pid, rid=rid: recommend_crew(  # type: ignore[misc]
                graph, RoleQuery.for_open_role(graph, pid, rid), k=10
            )
            for pid, rid in queries
        )
        w, c = summary(wall), summary(cpu)
        rounds.append((w, c))
        print(
            f"round {run + 1}: recommend_crew k=10 over {len(wall)} queries, wall clock: median "
            f"{w['median']:.1f} ms, p95 {w['p95']:.1f} ms, p99 {w['p99']:.1f} ms, max "
            f"{w['max']:.1f} ms; process CPU time (the query's own cost, whatever else runs): "
            f"median {c['median']:.1f} ms, p95 {c['p95']:.1f} ms, p99 {c['p99']:.1f} ms"
        )
    w = {key: statistics.median(r[0][key] for r in rounds) for key in rounds[0][0]}
    c = {key: statistics.median(r[1][key] for r in rounds) for key in rounds[0][1]}
    print(
        f"median of {args.runs} rounds: wall p50 {w['median']:.1f} ms, p99 {w['p99']:.1f} ms; "
        f"CPU p50 {c['median']:.1f} ms, p99 {c['p99']:.1f} ms"
    )
    result = {
        "bench": "match",
        "value": round(w["p99"], 2),
        "unit": "ms",
        "median_ms": round(w["median"], 2),
        "p95_ms": round(w["p95"], 2),
        "max_ms": round(w["max"], 2),
        "cpu_median_ms": round(c["median"], 2),
        "cpu_p99_ms": round(c["p99"], 2),
        "members": args.size,
        "edges": edges,
        "queries": len(queries),
        "runs": args.runs,
        "wall_p99_by_run": [round(r[0]["p99"], 2) for r in rounds],
        "build_s": round(built, 1),
        "load_average": round(os.getloadavg()[0], 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
