"""What the web benchmarks share: a demo database, one `filmhouse serve` pinned to one core, locust
pinned to the other (headless, its stats CSV parsed), and a trivial server that measures the
load generator's own ceiling.

The server's and the generator's CPU time are read from /proc around every run: on a shared
machine the wall-clock rate moves with other work, requests per server CPU-second much less.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-secret-web"
SERVER_CORE, LOAD_CORE = "0", "1"
TICK = os.sysconf("SC_CLK_TCK")

TRIVIAL_SERVER = """
import asyncio, sys
ANSWER = b"HTTP/1.1 200 OK\\r\\ncontent-type: text/plain\\r\\ncontent-length: 2\\r\\n\\r\\nok"
class Answer(asyncio.Protocol):
    def connection_made(self, transport): self.transport = transport
    def data_received(self, data): self.transport.write(ANSWER * data.count(b"\\r\\n\\r\\n"))
async def main():
    server = await asyncio.get_running_loop().create_server(Answer, "127.0.0.1", int(sys.argv[1]))
    await server.serve_forever()
asyncio.run(main())
"""


def arguments(prog: str, *, port: int) -> argparse.ArgumentParser:
    """The options every web benchmark takes: run length, warm-up, repeats, clients, the demo
    database and the server's port."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--size", type=int, default=30, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--members", type=int, default=1200, help="demo size")
    parser.add_argument("--demo", type=Path, help="a demo database: written once, then reused")
    parser.add_argument("--port", type=int, default=port)
    return parser


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FILMHOUSE_DATABASE_URL": url,
        "FILMHOUSE_SECRET": SECRET,
        "FILMHOUSE_ENV": "development",
        "PYTHONPATH": str(ROOT),
    }


