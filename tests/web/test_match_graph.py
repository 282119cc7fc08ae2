"""The recommender's graph follows the log incrementally, and the product asks it for crew."""

from __future__ import annotations

from datetime import date

from domain.project_parts import RoleSpec
from domain.vocabulary import ProjectFormat
from projections.graph.feeder import GraphFeeder
from projections.projector.catalogue import all_views
from projections.projector.runner import Projector
from projections.views.exposure import ExposureCounter, exposure_fairness
from tests.conftest import sign_up
from web.recommend import recommend


def _project(app, director):
    project_id = app.create_project(
        director,
        title="Night Ferry",
        logline="Two deckhands keep the last ferry running.",
        genres=["drama"],
        format=ProjectFormat.SHORT,
        budget_krw=20_000_000,
        shoot_start=date(2026, 6, 1),
        shoot_end=date(2026, 6, 7),
        roles=[
            RoleSpec(
                role="cinematographer",
                skills=["cinematography", "lighting"],
                count=1,
                start=date(2026, 6, 1),
                end=date(2026, 6, 7),
            )
        ],
    )
    app.pitch_project(director, project_id)
    return project_id, next(iter(app.project(project_id).roles))


def test_feeder_applies_only_new_events_and_recommends_with_reasons(app):
    director = sign_up(app, "dir@example.com", "director", university="karts")
    strong = sign_up(app, "strong@example.com", "crew", university="cau")
    weak = sign_up(app, "weak@example.com", "crew", university="hanyang")
    app.claim_skill(strong, skill="cinematography", level=5)
    app.claim_skill(strong, skill="lighting", level=4)
    app.claim_skill(weak, skill="lighting", level=2)
    project_id, role_id = _project(app, director)
    projector = Projector(app, all_views())
    projector.ensure()
    projector.catch_up_all()
    feeder = GraphFeeder(app)
    assert feeder.catch_up() > 0
    assert feeder.catch_up() == 0  # nothing new: nothing re-applied
    exposure = ExposureCounter(projector.db, batch=1)
    with projector.db.read() as tx:
        found = recommend(
            tx,
            feeder,
            project_id=project_id,
            role_id=role_id,
            exclude={director.actor},
            exposure=exposure,
        )
    assert [r.member_id for r in found][:2] == [strong.actor, weak.actor]
    assert any("cinematography" in reason for reason in found[0].reasons)
    app.claim_skill(weak, skill="cinematography", level=5)
    app.claim_skill(weak, skill="lighting", level=5)
    assert feeder.catch_up() == 2
    rebuilt = GraphFeeder(app)
    rebuilt.catch_up()
    with projector.db.read() as tx:
        again = recommend(
            tx, feeder, project_id=project_id, role_id=role_id, exclude={director.actor}
        )
        fresh = recommend(
            tx, rebuilt, project_id=project_id, role_id=role_id, exclude={director.actor}
        )
        assert [(r.member_id, r.score) for r in again] == [(r.member_id, r.score) for r in fresh]
        shown = {line.group: line.shown for line in exposure_fairness(tx)}
    assert shown["Newcomers"] >= 2
    assert shown["Chung-Ang University"] == 1


def test_reasons_read_in_korean_on_korean_pages():
    from web import i18n
    from web.recommend import in_words

    token = i18n._current.set("ko")
    try:
        assert in_words("claims editing (level 4)") == "편집 가능 (본인 평가 4단계)"
        assert in_words("free on the shoot dates") == "촬영 기간에 참여 가능"
        assert in_words("something the engine said") == "something the engine said"
    finally:
        i18n._current.reset(token)
    assert in_words("claims editing (level 4)") == "claims editing (level 4)"


def test_counted_reasons_take_the_plural_of_their_count():
    from web import i18n
    from web.partner_recommend import in_words as bridge_words
    from web.recommend import in_words

    i18n.load()
    token = i18n._current.set("en")
    try:
        assert in_words("1 film as editor") == "1 film as editor"
        assert in_words("4 films as editor") == "4 films as editor"
        assert bridge_words("romance, like 1 project you picked") == (
            "romance, like 1 project you picked"
        )
        assert bridge_words("from a university whose directors you picked 3 times") == (
            "from a university whose directors you picked 3 times"
        )
    finally:
        i18n._current.reset(token)
