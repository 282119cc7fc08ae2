"""`filmhouse replay --what-if fund` shares the what-if page's replay: the fund's own rule
changes nothing, a lower cap names who loses."""

from __future__ import annotations

import json

import pytest

from domain.clock import SettableClock
from domain.vocabulary import ReasonCode
from projections.log.eventstore import open_application
from tests.conftest import START, sign_up
from tests.domain.test_subsidies import apply, make_project, open_fund
from web.cli import main
from web.settings import Settings


@pytest.fixture
def decided_fund(tmp_path, monkeypatch):
    """Given a fund (cap 3,000,000) with one grant of 3,000,000 and one application undecided."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FILMHOUSE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite")
    monkeypatch.setenv("FILMHOUSE_SECRET", "cli-test-secret-cli-test-secret")
    settings = Settings.from_env()
    app = open_application(
        settings.database_url, secret=settings.secret, clock_=SettableClock(START)
    )
    app.seed_universities()
    from domain.context import Context

    admin = Context(
        app.create_admin(email="boss@filmhouse.test", password="a-long-password", name="Boss")
    )
    fund_id = open_fund(app, admin)
    reviewer = sign_up(app, "rev@example.com", "crew", university="cau")
    granted = sign_up(app, "lee@example.com", "director", university="karts")
    waiting = sign_up(app, "oh@example.com", "director", university="karts")
    application = apply(
        app,
        fund_id,
        granted,
        make_project(app, granted),
        amount=3_000_000,
        breakdown=[{"item": "camera", "amount_krw": 3_000_000}],
    )
    apply(app, fund_id, waiting, make_project(app, waiting, title="Salt"))
    app.assign_reviewer(admin, application, reviewer.actor)
    app.review_application(reviewer, application, score=4, comment="Good.")
    app.decide_subsidy(
        admin,
        application,
        approve=True,
        amount_krw=3_000_000,
        reason_code=ReasonCode.MEETS_CRITERIA,
        reason="Strong.",
    )
    app.close()
    return fund_id, granted.actor


def test_replay_what_if_fund_under_its_own_rule_changes_nothing(decided_fund, capsys):
    fund_id, _granted = decided_fund
    assert main(["replay", "--what-if", "fund", "--fund", str(fund_id)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["gained"], result["lost"]) == (0, 0)
    assert sorted(o["note"] for o in result["outcomes"]) == ["as_decided", "undecided"]


def test_replay_what_if_fund_with_a_lower_cap_names_the_loser(decided_fund, capsys):
    fund_id, granted = decided_fund
    assert main(["replay", "--what-if", "fund", "--fund", str(fund_id), "--cap", "1000000"]) == 0
    result = json.loads(capsys.readouterr().out)
    (lost,) = [o for o in result["outcomes"] if o["change"] < 0]
    assert (lost["subject_id"], lost["actual"], lost["proposed"]) == (
        str(granted),
        3_000_000,
        1_000_000,
    )
    assert result["gained"] == 0
