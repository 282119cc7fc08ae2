"""Members: sign-up, roles, affiliation, profile. Given events, when a command, then events."""

from __future__ import annotations

from datetime import date

import pytest

from domain.context import Context
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.member import EmailTaken, Member
from domain.university import NETWORK, University
from domain.vocabulary import Role
from tests.conftest import sign_up


def test_seed_universities_creates_the_23_once(app):
    assert app.seed_universities() == 0
    names = {app.university(University.id_for(slug)).name for slug, _, _ in NETWORK}
    assert len(names) == 23


def test_sign_up_with_director_role_records_registration(app):
    ctx = sign_up(app, "mina@example.com", "director", university="karts")
    member = app.member(ctx.actor)
    assert member.roles == frozenset({Role.DIRECTOR})
    assert member.name == "Mina"
    assert member.university_id == University.id_for("karts")
    assert not member.affiliation_verified


def test_sign_up_with_taken_email_is_refused(app):
    sign_up(app, "mina@example.com", "director")
    with pytest.raises(EmailTaken):
        sign_up(app, "MINA@example.com ", "crew")


def test_sign_up_with_staff_role_is_forbidden(app):
    with pytest.raises(Forbidden):
        sign_up(app, "eve@example.com", "admin")


@pytest.mark.parametrize(
    ("email", "password", "name", "roles"),
    [
        ("not-an-email", "a-long-password", "X", ["crew"]),
        ("x@example.com", "short", "X", ["crew"]),
        ("x@example.com", "a-long-password", "", ["crew"]),
        ("x@example.com", "a-long-password", "X" * 121, ["crew"]),
        ("x@example.com", "a-long-password", "X", []),
        ("x@example.com", "a-long-password", "X", ["wizard"]),
    ],
)
def test_sign_up_with_malformed_input_is_invalid(app, email, password, name, roles):
    with pytest.raises(Invalid):
        app.sign_up(Context(None), email=email, password=password, name=name, roles=roles)


def test_authenticate_with_right_and_wrong_password(app):
    ctx = sign_up(app, "mina@example.com", "director")
    assert app.authenticate("Mina@Example.com", "a-long-password") == ctx.actor
    assert app.authenticate("mina@example.com", "wrong-password") is None
    assert app.authenticate("nobody@example.com", "a-long-password") is None


def test_email_index_uses_keyed_hash_not_the_address(app):
    ctx = sign_up(app, "mina@example.com", "director")
    member = app.member(ctx.actor)
    assert "mina" not in member.email_key
    assert member.email_key == app.email_key("mina@example.com")
    import hashlib

    assert member.email_key != hashlib.sha256(b"mina@example.com").hexdigest()


def test_grant_role_by_admin_adds_role(app, admin):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.grant_role(admin, ctx.actor, "auditor")
    assert Role.AUDITOR in app.member(ctx.actor).roles


def test_grant_role_by_non_admin_is_forbidden(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Forbidden):
        app.grant_role(ctx, ctx.actor, "admin")


def test_grant_sign_up_role_is_invalid(app, admin):
    ctx = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid):
        app.grant_role(admin, ctx.actor, "director")


def test_grant_role_twice_conflicts(app, admin):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.grant_role(admin, ctx.actor, "coordinator")
    with pytest.raises(Conflict):
        app.grant_role(admin, ctx.actor, "coordinator")


def test_revoke_own_admin_role_conflicts(app, admin):
    with pytest.raises(Conflict):
        app.revoke_role(admin, admin.actor, "admin")


def test_verify_affiliation_by_coordinator_of_same_university(app, admin):
    coordinator = sign_up(app, "coord@example.com", "crew", university="cau")
    app.grant_role(admin, coordinator.actor, "coordinator")
    student = sign_up(app, "student@example.com", "director", university="cau")
    app.verify_affiliation(coordinator, student.actor)
    assert app.member(student.actor).affiliation_verified
    app.revoke_affiliation(coordinator, student.actor, "graduated in 2025")
    assert not app.member(student.actor).affiliation_verified


def test_verify_affiliation_by_coordinator_of_other_university_is_forbidden(app, admin):
    coordinator = sign_up(app, "coord@example.com", "crew", university="cau")
    app.grant_role(admin, coordinator.actor, "coordinator")
    student = sign_up(app, "student@example.com", "director", university="karts")
    with pytest.raises(Forbidden):
        app.verify_affiliation(coordinator, student.actor)


def test_verify_affiliation_without_university_conflicts(app, admin):
    student = sign_up(app, "student@example.com", "director")
    with pytest.raises(Conflict):
        app.verify_affiliation(admin, student.actor)


