"""Hostile and odd input on every input a command reads, generated with hypothesis: huge strings,
unicode and control characters, negative and huge numbers, wrong types, missing fields, bad
dates and ids. Whatever comes in, the answer is a 2xx/3xx/4xx — JSON {error, detail} from the
API, a page (or fragment) with a message from the browser routes — never a 5xx, and the log
still verifies afterwards.

The fields each route reads are found in the code: the API's request bodies from its OpenAPI
schema, the form fields from each handler's source, the query parameters from its signature.
The domain's own parsing (domain/validation.py, the vocabularies) is tested as properties below.
"""

from __future__ import annotations

import inspect
import re
from datetime import date, datetime
from enum import Enum
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from domain import validation as v
from domain.context import Context
from domain.errors import DomainError, Invalid
from domain.services.messaging import _enum
from domain.vocabulary import ALL_ENUMS
from tests.security.conftest import Route, World
from tests.security.test_authorization_matrix import (
    EVERYONE,
    ROUTES,
    SESSION_ROUTES,
    allowed_callers,
    params_for,
)

EXAMPLES = 6  # per route; about 1,100 requests in all
# No shrinking: a failure is reported as found, and the file stays within its minute.
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)

# -- hostile values -----------------------------------------------------------------------------

ODD_TEXT = [
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-0",
    "9" * 40,
    "2026-02-30",
    "2026-13-01T25:61",
    "2026-03-02T10:00",
    "2026-03-02T10:00:00+99:00",
    "0001-01-01",
    "9999-12-31T23:59:59Z",
    "null",
    "true",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "../../etc/passwd",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "\x00",
    "\u202e",
    "\uff11\uff12\uff13",
    "😀" * 50,
    "a\r\nSet-Cookie: x=y",
    "%00",
    "director",
    "admin",
    "yes",
]


def odd_text(huge: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ODD_TEXT),
        st.text(max_size=40),
        st.text(st.characters(codec="utf-8", categories=["Cc", "Zs", "Mn", "So"]), max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.just("x" * huge),
        st.uuids().map(str),
    )


hostile_text = odd_text(100_000)  # in bodies
url_text = odd_text(8_000)  # in paths and queries (clients cap a URL near 64 KB)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)

# -- which inputs each route reads --------------------------------------------------------------

READS = re.compile(
    r"""(?:field|text|listed)\(data,\s*"(\w+)"\)|data\.get\("(\w+)"|"""
    r"""data\["(\w+)"\]|query_params\.get\("(\w+)"|"(\w+)" in data"""
)
NAME_TUPLES = re.compile(r"for \w+ in \(([^)]*)\)")
# Field names many forms share, for handlers that read their form through a helper.
COMMON = (
    "title",
    "logline",
    "start",
    "end",
    "reason",
    "amount_krw",
    "level",
    "skill",
    "name",
    "email",
    "password",
    "kind",
    "role",
    "count",
    "budget_krw",
    "shoot_start",
    "shoot_end",
    "deadline",
    "score",
    "comment",
    "query",
    "month",
    "capacity",
    "note",
    "confirm",
    "status",
    "genres",
    "format",
    "member_id",
    "project_id",
    "day",
)


def fields_read(route: Route) -> list[str]:
    source = inspect.getsource(route.fn)
    names = {name for match in READS.finditer(source) for name in match.groups() if name}
    for group in NAME_TUPLES.findall(source):
        names |= set(re.findall(r'"(\w+)"', group))
    return sorted(names | set(COMMON) | set(route.query))


def caller(world: World, route: Route) -> Any:
    allowed = allowed_callers(route, world.people)
    members = [n for n in EVERYONE if n in allowed and n != "anonymous"]
    return world.people[(members or ["anonymous"])[0]]


def form_body(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3)),
        max_size=len(names),
    )


def assert_answered(route: Route, response: Any) -> None:
    assert response.status_code < 500, (str(route), response.status_code, response.text[:300])
    if response.status_code < 400:
        return
    if route.api or response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        assert set(body) - {"code", "field", "params"} == {"error", "detail"}, body
        assert body["detail"], body
    else:
        assert "text/html" in response.headers.get("content-type", ""), response.headers
        assert response.text.strip(), "a refusal page says something"


