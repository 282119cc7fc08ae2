"""Bridge recommendation latency: partners for a project, and projects and directors for a
partner, on a synthetic graph of 10,000 partners and 100,000 projects built from facts (the
graph's own `apply`, as the feeder builds it from the log).

Each figure is the median over `--runs` rounds of the queries (the machine is shared)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.match_latency import summary, timed
from matching.facts import (
    Collaborated,
    DealRecorded,
    Fact,
    Followed,
    MemberRegistered,
    PartnerInterest,
    PartnerProfiled,
    PartnerRegistered,
    PartnerStanding,
    ProjectListed,
    ProjectStaged,
    Represents,
    Shortlisted,
    SubmittedTo,
    UniversityJoined,
)
from matching.graph import MatchGraph
from matching.partners import (
    recommend_directors_for_partner,
    recommend_partners,
    recommend_projects_for_partner,
)

GENRES = ("drama", "thriller", "comedy", "documentary", "horror", "romance", "science fiction",
          "animation", "family", "crime", "music", "experimental")  # fmt: skip
FORMATS = ("short", "feature", "documentary", "series", "music_video", "experimental")
STAGES = ("development", "production", "distribution")


def facts(partners: int, projects: int, seed: int = 0) -> list[Fact]:
    rng = random.Random(seed)
    directors = projects // 3
    out: list[Fact] = []
    for d in range(directors):
        out.append(MemberRegistered(f"d{d}", name=f"Director {d}"))
        out.append(UniversityJoined(f"d{d}", f"u{rng.randrange(23)}"))
    for q in range(projects):
        director = f"d{rng.randrange(directors)}"
        out.append(
            ProjectListed(
                f"q{q}",
                2026,
                title=f"Project {q}",
                genres=tuple(rng.sample(GENRES, rng.randint(1, 2))),
                director_ids=(director,),
                format=rng.choice(FORMATS),
                budget=rng.randrange(3_000_000, 300_000_000, 500_000),
            )
        )
        stage = rng.choices([*STAGES, "cancelled"], weights=[5, 3, 2, 1])[0]
        out.append(ProjectStaged(f"q{q}", stage, listed=rng.random() < 0.95))
        if stage == "distribution":
            out.append(Collaborated(director, f"q{q}", "director", 2025))
    for p in range(partners):
        low = rng.choice([0, 5_000_000, 20_000_000])
        out += [
            PartnerRegistered(f"s{p}", name=f"Studio {p}"),
            PartnerProfiled(
                f"s{p}",
                genres=tuple(rng.sample(GENRES, rng.randint(1, 3))),
                formats=tuple(rng.sample(FORMATS, rng.randint(1, 3))),
                budget_min=low,
                budget_max=rng.choice([0, low + 100_000_000]),
                stages=tuple(rng.sample(STAGES, rng.randint(1, 2))),
            ),
            PartnerStanding(f"s{p}", rng.random() < 0.9),
            Represents(f"r{p}", f"s{p}"),
        ]
    kinds = (SubmittedTo, PartnerInterest, Shortlisted, DealRecorded)
    for _ in range(partners * 5):
        kind = rng.choice(kinds)
        out.append(kind(f"s{rng.randrange(partners)}", f"q{rng.randrange(projects)}"))
    for _ in range(partners * 2):
        out.append(Followed(f"r{rng.randrange(partners)}", f"d{rng.randrange(directors)}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench partners")
    parser.add_argument("--size", type=int, default=100_000, help="projects")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    graph = MatchGraph.from_facts(facts(args.partners, args.size))
    built = time.perf_counter() - started
    print(f"graph: {args.partners} partners, {args.size} projects, built in {built:.1f}s")
    rng = random.Random(1)
    projects = [f"q{rng.randrange(args.size)}" for _ in range(args.queries)]
    partners = [f"s{rng.randrange(args.partners)}" for _ in range(args.queries)]
    shown = {f"d{rng.randrange(args.size // 3)}": rng.randrange(50) for _ in range(5000)}
    queries = {
        "partners for a project": [
            lambda q=q: recommend_partners(graph, q, k=10) for q in projects
        ],
        "projects for a partner": [
            lambda p=p: recommend_projects_for_partner(graph, p, k=10, impressions=shown)
            for p in partners
        ],
        "directors for a partner": [
            lambda p=p: recommend_directors_for_partner(graph, p, k=10, impressions=shown)
            for p in partners
        ],
    }
    for calls in queries.values():  # warm-up
        for call in calls[:10]:
            call()
    result: dict[str, object] = {"bench": "partners", "unit": "ms"}
    worst = 0.0
    for name, calls in queries.items():
        rounds = [tuple(summary(x) for x in timed(calls)) for _ in range(args.runs)]
        figure = {key: statistics.median(r[0][key] for r in rounds) for key in rounds[0][0]}
        cpu = {key: statistics.median(r[1][key] for r in rounds) for key in rounds[0][1]}
        worst = max(worst, figure["p99"])
        print(
            f"{name}: k=10 over {len(calls)} queries, median of {args.runs} rounds: wall clock "
            f"p50 {figure['median']:.1f} ms, p95 {figure['p95']:.1f} ms, "
            f"p99 {figure['p99']:.1f} ms, max {figure['max']:.1f} ms; process CPU time (the "
            f"query's own cost, whatever else runs) p50 {cpu['median']:.1f} ms, "
            f"p99 {cpu['p99']:.1f} ms"
        )
        key = name.replace(" ", "_")
        result[f"{key}_median_ms"] = round(figure["median"], 2)
        result[f"{key}_p99_ms"] = round(figure["p99"], 2)
        result[f"{key}_cpu_median_ms"] = round(cpu["median"], 2)
        result[f"{key}_cpu_p99_ms"] = round(cpu["p99"], 2)
    result.update(
        value=round(worst, 2),
        partners=args.partners,
        projects=args.size,
        queries=args.queries,
        runs=args.runs,
        build_s=round(built, 1),
        load_average=round(os.getloadavg()[0], 2),
        machine=f"{platform.machine()}, {os.cpu_count()} cores",
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
