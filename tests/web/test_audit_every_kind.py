"""The audit console's "as of" and "compare" for every kind of entity in the log, on a small
demo history: each reads as a person reads it, in English and in Korean, whole and as the htmx
region, with no raw data (no `None`, JSON, class names or field keys) where a person reads."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import pytest
from litestar.testing import TestClient

from domain.clock import SEOUL, SettableClock
from projections.log.eventstore import open_application
from tests.conftest import FAST_ARGON2, SECRET, START
from web.app import create_app
from web.settings import Settings

HX = {"HX-Request": "true"}
RAW = re.compile(
    r"\bNone\b|\bnull\b|[{}\[\]]|\b[a-z]+_[a-z_]+\b|\b[A-Z][a-z]+[A-Z]\w*\(|UUID|"
    r"\bdatetime\b|\bDecimal\b|CrewRole|Entry\(|Hold\("
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _more_kinds(app) -> None:
    """What the demo's story may not write: a block list, a member report, a saved search, an
    API token, read marks, an email confirmation link with its mail, and a desk for a month."""
    from tests.conftest import sign_up

    a = sign_up(app, "kind.a@example.com", "director", university="karts")
    b = sign_up(app, "kind.b@example.com", "crew", university="cau")
    app.report_member(b, a.actor, kind="spam", reason="Sends the same note to everyone.")
    app.block_member(b, a.actor)
    app.save_search(a, kind="members", query="editor", skill="editing")
    app.issue_token(a.actor, label="scripts")
    app.mark_inbox_read_up_to(a, 1)
    app.request_email_verification(b)
    office = next(w for w in app.workspaces() if w.rules.let_by_month)
    app.book_desk(a, office.id, month=(app.clock.now() + timedelta(days=40)).date().replace(day=1))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from web.demo import generate
    from web.demo.base import PASSWORD
    from web.demo.cast import DEMO_ACCOUNTS

    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/filmhouse.sqlite"
    clock = SettableClock(START - timedelta(weeks=12))
    app = open_application(url, secret=SECRET, clock_=clock, passwords=FAST_ARGON2)
    app.seed_universities()
    app.seed_workspaces()
    generate(app, members=30, weeks=12, say=lambda line: None)
    _more_kinds(app)
    auditor = next(a for a in DEMO_ACCOUNTS if a.role == "auditor")
    settings = Settings(database_url=url, host="127.0.0.1", port=0, secret=SECRET, development=True)
    with TestClient(app=create_app(settings, app)) as client:
        token = app.issue_token(app.authenticate(auditor.email, PASSWORD), label="audit")
        client.headers["Authorization"] = f"Bearer {token}"
        response = client.post(
            "/signin",
            data={"_csrf_token": _csrf(client), "email": auditor.email, "password": PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        yield app, client
    app.close()


def _csrf(client) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert found
    return found.group(1)


def _one_of_each(app) -> dict[str, UUID]:
    """For each kind of entity in the log, the one changed last (the fullest state)."""
    found: dict[str, UUID] = {}
    head = app.recorder.max_notification_id()
    for note in app.recorder.select_notifications(start=1, limit=head):
        found[note.topic.rsplit(":", 1)[-1].split(".")[0]] = note.originator_id
    return found


def _text(html: str, region: str) -> str:
    part = html.split(f'id="{region}"', 1)[1].split(
        'id="compare"' if region == "as-of" else "<h2>", 2
    )
    body = part[0] if region == "as-of" else "<h2>".join(part[:2])
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _labels(html: str, region: str) -> list[str]:
    """The labels of a region and of the timeline after it (each event's fields)."""
    body = html.split(f'id="{region}"', 1)[1]
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r"<(?:dt|th)\b[^>]*>(.*?)</(?:dt|th)>", body, re.S)
    ]


KINDS = (
    "Member",
    "Project",
    "Fund",
    "SubsidyApplication",
    "Workspace",
    "Booking",
    "Training",
    "Partner",
    "Opportunity",
    "Submission",
    "Invitation",
    "WorkspaceDay",
    "MemberWeek",
    "Report",
    "SavedSearch",
    "ApiToken",
    "Account",
    "Blocklist",
    "InboxMarks",
    "AccountTicket",
    "Outbox",
    "DeskMonth",
    "CrewApplication",
    "Strike",
    "Waitlist",
)


