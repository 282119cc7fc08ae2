"""Every event type any release wrote still decodes; upcasters and renamed topics work."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.domain import event
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.base import Entity
from migrations import topics
from projections.log.eventstore import open_application
from tests.conftest import SECRET

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.jsonl"))
SAMPLES = [json.loads(line) for path in FIXTURES for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def mapper(tmp_path_factory):
    app = open_application(f"sqlite:///{tmp_path_factory.mktemp('m')}/m.sqlite", secret=SECRET)
    yield app.mapper
    app.close()


def test_fixtures_exist_and_cover_the_domain():
    assert FIXTURES, "freeze samples with python -m tests.migrations.freeze"
    covered = {s["topic"].split(":")[0] for s in SAMPLES}
    assert {
        "domain.member",
        "domain.project",
        "domain.booking",
        "domain.subsidy",
        "domain.fund",
        "domain.training",
        "domain.opportunity",
    } <= covered


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["topic"] for s in SAMPLES])
def test_frozen_event_still_decodes(mapper, sample):
    stored = StoredEvent(
        UUID(sample["originator_id"]),
        sample["originator_version"],
        sample["topic"],
        sample["state"].encode(),
    )
    decoded = mapper.to_domain_event(stored)
    assert get_topic(type(decoded)) == topics.RENAMED.get(sample["topic"], sample["topic"])
    assert decoded.originator_version == sample["originator_version"]
    fields = getattr(type(decoded), "__dataclass_fields__", {})
    missing = [name for name in fields if name not in vars(decoded)]
    assert missing == [], f"{sample['topic']} lost fields {missing}"


class Reel(Entity):
    """A test-only aggregate whose event changed shape between releases."""

    class Logged(Entity.Created):
        class_version = 2
        title: str
        minutes: int

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["minutes"] = int(str(state.pop("length", "0 min")).split()[0])

    @event(Logged)
    def __init__(self, title: str, minutes: int) -> None:
        self.title, self.minutes = title, minutes


def test_an_old_version_is_upcast_on_decoding(mapper):
    v1 = {
        "title": "Night Bus",
        "length": "14 min",
        "timestamp": {"_type_": "datetime_iso", "_data_": "2025-03-02T10:00:00+09:00"},
        "originator_topic": get_topic(Reel),
    }
    stored = StoredEvent(UUID(int=1), 1, get_topic(Reel.Logged), json.dumps(v1).encode())
    reel = mapper.to_domain_event(stored).mutate(None)
    assert (reel.title, reel.minutes) == ("Night Bus", 14)


def test_a_renamed_topic_still_resolves(mapper):
    topics.register({"old.place:Reel.Logged": get_topic(Reel.Logged)})
    v2 = {
        "title": "Salt",
        "minutes": 9,
        "class_version": 2,
        "timestamp": {"_type_": "datetime_iso", "_data_": "2025-03-02T10:00:00+09:00"},
        "originator_topic": get_topic(Reel),
    }
    stored = StoredEvent(UUID(int=2), 1, "old.place:Reel.Logged", json.dumps(v2).encode())
    assert type(mapper.to_domain_event(stored)) is Reel.Logged


def test_a_moved_class_is_selected_from_the_log_under_its_old_topic_too():
    from domain.desk_month import DeskMonth
    from projections.projector.view import View, on

    class Desks(View):
        NAME = "desks_test"

        @on(DeskMonth.DeskLet)
        def _let(self, tx, e):  # pragma: no cover - only its topics are read
            pass

    new = get_topic(DeskMonth.DeskLet)
    assert new == "domain.desk_month:DeskMonth.DeskLet"
    assert topics.stored_as(new) == ["domain.booking:DeskMonth.DeskLet", new]
    assert Desks().topics() == ["domain.booking:DeskMonth.DeskLet", new]
