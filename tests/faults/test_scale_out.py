"""Scale-out: two `filmhouse serve` processes and one `filmhouse projections run` on one
PostgreSQL database, all started at the same moment on a fresh schema.

Members (seeded through the application API, with bearer tokens) book the same slot of the same
room through both servers at once, slot after slot: the log holds exactly one booking per slot,
every loser gets a 409 with a reason (never a 500), and the calendar view, kept by the
projections process, shows the same winners. A project written through one server is read
through the other on the next request. With the servers stopped, the projections process alone
follows a new write by LISTEN/NOTIFY until `filmhouse projections status` shows lag 0.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import psycopg
import pytest
from eventsourcing.utils import get_topic

from domain.booking import Booking
from domain.clock import SEOUL
from domain.context import Context
from domain.filmhouse import FilmHouse
from domain.workspace import Workspace
from projections.log.eventstore import open_application
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from tests.conftest import FAST_ARGON2, sign_up
from tests.faults.test_crash import SECRET, _cli, _env

pytestmark = pytest.mark.slow  # two servers and a follower under load

SERVERS = 2
MEMBERS = 10  # each books through both servers: 20 callers per slot
SLOTS = 4
PORTS = range(18500, 18600)
ROOM = Workspace.id_for("editing-suite-1")


def _free_ports(count: int) -> list[int]:
    found = []
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise AssertionError(f"no {count} free ports in {PORTS}")


class Child:
    """A `filmhouse` command as a child process in its own process group."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.name = name
        self.log = cwd / f"{name}.log"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.cli", *args],
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(
                f"{self.name} exited ({self.process.returncode}):\n{self.output()}"
            )

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Server(Child):
    def __init__(self, port: int, env: dict[str, str], cwd: Path) -> None:
        super().__init__(
            f"serve-{port}", ["serve", "--host", "127.0.0.1", "--port", str(port)], env, cwd
        )
        self.base = f"http://127.0.0.1:{port}"

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self.alive()
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.name} did not answer within the deadline:\n{self.output()}")


@dataclass
class Deployment:
    url: str
    env: dict[str, str]
    tmp: Path
    servers: list[Server]
    follower: Child


@pytest.fixture
def deployment(postgres_url: str, tmp_path: Path) -> Iterator[Deployment]:
    """Every process started at once on the fresh schema (as a deploy of several hosts does),
    timers on; all of them stopped afterwards, whatever happened."""
    env = _env(postgres_url, tmp_path)
    env["FILMHOUSE_TIMERS"] = "on"
    children: list[Child] = []
    try:
        servers = [Server(port, env, tmp_path) for port in _free_ports(SERVERS)]
        children.extend(servers)
        follower = Child("projections", ["projections", "run"], env, tmp_path)
        children.append(follower)
        deadline = time.monotonic() + 40
        for server in servers:
            server.wait_ready(deadline)
        follower.alive()
        yield Deployment(postgres_url, env, tmp_path, servers, follower)
    finally:
        for child in children:
            child.stop()


def _seed(app: FilmHouse, count: int, role: str) -> list[str]:
    """Members signed up through the application API, each with a bearer token."""
    tokens = []
    for i in range(count):
        ctx = sign_up(app, f"{role}{i}@scale.test", role)
        assert ctx.actor is not None
        tokens.append(app.issue_token(ctx.actor, label="scale-out", ctx=ctx))
    return tokens


@dataclass(frozen=True)
class Answer:
    slot: datetime
    server: str
    status: int
    body: dict[str, str]


