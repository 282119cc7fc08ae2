"""Projects: drafting, editing, roles, status, attachments. Given events, when a command, then
events (or this error)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.context import SYSTEM, Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.member import EmailIndex, Member
from domain.project_parts import IllegalTransition, RoleSpec
from domain.vocabulary import ProjectFormat, ProjectStatus, Role

PDF = b"%PDF-1.7\n" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"p" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"j" * 100
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"w" * 100

CAMERA = RoleSpec(role="Cinematographer", skills=("Lighting", "16mm"), count=1,
                  start=date(2026, 4, 20), end=date(2026, 5, 10), paid=True)  # fmt: skip


def sign_up(app, email: str, *roles: str) -> Context:
    """A member through the real write path, without paying for an argon2 hash per test (sign-up
    itself is covered by the member tests)."""
    key = app.email_key(email)
    member = Member.register(
        email=email,
        name=email.split("@")[0].title(),
        password_hash="-",
        roles=[Role(r) for r in roles],
        university_id=None,
        email_key=key,
    )
    app._save(SYSTEM, member, EmailIndex.claim(key, member.id))
    return Context(member.id)


def events_of(app, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


def draft(app, director: Context, **overrides) -> UUID:
    fields = {
        "title": "Night Bus",
        "logline": "A driver and the last passenger of the night.",
        "genres": ["Drama"],
        "format": ProjectFormat.SHORT,
        "budget_krw": 8_000_000,
        "shoot_start": date(2026, 5, 1),
        "shoot_end": date(2026, 5, 10),
        "roles": [CAMERA],
    }
    fields.update(overrides)
    return app.create_project(director, **fields)


@pytest.fixture
def director(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


@pytest.fixture
def project_id(app, director) -> UUID:
    return draft(app, director)


# -- create_project ----------------------------------------------------------------------


def test_create_project_by_director_records_draft_with_roles(app, director):
    project_id = draft(app, director, synopsis="Seoul, 2 a.m.", language="ko",
                       prep_start=date(2026, 4, 1), prep_end=date(2026, 4, 30),
                       post_start=date(2026, 5, 11), post_end=date(2026, 6, 30))  # fmt: skip
    project = app.project(project_id)
    assert events_of(app, project_id) == ["Drafted"]
    assert project.status is ProjectStatus.DRAFT
    assert project.director_id == director.actor
    assert project.members() == {director.actor}
    assert (project.title, project.format, project.genres) == (
        "Night Bus",
        ProjectFormat.SHORT,
        ["drama"],
    )
    assert (project.prep_start, project.post_end) == (date(2026, 4, 1), date(2026, 6, 30))
    [role] = project.roles.values()
    assert (role.role, role.skills, role.count, role.paid, role.hired) == (
        "cinematographer",
        ["lighting", "16mm"],
        1,
        True,
        [],
    )


def test_create_project_takes_dates_not_text_and_names_the_field(app, director):
    """Text is read into dates at the edge (the API, the page), never by the service."""
    with pytest.raises(Invalid) as refused:
        draft(app, director, shoot_start="2026-05-01", shoot_end="2026-05-02", roles=[])
    assert refused.value.field == "shoot_start"


def test_create_project_by_crew_only_member_is_forbidden(app):
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        draft(app, crew)


def test_create_project_anonymous_is_forbidden(app):
    with pytest.raises(Forbidden):
        draft(app, Context(None))


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "T" * 201},
        {"logline": "L" * 301},
        {"synopsis": "S" * 5001},
        {"format": "opera"},
        {"budget_krw": -1},
        {"budget_krw": "5000"},
        {"genres": "drama"},
        {"shoot_start": date(2026, 5, 10), "shoot_end": date(2026, 5, 1)},
        {"shoot_start": "next week"},
        {"prep_start": date(2026, 4, 1)},
        {"prep_start": date(2026, 5, 5), "prep_end": date(2026, 5, 6)},
        {"post_start": date(2026, 4, 1), "post_end": date(2026, 4, 2)},
        {"format": "short"},
        {"roles": [replace(CAMERA, count=0)]},
        {"roles": [replace(CAMERA, count=51)]},
        {"roles": [replace(CAMERA, start=date(2026, 5, 10), end=date(2026, 5, 1))]},
        {"roles": [replace(CAMERA, paid="yes")]},
        {"roles": [replace(CAMERA, role="")]},
        {"roles": [{"role": "camera", "start": date(2026, 5, 1), "end": date(2026, 5, 2)}]},
        {"roles": "camera"},
    ],
)
def test_create_project_with_malformed_input_is_invalid(app, director, overrides):
    with pytest.raises(Invalid):
        draft(app, director, **overrides)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"format": "short"}, "format"),
        ({"shoot_start": date(2026, 5, 10), "shoot_end": date(2026, 5, 1)}, "shoot_end"),
        ({"prep_start": date(2026, 4, 1)}, "prep_end"),
        ({"post_start": date(2026, 4, 1), "post_end": date(2026, 4, 2)}, "post_end"),
        ({"roles": [replace(CAMERA, count=0)]}, "count"),
        ({"roles": [replace(CAMERA, start=date(2026, 5, 10), end=date(2026, 5, 1))]}, "end"),
        ({"roles": [{"role": "camera"}]}, "roles"),
    ],
)
def test_a_refusal_about_one_input_names_it(app, director, overrides, field):
    """Pages put the sentence next to that field and the API returns it, without reading the
    English text."""
    with pytest.raises(Invalid) as refused:
        draft(app, director, **overrides)
    assert refused.value.field == field


# -- update_project ----------------------------------------------------------------------


def test_update_project_by_director_records_revised_details(app, director, project_id):
    app.update_project(director, project_id, title="Last Bus", budget_krw=9_000_000,
                       format=ProjectFormat.FEATURE)  # fmt: skip
    project = app.project(project_id)
    assert events_of(app, project_id) == ["Drafted", "DetailsRevised"]
    assert (project.title, project.budget_krw, project.format) == (
        "Last Bus",
        9_000_000,
        ProjectFormat.FEATURE,
    )
    assert project.logline == "A driver and the last passenger of the night."


def test_update_project_without_changes_records_nothing(app, director, project_id):
    app.update_project(director, project_id, title="Night Bus")
    assert events_of(app, project_id) == ["Drafted"]


def test_update_project_by_another_director_is_forbidden(app, project_id):
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.update_project(other, project_id, title="Mine now")


def test_update_project_forbidden_comes_before_invalid(app, project_id):
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.update_project(other, project_id, title="T" * 500)


def test_update_unknown_project_is_not_found(app, director):
    with pytest.raises(NotFound):
        app.update_project(director, uuid4(), title="X")


@pytest.mark.parametrize(
    "changes",
    [{"title": "T" * 201}, {"logline": ""}, {"shoot_end": date(2026, 4, 1)}, {"colour": "red"}],
)
def test_update_project_with_malformed_input_is_invalid(app, director, project_id, changes):
    with pytest.raises(Invalid):
        app.update_project(director, project_id, **changes)


def test_update_cancelled_project_conflicts(app, director, project_id):
    app.cancel_project(director, project_id, "lost the location")
    with pytest.raises(Conflict):
        app.update_project(director, project_id, title="Back from the dead")


# -- roles -------------------------------------------------------------------------------


def test_add_role_records_role_added(app, director, project_id):
    role_id = app.add_role(director, project_id, role="Editor", skills=["Premiere"], count=2,
                           start=date(2026, 5, 11), end=date(2026, 6, 30))  # fmt: skip
    role = app.project(project_id).roles[role_id]
    assert events_of(app, project_id)[-1] == "RoleAdded"
    assert (role.role, role.count, role.skills, role.paid) == ("editor", 2, ["premiere"], False)


def test_add_role_with_zero_count_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.add_role(director, project_id, role="Editor", count=0,
                     start=date(2026, 5, 11), end=date(2026, 6, 30))  # fmt: skip


def test_add_role_by_another_director_is_forbidden(app, project_id):
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.add_role(other, project_id, role="Editor", start=date(2026, 5, 11),
                     end=date(2026, 6, 30))  # fmt: skip


def test_change_role_records_new_count_and_keeps_the_rest(app, director, project_id):
    role_id = next(iter(app.project(project_id).roles))
    app.change_role(director, project_id, role_id, count=3)
    role = app.project(project_id).roles[role_id]
    assert events_of(app, project_id)[-1] == "RoleChanged"
    assert (role.count, role.role, role.start) == (3, "cinematographer", date(2026, 4, 20))


def test_change_unknown_role_is_not_found(app, director, project_id):
    with pytest.raises(NotFound):
        app.change_role(director, project_id, uuid4(), count=2)


def test_remove_role_without_hires_records_role_removed(app, director, project_id):
    role_id = next(iter(app.project(project_id).roles))
    app.remove_role(director, project_id, role_id)
    assert app.project(project_id).roles == {}
    assert events_of(app, project_id)[-1] == "RoleRemoved"


def test_remove_unknown_role_is_not_found(app, director, project_id):
    with pytest.raises(NotFound):
        app.remove_role(director, project_id, uuid4())


# -- status ------------------------------------------------------------------------------


def test_project_goes_through_its_whole_life(app, director, project_id):
    app.pitch_project(director, project_id)
    assert app.project(project_id).status is ProjectStatus.PITCHED
    app.start_crewing(director, project_id)
    assert app.project(project_id).status is ProjectStatus.CREWING
    app.start_production(director, project_id)
    assert app.project(project_id).status is ProjectStatus.IN_PRODUCTION
    app.wrap_project(director, project_id)
    assert app.project(project_id).status is ProjectStatus.WRAPPED
    assert events_of(app, project_id) == [
        "Drafted",
        "Pitched",
        "CrewingStarted",
        "ProductionStarted",
        "Wrapped",
    ]


def test_pitch_project_twice_conflicts(app, director, project_id):
    app.pitch_project(director, project_id)
    with pytest.raises(IllegalTransition):
        app.pitch_project(director, project_id)


def test_pitch_project_by_another_director_is_forbidden(app, project_id):
    other = sign_up(app, "other@example.com", "director")
    with pytest.raises(Forbidden):
        app.pitch_project(other, project_id)


def test_pitch_project_by_admin_is_forbidden(app, admin, project_id):
    with pytest.raises(Forbidden):
        app.pitch_project(admin, project_id)


def test_start_crewing_on_draft_conflicts(app, director, project_id):
    with pytest.raises(IllegalTransition):
        app.start_crewing(director, project_id)


def test_start_production_while_pitched_conflicts(app, director, project_id):
    app.pitch_project(director, project_id)
    with pytest.raises(IllegalTransition):
        app.start_production(director, project_id)


def test_wrap_project_while_crewing_conflicts(app, director, project_id):
    app.pitch_project(director, project_id)
    app.start_crewing(director, project_id)
    with pytest.raises(IllegalTransition):
        app.wrap_project(director, project_id)


def test_cancel_project_records_reason(app, director, project_id):
    app.pitch_project(director, project_id)
    app.cancel_project(director, project_id, "lost the location")
    project = app.project(project_id)
    assert (project.status, project.cancel_reason) == (ProjectStatus.CANCELLED, "lost the location")
    assert events_of(app, project_id)[-1] == "Cancelled"


def test_cancel_project_without_reason_is_invalid(app, director, project_id):
    with pytest.raises(Invalid):
        app.cancel_project(director, project_id, "  ")


def test_cancel_wrapped_project_conflicts(app, director, project_id):
    for step in (app.pitch_project, app.start_crewing, app.start_production, app.wrap_project):
        step(director, project_id)
    with pytest.raises(IllegalTransition):
        app.cancel_project(director, project_id, "too late")


def test_pitch_cancelled_project_conflicts(app, director, project_id):
    app.cancel_project(director, project_id, "no money")
    with pytest.raises(IllegalTransition):
        app.pitch_project(director, project_id)
