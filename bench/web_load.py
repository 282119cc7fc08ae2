"""The project page under load: 64 concurrent clients on loopback against one `filmhouse serve`
process pinned to one core, locust (FastHttpUser, headless) pinned to the other.

Each client signs in as a director of the demo and reads the pages of their own open projects,
so every page computes recommended crew for its open roles; a second run asks for the htmx
fragment of the same pages (HX-Request: true). A third measures the load generator's own
ceiling against a server that answers at once, so the page figure can be read honestly: when
it is close to that ceiling, the generator, not the server, is the limit.

    filmhouse bench web --size 30 [--repeat 3] [--users 64] [--demo var/bench-demo.sqlite]

`--size`: measured seconds per run (after `--warmup`); figures are medians over `--repeat`
runs. `--demo PATH` keeps the demo database (written once, minutes) and reuses a copy of it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.web_harness import (
    Run,
    arguments,
    demo_database,
    locust,
    median,
    plan_from,
    say,
    serve,
    trivial_server,
)

PAGE, FRAGMENT = "project page", "project fragment"


def summary(runs: list[Run], name: str) -> dict[str, float]:
    figures = [r.by_name[name] for r in runs]
    return {
        "req_s": median([f.rate for f in figures]),
        "p50_ms": median([f.p50_ms for f in figures]),
        "p99_ms": median([f.p99_ms for f in figures]),
        "requests": sum(f.requests for f in figures),
        "failures": sum(f.failures for f in figures),
        "server_cpu_share": round(median([r.server_cpu / r.seconds * 100 for r in runs]) / 100, 2),
        "req_per_server_cpu_s": median(
            [r.by_name[name].requests / max(r.server_cpu, 1e-9) for r in runs]
        ),
        "load_cpu_share": round(median([r.load_cpu / r.seconds * 100 for r in runs]) / 100, 2),
        "server_core_busy": round(median([r.server_core_busy * 100 for r in runs]) / 100, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = arguments("filmhouse bench web", port=18400)
    parser.add_argument(
        "--no-ceiling",
        action="store_true",
        help="skip measuring the generator against a trivial server",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url = demo_database(tmp, args.demo, args.members)
        plan = plan_from(url)
        directors = plan["directors"]
        pages = sum(len(d["projects"]) for d in directors)
        say(f"{len(directors)} directors, {pages} open projects with open roles")
        common = {"users": args.users, "seconds": args.size, "warmup": args.warmup, "tmp": tmp}
        runs: dict[str, list[Run]] = {"page": [], "fragment": [], "trivial": []}
        with serve(url, args.port) as server:
            first = directors[0]
            role = next(r for r in plan["roles"] if r[0] == first["projects"][0])
            say(
                f"first recommendation (the graph catches up from the log): "
                f"{server.prime(first['email'], first['password'], *role):.2f} s"
            )
            for n in range(args.repeat):
                for kind in ("page", "fragment"):
                    run = locust({**plan, "kind": kind}, server.base, server.pid, **common)
                    runs[kind].append(run)
                    name = PAGE if kind == "page" else FRAGMENT
                    f = run.by_name[name]
                    say(
                        f"run {n + 1} {name}: {f.rate:,.0f} req/s, p50 {f.p50_ms} ms, "
                        f"p99 {f.p99_ms} ms, {f.failures} failures, server CPU "
                        f"{run.server_cpu / run.seconds:.0%} of a core (the core "
                        f"{run.server_core_busy:.0%} busy), generator "
                        f"{run.load_cpu / run.seconds:.0%}"
                        + (f" (first failure: {run.first_failure})" if run.first_failure else "")
                    )
        if not args.no_ceiling:
            with trivial_server(args.port + 1) as trivial:
                for _n in range(args.repeat):
                    run = locust({"kind": "trivial"}, trivial.base, trivial.pid, **common)
                    runs["trivial"].append(run)
                    say(
                        f"generator ceiling: {run.by_name['trivial'].rate:,.0f} req/s "
                        f"(generator CPU {run.load_cpu / run.seconds:.0%} of a core)"
                    )
    page, fragment = summary(runs["page"], PAGE), summary(runs["fragment"], FRAGMENT)
    ceiling = (
        median([r.by_name["trivial"].rate for r in runs["trivial"]]) if runs["trivial"] else None
    )
    print(
        f"project page, {args.users} clients, {pages} projects: "
        f"{page['req_s']:,.0f} req/s, p50 {page['p50_ms']} ms, p99 {page['p99_ms']} ms "
        f"(median of {args.repeat} runs of {args.size} s; server CPU "
        f"{page['server_cpu_share']:.0%} of its core, {page['req_per_server_cpu_s']:,.0f} "
        "pages per server CPU-second)"
    )
    print(
        f"htmx fragment:  {fragment['req_s']:,.0f} req/s, p50 {fragment['p50_ms']} ms, "
        f"p99 {fragment['p99_ms']} ms ({fragment['req_per_server_cpu_s']:,.0f} per server "
        "CPU-second)"
    )
    if ceiling is not None:
        print(f"generator ceiling (locust, one core, trivial server): {ceiling:,.0f} req/s")
    print(
        json.dumps(
            {
                "bench": "web",
                "value": page["req_s"],
                "unit": "req/s",
                "p50_ms": page["p50_ms"],
                "p99_ms": page["p99_ms"],
                "users": args.users,
                "seconds": args.size,
                "runs": args.repeat,
                "projects": pages,
                "page": page,
                "fragment": fragment,
                "generator_ceiling_req_s": ceiling,
            }
        )
    )
    failures = page["failures"] + fragment["failures"]
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
