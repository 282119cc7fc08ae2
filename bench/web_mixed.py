"""A mixed web workload with writes: 64 signed-in members of the demo against one
`filmhouse serve` process pinned to one core, locust pinned to the other.

Each client signs in through the form (CSRF token and all) and takes a bearer token for the
API, then asks with no think time. Seven clients in eight are crew members: project pages 8,
the open-project board 4, a project through the API 4, book a 30-minute workspace slot 2,
apply to an open role 1, edit the profile 1 (writes are htmx form posts with the CSRF token).
One in eight is a director: their own project page (recommended crew) 2, recommendations
through the API 1. A refusal the domain explains (409: slot taken, weekly quota used, already
applied) is an answer and counts as one; how many writes were refused is reported beside.

    filmhouse bench web-mixed --size 30 [--repeat 3] [--users 64] [--demo var/bench-demo.sqlite]
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from bench.web_harness import Run, arguments, demo_database, locust, median, plan_from, say, serve


def main(argv: list[str] | None = None) -> int:
    parser = arguments("filmhouse bench web-mixed", port=18420)
    args = parser.parse_args(argv)
    runs: list[Run] = []
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url = demo_database(tmp, args.demo, args.members)
        plan = plan_from(url)
        say(
            f"{len(plan['crew'])} crew accounts, {len(plan['roles'])} open roles, "
            f"{len(plan['workspaces'])} rooms"
        )
        with serve(url, args.port) as server:
            director = plan["directors"][0]
            role = next(r for r in plan["roles"] if r[0] == director["projects"][0])
            server.prime(director["email"], director["password"], *role)
            for n in range(args.repeat):
                out = tmp / f"outcomes-{n}.json"
                run = locust(
                    {**plan, "kind": "mixed", "run": n, "outcomes": str(out)},
                    server.base,
                    server.pid,
                    users=args.users,
                    seconds=args.size,
                    warmup=args.warmup,
                    tmp=tmp,
                )
                runs.append(run)
                outcomes.update(json.loads(out.read_text()) if out.exists() else {})
                total = run.total("r: ") + run.total("w: ")
                say(
                    f"run {n + 1}: {total / run.seconds:,.0f} req/s, writes "
                    f"{run.total('w: ') / max(total, 1):.0%}, server CPU "
                    f"{run.server_cpu / run.seconds:.0%} of a core"
                    + (f" (first failure: {run.first_failure})" if run.first_failure else "")
                )
    names = sorted({n for r in runs for n in r.by_name if n[:3] in ("r: ", "w: ")})
    kinds = {}
    for name in names:
        figures = [r.by_name[name] for r in runs if name in r.by_name]
        kinds[name[3:]] = {
            "req_s": median([f.rate for f in figures]),
            "p50_ms": median([f.p50_ms for f in figures]),
            "p99_ms": median([f.p99_ms for f in figures]),
            "requests": sum(f.requests for f in figures),
            "failures": sum(f.failures for f in figures),
        }
    rates = [(r.total("r: ") + r.total("w: ")) / r.seconds for r in runs]
    writes = sum(r.total("w: ") for r in runs)
    requests = sum(r.total("r: ") + r.total("w: ") for r in runs)
    refused = sum(v for k, v in outcomes.items() if k.endswith(" 409"))
    per_cpu = median([(r.total("r: ") + r.total("w: ")) / max(r.server_cpu, 1e-9) for r in runs])
    p99 = max(k["p99_ms"] for k in kinds.values())
    print(
        f"mixed workload, {args.users} clients: {median(rates):,.0f} req/s (median of "
        f"{args.repeat} runs of {args.size} s), writes {writes / max(requests, 1):.1%} of "
        f"requests, {refused} of {writes} writes refused with 409; {per_cpu:,.0f} requests "
        "per server CPU-second"
    )
    for kind, f in kinds.items():
        print(
            f"  {kind:<20} {f['req_s']:>8,.1f} req/s  p50 {f['p50_ms']:>7} ms  "
            f"p99 {f['p99_ms']:>7} ms  {f['failures']} failures"
        )
    print(
        json.dumps(
            {
                "bench": "web-mixed",
                "value": median(rates),
                "unit": "req/s",
                "p99_ms": p99,
                "users": args.users,
                "seconds": args.size,
                "runs": args.repeat,
                "write_share": round(writes / max(requests, 1), 3),
                "writes_refused_409": refused,
                "req_per_server_cpu_s": per_cpu,
                "outcomes": dict(sorted(outcomes.items())),
                "kinds": kinds,
            }
        )
    )
    return 0 if sum(k["failures"] for k in kinds.values()) == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
