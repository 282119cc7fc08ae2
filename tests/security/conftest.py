"""One world per test module for the attack and bad-input suites: an app on a SQLite file with
one signed-in member per role (two of each member role, so there is always "someone else's"
object), the objects those members own, and a client that speaks as any of them — by session
cookie and CSRF token on pages, by bearer token under /api/v1."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from domain.clock import SEOUL, SettableClock
from domain.context import SYSTEM, Context
from domain.filmhouse import FilmHouse
from domain.project_parts import RoleSpec
from domain.university import University
from domain.vocabulary import ProjectFormat, Role
from domain.workspace import Workspace
from projections.log.eventstore import open_application
from tests.conftest import FAST_ARGON2, SECRET, START
from web.app import create_app
from web.security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from web.settings import Settings

PASSWORD = "a-long-password"
TODAY = START.date()  # Monday 2026-03-02, 10:00 in Seoul
TOMORROW = TODAY + timedelta(days=1)
SHOOT = (date(2026, 5, 1), date(2026, 5, 10))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SUITE = Workspace.id_for("editing-suite-2")
OTHER_SUITE = Workspace.id_for("editing-suite-3")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


@dataclass
class Identity:
    """Someone the suites speak as: a visitor (no member) or a member with roles."""

    name: str
    member_id: UUID | None = None
    roles: frozenset[Role] = frozenset()
    email: str = ""
    session: str = ""
    bearer: str = ""

    @property
    def anonymous(self) -> bool:
        return self.member_id is None


@dataclass
class World:
    filmhouse: FilmHouse
    client: TestClient[Litestar]
    clock: SettableClock
    people: dict[str, Identity] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    csrf_cookie: str = ""
    csrf_token: str = ""

    # -- speaking as someone -------------------------------------------------------------

    def _jar(self, who: Identity, *, csrf_cookie: bool = True) -> httpx.Cookies:
        jar = httpx.Cookies()
        if csrf_cookie and self.csrf_cookie:
            jar.set(CSRF_COOKIE, self.csrf_cookie)
        if who.session:
            jar.set(SESSION_COOKIE, who.session)
        return jar

    def request(
        self,
        who: Identity,
        method: str,
        path: str,
        *,
        data: Any = None,
        json: Any = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
        csrf: str | None = "valid",
        params: Any = None,
    ) -> httpx.Response:
        """One request as `who`: the API with their bearer token, pages with their session
        cookie and (`csrf="valid"`) the CSRF header; `csrf=None` sends no token, any other
        text is sent as a (wrong) token."""
        all_headers = dict(headers or {})
        if path.startswith("/api/"):
            self.client.cookies = httpx.Cookies()
            if who.bearer:
                all_headers["Authorization"] = f"Bearer {who.bearer}"
        else:
            self.client.cookies = self._jar(who)
            if csrf == "valid":
                all_headers[CSRF_HEADER] = self.csrf_token
            elif csrf is not None:
                all_headers[CSRF_HEADER] = csrf
        # Raw bytes or text go as the body itself (httpx's `content`; `data` is for forms).
        raw = data if isinstance(data, bytes | str) else None
        return self.client.request(
            method,
            path,
            data=None if raw is not None else data,
            content=raw,
            json=json,
            files=files,
            headers=all_headers,
            params=params,
            follow_redirects=False,
        )

    def sign_in(self, who: Identity) -> None:
        """A fresh session for `who` through the sign-in form (the id is renewed each time)."""
        if who.anonymous:
            return
        self.client.cookies = self._jar(Identity("visitor"))
        response = self.client.post(
            "/signin",
            data={"email": who.email, "password": PASSWORD},
            headers={CSRF_HEADER: self.csrf_token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        who.session = response.cookies[SESSION_COOKIE]

    def head(self) -> int:
        return self.filmhouse.recorder.max_notification_id() or 0


def _member(
    app: FilmHouse,
    people: dict[str, Identity],
    name: str,
    roles: list[str],
    university: str | None = None,
) -> UUID:
    email = f"{name.replace('_', '.')}@filmhouse.test"
    member_id = app.sign_up(
        Context(None),
        email=email,
        password=PASSWORD,
        name=name.replace("_", " ").title(),
        roles=roles,
        university_id=University.id_for(university) if university else None,
    )
    people[name] = Identity(name, member_id, frozenset(), email)
    return member_id


def build(app: FilmHouse, clock: SettableClock) -> tuple[dict[str, Identity], dict[str, Any]]:
    """The members (one identity per role, two of each member role) and what they own."""
    people: dict[str, Identity] = {"anonymous": Identity("anonymous")}
    admin = app.create_admin(email="admin@filmhouse.test", password=PASSWORD, name="Admin")
    people["admin"] = Identity("admin", admin, frozenset(), "admin@filmhouse.test")
    boss = Context(admin)
    director = _member(app, people, "director", ["director"], "karts")
    other_director = _member(app, people, "other_director", ["director"], "cau")
    crew = _member(app, people, "crew", ["crew"], "karts")
    other_crew = _member(app, people, "other_crew", ["crew"], "cau")
    partner = _member(app, people, "partner", ["partner"])
    other_partner = _member(app, people, "other_partner", ["partner"])
    coordinator = _member(app, people, "coordinator", ["crew"], "karts")
    app.grant_role(boss, coordinator, "coordinator")
    auditor = _member(app, people, "auditor", ["crew"])
    app.grant_role(boss, auditor, "auditor")
    reviewer = _member(app, people, "reviewer", ["crew"])
    bystander = _member(app, people, "bystander", ["crew"], "karts")
    _member(app, people, "visitor", ["crew"])
    for who in people.values():
        if who.member_id:
            who.roles = app.roles_of(who.member_id)
    del people["bystander"]  # an object of admin actions, never a caller
    del people["visitor"]  # signs in (and out) where a route needs someone to do that

    ids: dict[str, Any] = {"bystander": bystander, "university_id": University.id_for("karts")}
    # Projects: the director's pitched one (with roles) and the other director's draft.
    project = app.create_project(
        Context(director),
        title="Night Bus",
        logline="A driver and a runaway cross Seoul.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=12_000_000,
        shoot_start=SHOOT[0],
        shoot_end=SHOOT[1],
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=["cinematography"],
                count=1,
                start=SHOOT[0],
                end=SHOOT[1],
            ),
            RoleSpec(role="editor", skills=["editing"], count=1, start=SHOOT[0], end=SHOOT[1]),
        ],
    )
    app.pitch_project(Context(director), project)
    invite_role, apply_role = list(app.project(project).roles)
    ids["draft_project"] = app.create_project(
        Context(other_director),
        title="Paper Garden",
        logline="A gardener keeps paper flowers.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=3_000_000,
        shoot_start=SHOOT[0],
        shoot_end=SHOOT[1],
        roles=[RoleSpec(role="editor", skills=["editing"], count=1, start=SHOOT[0], end=SHOOT[1])],
    )
    ids["draft_role"] = next(iter(app.project(ids["draft_project"]).roles))
    ids["project_id"], ids["role_id"] = project, invite_role
    ids["sha256"] = app.attach_still(Context(director), project, "still.png", "image/png", PNG)
    ids["invitation_id"] = app.invite(Context(director), project, invite_role, crew)
    ids["crew_application_id"] = app.apply_to_role(
        Context(crew), project, apply_role, "I cut shorts."
    )
    # Workspaces: the crew's booking, a waitlist offer, a strike, a blackout.
    ids["workspace_id"] = SUITE
    ids["booking_id"] = app.book_workspace(
        Context(crew), SUITE, start=at(TOMORROW, 10), end=at(TOMORROW, 11)
    )
    taken = app.book_workspace(
        Context(other_crew), SUITE, start=at(TOMORROW, 14), end=at(TOMORROW, 16)
    )
    ids["entry_id"] = app.join_waitlist(
        Context(crew), SUITE, start=at(TOMORROW, 14), end=at(TOMORROW, 15)
    )
    app.cancel_booking(Context(other_crew), taken)
    ids["blackout_workspace"] = OTHER_SUITE
    ids["blackout_id"] = app.add_blackout(
        boss,
        OTHER_SUITE,
        start=at(TODAY + timedelta(days=9), 9),
        end=at(TODAY + timedelta(days=9), 12),
        reason="Maintenance",
    )
    missed = app.book_workspace(Context(crew), OTHER_SUITE, start=at(TODAY, 11), end=at(TODAY, 12))
    clock.set(at(TODAY, 11, 20))
    ids["strike_id"] = app.release_no_show(SYSTEM, missed)
    # Trainings.
    ids["training_id"] = app.schedule_training(
        boss,
        title="AI-assisted editing",
        description="Rough cuts with AI tools.",
        skill="ai editing",
        capacity=5,
        starts=at(TODAY + timedelta(days=8), 10),
        ends=at(TODAY + timedelta(days=8), 17),
    )
    app.enrol(Context(crew), ids["training_id"])
    ids["member_id"] = crew  # the member whose training is completed, profile shown...
    # The bridge: the partner's verified organisation and opportunity, a submission.
    ids["partner_id"] = app.register_partner(
        Context(partner), name="Han River Pictures", kind="studio", business_number="124-81-00998"
    )
    app.verify_partner(boss, ids["partner_id"])
    rival = app.register_partner(
        Context(other_partner), name="Rival Co", kind="studio", business_number="220-81-62517"
    )
    app.verify_partner(boss, rival)
    newcomer = app.sign_up(
        Context(None),
        email="newcomer@filmhouse.test",
        password=PASSWORD,
        name="Newcomer",
        roles=["partner"],
    )
    ids["pending_partner_id"] = app.register_partner(
        Context(newcomer), name="River Docs", kind="distributor", business_number="101-81-00001"
    )
    ids["opportunity_id"] = app.post_opportunity(
        Context(partner),
        kind="call_for_pitches",
        title="Shorts for summer",
        description="Short films about the river.",
        criteria=["under 20 minutes"],
        deadline=START + timedelta(days=30),
    )
    ids["submission_id"] = app.submit_to_opportunity(
        Context(director), ids["opportunity_id"], project, "Our pitch"
    )
    ids["director_id"] = director
    # Subsidies: the director's application with an appointed reviewer.
    ids["fund_id"] = app.open_fund(
        boss,
        name="Short Film Fund 2026",
        budget_krw=20_000_000,
        cap_krw=5_000_000,
        opens=date(2026, 3, 1),
        closes=date(2026, 6, 30),
    )
    ids["application_id"] = app.apply_for_subsidy(
        Context(director),
        ids["fund_id"],
        project_id=project,
        amount_krw=3_000_000,
        breakdown=[
            {"item": "Camera", "amount_krw": 2_000_000},
            {"item": "Sound", "amount_krw": 1_000_000},
        ],
    )
    app.assign_reviewer(boss, ids["application_id"], reviewer)
    # Accounts: the director's token and saved search, messages, a report.
    app.issue_token(director, label="laptop")
    ids["token_id"] = app.api_tokens(Context(director))[0].token_id
    ids["search_id"] = app.save_search(Context(director), kind="members", query="editor")
    app.update_profile(Context(director), name="Director", phone="010-1234-5678", city="Seoul")
    app.accept_contact(Context(director), crew)
    app.accept_contact(Context(crew), director)
    app.send_message(Context(director), crew, "Are you free in May? Call me.")
    ids["report_id"] = app.report_member(
        Context(crew), other_crew, kind="spam", reason="Sends ads."
    )
    ids["other_id"] = crew  # a thread of messages is always between the reader and other_id
    ids["entity_id"] = project
    ids["decision"] = "shortlist"
    ids["verdict"] = "uphold"
    return people, ids


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = f"sqlite:///{tmp_path_factory.mktemp('security')}/filmhouse.sqlite"
    clock = SettableClock(START)
    app = open_application(url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    app.seed_universities()
    app.seed_workspaces()
    people, ids = build(app, clock)
    settings = Settings(database_url=url, host="127.0.0.1", port=0, secret=SECRET, development=True)
    with TestClient(app=create_app(settings, app)) as client:
        world = World(app, client, clock, people, ids)
        page = client.get("/signin")
        found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert found, "the sign-in form carries a CSRF token"
        world.csrf_token, world.csrf_cookie = found.group(1), page.cookies[CSRF_COOKIE]
        for who in people.values():
            if not who.anonymous:
                world.sign_in(who)
                who.bearer = app.issue_token(who.member_id, label="suite")
        yield world
    app.close()


# -- the route table ------------------------------------------------------------------------

PARAM = re.compile(r"\{(\w+):\w+\}")
# Framework routes that are not ours to authorise: static files and the schema viewers.
NOT_OURS = ("/static/", "/schema")
RESERVED = {"request", "data", "ctx", "state", "scope", "headers", "cookies", "socket", "self"}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # the template, as Litestar has it: /projects/{project_id:uuid}
    handler: str  # module.function of the handler
    guards: tuple[str, ...]
    query: tuple[str, ...] = ()  # the handler's other named inputs: query parameters
    fn: Any = field(default=None, compare=False, repr=False)

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def mutating(self) -> bool:
        return self.method in {"POST", "PUT", "PATCH", "DELETE"}

    def fill(self, values: dict[str, Any]) -> str:
        return PARAM.sub(lambda m: str(values[m.group(1)]), self.path)

    def __str__(self) -> str:
        return f"{self.method} {PARAM.sub(lambda m: '{' + m.group(1) + '}', self.path)}"


def route_table(app: Litestar) -> list[Route]:
    """Every method of every route the app serves, with the names of its guards, read from the
    app itself (OPTIONS and HEAD are Litestar's own)."""
    found = []
    for route in app.routes:
        if route.path.startswith(NOT_OURS):
            continue
        for method, handler in getattr(route, "route_handler_map", {}).items():
            if method in {"OPTIONS", "HEAD"}:
                continue
            handler = handler[0] if isinstance(handler, tuple) else handler
            fn = getattr(handler.fn, "func", handler.fn)  # AsyncCallable once the app runs
            guards = tuple(g.__name__ for g in handler.resolve_guards())
            named = inspect.signature(fn).parameters
            query = tuple(
                n for n in named if n not in RESERVED and n not in PARAM.findall(route.path)
            )
            found.append(
                Route(method, route.path, f"{fn.__module__}.{fn.__name__}", guards, query, fn)
            )
    return sorted(found, key=lambda r: (r.path, r.method))


def routes_of_the_app() -> list[Route]:
    """The route table, read at collection time from an app that is never started."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="filmhouse-routes-") as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/routes.sqlite",
            host="127.0.0.1",
            port=0,
            secret=SECRET,
            development=True,
        )
        filmhouse = open_application(settings.database_url, secret=SECRET)
        try:
            return route_table(create_app(settings, filmhouse))
        finally:
            filmhouse.close()
