"""The locust users that `bench web` and `bench web-mixed` run (headless, as a pinned subprocess).

The plan comes as JSON in the file named by FH_BENCH_PLAN: which kind of load, the accounts, the
projects and roles, and the warm-up after which the figures are reset (sign-ins, first template
renders and first recommendations stay out of the figures).

    {"kind": "page" | "fragment" | "trivial" | "mixed", "warmup": 5,
     "directors": [{"email", "password", "projects": [project_id, ..]}],
     "crew": [{"email", "password"}], "roles": [[project_id, role_id], ..],
     "projects": [project_id, ..], "workspaces": [workspace_id, ..], "days": ["2026-..", ..]}
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import re
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

PLAN = (
    json.loads(Path(os.environ["FH_BENCH_PLAN"]).read_text())
    if "FH_BENCH_PLAN" in os.environ
    else {"kind": "trivial", "warmup": 0}
)
KIND = PLAN["kind"]
TOKEN = re.compile(r'"x-csrftoken": "([^"]+)"')
HTMX = {"HX-Request": "true"}
_serial = itertools.count()
OUTCOMES: collections.Counter[str] = collections.Counter()  # "name status" of every write


@events.test_stop.add_listener
def _write_outcomes(environment, **_kwargs):  # type: ignore[no-untyped-def]
    if PLAN.get("outcomes"):
        Path(PLAN["outcomes"]).write_text(json.dumps(OUTCOMES))


@events.test_start.add_listener
def _reset_after_warmup(environment, **_kwargs):  # type: ignore[no-untyped-def]
    """Warm-up requests are not counted: the figures start `warmup` seconds in."""
    if PLAN.get("warmup"):

        def reset() -> None:
            gevent.sleep(PLAN["warmup"])
            environment.runner.stats.reset_all()
            OUTCOMES.clear()

        gevent.spawn(reset)


def _sign_in(user: FastHttpUser, account: dict[str, str]) -> str:
    """Sign in through the form (CSRF token from the page); returns the CSRF token."""
    page = user.client.get("/signin", name="sign-in page")
    token = TOKEN.search(page.text or "").group(1)
    user.client.post(
        "/signin",
        name="sign-in",
        data={
            "email": account["email"],
            "password": account["password"],
            "next": "/",
            "_csrf_token": token,
        },
    )
    return token


class Trivial(FastHttpUser):
    """The generator's own ceiling: a server that answers every request at once."""

    abstract = KIND != "trivial"
    wait_time = constant(0)

    @task
    def ping(self) -> None:
        self.client.get("/", name="trivial")


