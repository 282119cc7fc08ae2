"""Hiring under concurrency, on both databases: a role is never over-filled, and nobody is hired
into two projects whose shoots overlap, however many requests arrive at the same moment.

Each test starts its threads on a Barrier so that the load-decide-save closures really overlap,
and prints the attempts, successes, refusals and optimistic-concurrency retries
(`app.conflicts`); run with `-s` to see them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from domain.commitments import DatesClash
from domain.crew_application import ApplicationStatus
from domain.errors import DomainError
from domain.invitation import InvitationStatus
from domain.project_parts import RoleFull, RoleSpec
from tests.domain.test_projects import draft, sign_up

THREADS = 12
SEATS = 3
DIRECTORS = 8


def race(calls: list[Callable[[], None]]) -> list[str]:
    """Run the calls at once, one thread each; return each call's outcome by name."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = ["unfinished"] * len(calls)

    def run(index: int, call: Callable[[], None]) -> None:
        barrier.wait(timeout=30)
        try:
            call()
        except DomainError as error:
            outcomes[index] = type(error).__name__
        else:
            outcomes[index] = "hired"

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def report(name: str, database: str, outcomes: list[str], retries: int) -> None:
    counts = Counter(outcomes)
    print(
        f"\n[{name} on {database}] attempts={len(outcomes)} successes={counts['hired']} "
        f"refusals={dict((k, v) for k, v in counts.items() if k != 'hired')} retries={retries}"
    )


def test_accept_invitation_many_at_once_never_overfills_role(app, request):
    director = sign_up(app, "mina@example.com", "director")
    project_id = draft(app, director, roles=[
        RoleSpec(role="grip", skills=(), count=SEATS, start=date(2026, 5, 1), end=date(2026, 5, 10))
    ])  # fmt: skip
    app.pitch_project(director, project_id)
    role_id = next(iter(app.project(project_id).roles))
    crew = [sign_up(app, f"grip{n}@example.com", "crew") for n in range(THREADS)]
    invitations = [app.invite(director, project_id, role_id, m.actor) for m in crew]
    before = app.conflicts

    outcomes = race([
        (lambda m=member, i=invitation: app.accept_invitation(m, i))
        for member, invitation in zip(crew, invitations, strict=True)
    ])  # fmt: skip

    report("12 accept a 3-seat role", request.node.callspec.id, outcomes, app.conflicts - before)
    assert Counter(outcomes) == {"hired": SEATS, RoleFull.__name__: THREADS - SEATS}
    hired = app.project(project_id).roles[role_id].hired
    assert len(hired) == SEATS == len(set(hired))
    winners = {m.actor for m, outcome in zip(crew, outcomes, strict=True) if outcome == "hired"}
    assert set(hired) == winners
    for member, invitation in zip(crew, invitations, strict=True):
        commitments = app.commitments_of(member.actor)
        engaged = commitments is not None and project_id in commitments.engagements
        assert engaged == (member.actor in winners)
        accepted = app.invitation(invitation).status is InvitationStatus.ACCEPTED
        assert accepted == (member.actor in winners)


def test_accept_application_by_several_directors_at_once_hires_member_once(app, request):
    crew = sign_up(app, "kim@example.com", "crew")
    applications = []
    for n in range(DIRECTORS):
        director = sign_up(app, f"director{n}@example.com", "director")
        start = date(2026, 5, 1) + timedelta(days=n % 3)
        project_id = draft(app, director, shoot_start=start, shoot_end=start + timedelta(days=7))
        app.pitch_project(director, project_id)
        role_id = next(iter(app.project(project_id).roles))
        applications.append((director, app.apply_to_role(crew, project_id, role_id, "hi")))
    before = app.conflicts

    outcomes = race([
        (lambda d=director, a=application: app.accept_application(d, a))
        for director, application in applications
    ])  # fmt: skip

    report("8 directors hire one member", request.node.callspec.id, outcomes,
           app.conflicts - before)  # fmt: skip
    assert Counter(outcomes) == {"hired": 1, DatesClash.__name__: DIRECTORS - 1}
    commitments = app.commitments_of(crew.actor)
    assert commitments is not None and len(commitments.engagements) == 1
    [engaged_project] = commitments.engagements
    for (_, application_id), outcome in zip(applications, outcomes, strict=True):
        application = app.crew_application(application_id)
        project = app.project(application.project_id)
        hired = crew.actor in project.roles[application.role_id].hired
        assert hired == (outcome == "hired") == (application.project_id == engaged_project)
        assert (application.status is ApplicationStatus.ACCEPTED) == hired
