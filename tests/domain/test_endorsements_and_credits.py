"""Endorsements of claimed skills, and verified credits confirmed by the director at wrap. Given
events, when a command, then events (or this error)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.context import Context
from domain.credit import Credits
from domain.endorsement import Endorsement
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.project_parts import RoleSpec
from tests.domain.test_projects import draft, events_of, sign_up

GRIP = RoleSpec(role="Grip", skills=(), count=2, start=date(2026, 5, 1), end=date(2026, 5, 10))
SOUND = RoleSpec(role="Sound Recordist", skills=(), count=1, start=date(2026, 5, 1),
                 end=date(2026, 5, 10))  # fmt: skip


@pytest.fixture
def kim(app) -> Context:
    member = sign_up(app, "kim@example.com", "crew")
    app.claim_skill(member, skill="AI Dubbing", level=4)
    return member


@pytest.fixture
def lee(app) -> Context:
    return sign_up(app, "lee@example.com", "crew", "director")


# -- endorse -----------------------------------------------------------------------------


def test_endorse_skill_claimed_by_another_member_records_given(app, kim, lee):
    endorsement_id = app.endorse_skill(lee, kim.actor, "ai dubbing")
    assert endorsement_id == Endorsement.id_for(lee.actor, kim.actor, "ai dubbing")
    assert events_of(app, endorsement_id) == ["Given"]
    endorsement = app.endorsement(lee.actor, kim.actor, "AI Dubbing")
    assert (endorsement.endorser_id, endorsement.member_id, endorsement.skill) == (
        lee.actor,
        kim.actor,
        "ai dubbing",
    )
    assert endorsement.active


def test_endorse_own_skill_is_invalid(app, kim):
    with pytest.raises(Invalid, match="own skills"):
        app.endorse_skill(kim, kim.actor, "ai dubbing")


def test_endorse_a_skill_not_claimed_is_conflict(app, kim, lee):
    with pytest.raises(Conflict, match="has not claimed generative previsualisation"):
        app.endorse_skill(lee, kim.actor, "generative previsualisation")
    assert app.endorsement(lee.actor, kim.actor, "generative previsualisation") is None


def test_endorse_the_same_skill_twice_is_conflict(app, kim, lee):
    app.endorse_skill(lee, kim.actor, "ai dubbing")
    with pytest.raises(Conflict, match="already endorse"):
        app.endorse_skill(lee, kim.actor, "AI dubbing ")
    assert events_of(app, Endorsement.id_for(lee.actor, kim.actor, "ai dubbing")) == ["Given"]


def test_endorse_by_two_members_records_two_endorsements(app, kim, lee):
    park = sign_up(app, "park@example.com", "partner")
    first = app.endorse_skill(lee, kim.actor, "ai dubbing")
    second = app.endorse_skill(park, kim.actor, "ai dubbing")
    assert first != second


def test_endorse_an_unknown_or_erased_member_is_not_found(app, kim, lee):
    with pytest.raises(NotFound):
        app.endorse_skill(lee, uuid4(), "ai dubbing")
    erased = app.member(kim.actor)
    erased.erase()
    app._save(kim, erased)
    with pytest.raises(NotFound):
        app.endorse_skill(lee, kim.actor, "ai dubbing")


def test_endorse_signed_out_is_forbidden(app, kim):
    with pytest.raises(Forbidden):
        app.endorse_skill(Context(None), kim.actor, "ai dubbing")


def test_endorse_many_at_once_collides_on_one_endorsement(app, kim, lee, request):
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    before = app.conflicts

    def endorse() -> None:
        barrier.wait(timeout=30)
        try:
            app.endorse_skill(Context(lee.actor), kim.actor, "ai dubbing")
        except DomainError as error:
            outcomes.append(type(error).__name__)
        else:
            outcomes.append("endorsed")

    threads = [threading.Thread(target=endorse) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    print(
        f"\n[8 duplicate endorsements on {request.node.callspec.id}] attempts=8 "
        f"outcomes={dict(Counter(outcomes))} app.conflicts={app.conflicts - before}"
    )
    assert Counter(outcomes) == {"endorsed": 1, "Conflict": 7}
    assert events_of(app, Endorsement.id_for(lee.actor, kim.actor, "ai dubbing")) == ["Given"]


# -- withdraw ----------------------------------------------------------------------------


def test_withdraw_endorsement_records_withdrawn(app, kim, lee):
    endorsement_id = app.endorse_skill(lee, kim.actor, "ai dubbing")
    app.withdraw_endorsement(lee, kim.actor, "ai dubbing")
    assert events_of(app, endorsement_id) == ["Given", "Withdrawn"]
    assert not app.endorsement(lee.actor, kim.actor, "ai dubbing").active


def test_withdraw_endorsement_twice_is_conflict(app, kim, lee):
    app.endorse_skill(lee, kim.actor, "ai dubbing")
    app.withdraw_endorsement(lee, kim.actor, "ai dubbing")
    with pytest.raises(Conflict):
        app.withdraw_endorsement(lee, kim.actor, "ai dubbing")


def test_withdraw_endorsement_never_given_is_not_found(app, kim, lee):
    with pytest.raises(NotFound):
        app.withdraw_endorsement(lee, kim.actor, "ai dubbing")


def test_endorse_again_after_withdrawing_records_renewed(app, kim, lee):
    endorsement_id = app.endorse_skill(lee, kim.actor, "ai dubbing")
    app.withdraw_endorsement(lee, kim.actor, "ai dubbing")
    assert app.endorse_skill(lee, kim.actor, "ai dubbing") == endorsement_id
    assert events_of(app, endorsement_id) == ["Given", "Withdrawn", "Renewed"]
    assert app.endorsement(lee.actor, kim.actor, "ai dubbing").active


# -- confirm crew at wrap ----------------------------------------------------------------


def crewed(app, director: Context, crew: list[Context], *, wrap: bool = True) -> UUID:
    """A project shot and wrapped with the crew hired as grips (the last as sound)."""
    project_id = draft(app, director, title="Night Bus", roles=[GRIP, SOUND])
    app.pitch_project(director, project_id)
    roles = {r.role: r.role_id for r in app.project(project_id).roles.values()}
    for n, member in enumerate(crew):
        role_id = roles["sound recordist"] if n == len(crew) - 1 else roles["grip"]
        app.accept_invitation(member, app.invite(director, project_id, role_id, member.actor))
    app.start_production(director, project_id)
    if wrap:
        app.wrap_project(director, project_id)
    return project_id


@pytest.fixture
def director(app) -> Context:
    return sign_up(app, "mina@example.com", "director")


@pytest.fixture
def crew(app) -> list[Context]:
    return [sign_up(app, f"crew{n}@example.com", "crew") for n in range(3)]


def test_confirm_crew_at_wrap_verifies_every_hired_member_in_one_write(app, director, crew):
    project_id = crewed(app, director, crew)
    head = app.recorder.max_notification_id()

    credited = app.confirm_crew_at_wrap(Context(director.actor, request_id="wrap-1"), project_id)

    assert sorted(credited) == sorted(m.actor for m in crew)
    notes = app.recorder.select_notifications(head + 1, 100)
    assert [n.topic.rsplit(".", 1)[-1] for n in notes] == ["Opened", "CreditVerified"] * 3
    assert {app.mapper.decode(n)[1]["request"] for n in notes} == {"wrap-1"}
    assert [n.id for n in notes] == list(range(head + 1, head + 7))
    grip = app.verified_credits_of(crew[0].actor).verified[project_id]
    sound = app.verified_credits_of(crew[2].actor).verified[project_id]
    assert grip == {
        "title": "Night Bus",
        "year": 2026,
        "role": "grip",
        "confirmed_by": director.actor,
    }
    assert sound["role"] == "sound recordist"


def test_confirm_crew_at_wrap_for_named_members_credits_only_them(app, director, crew):
    project_id = crewed(app, director, crew)
    assert app.confirm_crew_at_wrap(director, project_id, [crew[1].actor]) == [crew[1].actor]
    assert app.verified_credits_of(crew[0].actor) is None
    # the rest later: those already credited are skipped
    assert sorted(app.confirm_crew_at_wrap(director, project_id)) == sorted(
        [crew[0].actor, crew[2].actor]
    )
    assert events_of(app, Credits.id_for(crew[1].actor)) == ["Opened", "CreditVerified"]


def test_confirm_crew_at_wrap_again_is_conflict(app, director, crew):
    project_id = crewed(app, director, crew)
    app.confirm_crew_at_wrap(director, project_id)
    with pytest.raises(Conflict, match="already credited"):
        app.confirm_crew_at_wrap(director, project_id)
    with pytest.raises(Conflict, match="already verified"):
        app.confirm_crew_at_wrap(director, project_id, [crew[0].actor])


def test_confirm_crew_at_wrap_before_the_wrap_is_conflict(app, director, crew):
    project_id = crewed(app, director, crew, wrap=False)
    with pytest.raises(Conflict, match="in_production"):
        app.confirm_crew_at_wrap(director, project_id)
    assert all(app.verified_credits_of(m.actor) is None for m in crew)


def test_confirm_crew_at_wrap_of_a_cancelled_project_is_conflict(app, director, crew):
    project_id = crewed(app, director, crew, wrap=False)
    app.cancel_project(director, project_id, "the money fell through")
    with pytest.raises(Conflict, match="cancelled"):
        app.confirm_crew_at_wrap(director, project_id)


def test_confirm_crew_at_wrap_naming_someone_not_hired_is_conflict(app, director, crew):
    project_id = crewed(app, director, crew)
    outsider = sign_up(app, "outsider@example.com", "crew")
    with pytest.raises(Conflict, match="not hired"):
        app.confirm_crew_at_wrap(director, project_id, [crew[0].actor, outsider.actor])
    assert app.verified_credits_of(crew[0].actor) is None


def test_confirm_crew_at_wrap_skips_a_released_hire(app, director, crew):
    project_id = draft(app, director, roles=[GRIP, SOUND])
    app.pitch_project(director, project_id)
    grip = next(r.role_id for r in app.project(project_id).roles.values() if r.role == "grip")
    for member in crew[:2]:
        app.accept_invitation(member, app.invite(director, project_id, grip, member.actor))
    app.release_hire(director, project_id, grip, crew[1].actor, "moved abroad")
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    assert app.confirm_crew_at_wrap(director, project_id) == [crew[0].actor]
    assert app.verified_credits_of(crew[1].actor) is None


def test_confirm_crew_at_wrap_with_nobody_hired_is_conflict(app, director):
    project_id = draft(app, director)
    app.pitch_project(director, project_id)
    app.start_crewing(director, project_id)
    app.start_production(director, project_id)
    app.wrap_project(director, project_id)
    with pytest.raises(Conflict, match="nobody was hired"):
        app.confirm_crew_at_wrap(director, project_id)


def test_confirm_crew_at_wrap_by_another_director_is_forbidden(app, director, crew, lee):
    project_id = crewed(app, director, crew)
    with pytest.raises(Forbidden, match="only the project's director"):
        app.confirm_crew_at_wrap(lee, project_id)
    with pytest.raises(Forbidden):
        app.confirm_crew_at_wrap(crew[0], project_id)  # a crew member has no director role


def test_confirm_crew_at_wrap_of_an_unknown_project_is_not_found(app, director):
    with pytest.raises(NotFound):
        app.confirm_crew_at_wrap(director, uuid4())


def test_claimed_credits_stay_on_the_member_apart_from_verified_ones(app, director, crew):
    project_id = crewed(app, director, crew)
    app.claim_credit(crew[0], title="Night Bus", year=2026, role="grip")
    app.confirm_crew_at_wrap(director, project_id)
    claimed = app.member(crew[0].actor).credits
    assert [(c["title"], c["verified"]) for c in claimed] == [("Night Bus", False)]
    assert set(app.verified_credits_of(crew[0].actor).verified) == {project_id}