class ProjectReader(FastHttpUser):
    """A director reading the pages of their own open projects (recommended crew included), or
    only the htmx fragment of it."""

    abstract = KIND not in ("page", "fragment")
    wait_time = constant(0)

    def on_start(self) -> None:
        directors = PLAN["directors"]
        account = directors[next(_serial) % len(directors)]
        _sign_in(self, account)
        self.projects = itertools.cycle(account["projects"])
        self.headers = HTMX if KIND == "fragment" else {}
        self.name = "project fragment" if KIND == "fragment" else "project page"

    @task
    def read(self) -> None:
        with self.client.get(
            f"/projects/{next(self.projects)}",
            headers=self.headers,
            name=self.name,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or 'class="fh-rec"' not in (response.text or ""):
                response.failure(f"{response.status_code}: no recommendations on the page")


# -- the mixed workload ------------------------------------------------------------------------


class Member(FastHttpUser):
    """A signed-in crew member: reads pages and the API, books workspaces, applies to roles,
    edits the profile. Writes are `w:` requests; a refusal the domain explains (409: the slot
    is taken, the weekly quota is used, already applied) is an answer, not a failure."""

    abstract = KIND != "mixed"
    weight = 7
    wait_time = constant(0)

    def on_start(self) -> None:
        self.index = next(_serial)
        crew = PLAN["crew"]
        self.account = crew[self.index % len(crew)]
        self.csrf = _sign_in(self, self.account)
        answer = self.client.post(
            "/api/v1/auth/token",
            name="api token",
            json={"email": self.account["email"], "password": self.account["password"]},
        )
        self.bearer = {"Authorization": f"Bearer {answer.json()['token']}"}
        self.slots = itertools.count()
        roles = PLAN["roles"]
        self.roles = itertools.cycle(roles[self.index :: len(crew)] or roles)
        self.projects = itertools.cycle(PLAN["projects"][self.index % 7 :: 7])
        self.edits = itertools.count()

    def _write(self, path: str, name: str, data: dict[str, str]) -> None:
        with self.client.post(
            path,
            name=name,
            headers=HTMX,
            catch_response=True,
            data={**data, "_csrf_token": self.csrf},
        ) as response:
            OUTCOMES[f"{name} {response.status_code}"] += 1
            if response.status_code in (200, 303, 409):
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(8)
    def project_page(self) -> None:
        self.client.get(f"/projects/{next(self.projects)}", name="r: project page")

    @task(4)
    def board(self) -> None:
        self.client.get("/projects?open=1", name="r: project board")

    @task(4)
    def api_project(self) -> None:
        self.client.get(
            f"/api/v1/projects/{next(self.projects)}", headers=self.bearer, name="r: api project"
        )

    @task(2)
    def book(self) -> None:
        """A 30-minute slot; slots are spread so that callers rarely want the same one."""
        k = next(self.slots)
        rooms, days = PLAN["workspaces"], PLAN["days"]
        slot = self.index + 64 * (k + 1000 * PLAN.get("run", 0))
        room = rooms[slot % len(rooms)]
        day = days[(slot // len(rooms)) % len(days)]
        half = (slot // (len(rooms) * len(days))) % 20
        start = f"{9 + half // 2:02d}:{30 * (half % 2):02d}"
        end = f"{9 + (half + 1) // 2:02d}:{30 * ((half + 1) % 2):02d}"
        self._write(
            f"/workspaces/{room}/bookings",
            "w: book workspace",
            {"day": day, "start": start, "end": end},
        )

    @task(1)
    def apply(self) -> None:
        project, role = next(self.roles)
        self._write(
            f"/projects/{project}/roles/{role}/apply",
            "w: apply to role",
            {"message": "I would love to work on this film; my reel is on my profile."},
        )

    @task(1)
    def edit_profile(self) -> None:
        k = next(self.edits)
        self._write(
            "/me/profile",
            "w: edit profile",
            {
                "name": self.account["name"],
                "bio": f"Crew from the network, edit {k}.",
                "phone": "",
                "city": "Seoul",
                "languages": "ko, en",
                "portfolio": "",
            },
        )


class Director(FastHttpUser):
    """In the mixed workload, one client in eight: a director reading their own project pages
    (recommended crew) and the recommendations through the API."""

    abstract = KIND != "mixed"
    weight = 1
    wait_time = constant(0)

    def on_start(self) -> None:
        directors = PLAN["directors"]
        account = directors[next(_serial) % len(directors)]
        _sign_in(self, account)
        answer = self.client.post(
            "/api/v1/auth/token",
            name="api token",
            json={"email": account["email"], "password": account["password"]},
        )
        self.bearer = {"Authorization": f"Bearer {answer.json()['token']}"}
        mine = set(account["projects"])
        self.projects = itertools.cycle(account["projects"])
        self.roles = itertools.cycle([r for r in PLAN["roles"] if r[0] in mine])

    @task(2)
    def own_project_page(self) -> None:
        self.client.get(f"/projects/{next(self.projects)}", name="r: director project page")

    @task(1)
    def api_recommendations(self) -> None:
        project, role = next(self.roles)
        self.client.get(
            f"/api/v1/projects/{project}/roles/{role}/recommendations?limit=10",
            headers=self.bearer,
            name="r: api recommendations",
        )
