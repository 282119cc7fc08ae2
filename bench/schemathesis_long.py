"""A long schemathesis run over the whole JSON API, on an app holding demo data: every operation
of /schema/openapi.json, N generated cases each, answered through the ASGI app in-process.
Checks: no server error, a status code the schema documents, the documented content type, and
the documented response shape. Half of the generated ids are swapped for real ones from the
demo's log, so cases reach real projects, bookings, funds and applications, not only 404s.

    filmhouse bench schemathesis [--size 150] [--members 200] [--weeks 16] [--seed 2026]

`--size` is the number of examples per operation (about 30 operations: the default gives some
4,500 cases). The caller holds every role the API knows (director, crew, admin, auditor), with
a bearer token. The last line is JSON: {"bench": "schemathesis", "value": cases, ...}.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from hypothesis import HealthCheck, Phase, given, settings
from litestar.testing import TestClient

from domain.clock import SettableClock, SystemClock
from domain.context import Context
from projections.log.eventstore import open_application
from web.app import create_app
from web.demo import demo_start, generate
from web.settings import Settings

BASE = "http://testserver.local"
SECRET = b"schemathesis-bench-secret-0123456789"
PASSWORD = "a-long-password"
# Aggregate module of an id's first event → the path parameter it can stand for.
KINDS = {
    "project": "project_id",
    "workspace": "workspace_id",
    "booking": "booking_id",
    "fund": "fund_id",
    "subsidy": "application_id",
    "invitation": "invitation_id",
    "member": "member_id",
}


def as_request(case: Any) -> dict[str, Any]:
    """A schemathesis case as keyword arguments for Litestar's test client (httpx)."""
    sent = case.as_transport_kwargs(base_url=BASE)
    request = {
        key: sent[key]
        for key in ("method", "url", "headers", "params", "cookies")
        if sent.get(key) is not None
    }
    if sent.get("json") is not None:
        request["json"] = sent["json"]
    elif sent.get("data") is not None:
        request["content" if isinstance(sent["data"], str | bytes) else "data"] = sent["data"]
    return request


def real_ids(app: Any) -> dict[str, list[str]]:
    """The ids of the demo's aggregates, by the path parameter they fit."""
    found: dict[str, list[str]] = {param: [] for param in KINDS.values()}
    start = 1
    while True:
        notes = app.recorder.select_notifications(start=start, limit=20_000)
        for note in notes:
            if note.originator_version != 1:
                continue
            module = note.topic.split(":")[0].rsplit(".", 1)[-1]
            if module in KINDS:
                found[KINDS[module]].append(str(note.originator_id))
        if len(notes) < 20_000:
            return found
        start = notes[-1].id + 1


def main(argv: list[str] | None = None) -> int:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import Failure, FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    parser = argparse.ArgumentParser(prog="filmhouse bench schemathesis")
    parser.add_argument("--size", type=int, default=150, help="examples per operation")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]

    folder = Path(tempfile.mkdtemp(prefix="filmhouse-schemathesis-"))
    url = f"sqlite:///{folder}/demo.sqlite"
    started = time.monotonic()
    app = open_application(
        url,
        secret=SECRET,
        clock_=SettableClock(demo_start(SystemClock().now())),
        passwords=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1),
    )
    app.seed_universities()
    app.seed_workspaces()
    generate(
        app,
        members=args.members,
        seed=args.seed,
        weeks=args.weeks,
        say=lambda line: print(line, file=sys.stderr, flush=True),
    )
    ids = real_ids(app)
    caller = app.sign_up(
        Context(None),
        email="fuzz@filmhouse.test",
        password=PASSWORD,
        name="Fuzz All Roles",
        roles=["director", "crew"],
    )
    admin = app.member_by_email("admin@filmhouse.test")  # the demo's first admin
    assert admin is not None, "the demo makes its admin first"
    boss = Context(admin.id)
    app.grant_role(boss, caller, "admin")
    app.grant_role(boss, caller, "auditor")
    set_up = time.monotonic() - started
    events = int(app.recorder.max_notification_id() or 0)
    print(f"demo data: {events} events in {set_up:.0f} s", file=sys.stderr, flush=True)

    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    examples: dict[str, str] = {}
    settings_ = Settings(
        database_url=url, host="127.0.0.1", port=0, secret=SECRET, development=True
    )
    run_started = time.monotonic()
    with TestClient(app=create_app(settings_, app)) as client:
        token = client.post(
            "/api/v1/auth/token", json={"email": "fuzz@filmhouse.test", "password": PASSWORD}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        spec = client.get("/schema/openapi.json").json()
        schema = schemathesis.openapi.from_dict(spec)
        operations = [
            op
            for op in (r.ok() for r in schema.get_all_operations())
            if op.path.startswith("/api/v1/")
        ]

        def answering(label: str) -> Any:
            """The property for one operation: each generated case answered and checked."""

            def answer(case: Any) -> None:
                for name in list(case.path_parameters or {}):
                    if name in ids and ids[name] and rng.random() < 0.5:
                        case.path_parameters[name] = rng.choice(ids[name])
                request = as_request(case)
                request["headers"] = {**request.get("headers", {}), **auth}
                response = client.request(**request)
                tally["cases"] += 1
                tally[f"status_{response.status_code // 100}xx"] += 1
                if response.status_code >= 500:
                    tally["server_errors"] += 1
                try:
                    case.validate_response(response, checks=checks)
                except (Failure, FailureGroup) as problem:
                    kind = ", ".join(
                        sorted(
                            {
                                type(f).__name__
                                for f in (
                                    problem.exceptions
                                    if isinstance(problem, FailureGroup)
                                    else [problem]
                                )
                            }
                        )
                    )
                    failures[kind] += 1
                    examples.setdefault(label, f"{kind}: {str(problem)[:300]}")

            return answer

        for number, operation in enumerate(operations, 1):
            label = f"{operation.method.upper()} {operation.path}"
            before = tally["cases"]
            given(case=operation.as_strategy())(
                settings(
                    max_examples=args.size,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                    phases=[Phase.explicit, Phase.generate],
                )(answering(label))
            )()
            print(
                f"[{number}/{len(operations)}] {label}: {tally['cases'] - before} cases, "
                f"{tally['cases']} in all, {tally['server_errors']} server errors",
                file=sys.stderr,
                flush=True,
            )
    seconds = time.monotonic() - run_started
    app.close()
    shutil.rmtree(folder, ignore_errors=True)
    for label, example in sorted(examples.items()):
        print(f"  {label}: {example}", file=sys.stderr)
    print(
        json.dumps(
            {
                "bench": "schemathesis",
                "value": tally["cases"],
                "unit": "cases",
                "server_errors": tally["server_errors"],
                "check_failures": sum(failures.values()),
                "failures_by_kind": dict(failures),
                "operations": len(operations),
                "examples_per_operation": args.size,
                "statuses": {k: v for k, v in sorted(tally.items()) if k.startswith("status_")},
                "events_in_demo": events,
                "seconds": round(seconds, 1),
                "set_up_seconds": round(set_up, 1),
            }
        )
    )
    return 0 if tally["server_errors"] == 0 and not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
