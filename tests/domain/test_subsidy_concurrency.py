"""Concurrent decisions: approvals never exceed a fund's budget, and an application is decided
once, however many admins press the button at the same moment. Runs on both databases."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from uuid import UUID

import pytest

from domain.context import Context
from domain.errors import Busy, Conflict
from domain.fund import BudgetExhausted
from domain.subsidy import SubsidyApplication
from domain.subsidy_rules import AlreadyDecided
from tests.domain.test_subsidies import apply, make_project, open_fund, sign_up

THREADS = 16
AMOUNT = 1_000_000
BUDGET = 5_000_000


@pytest.fixture
def admin(app) -> Context:
    return sign_up(app, "admin@filmhouse.test")


def race(commands: list[Callable[[], object]]) -> list[str]:
    """Run the commands at once (released together by a barrier); name each one's outcome."""
    barrier = threading.Barrier(len(commands))
    outcomes: list[str] = [""] * len(commands)

    def run(i: int) -> None:
        barrier.wait()
        try:
            commands[i]()
            outcomes[i] = "ok"
        except Busy:
            outcomes[i] = "busy"
        except BudgetExhausted:
            outcomes[i] = "budget"
        except AlreadyDecided:
            outcomes[i] = "decided"
        except Conflict:
            outcomes[i] = "conflict"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(commands))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def applications(app, admin: Context, fund_id: UUID, count: int) -> list[UUID]:
    """Given: `count` directors, each with a project that applied to the fund for AMOUNT."""
    out = []
    for n in range(count):
        director = sign_up(app, f"director{n}@example.com", "director")
        project_id = make_project(app, director, title=f"Project {n}")
        out.append(
            apply(
                app,
                fund_id,
                director,
                project_id,
                amount=AMOUNT,
                breakdown=[{"item": "production", "amount_krw": AMOUNT}],
            )
        )
    return out


def test_decide_subsidy_concurrent_approvals_never_exceed_the_budget(app, admin, database_url):
    fund_id = open_fund(app, admin, budget_krw=BUDGET, cap_krw=AMOUNT)
    ids = applications(app, admin, fund_id, THREADS)
    retries_before = app.conflicts

    outcomes = race(
        [
            (
                lambda a=a: app.decide_subsidy(
                    admin,
                    a,
                    approve=True,
                    amount_krw=AMOUNT,
                    reason_code="meets_criteria",
                    reason="Fundable.",
                )
            )
            for a in ids
        ]
    )

    counts = Counter(outcomes)
    retries = app.conflicts - retries_before
    print(
        f"\n[{database_url.split(':')[0]}] approvals: attempts={THREADS} "
        f"successes={counts['ok']} refused_409={counts['budget']} busy={counts['busy']} "
        f"retries(app.conflicts)={retries}"
    )
    fund = app.fund(fund_id)
    assert fund.committed_krw == BUDGET
    assert counts == Counter({"ok": BUDGET // AMOUNT, "budget": THREADS - BUDGET // AMOUNT})
    approved = [a for a in ids if app.subsidy_application(a).decision is not None]
    assert len(approved) == BUDGET // AMOUNT
    assert sorted(fund.approvals) == sorted(approved)


def test_decide_subsidy_concurrently_on_one_application_decides_once(app, admin, database_url):
    fund_id = open_fund(app, admin, budget_krw=BUDGET, cap_krw=AMOUNT)
    (application_id,) = applications(app, admin, fund_id, 1)
    retries_before = app.conflicts
    threads = 8

    def decide(n: int) -> Callable[[], object]:
        if n % 2:
            return lambda: app.decide_subsidy(
                admin, application_id, approve=False, reason_code="other", reason=f"No ({n})."
            )
        return lambda: app.decide_subsidy(
            admin,
            application_id,
            approve=True,
            amount_krw=AMOUNT,
            reason_code="meets_criteria",
            reason=f"Yes ({n}).",
        )

    outcomes = race([decide(n) for n in range(threads)])

    counts = Counter(outcomes)
    retries = app.conflicts - retries_before
    print(
        f"\n[{database_url.split(':')[0]}] same application: attempts={threads} "
        f"successes={counts['ok']} refused_409={counts['decided']} busy={counts['busy']} "
        f"retries(app.conflicts)={retries}"
    )
    assert counts == Counter({"ok": 1, "decided": threads - 1})
    decisions = [
        e
        for e in app.repository.event_store.get(application_id)
        if type(e).__name__ in ("Approved", "Rejected")
    ]
    assert len(decisions) == 1
    application = app.subsidy_application(application_id)
    expected = AMOUNT if application.decision["approve"] else 0
    assert app.fund(fund_id).committed_krw == expected


def test_apply_for_subsidy_concurrently_for_one_project_creates_one_application(
    app, admin, database_url
):
    fund_id = open_fund(app, admin)
    director = sign_up(app, "director@example.com", "director")
    project_id = make_project(app, director)
    retries_before = app.conflicts
    threads = 8

    outcomes = race(
        [
            (
                lambda n=n: apply(
                    app,
                    fund_id,
                    director,
                    project_id,
                    amount=AMOUNT + n,
                    breakdown=[{"item": "production", "amount_krw": AMOUNT + n}],
                )
            )
            for n in range(threads)
        ]
    )

    counts = Counter(outcomes)
    retries = app.conflicts - retries_before
    print(
        f"\n[{database_url.split(':')[0]}] same project: attempts={threads} "
        f"successes={counts['ok']} refused_409={counts['conflict']} busy={counts['busy']} "
        f"retries(app.conflicts)={retries}"
    )
    assert counts == Counter({"ok": 1, "conflict": threads - 1})
    application = app.subsidy_application(SubsidyApplication.id_for(fund_id, project_id))
    assert application.submitted_version == 1