def _race(servers: list[Server], tokens: list[str], start: datetime) -> list[Answer]:
    """Every member books [start, start + 1 h) through every server, all at the same moment."""
    callers = [(server, token) for token in tokens for server in servers]
    gate = threading.Barrier(len(callers))
    answers: list[Answer] = []
    body = {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}

    def call(server: Server, token: str) -> None:
        with httpx.Client(
            base_url=server.base, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            gate.wait(timeout=30)
            answer = client.post(f"/api/v1/workspaces/{ROOM}/bookings", json=body)
        answers.append(Answer(start, server.name, answer.status_code, answer.json()))

    threads = [threading.Thread(target=call, args=caller) for caller in callers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(answers) == len(callers), "a caller got no answer"
    return answers


def _wait_for_views(projector: Projector, seconds: float = 20) -> list[int]:
    """Until every view has reached the head (only reading: this process applies nothing)."""
    deadline = time.monotonic() + seconds
    while True:
        lags = [s.lag for s in projector.status()]
        if all(lag == 0 for lag in lags) or time.monotonic() > deadline:
            return lags
        time.sleep(0.1)


def _booked_in_log(app: FilmHouse, projector: Projector) -> Counter[tuple[UUID, datetime]]:
    notes = app.recorder.select_notifications(
        start=1, limit=1_000_000, topics=[get_topic(Booking.Made)]
    )
    made = [projector.decode(note).event for note in notes]
    return Counter((e.workspace_id, e.start) for e in made)


def test_two_servers_book_each_slot_once_and_every_view_follows(deployment: Deployment) -> None:
    began = time.monotonic()
    a, b = deployment.servers
    app = open_application(deployment.url, secret=SECRET.encode(), passwords=FAST_ARGON2)
    try:
        projector = Projector(app, all_views())
        # given members with tokens, and slots three days ahead
        bookers = _seed(app, MEMBERS, "crew")
        [director] = _seed(app, 1, "director")
        day = (datetime.now(SEOUL) + timedelta(days=3)).date()
        slots = [datetime(day.year, day.month, day.day, 10 + i, tzinfo=SEOUL) for i in range(SLOTS)]

        # when every member books each slot through both servers at once
        answers = [answer for slot in slots for answer in _race([a, b], bookers, slot)]

        # then each slot went to one caller, and every other caller heard why not
        statuses = Counter(answer.status for answer in answers)
        assert set(statuses) <= {201, 409}, f"answers: {statuses}"
        winners = {}
        for slot in slots:
            won = [x for x in answers if x.slot == slot and x.status == 201]
            assert len(won) == 1, f"{slot}: {len(won)} bookings acknowledged"
            winners[slot] = UUID(won[0].body["booking_id"])
        for loser in (x for x in answers if x.status == 409):
            assert loser.body["error"] == "conflict" and loser.body["detail"], loser
        assert {x.server for x in answers if x.status == 409} == {a.name, b.name}

        # and the log holds exactly one booking per slot
        booked = _booked_in_log(app, projector)
        assert {slot: booked[(ROOM, slot)] for slot in slots} == dict.fromkeys(slots, 1)

        # and the calendar view, once the views reach the head, shows the same winners
        assert _wait_for_views(projector) == [0] * len(projector.views)
        with projector.db.read() as tx:
            rows = tx.execute(
                "SELECT start_us, booking_id FROM cal_bookings "
                "WHERE workspace_id = ? AND status = 'confirmed'",
                (ROOM.hex,),
            ).fetchall()
        in_view = {int(start): UUID(booking) for start, booking in rows}
        assert in_view == {int(s.timestamp() * 1_000_000): w for s, w in winners.items()}

        # when a director drafts a project through server A (and reads it back there)
        project = {
            "title": "Night Ferry",
            "logline": "Two strangers miss the last ferry.",
            "genres": ["drama"],
            "format": "short",
            "budget_krw": 5_000_000,
            "shoot_start": str(day + timedelta(days=30)),
            "shoot_end": str(day + timedelta(days=33)),
        }
        auth = {"Authorization": f"Bearer {director}"}
        drafted = httpx.post(f"{a.base}/api/v1/projects", json=project, headers=auth, timeout=30)
        assert drafted.status_code == 201, drafted.text
        assert drafted.json()["status"] == "draft"  # A answered from its own views
        project_id = drafted.json()["project_id"]
        # then server B shows it on the very next request
        seen = httpx.get(f"{b.base}/api/v1/projects/{project_id}", headers=auth, timeout=30)
        assert seen.status_code == 200, seen.text
        assert seen.json()["title"] == "Night Ferry"

        # when the servers are gone, the projections process alone follows a new write
        for server in deployment.servers:
            server.stop()
        deployment.follower.alive()
        with psycopg.connect(deployment.url.split("?")[0], autocommit=True) as conn:
            listening = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND query = %s",
                (f'LISTEN "{app.recorder.channel_name}"',),  # type: ignore[attr-defined]
            ).fetchone()
        assert listening is not None and listening[0] == 1, "the follower is not listening"
        member = app.member_by_email("crew0@scale.test")
        assert member is not None
        app.claim_skill(Context(member.id), skill="colour grading", level=4)
        assert _wait_for_views(projector) == [0] * len(projector.views)

        # then `filmhouse projections status` shows every view at the head
        status = _cli(deployment.env, deployment.tmp, "projections", "status")
        assert status.returncode == 0, status.stderr
        rows = [line.split() for line in status.stdout.splitlines()[1:] if line.strip()]
        assert rows and {int(r[3]) for r in rows} == {0}, status.stdout
        assert {int(r[2]) for r in rows} == {projector.head()}
    finally:
        app.close()
    for server in deployment.servers:
        assert " 500 " not in server.output() and "Traceback" not in server.output(), (
            server.output()
        )
    took = time.monotonic() - began
    busy = sum(1 for x in answers if x.status == 409 and "try again" in x.body["detail"])
    print(
        f"{SLOTS} slots x {MEMBERS * SERVERS} callers through {SERVERS} servers: "
        f"{dict(statuses)} ({busy} of the 409s were 'busy, try again'); {took:.0f} s; "
        f"a loser heard: {next(x.body['detail'] for x in answers if x.status == 409)!r}"
    )
