"""Languages typed before the list existed ("Korean, English", "Korean") read as ISO codes.

The samples are the v0.1 frozen events with their language fields as people typed them then.
"""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from domain.member import Member
from domain.project import Project
from migrations.events.languages import project_language_v1_v2, spoken_v1_v2
from projections.log.eventstore import open_application
from tests.conftest import SECRET

V01 = Path(__file__).parent / "fixtures" / "v0.1.jsonl"


def frozen(topic: str) -> dict:
    return next(s for s in map(json.loads, V01.read_text().splitlines()) if s["topic"] == topic)


def stored(sample: dict, **typed: object) -> StoredEvent:
    state = {**json.loads(sample["state"]), **typed}
    assert "class_version" not in state  # v1, as release 0.1 wrote it
    return StoredEvent(
        UUID(sample["originator_id"]),
        sample["originator_version"],
        sample["topic"],
        json.dumps(state).encode(),
    )


@pytest.fixture(scope="module")
def mapper(tmp_path_factory):
    app = open_application(f"sqlite:///{tmp_path_factory.mktemp('l')}/l.sqlite", secret=SECRET)
    yield app.mapper
    app.close()


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        (["korean", "english"], ["ko", "en"]),
        (["korean, english"], ["ko", "en"]),
        (["Korean", "한국어", "KO"], ["ko"]),
        (["日本語", "klingon"], ["ja", "klingon"]),
        ([], []),
    ],
)
def test_old_profile_update_reads_its_languages_as_codes(mapper, typed, codes):
    sample = frozen("domain.member:Member.ProfileUpdated")
    event = mapper.to_domain_event(stored(sample, languages=typed))
    assert isinstance(event, Member.ProfileUpdated)
    assert event.languages == codes
    assert event.name == "Mina Park"


@pytest.mark.parametrize(
    "topic", ["domain.project:Project.Drafted", "domain.project:Project.DetailsRevised"]
)
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Korean", "ko"),
        ("ko", "ko"),
        ("korean/english", "ko"),
        ("", ""),
        ("Esperanto", "Esperanto"),
    ],
)
def test_old_project_details_read_their_language_as_a_code(mapper, topic, typed, code):
    event = mapper.to_domain_event(stored(frozen(topic), language=typed))
    assert isinstance(event, Project.Drafted | Project.DetailsRevised)
    assert event.language == code


def test_new_events_are_written_as_version_2_and_not_upcast_again(mapper):
    assert Member.ProfileUpdated.class_version == 2
    sample = frozen("domain.member:Member.ProfileUpdated")
    state = {**json.loads(sample["state"]), "languages": ["ko"], "class_version": 2}
    event = mapper.to_domain_event(
        StoredEvent(UUID(sample["originator_id"]), 2, sample["topic"], json.dumps(state).encode())
    )
    assert event.languages == ["ko"]


def test_the_upcasters_are_pure_functions_of_the_stored_dict():
    state = {"languages": ["korean, english"]}
    spoken_v1_v2(state, lambda entries: (["ko", "en"], []))
    assert state == {"languages": ["ko", "en"]}
    details = {"language": " Korean "}
    project_language_v1_v2(details, lambda entries: ([], entries))
    assert details == {"language": "Korean"}
