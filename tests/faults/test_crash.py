"""Crashes under load lose no acknowledged write.

The real `filmhouse serve` runs on a loopback port; writers sign up, take bearer tokens and
claim skills through the JSON API as fast as they can; the server is killed with SIGKILL in the
middle (and, on PostgreSQL, the database is stopped with `pg_ctl -m immediate` too), then
restarted, three times. Afterwards every write that was answered 2xx is in the log, `filmhouse
audit verify` passes, and the read models have caught up exactly once: lag 0, and the directory
view equals a rebuild of it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import httpx
import psycopg
import pytest

from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector

pytestmark = pytest.mark.slow  # kill -9 under load, three restarts: 60 s on SQLite

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret-crash-test-secret"
WRITERS = 8
CRASHES = int(os.environ.get("FILMHOUSE_CRASHES", "3"))  # `filmhouse bench crash` runs more
PASSWORD = "a-long-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(database_url: str, tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "FILMHOUSE_DATABASE_URL": database_url,
            "FILMHOUSE_SECRET": SECRET,
            "FILMHOUSE_TIMERS": "off",
            "FILMHOUSE_ERASURE_LEDGER": str(tmp / "erasures.ledger"),
            "FILMHOUSE_FILES_DIR": str(tmp / "files"),
        }
    )
    return env


def _cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Server:
    """`filmhouse serve` as a child process on a free loopback port."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.cwd / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "web.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited: {(self.cwd / 'serve.log').read_text()}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("serve did not answer within 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing, nothing."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)


@dataclass
class Writer:
    index: int
    member_id: UUID | None = None
    token: str | None = None
    acknowledged: set[str] = field(default_factory=set)
    attempts: int = 0
    answers: Counter[int | str] = field(default_factory=Counter)

    @property
    def email(self) -> str:
        return f"writer{self.index}@crash.test"

    def enrol(self, base: str) -> None:
        """Sign up and take a bearer token (argon2 at full cost: done before the load)."""
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as client:
            answer = client.post(
                "/auth/signup",
                json={
                    "email": self.email,
                    "password": PASSWORD,
                    "name": f"Writer {self.index}",
                    "roles": ["crew"],
                },
            )
            assert answer.status_code == 201, answer.text
            self.member_id = UUID(answer.json()["member_id"])
            answer = client.post("/auth/token", json={"email": self.email, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            self.token = answer.json()["token"]

    def run(self, base: str, stop: threading.Event) -> None:
        """Claim new skills until stopped; remember which got a 2xx."""
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=f"{base}/api/v1", timeout=5) as client:
            try:
                while not stop.is_set():
                    skill = f"skill-{self.index}-{self.attempts}"
                    self.attempts += 1
                    answer = client.post(
                        "/members/me/skills",
                        headers=headers,
                        json={"skill": skill, "level": 1 + self.attempts % 5},
                    )
                    self.answers[answer.status_code] += 1
                    if 200 <= answer.status_code < 300:
                        self.acknowledged.add(skill)
            except httpx.TransportError as error:
                self.answers[type(error).__name__] += 1  # the server died under us


def _load(server: Server, writers: list[Writer], seconds: float, crash: Callable[[], None]) -> None:
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(server.base, stop)) for w in writers]
    for t in threads:
        t.start()
    time.sleep(seconds)
    crash()
    stop.set()
    for t in threads:
        t.join(timeout=15)


def _directory(projector: Projector) -> dict[str, list[tuple[object, ...]]]:
    view = projector.views["directory"]
    with projector.db.read() as tx:
        return {
            t: [tuple(r) for r in tx.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()]
            for t in view.TABLES
        }


def crash_repeatedly(database_url: str, tmp: Path, crash_database: Cluster | None = None) -> None:
    """The scenario, on either database; `crash_database` (if any) stops it abruptly and
    starts it again while the server is down."""
    env = _env(database_url, tmp)
    server = Server(env, tmp)
    writers = [Writer(i) for i in range(WRITERS)]
    rng = random.Random(7)
    began = time.monotonic()

    def crash() -> None:
        if crash_database is not None:
            crash_database.stop_immediately()
        server.kill()

    server.start()
    for writer in writers:  # one at a time: eight full-cost argon2 hashes at once starve it
        writer.enrol(server.base)
    for cycle in range(CRASHES):
        if cycle:
            server.start()
        _load(server, writers, rng.uniform(1.5, 2.5), crash)
        if crash_database is not None:
            crash_database.start()

    server.start()  # catches the views up on start-up
    for writer in writers:
        me = httpx.get(
            f"{server.base}/api/v1/members/me",
            timeout=5,
            headers={"Authorization": f"Bearer {writer.token}"},
        )
        assert me.status_code == 200
        assert writer.acknowledged <= set(me.json()["skills"])
    server.stop()

    acknowledged = sum(len(w.acknowledged) for w in writers)
    answers = sum((w.answers for w in writers), Counter())
    assert acknowledged > 50, f"too little load to prove anything: {acknowledged}, {answers}"

    verify = _cli(env, tmp, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    status = _cli(env, tmp, "projections", "status")
    assert status.returncode == 0, status.stderr
    lags = [int(line.split()[3]) for line in status.stdout.splitlines()[1:] if line.strip()]
    assert lags and all(lag == 0 for lag in lags), status.stdout

    app = open_application(database_url, secret=SECRET.encode())
    try:
        for writer in writers:
            assert writer.member_id is not None
            skills = app.member(writer.member_id).skills
            missing = writer.acknowledged - set(skills)
            assert not missing, f"acknowledged but lost: {sorted(missing)}"
        projector = Projector(app, all_views())
        projector.ensure()
        followed = _directory(projector)
        projector.rebuild(["directory"])
        assert _directory(projector) == followed
    finally:
        app.close()
    took = time.monotonic() - began
    print(
        f"{acknowledged} acknowledged writes over {CRASHES} crashes, all kept; {took:.0f} s; "
        f"answers: {dict(answers)}"
    )


def test_kill_9_under_load_loses_no_acknowledged_write_sqlite(tmp_path):
    crash_repeatedly(f"sqlite:///{tmp_path}/crash.sqlite", tmp_path)


# -- PostgreSQL: a throwaway cluster of our own, never the machine's server ---------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class Cluster:
    """A temporary PostgreSQL cluster on a free port, run as the `postgres` user when we are
    root (PostgreSQL refuses to run as root)."""

    def __init__(self, bin_dir: Path, base: Path) -> None:
        self.bin = bin_dir
        self.base = base
        self.data = base / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.base / "pg.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=on",
            "start",
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        """Until a real query succeeds (crash recovery may still be finishing)."""
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.url, connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop_immediately(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are required in CI")
        pytest.skip("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    base = Path("/tmp") / f"filmhouse-crash-pg-{os.getpid()}-{_free_port()}"
    instance = Cluster(bin_dir, base)
    instance.init()
    try:
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_kill_9_and_postgres_crash_under_load_lose_no_acknowledged_write(tmp_path, cluster):
    crash_repeatedly(cluster.url, tmp_path, crash_database=cluster)
