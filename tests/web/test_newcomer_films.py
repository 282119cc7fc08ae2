"""What counts as a film for the newcomer rule, as the recommender's graph learns it from the
log: a claimed credit is a film; a hire is not, until the wrap verifies it; a director's project
becomes their film when it wraps."""

from __future__ import annotations

from datetime import date

from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from matching.newcomers import films, is_newcomer
from projections.graph.feeder import GraphFeeder
from tests.conftest import sign_up


def test_films_are_credits_and_a_hire_becomes_one_at_the_wrap(app):
    director = sign_up(app, "dir@example.com", "director")
    camera = sign_up(app, "cam@example.com", "crew")
    app.claim_credit(camera, title="Paper Moon", year=2024, role="cinematographer")
    project_id = app.create_project(
        director,
        title="Night Ferry",
        logline="Two deckhands keep the last ferry running.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=20_000_000,
        shoot_start=date(2026, 4, 1),
        shoot_end=date(2026, 4, 7),
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=["cinematography"],
                count=1,
                start=date(2026, 4, 1),
                end=date(2026, 4, 7),
            )
        ],
    )
    app.pitch_project(director, project_id)
    role_id = next(iter(app.project(project_id).roles))
    app.accept_invitation(camera, app.invite(director, project_id, role_id, camera.actor))
    feeder = GraphFeeder(app)
    feeder.catch_up()
    graph, cam, boss = feeder.graph, camera.actor.hex, director.actor.hex
    assert (films(graph, cam), films(graph, boss)) == (1, 0)  # hired and pitching: no film yet
    assert is_newcomer(graph, cam) and is_newcomer(graph, boss)
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    assert feeder.catch_up() and films(graph, boss) == 1 and films(graph, cam) == 1
    app.confirm_crew_at_wrap(director, project_id)
    feeder.catch_up()
    assert films(graph, cam) == 2 and not is_newcomer(graph, cam)
    rebuilt = GraphFeeder(app)
    rebuilt.catch_up()
    assert (films(rebuilt.graph, cam), films(rebuilt.graph, boss)) == (2, 1)