def assert_log_verifies(world: World) -> None:
    verdict = world.request(world.people["auditor"], "GET", "/api/v1/audit/verify").json()
    assert verdict["ok"] is True, verdict


def resign(world: World, route: Route) -> None:
    if str(route) in SESSION_ROUTES:
        for who in world.people.values():
            world.sign_in(who)


# -- the API: bodies from its OpenAPI schema ------------------------------------------------------

API_BODIES = [r for r in ROUTES if r.api and r.method in ("POST", "PUT", "PATCH")]
API_READS = [r for r in ROUTES if r.api and r.method == "GET"]


def schema_fields(spec: dict[str, Any], route: Route) -> list[str]:
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
    operation = spec["paths"][path][route.method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {})
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    options = schema.get("oneOf") or schema.get("anyOf") or [schema]
    names: set[str] = set()
    for option in options:
        while "$ref" in option:
            option = spec["components"]["schemas"][option["$ref"].split("/")[-1]]
        names |= set(option.get("properties", {}))
    return sorted(names) or ["value"]


@pytest.fixture(scope="module")
def openapi(world: World) -> dict[str, Any]:
    return world.client.get("/schema/openapi.json").json()


@pytest.mark.parametrize("route", API_BODIES, ids=str)
def test_api_bodies_never_break_the_server(
    world: World, openapi: dict[str, Any], route: Route
) -> None:
    names = schema_fields(openapi, route)
    who = caller(world, route)
    path = route.fill(params_for(route, world))
    bodies = st.one_of(
        st.dictionaries(st.sampled_from(names), json_value, max_size=len(names)),
        json_value,  # not even an object
    )

    @SETTINGS
    @given(body=bodies)
    def answers(body: Any) -> None:
        assert_answered(route, world.request(who, route.method, path, json=body))

    answers()
    raw = world.request(
        who,
        route.method,
        path,
        data=b'{"title": "unterminated',
        headers={"content-type": "application/json"},
    )
    assert_answered(route, raw)
    if names != ["value"]:  # the route reads a body: unreadable JSON is refused as such
        assert raw.status_code in (400, 422), raw.text
    assert_log_verifies(world)


@pytest.mark.parametrize("route", [r for r in API_READS if r.query or r.params], ids=str)
def test_api_queries_and_ids_never_break_the_server(world: World, route: Route) -> None:
    who = caller(world, route)
    good = params_for(route, world)

    @SETTINGS
    @given(
        query=st.dictionaries(st.sampled_from(list(route.query) or ["q"]), url_text, max_size=2),
        bad_id=st.one_of(st.none(), url_text.filter(bool)),
    )
    def answers(query: dict[str, str], bad_id: str | None) -> None:
        values = dict(good)
        if bad_id is not None and route.params:
            values[route.params[0]] = quote(bad_id, safe="")
        assert_answered(route, world.request(who, "GET", route.fill(values), params=query))

    answers()


# -- the browser: every form and every page that reads a query ----------------------------------

FORMS = [r for r in ROUTES if r.mutating and not r.api]
PAGES = [r for r in ROUTES if r.method == "GET" and not r.api and (r.query or r.params)]


@pytest.mark.parametrize("route", FORMS, ids=str)
def test_forms_never_break_the_server(world: World, route: Route) -> None:
    who = caller(world, route)
    path = route.fill(params_for(route, world))
    names = fields_read(route)

    @SETTINGS
    @given(body=form_body(names), htmx=st.booleans())
    def answers(body: dict[str, Any], htmx: bool) -> None:
        response = world.request(
            who, route.method, path, data=body, headers={"HX-Request": "true"} if htmx else None
        )
        resign(world, route)
        assert_answered(route, response)

    answers()
    assert_log_verifies(world)


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_pages_never_break_on_odd_queries_and_ids(world: World, route: Route) -> None:
    who = caller(world, route)
    good = params_for(route, world)
    names = list(route.query) or fields_read(route)

    @SETTINGS
    @given(
        query=st.dictionaries(st.sampled_from(names), url_text, max_size=3),
        bad_id=st.one_of(st.none(), url_text.filter(bool)),
        htmx=st.booleans(),
    )
    def answers(query: dict[str, str], bad_id: str | None, htmx: bool) -> None:
        values = dict(good)
        if bad_id is not None and route.params:
            values[route.params[-1]] = quote(bad_id, safe="")
        response = world.request(
            who,
            "GET",
            route.fill(values),
            params=query,
            headers={"HX-Request": "true"} if htmx else None,
        )
        assert_answered(route, response)

    answers()


