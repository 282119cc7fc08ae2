"""Crew work terms (a day rate and genre interests) and role budgets. Given events, when a
command, then events (or this error)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import Invalid
from domain.member import DAY_RATE_MAX_KRW, Member
from domain.project_parts import CrewRole, RoleSpec
from tests.domain.test_projects import draft, events_of, sign_up

GAFFER = RoleSpec(
    role="gaffer", skills=("lighting",), count=1, start=date(2026, 5, 2), end=date(2026, 5, 6),
    paid=True, budget_krw=1_500_000,
)  # fmt: skip


# -- work terms ----------------------------------------------------------------------------


def test_state_work_terms_records_rate_and_genres_in_vocabulary_order(app):
    crew = sign_up(app, "kim@example.com", "crew")
    app.state_work_terms(crew, day_rate_krw=250_000, genres=["Thriller", "drama"])
    member = app.member(crew.actor)
    assert events_of(app, crew.actor)[-1] == "WorkTermsStated"
    assert (member.day_rate_krw, member.genre_interests) == (250_000, ["drama", "thriller"])


def test_state_work_terms_unchanged_records_nothing(app):
    crew = sign_up(app, "kim@example.com", "crew")
    app.state_work_terms(crew, day_rate_krw=250_000, genres=["drama"])
    app.state_work_terms(crew, day_rate_krw=250_000, genres=["drama"])
    assert events_of(app, crew.actor).count("WorkTermsStated") == 1


def test_state_work_terms_zero_rate_means_not_stated(app):
    crew = sign_up(app, "kim@example.com", "crew")
    app.state_work_terms(crew, day_rate_krw=200_000, genres=[])
    app.state_work_terms(crew, day_rate_krw=0, genres=["comedy"])
    assert app.member(crew.actor).day_rate_krw == 0


@pytest.mark.parametrize("rate", [-1, DAY_RATE_MAX_KRW + 1, "200000", 1.5, True])
def test_state_work_terms_rate_out_of_range_or_not_whole_is_invalid(app, rate):
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid) as refused:
        app.state_work_terms(crew, day_rate_krw=rate, genres=[])
    assert refused.value.field == "day_rate_krw"
    assert events_of(app, crew.actor) == ["Registered"]


@pytest.mark.parametrize("genres", [["drama", "space opera"], "drama", [3]])
def test_state_work_terms_genre_outside_vocabulary_is_invalid(app, genres):
    crew = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid) as refused:
        app.state_work_terms(crew, day_rate_krw=100_000, genres=genres)
    assert refused.value.field == "genres"


def test_work_terms_refused_in_the_aggregate_too(app):
    member = Member.register(
        email="a@b.cd", name="A", password_hash="-", roles=[], university_id=None, email_key="k"
    )
    with pytest.raises(Invalid):
        member.state_work_terms(-5, [])


# -- role budgets --------------------------------------------------------------------------


def test_draft_with_role_budget_keeps_it(app):
    director = sign_up(app, "mina@example.com", "director")
    project_id = draft(app, director, roles=[GAFFER])
    (role,) = app.project(project_id).roles.values()
    assert (role.paid, role.budget_krw) == (True, 1_500_000)


def test_change_role_budget_records_role_changed(app):
    director = sign_up(app, "mina@example.com", "director")
    project_id = draft(app, director, roles=[GAFFER])
    role_id = next(iter(app.project(project_id).roles))
    app.change_role(director, project_id, role_id, budget_krw=2_000_000)
    assert app.project(project_id).roles[role_id].budget_krw == 2_000_000
    assert events_of(app, project_id)[-1] == "RoleChanged"


def test_add_unpaid_role_with_budget_is_invalid(app):
    director = sign_up(app, "mina@example.com", "director")
    project_id = draft(app, director, roles=[])
    with pytest.raises(Invalid) as refused:
        app.add_role(
            director, project_id, role="editor", start=date(2026, 5, 1), end=date(2026, 5, 3),
            paid=False, budget_krw=500_000,
        )  # fmt: skip
    assert refused.value.field == "budget_krw"


def test_negative_role_budget_is_invalid(app):
    director = sign_up(app, "mina@example.com", "director")
    project_id = draft(app, director, roles=[GAFFER])
    role_id = next(iter(app.project(project_id).roles))
    with pytest.raises(Invalid) as refused:
        app.change_role(director, project_id, role_id, budget_krw=-1)
    assert refused.value.field == "budget_krw"


def test_role_stored_before_budgets_reads_as_not_set():
    stored = {
        "role_id": uuid4(), "role": "grip", "skills": [], "count": 1,
        "start": date(2026, 5, 1), "end": date(2026, 5, 2), "paid": True,
    }  # fmt: skip
    assert CrewRole.from_payload(stored).budget_krw == 0
