"""`filmhouse match retrain`: the crew ranker refitted on the log's own hires and declines."""

from __future__ import annotations

from datetime import date

from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from matching.ranker import default_model
from matching.recommend import recommend_crew
from matching.role_context import RoleQuery
from projections.graph.feeder import GraphFeeder
from projections.graph.retrain import TABLE, gather, retrain_from_log
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from tests.conftest import SECRET, sign_up
from web.cli import main
from web.recommend import model, recommend


def _crewing(app, director, title, start):
    project_id = app.create_project(
        director,
        title=title,
        logline="A night shift on the last ferry.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=20_000_000,
        shoot_start=start,
        shoot_end=start,
        roles=[RoleSpec(role="editor", skills=["editing"], count=3, start=start, end=start)],
    )
    app.pitch_project(director, project_id)
    return project_id, next(iter(app.project(project_id).roles))


def _history(app):
    """Two films by one director: on each, three editors hired, two decline an invitation,
    one is turned down after applying. The strongest editors (level 5) are the ones hired."""
    director = sign_up(app, "dir@example.com", "director", university="karts")
    editors = [sign_up(app, f"ed{i}@example.com", "crew", university="cau") for i in range(12)]
    for i, editor in enumerate(editors):
        app.claim_skill(editor, skill="editing", level=5 if i % 2 == 0 else 2)
    for n, start in enumerate((date(2026, 6, 1), date(2026, 9, 1))):
        project_id, role_id = _crewing(app, director, f"Ferry {n}", start)
        people = editors[6 * n : 6 * n + 6]
        for editor in people[3:5]:  # declined
            invitation = app.invite(director, project_id, role_id, editor.actor)
            app.decline_invitation(editor, invitation)
        application = app.apply_to_role(people[5], project_id, role_id, "I am free")
        app.reject_application(director, application, "the role went to others")
        for editor in people[:3]:  # hired
            invitation = app.invite(director, project_id, role_id, editor.actor)
            app.accept_invitation(editor, invitation)
    return director, project_id, role_id


def test_gather_outcomes_reads_each_decision_with_features_known_before_it(filmhouse):
    _history(filmhouse)
    recorder = gather(filmhouse)
    assert [o.hired for o in recorder.outcomes] == ([False] * 3 + [True] * 3) * 2
    positions = [o.position for o in recorder.outcomes]
    assert positions == sorted(positions)
    # read before the decision: had a hire been applied first, the editor would share that
    # film with the director (repeat 1); before it, none of them has worked with the director
    assert all(row[0] == 0.0 for row in recorder.rows)


def test_retrain_below_the_threshold_keeps_the_offline_weights(filmhouse):
    _history(filmhouse)
    projector = Projector(filmhouse, all_views())
    result = retrain_from_log(filmhouse, projector.db)  # 12 decisions: far too few
    assert (result.outcomes, result.positives, result.negatives) == (12, 6, 6)
    assert result.model is None
    with projector.db.read() as tx:
        assert model(tx) == default_model()


def test_retrain_stores_a_deterministic_model_that_recommend_then_uses(app):
    """On SQLite and PostgreSQL (the `app` fixture runs both)."""
    director, project_id, role_id = _history(app)
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    first = retrain_from_log(app, projector.db, min_outcomes=10, min_each=3)
    second = retrain_from_log(app, projector.db, min_outcomes=10, min_each=3)
    assert first.model is not None and first.model.to_json() == second.model.to_json()
    assert first.held_out == 2 and first.model != default_model()
    with projector.db.read() as tx:
        assert tx.scalar(f"SELECT COUNT(*) FROM {TABLE}") == 2
        assert model(tx) == first.model
        feeder = GraphFeeder(app)
        found = recommend(
            tx, feeder, project_id=project_id, role_id=role_id, exclude={director.actor}, limit=20
        )
    graph = feeder.graph
    query = RoleQuery.for_open_role(graph, project_id.hex, role_id.hex)
    expected = {
        m.member_id: round(m.score, 4)
        for m in recommend_crew(graph, query, k=40, model=first.model)
    }
    offline = {m.member_id: round(m.score, 4) for m in recommend_crew(graph, query, k=40)}
    assert found and {r.member_id.hex: r.score for r in found}.items() <= expected.items()
    assert expected != offline


def test_cli_match_retrain_prints_what_it_trained_on(filmhouse, sqlite_url, monkeypatch, capsys):
    _history(filmhouse)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("FILMHOUSE_SECRET", SECRET.decode())
    assert main(["match", "retrain", "--min-outcomes", "10", "--min-each", "3"]) == 0
    out = capsys.readouterr().out
    assert "outcomes 12: 6 hires (positive), 6 declines or rejections (negative)" in out
    assert "held out: the latest 2; ROC AUC retrained" in out
    assert main(["match", "retrain"]) == 0
    assert "too few to retrain (needs 200 with at least 20 of each)" in capsys.readouterr().out