def demo_database(tmp: Path, keep: Path | None, members: int) -> str:
    """A copy of the demo database in `tmp` (written once into `keep` when given, then reused:
    the demo takes minutes to write)."""
    target = tmp / "web.sqlite"
    source = keep.resolve() if keep is not None else target
    if not source.exists():
        say(f"writing the demo ({members} members) into {source} ...")
        subprocess.run(
            [str(BIN / "filmhouse"), "demo", "--members", str(members)],
            env=environment(f"sqlite:///{source}"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if source != target:
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def core_ticks(core: str) -> tuple[int, int]:
    """(busy, total) clock ticks of one core so far, from /proc/stat."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            ticks = [int(x) for x in line.split()[1:]]
            return sum(ticks) - ticks[3] - ticks[4], sum(ticks)
    return 0, 1


def _get(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> Any:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=300) as answer:
        return json.loads(answer.read() or b"null")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def prime(self, email: str, password: str, project: str, role: str) -> float:
        """One recommendation through the API: the graph catches up from the whole log on the
        first one. Returns the seconds it took."""
        token = _get(
            f"{self.base}/api/v1/auth/token",
            {"content-type": "application/json"},
            json.dumps({"email": email, "password": password}).encode(),
        )["token"]
        began = time.perf_counter()
        _get(
            f"{self.base}/api/v1/projects/{project}/roles/{role}/recommendations?limit=5",
            {"authorization": f"Bearer {token}"},
        )
        return time.perf_counter() - began


@contextmanager
def serve(url: str, port: int, extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """`filmhouse serve` on loopback, pinned to the server core, until the block ends."""
    log = open(Path(tempfile.gettempdir()) / f"filmhouse-bench-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, str(BIN / "filmhouse"), "serve", "--port", str(port)],
        env={**environment(url), **(extra_env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                _get(f"{server.base}/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {log.name}") from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def trivial_server(port: int) -> Iterator[Server]:
    process = subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, sys.executable, "-c", TRIVIAL_SERVER, str(port)]
    )
    time.sleep(1.0)
    try:
        yield Server(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait()


@dataclass(frozen=True)
class Figures:
    """One kind of request over one measured run (after the warm-up)."""

    name: str
    requests: int
    failures: int
    rate: float
    p50_ms: float
    p99_ms: float

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "failures": self.failures,
            "req_s": round(self.rate, 1),
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
        }


@dataclass(frozen=True)
class Run:
    by_name: dict[str, Figures]
    seconds: float
    server_cpu: float  # CPU-seconds the server used during the measured part (estimated)
    load_cpu: float
    server_core_busy: float  # how busy the server's core was, whoever used it (0..1)
    first_failure: str

    def total(self, prefix: str = "") -> int:
        return sum(f.requests for n, f in self.by_name.items() if n.startswith(prefix))


def locust(
    plan: dict[str, Any],
    host: str,
    server_pid: int,
    *,
    users: int,
    seconds: int,
    warmup: int,
    tmp: Path,
) -> Run:
    """One headless locust run pinned to the load core; figures from its stats CSV."""
    plan = {**plan, "warmup": warmup}
    plan_file = tmp / "plan.json"
    plan_file.write_text(json.dumps(plan))
    prefix = tmp / f"locust-{plan['kind']}"
    command = [
        "taskset",
        "-c",
        LOAD_CORE,
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "web_locust.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{warmup + seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "2",
    ]
    process = subprocess.Popen(
        command,
        env={**os.environ, "FH_BENCH_PLAN": str(plan_file), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(warmup)
    server_before, load_before = cpu_seconds(server_pid), cpu_seconds(process.pid)
    core_before = core_ticks(SERVER_CORE)
    began = time.perf_counter()
    time.sleep(seconds)
    server_cpu, load_cpu = (
        cpu_seconds(server_pid) - server_before,
        cpu_seconds(process.pid) - load_before,
    )
    measured = time.perf_counter() - began
    core_after = core_ticks(SERVER_CORE)
    core_busy = (core_after[0] - core_before[0]) / max(core_after[1] - core_before[1], 1)
    _out, err = process.communicate(timeout=120)
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
    failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    by_name = {}
    for row in rows:
        if row["Name"] == "Aggregated" or row["Request Count"] == "0":
            continue
        by_name[row["Name"]] = Figures(
            name=row["Name"],
            requests=int(row["Request Count"]),
            failures=int(row["Failure Count"]),
            rate=float(row["Requests/s"]),
            p50_ms=float(row["50%"]),
            p99_ms=float(row["99%"]),
        )
    if not by_name:
        raise RuntimeError(f"locust measured nothing: {err.decode()[-2000:]}")
    first = f"{failures[0]['Name']}: {failures[0]['Error']}" if failures else ""
    return Run(by_name, measured, server_cpu, load_cpu, core_busy, first)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def plan_from(url: str) -> dict[str, Any]:
    """Who signs in and what they ask for, read from the demo: directors with open projects
    (their pages show recommended crew), crew members, open roles, bookable rooms, days."""
    from datetime import timedelta
    from uuid import UUID

    from domain.clock import seoul_date
    from projections.log.eventstore import open_application
    from projections.projector.catalogue import all_views
    from projections.projector.runner import Projector
    from web.demo.base import PASSWORD

    app = open_application(url, secret=SECRET.encode())
    try:
        projector = Projector(app, all_views())
        projector.ensure()
        projector.catch_up_all()
        with projector.db.read() as tx:
            projects = tx.execute(
                "SELECT project_id, director_id FROM prj_projects WHERE open_seats > 0 AND "
                "status IN ('pitched', 'crewing', 'in_production') ORDER BY project_id"
            ).fetchall()
            roles = tx.execute(
                "SELECT r.project_id, r.role_id FROM prj_roles r JOIN prj_projects p "
                "ON p.project_id = r.project_id WHERE p.status IN ('pitched', 'crewing', "
                "'in_production') AND p.open_seats > 0 "
                "ORDER BY r.role_id"
            ).fetchall()
            crew = tx.execute(
                "SELECT member_id, name FROM dir_members WHERE roles = '[\"crew\"]' "
                "ORDER BY member_id"
            ).fetchall()
        by_director: dict[str, list[str]] = {}
        for project_id, director_id in projects:
            by_director.setdefault(director_id, []).append(str(UUID(project_id)))
        directors = [
            {"email": app.member(UUID(d)).email, "password": PASSWORD, "projects": p}
            for d, p in sorted(by_director.items())
        ]
        members = [
            {"email": app.member(UUID(m)).email, "password": PASSWORD, "name": name}
            for m, name in crew[:256]
        ]
        rooms = [
            str(w.id)
            for w in app.workspaces()
            if not w.rules.let_by_month and not w.rules.needs_approval
        ]
        today = seoul_date(app.clock.now())
    finally:
        app.close()
    days = [(today + timedelta(days=n)).isoformat() for n in range(3, 85)]
    return {
        "directors": directors,
        "crew": members,
        "roles": [[str(UUID(p)), str(UUID(r))] for p, r in roles],
        "projects": [str(UUID(p)) for p, _d in projects],
        "workspaces": rooms,
        "days": days,
    }