def test_record_registry_check_by_admin(app, admin):
    ctx = sign_up(app, "kim@example.com", "director")
    app.record_registry_check(admin, ctx.actor, "KOFIC-2024-0192", True)
    member = app.member(ctx.actor)
    assert (member.registry_id, member.registry_confirmed) == ("KOFIC-2024-0192", True)


def test_claim_skill_records_level(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.claim_skill(ctx, skill="Editing", level=4)
    assert app.member(ctx.actor).skills == {"editing": 4}


@pytest.mark.parametrize("level", [0, 6, "3", 2.5, True])
def test_claim_skill_with_level_out_of_range_is_invalid(app, level):
    ctx = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid):
        app.claim_skill(ctx, skill="editing", level=level)


def test_claim_skill_anonymous_is_forbidden(app):
    with pytest.raises(Forbidden):
        app.claim_skill(Context(None), skill="editing", level=3)


def test_claim_credit_and_profile_update(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.claim_credit(
        ctx, title="Night Bus", year=2024, role="Editor", link="https://example.com/night-bus"
    )
    app.update_profile(
        ctx,
        name="Kim Ji-woo",
        bio="Editor of shorts.",
        city="Seoul",
        languages=["ko", "en"],
        portfolio=["https://example.com/kim"],
    )
    member = app.member(ctx.actor)
    assert member.credits[0]["title"] == "Night Bus" and member.credits[0]["role"] == "editor"
    assert (member.name, member.city, member.languages) == ("Kim Ji-woo", "Seoul", ["ko", "en"])


def test_claim_credit_with_bad_link_is_invalid(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid):
        app.claim_credit(ctx, title="Night Bus", year=2024, role="editor", link="javascript:x")


def test_set_unavailable_marks_dates_busy(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.set_unavailable(ctx, [(date(2026, 4, 1), date(2026, 4, 10))])
    member = app.member(ctx.actor)
    assert not member.is_free(date(2026, 4, 5), date(2026, 4, 20))
    assert member.is_free(date(2026, 4, 11), date(2026, 4, 20))


def test_set_unavailable_backwards_period_is_invalid(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    with pytest.raises(Invalid):
        app.set_unavailable(ctx, [(date(2026, 4, 10), date(2026, 4, 1))])


def test_add_and_remove_one_away_period(app):
    ctx = sign_up(app, "kim@example.com", "crew")
    april = (date(2026, 4, 1), date(2026, 4, 10))
    app.add_unavailable(ctx, *april)
    assert app.member(ctx.actor).unavailable == [april]
    with pytest.raises(Conflict) as again:
        app.add_unavailable(ctx, *april)
    assert again.value.field == "start"
    app.remove_unavailable(ctx, *april)
    assert app.member(ctx.actor).unavailable == []
    with pytest.raises(Invalid) as gone:
        app.remove_unavailable(ctx, *april)
    assert gone.value.field == "start"


def test_sign_up_with_a_short_password_names_the_field(app):
    with pytest.raises(Invalid) as refused:
        app.sign_up(
            Context(None), email="kim@example.com", password="short", name="Kim", roles=["crew"]
        )
    assert refused.value.field == "password"


def test_accept_contact_then_withdraw(app):
    a = sign_up(app, "a@example.com", "crew")
    b = sign_up(app, "b@example.com", "director")
    app.accept_contact(a, b.actor)
    assert b.actor in app.member(a.actor).contacts
    with pytest.raises(Conflict):
        app.accept_contact(a, b.actor)
    app.withdraw_contact(a, b.actor)
    assert b.actor not in app.member(a.actor).contacts


def test_accept_contact_with_unknown_member_is_not_found(app):
    a = sign_up(app, "a@example.com", "crew")
    from uuid import uuid4

    with pytest.raises(NotFound):
        app.accept_contact(a, uuid4())


def test_personal_fields_are_encrypted_in_the_stored_log(app):
    ctx = sign_up(app, "mina@example.com", "director")
    stored = app.recorder.select_events(ctx.actor)
    assert b"mina@example.com" not in stored[0].state
    assert b"Mina" not in stored[0].state
    assert isinstance(app.member(ctx.actor), Member)


def test_every_event_is_stamped_with_actor_and_request(app, admin):
    ctx = sign_up(app, "kim@example.com", "crew")
    app.grant_role(Context(admin.actor, request_id="req-42"), ctx.actor, "auditor")
    last = app.recorder.select_events(ctx.actor)[-1]
    _, meta = app.mapper.decode(last)
    assert meta == {"actor": admin.actor.hex, "request": "req-42"}