# -- the domain's own parsing -----------------------------------------------------------------

anything = st.one_of(
    json_value,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.binary(max_size=8),
    st.tuples(hostile_text),
)


@given(value=anything, limit=st.integers(min_value=1, max_value=300))
@settings(max_examples=200, deadline=None)
def test_text_is_stripped_bounded_text_or_invalid(value: object, limit: int) -> None:
    try:
        parsed = v.text(value, "title", limit=limit)
    except Invalid as refusal:
        assert "title" in refusal.message
        return
    assert isinstance(value, str) and parsed == value.strip() and 0 < len(parsed) <= limit


@given(value=anything)
@settings(max_examples=200, deadline=None)
def test_email_is_a_lowercase_address_or_invalid(value: object) -> None:
    try:
        parsed = v.email(value)
    except Invalid:
        return
    assert parsed == parsed.lower() and "@" in parsed and parsed == str(value).strip().lower()


@given(value=st.one_of(anything, st.integers()), low=st.integers(-5, 5), span=st.integers(0, 10))
@settings(max_examples=200, deadline=None)
def test_whole_numbers_are_in_range_or_invalid(value: object, low: int, span: int) -> None:
    try:
        parsed = v.whole(value, "level", low=low, high=low + span)
    except Invalid:
        return
    assert type(parsed) is int and low <= parsed <= low + span


@given(value=anything)
@settings(max_examples=200, deadline=None)
def test_moments_need_an_offset(value: object) -> None:
    try:
        parsed = v.aware(value, "start")
    except Invalid:
        return
    assert isinstance(parsed, datetime) and parsed.utcoffset() is not None


@given(start=anything, end=anything)
@settings(max_examples=200, deadline=None)
def test_periods_are_ordered_dates_or_invalid(start: object, end: object) -> None:
    try:
        first, last = v.period(start, end, "shoot")
    except Invalid:
        return
    assert isinstance(first, date) and isinstance(last, date) and first <= last


@given(values=anything)
@settings(max_examples=200, deadline=None)
def test_labels_are_distinct_lowercase_and_few_or_invalid(values: object) -> None:
    try:
        parsed = v.labels(values, "genres")
    except Invalid:
        return
    assert len(parsed) == len(set(parsed)) <= 20
    assert all(label == label.lower() and 0 < len(label) <= v.SHORT_MAX for label in parsed)


@pytest.mark.parametrize("kind", ALL_ENUMS, ids=lambda k: k.__name__)
def test_every_vocabulary_parses_its_values_and_refuses_the_rest(kind: type[Enum]) -> None:
    @given(value=st.one_of(anything, st.sampled_from([m.value for m in kind])))
    @settings(max_examples=60, deadline=None)
    def parses(value: object) -> None:
        try:
            member = _enum(kind, value, "kind")
        except Invalid as refusal:
            assert all(m.value in refusal.message for m in kind)
            return
        except TypeError:  # an unhashable value: refused before the lookup, never a 500
            pytest.fail(f"{kind.__name__}({value!r}) raised TypeError, not Invalid")
        assert isinstance(member, kind) and member.value == value

    parses()


@given(
    title=hostile_text,
    logline=hostile_text,
    genres=json_value,
    fmt=json_value,
    budget=json_value,
    start=anything,
    end=anything,
)
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
def test_create_project_refuses_with_a_domain_error_only(
    world: World, title: str, logline: str, genres: Any, fmt: Any, budget: Any, start: Any, end: Any
) -> None:
    director = Context(world.people["director"].member_id)
    try:
        world.filmhouse.create_project(
            director,
            title=title,
            logline=logline,
            genres=genres,
            format=fmt,
            budget_krw=budget,
            shoot_start=start,
            shoot_end=end,
        )
    except DomainError as refusal:
        assert refusal.message


@given(email=hostile_text, password=hostile_text, name=hostile_text, roles=json_value)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_sign_up_refuses_with_a_domain_error_only(
    world: World, email: str, password: str, name: str, roles: Any
) -> None:
    try:
        world.filmhouse.sign_up(
            Context(None), email=email, password=password, name=name, roles=roles
        )
    except DomainError as refusal:
        assert refusal.message
