"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): whatever
the input, no 5xx, and every answer is one the schema documents, in the documented shape."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.schemathesis_long import as_request
from domain.context import Context

EXAMPLES_PER_OPERATION = 25

# Each generated case carries its own cookies (the fuzz means them for that one request, not the
# client's jar), which httpx deprecates as ambiguous for a client that keeps cookies.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Setting per-request cookies=<...> is being deprecated:DeprecationWarning"
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api(web, filmhouse):
    member_id = filmhouse.sign_up(
        Context(None),
        email="all@filmhouse.test",
        password="a-long-password",
        name="All Roles",
        roles=["director", "crew", "partner"],
    )
    admin = Context(
        filmhouse.create_admin(
            email="admin@filmhouse.test", password="a-long-password", name="Admin"
        )
    )
    filmhouse.grant_role(admin, member_id, "admin")
    # a verified organisation, so that the bridge's partner endpoints read their bodies
    organisation = filmhouse.register_partner(
        Context(member_id), name="All Pictures", kind="studio", business_number="124-81-00998"
    )
    filmhouse.verify_partner(admin, organisation)
    token = web.post(
        "/api/v1/auth/token", json={"email": "all@filmhouse.test", "password": "a-long-password"}
    ).json()["token"]
    spec = web.get("/schema/openapi.json").json()
    return web, schemathesis.openapi.from_dict(spec), {"Authorization": f"Bearer {token}"}


def test_the_api_answers_every_generated_request_as_documented(api):
    client, schema, auth = api
    started = time.monotonic()
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path.startswith("/api/v1/")
    ]
    assert len(operations) >= 24

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def answers_as_documented(case) -> None:
            request = as_request(case)
            request["headers"] = {**request.get("headers", {}), **auth}
            response = client.request(**request)
            case.validate_response(response, checks=CHECKS)

        answers_as_documented()
    assert time.monotonic() - started < 150
