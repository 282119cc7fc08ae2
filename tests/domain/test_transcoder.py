"""The fast reading of the events' JSON gives exactly what the library's reading gives: on every
event of a demo history, and on the JSON only the library's parser accepts."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from domain.filmhouse import FilmHouse
from domain.transcoder import TaggedJSONTranscoder, uuid_from_hex
from domain.vocabulary import Role
from tests.conftest import sign_up
from web.demo import generate


def library_reading(app: object) -> JSONTranscoder:
    transcoder = JSONTranscoder()
    app.register_transcodings(transcoder)  # type: ignore[attr-defined]
    return transcoder


@pytest.fixture
def demo_app(app: FilmHouse, admin: object) -> FilmHouse:
    """The demo's weeks of life, written through the real commands, plus messages and searches."""
    app.seed_workspaces()
    generate(app, members=24, weeks=6, say=lambda line: None)
    kim, mina = sign_up(app, "kim@example.com", "crew"), sign_up(app, "mina@example.com", "crew")
    app.accept_contact(kim, mina.actor)
    app.accept_contact(mina, kim.actor)
    app.send_message(mina, kim.actor, "Free in May?")
    app.save_search(kim, kind="members", role="crew", skill="editing")
    return app


def test_every_event_of_a_demo_history_reads_as_the_library_reads_it(demo_app: object) -> None:
    fast = demo_app.mapper.transcoder  # type: ignore[attr-defined]
    assert isinstance(fast, TaggedJSONTranscoder)
    slow = library_reading(demo_app)
    notes = demo_app.recorder.select_notifications(start=1, limit=1_000_000)  # type: ignore[attr-defined]
    kinds = Counter(note.topic for note in notes)
    assert len(kinds) >= 40  # members, projects, bookings, trainings, funds, partners, ...
    for note in notes:
        assert fast.decode(note.state) == slow.decode(note.state), note.topic


def test_tagged_values_inside_lists_and_objects_are_decoded(demo_app: object) -> None:
    transcoder = demo_app.mapper.transcoder  # type: ignore[attr-defined]
    member, when = uuid4(), datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    state = {
        "roles": [{"role_id": member, "since": date(2026, 1, 2), "as": Role.CREW}],
        "crew": [[member, when]],
        "empty": {},
        "plain": [1, "two", None, True, 2.5],
    }
    stored = transcoder.encode(state)
    assert transcoder.decode(stored) == library_reading(demo_app).decode(stored)
    decoded = transcoder.decode(stored)
    assert decoded["roles"][0] == {"role_id": member, "since": date(2026, 1, 2), "as": Role.CREW}
    assert decoded["crew"] == [[member, when]]


def test_json_only_the_standard_parser_accepts_is_still_read(demo_app: object) -> None:
    transcoder = demo_app.mapper.transcoder  # type: ignore[attr-defined]
    stored = transcoder.encode({"big": 2**70, "ratio": math.nan, "id": uuid4()})
    decoded = transcoder.decode(stored)
    assert decoded["big"] == 2**70 and math.isnan(decoded["ratio"])
    assert decoded["id"] == library_reading(demo_app).decode(stored)["id"]


def test_an_unknown_tag_is_refused_as_the_library_refuses_it(demo_app: object) -> None:
    transcoder = demo_app.mapper.transcoder  # type: ignore[attr-defined]
    with pytest.raises(TranscodingNotRegisteredError):
        transcoder.decode(b'{"x": {"_type_": "no_such_type", "_data_": 1}}')


_ID = uuid4()


@pytest.mark.parametrize(
    "text",
    [
        _ID.hex,
        _ID.hex.upper(),
        str(_ID),
        "{" + str(_ID) + "}",
        "urn:uuid:" + str(_ID),
        "-" + _ID.hex[1:],
        "0x" + _ID.hex[2:],
        " " + _ID.hex[1:],
        "g" * 32,
        _ID.hex[:31],
        "",
    ],
)
def test_a_uuid_made_from_stored_hex_is_the_one_uuid_makes(text: str) -> None:
    try:
        expected: UUID | type[Exception] = UUID(text)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError):
            uuid_from_hex(text)
        return
    made = uuid_from_hex(text)
    assert type(made) is UUID
    assert (made, hash(made), made.hex, str(made), made.is_safe) == (
        expected,
        hash(expected),
        expected.hex,
        str(expected),
        expected.is_safe,
    )  # type: ignore[union-attr]
