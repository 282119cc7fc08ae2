"""Workspaces: seeding, creating, changing, blackouts, retiring. Given events, when a command,
then events (or this error)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.clock import SEOUL
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.opening_hours import opening_hours
from domain.vocabulary import WorkspaceKind
from domain.workspace import RULES, Workspace
from tests.conftest import sign_up

SUITE_2 = Workspace.id_for("editing-suite-2")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SEOUL)


def event_names(app, aggregate_id) -> list[str]:
    return [
        type(app.mapper.to_domain_event(s)).__name__
        for s in app.recorder.select_events(aggregate_id)
    ]


def test_seed_workspaces_creates_the_centre_rooms_once(app):
    created = app.seed_workspaces()
    assert created >= 13
    assert app.seed_workspaces() == 0
    rooms = app.workspaces()
    assert len(rooms) == created
    names = {w.name for w in rooms}
    assert {
        "Editing Suite 1",
        "Editing Suite 2",
        "Editing Suite 3",
        "AI Workstation 1",
        "AI Workstation 4",
        "Sound Room",
        "Grading Room",
        "Screening Room",
        "Shared Office",
        "Meeting Room A",
        "Meeting Room B",
    } <= names
    assert {w.kind for w in rooms} == set(WorkspaceKind)


def test_seed_workspaces_lets_twelve_desks_and_opens_nine_to_ten(app):
    app.seed_workspaces()
    office = app.workspace(Workspace.id_for("shared-office"))
    assert office.kind is WorkspaceKind.SHARED_OFFICE and office.capacity == 12
    suite = app.workspace(SUITE_2)
    assert suite.hours == [["09:00", "22:00"]] * 7
    assert suite.hours_on(date(2026, 3, 8)) == (at(8, 9), at(8, 22))
    assert event_names(app, SUITE_2) == ["Added"]


def test_kind_rules_table_covers_every_kind():
    assert set(RULES) == set(WorkspaceKind)
    assert RULES[WorkspaceKind.MEETING_ROOM].longest == timedelta(hours=2)
    screening = RULES[WorkspaceKind.SCREENING_ROOM]
    assert screening.needs_approval and screening.notice == timedelta(days=14)
    assert screening.answer_within == timedelta(days=7)
    assert RULES[WorkspaceKind.SHARED_OFFICE].let_by_month
    assert not RULES[WorkspaceKind.SHARED_OFFICE].counts_hours


def test_create_workspace_by_admin_records_defaults(app, admin):
    workspace_id = app.create_workspace(
        admin, name="Editing Suite 4", kind="editing_suite", equipment=["Avid", "Avid", " Resolve "]
    )
    room = app.workspace(workspace_id)
    assert (room.name, room.kind, room.capacity) == (
        "Editing Suite 4",
        WorkspaceKind.EDITING_SUITE,
        1,
    )
    assert room.hours == [["09:00", "22:00"]] * 7
    assert room.equipment == ["Avid", "Resolve"]
    assert not room.retired
    assert [w.id for w in app.workspaces()] == [workspace_id]
    assert event_names(app, workspace_id) == ["Added"]


def test_create_workspace_with_weekday_hours_closes_and_shortens_days(app, admin):
    workspace_id = app.create_workspace(
        admin,
        name="Podcast Booth",
        kind="sound_room",
        capacity=2,
        opens="10:00",
        closes="20:00",
        weekly_hours={"sunday": None, "sat": ["12:00", "24:00"]},
    )
    room = app.workspace(workspace_id)
    assert room.hours[0] == ["10:00", "20:00"]
    assert room.hours[5] == ["12:00", "24:00"]
    assert room.hours[6] == []
    assert room.hours_on(date(2026, 3, 8)) is None
    assert room.hours_on(date(2026, 3, 7)) == (at(7, 12), at(8, 0))


def test_create_workspace_by_member_is_forbidden(app):
    director = sign_up(app, "mina@example.com", "director")
    with pytest.raises(Forbidden):
        app.create_workspace(director, name="My Suite", kind="editing_suite")


def test_create_workspace_with_taken_name_conflicts(app, admin):
    app.seed_workspaces()
    with pytest.raises(Conflict, match="already exists"):
        app.create_workspace(admin, name="editing suite 2", kind="editing_suite")


MALFORMED_WORKSPACES = [  # each with the field its refusal names
    ({"name": "", "kind": "editing_suite"}, "name"),
    ({"name": "X" * 121, "kind": "editing_suite"}, "name"),
    ({"name": "Room", "kind": "cinema"}, "kind"),
    ({"name": "Room", "kind": "editing_suite", "capacity": 0}, "capacity"),
    ({"name": "Room", "kind": "editing_suite", "capacity": "3"}, "capacity"),
    ({"name": "Room", "kind": "editing_suite", "opens": "25:00"}, "opens"),
    ({"name": "Room", "kind": "editing_suite", "opens": "9am"}, "opens"),
    ({"name": "Room", "kind": "editing_suite", "opens": "09:10"}, "opens"),
    ({"name": "Room", "kind": "editing_suite", "opens": "18:00", "closes": "09:00"}, "closes"),
    ({"name": "Room", "kind": "editing_suite", "weekly_hours": {"funday": None}}, "weekly_hours"),
    (
        {"name": "Room", "kind": "editing_suite", "weekly_hours": {"monday": "all day"}},
        "weekly_hours",
    ),
    ({"name": "Room", "kind": "editing_suite", "weekly_hours": ["monday"]}, "weekly_hours"),
    (
        {"name": "Room", "kind": "editing_suite", "weekly_hours": {"monday": ["09:00", "9pm"]}},
        "weekly_hours",
    ),
    ({"name": "Room", "kind": "editing_suite", "equipment": "Avid"}, "equipment"),
    ({"name": "Room", "kind": "editing_suite", "equipment": [""]}, "equipment"),
]


def test_create_workspace_with_malformed_input_is_invalid_and_names_the_field(app, admin):
    for fields, field in MALFORMED_WORKSPACES:
        with pytest.raises(Invalid) as refusal:
            app.create_workspace(admin, **fields)
        assert refusal.value.field == field, fields
    assert app.workspaces() == []


def test_a_malformed_weekday_closing_time_is_said_with_its_weekday():
    with pytest.raises(Invalid) as refusal:
        opening_hours(weekly={"monday": ["09:00", "9pm"]})
    assert refusal.value.message == ("the closing time on Mondays must be a time of day like 09:00")


def test_update_workspace_changes_given_fields_and_keeps_the_rest(app, admin):
    app.seed_workspaces()
    app.update_workspace(
        admin, SUITE_2, name="Editing Suite 2 (Atmos)", capacity=4, weekly_hours={"monday": None}
    )
    room = app.workspace(SUITE_2)
    assert (room.name, room.capacity) == ("Editing Suite 2 (Atmos)", 4)
    assert room.hours[0] == [] and room.hours[1] == ["09:00", "22:00"]
    assert "DaVinci Resolve Studio" in room.equipment
    assert "Editing Suite 2 (Atmos)" in {w.name for w in app.workspaces()}
    app.update_workspace(admin, SUITE_2, opens="08:00")
    assert app.workspace(SUITE_2).hours == [["08:00", "22:00"]] * 7
    assert event_names(app, SUITE_2) == ["Added", "Changed", "Changed"]


def test_update_workspace_to_a_taken_name_conflicts(app, admin):
    app.seed_workspaces()
    with pytest.raises(Conflict, match="already exists"):
        app.update_workspace(admin, SUITE_2, name="Editing Suite 1")
    assert app.workspace(SUITE_2).name == "Editing Suite 2"


def test_update_workspace_unknown_is_not_found(app, admin):
    with pytest.raises(NotFound):
        app.update_workspace(admin, uuid4(), capacity=3)


def test_update_workspace_by_member_is_forbidden(app):
    app.seed_workspaces()
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        app.update_workspace(crew, SUITE_2, capacity=9)


def test_add_blackout_records_period_and_reason(app, admin):
    app.seed_workspaces()
    blackout_id = app.add_blackout(
        admin, SUITE_2, start=at(5, 9), end=at(6, 22), reason="Projector maintenance"
    )
    room = app.workspace(SUITE_2)
    assert room.blackouts[blackout_id]["reason"] == "Projector maintenance"
    assert room.blackout_during(at(5, 14), at(5, 15)) is not None
    assert room.blackout_during(at(7, 9), at(7, 10)) is None
    assert event_names(app, SUITE_2) == ["Added", "BlackoutAdded"]


def test_add_blackout_with_malformed_input_is_invalid(app, admin):
    app.seed_workspaces()
    cases = [
        (datetime(2026, 3, 5, 9), at(5, 12), "maintenance"),
        (at(5, 12), at(5, 9), "maintenance"),
        (at(5, 9), at(5, 12), ""),
        (at(5, 9), at(5, 12), "x" * 2001),
    ]
    for start, end, reason in cases:
        with pytest.raises(Invalid):
            app.add_blackout(admin, SUITE_2, start=start, end=end, reason=reason)
    assert app.workspace(SUITE_2).blackouts == {}


def test_add_blackout_by_member_is_forbidden(app):
    app.seed_workspaces()
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        app.add_blackout(crew, SUITE_2, start=at(5, 9), end=at(5, 12), reason="mine")


def test_remove_blackout_reopens_the_period(app, admin):
    app.seed_workspaces()
    blackout_id = app.add_blackout(
        admin, SUITE_2, start=at(5, 9), end=at(5, 22), reason="Deep clean"
    )
    app.remove_blackout(admin, SUITE_2, blackout_id)
    assert app.workspace(SUITE_2).blackouts == {}
    with pytest.raises(NotFound):
        app.remove_blackout(admin, SUITE_2, blackout_id)


def test_retire_workspace_hides_it_from_the_list(app, admin):
    app.seed_workspaces()
    app.retire_workspace(admin, SUITE_2, "Converted into a second grading room")
    assert app.workspace(SUITE_2).retired
    assert SUITE_2 not in {w.id for w in app.workspaces()}
    assert SUITE_2 in {w.id for w in app.workspaces(include_retired=True)}
    assert event_names(app, SUITE_2) == ["Added", "Retired"]


def test_retire_workspace_twice_conflicts(app, admin):
    app.seed_workspaces()
    app.retire_workspace(admin, SUITE_2)
    with pytest.raises(Conflict, match="retired"):
        app.retire_workspace(admin, SUITE_2)
    with pytest.raises(Conflict, match="retired"):
        app.update_workspace(admin, SUITE_2, capacity=2)


def test_retire_workspace_by_member_is_forbidden(app):
    app.seed_workspaces()
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        app.retire_workspace(crew, SUITE_2)
    assert not app.workspace(SUITE_2).retired