def test_the_demo_writes_every_kind_this_file_reads(demo):
    app, _client = demo
    assert set(KINDS) <= set(_one_of_each(app))


@pytest.mark.parametrize("htmx", [False, True])
def test_as_of_and_compare_read_as_a_person_reads_for_every_kind(demo, htmx):
    app, client = demo
    now = app.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    long_ago = (START - timedelta(weeks=20)).strftime("%Y-%m-%dT%H:%M")
    for kind, entity_id in sorted(_one_of_each(app).items()):
        as_of = client.get(
            f"/audit/entities/{entity_id}?as_of={now}",
            headers={**HX, "HX-Target": "as-of"} if htmx else {},
        )
        assert as_of.status_code == 200, (kind, as_of.text[-2000:])
        assert as_of.text.lstrip().startswith('<div id="as-of"') is htmx, kind
        text = _text(as_of.text, "as-of")
        assert "log position" in text and not RAW.findall(text), (kind, RAW.findall(text), text)
        compare = client.get(
            f"/audit/entities/{entity_id}?first={long_ago}&second={now}",
            headers={**HX, "HX-Target": "compare"} if htmx else {},
        )
        assert compare.status_code == 200, (kind, compare.text[-2000:])
        text = _text(compare.text, "compare")
        assert "What changed" in text and not RAW.findall(text), (kind, RAW.findall(text))


def test_every_kind_and_its_events_read_in_korean(demo):
    app, client = demo
    now = app.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    client.cookies.set("fh_lang", "ko")
    try:
        for kind, entity_id in sorted(_one_of_each(app).items()):
            html = client.get(f"/audit/entities/{entity_id}?as_of={now}").text
            english = [label for label in _labels(html, "as-of") if not HANGUL.search(label)]
            assert not english, (kind, english)
    finally:
        client.cookies.delete("fh_lang")


def test_the_api_serialises_every_kind(demo):
    app, client = demo
    for kind, entity_id in sorted(_one_of_each(app).items()):
        response = client.get(
            f"/api/v1/audit/entities/{entity_id}", params={"as_of": app.clock.now().isoformat()}
        )
        assert response.status_code == 200, (kind, response.text)
        assert response.json()["entity"]["type"] == kind


def test_a_fund_reads_in_won_and_names_its_applications(demo):
    app, client = demo
    fund_id = _one_of_each(app)["Fund"]
    fund = app.fund(fund_id)
    now = app.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    text = _text(client.get(f"/audit/entities/{fund_id}?as_of={now}").text, "as-of")
    assert f"Budget ₩{fund.budget_krw:,}" in text and f"Cap per project ₩{fund.cap_krw:,}" in text
    assert fund.name in text
    assert text.count("Application for") >= len(fund.approvals) > 0


def test_every_field_of_every_entity_and_event_has_a_label():
    """A field added to an aggregate's events (and so to its state) needs its label in
    web/display/audit_words.py, or the audit console would show its key."""
    import importlib
    import inspect
    import pkgutil

    from eventsourcing.domain import Aggregate

    import domain
    from web.display.audit_words import field_labels

    base = {
        "originator_id",
        "originator_version",
        "timestamp",
        "originator_topic",
        "originator_id_type",
    }
    unlabelled = set()
    for module in pkgutil.iter_modules(domain.__path__):
        for aggregate in vars(importlib.import_module(f"domain.{module.name}")).values():
            if not (inspect.isclass(aggregate) and issubclass(aggregate, Aggregate)):
                continue
            for event in vars(aggregate).values():
                if inspect.isclass(event) and issubclass(event, Aggregate.Event):
                    unlabelled |= {
                        k for klass in event.__mro__ for k in vars(klass).get("__annotations__", {})
                    }
    assert unlabelled - base - set(field_labels()) == set()


def test_a_fund_as_of_reads_its_dates_as_typed_as_the_fund_page_does(demo):
    app, client = demo
    now = app.clock.now().strftime("%Y-%m-%dT%H:%M:%S")
    fund_id = _one_of_each(app)["Fund"]
    fund = app.fund(fund_id)
    text = _text(client.get(f"/audit/entities/{fund_id}?as_of={now}").text, "as-of")
    assert f"Closes {fund.closing_day.isoformat()}" in text
    stored_midnight = fund.closes.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
    assert stored_midnight not in text
