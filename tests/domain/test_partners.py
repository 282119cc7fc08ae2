"""Partner organisations: registration, the centre's verification and interest (following:
test_follows.py; the profile: test_partner_profile.py).
Given events, when a command, then events (or this error)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from uuid import UUID

import pytest

from domain.context import SYSTEM, Context
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.member import EmailIndex, Member
from domain.partner import Partner, PartnerStatus, Representation, business_number
from domain.vocabulary import PartnerKind, ProjectFormat, Role

SAMSUNG_BRN = "124-81-00998"  # a real, published number with a right check digit


def brn(prefix: str) -> str:
    """A business registration number with a right check digit, from nine digits."""
    digits = [int(c) for c in prefix]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True))
    total += digits[8] * 5 // 10
    return business_number(prefix + str((10 - total % 10) % 10))


def member(app, email: str, *roles: str) -> Context:
    """A member through the real write path, without an argon2 hash per test (sign-up itself is
    covered by the member tests)."""
    key = app.email_key(email)
    registered = Member.register(
        email=email, name=email.split("@")[0].title(), password_hash="-",
        roles=[Role(r) for r in roles], university_id=None, email_key=key,
    )  # fmt: skip
    app._save(SYSTEM, registered, EmailIndex.claim(key, registered.id))
    return Context(registered.id)


def register(app, ctx: Context, number: str = SAMSUNG_BRN, **overrides) -> UUID:
    fields = {"name": "Lotus Pictures", "kind": "production_company",
              "business_number": number, "website": "https://lotus.example.com"}  # fmt: skip
    fields.update(overrides)
    return app.register_partner(ctx, **fields)


def verified_partner(
    app, admin: Context, email: str = "scout@lotus.example", number: str = SAMSUNG_BRN,
    name: str = "Lotus Pictures",
) -> Context:  # fmt: skip
    ctx = member(app, email, "partner")
    app.verify_partner(admin, register(app, ctx, number, name=name))
    return ctx


def pitched_project(app, director: Context, **overrides) -> UUID:
    fields = {
        "title": "Night Bus",
        "logline": "A driver and the last passenger of the night.",
        "genres": ["drama"],
        "format": ProjectFormat.SHORT,
        "budget_krw": 8_000_000,
        "shoot_start": date(2026, 5, 1),
        "shoot_end": date(2026, 5, 10),
    }
    fields.update(overrides)
    project_id = app.create_project(director, **fields)
    app.pitch_project(director, project_id)
    return project_id


def events_of(app, aggregate_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregate_id)]


# -- registration ---------------------------------------------------------------------------


def test_register_partner_by_partner_member_is_pending(app):
    ctx = member(app, "scout@lotus.example", "partner")
    partner_id = register(app, ctx, "1248100998")
    partner = app.partner(partner_id)
    assert partner.status is PartnerStatus.PENDING
    assert partner.kind is PartnerKind.PRODUCTION_COMPANY
    assert partner.business_number == SAMSUNG_BRN
    assert partner.representative_id == ctx.actor
    assert app.partner_of(ctx.actor).id == partner_id
    assert events_of(app, Representation.id_for(ctx.actor)) == ["Appointed"]


def test_register_partner_by_director_is_forbidden(app):
    ctx = member(app, "mina@example.com", "director")
    with pytest.raises(Forbidden):
        register(app, ctx)
    assert app.partner_of(ctx.actor) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("business_number", "124-81-00997"),  # wrong check digit
        ("business_number", "124-81-0099"),
        ("business_number", "124-8I-00998"),
        ("kind", "broadcaster"),
        ("name", ""),
        ("website", "lotus.example.com"),
    ],
)
def test_register_partner_with_malformed_input_is_invalid(app, field, value):
    ctx = member(app, "scout@lotus.example", "partner")
    with pytest.raises(Invalid):
        register(app, ctx, **{field: value})
    assert not app.exists(Partner.id_for(SAMSUNG_BRN))


def test_register_partner_with_taken_business_number_is_conflict(app):
    register(app, member(app, "first@lotus.example", "partner"))
    other = member(app, "second@lotus.example", "partner")
    with pytest.raises(Conflict, match="already registered"):
        register(app, other, name="Lotus Pictures Co.")
    assert app.partner_of(other.actor) is None


def test_register_partner_while_representing_another_is_conflict(app):
    ctx = member(app, "scout@lotus.example", "partner")
    register(app, ctx)
    with pytest.raises(Conflict, match="one organisation"):
        register(app, ctx, brn("220810123"), name="Second Co.")


def test_register_partner_after_rejection_with_same_number_is_pending_again(app, admin):
    ctx = member(app, "scout@lotus.example", "partner")
    partner_id = register(app, ctx, name="Lotus")
    app.reject_partner(admin, partner_id, "the name does not match the registration certificate")
    register(app, ctx, name="Lotus Pictures Co., Ltd.")
    partner = app.partner(partner_id)
    assert partner.status is PartnerStatus.PENDING and partner.name == "Lotus Pictures Co., Ltd."
    assert events_of(app, partner_id) == ["Registered", "Rejected", "Resubmitted"]


def test_register_partner_after_rejection_with_new_number_moves_the_seat(app, admin):
    ctx = member(app, "scout@lotus.example", "partner")
    first = register(app, ctx)
    app.reject_partner(admin, first, "this number belongs to another company")
    second = register(app, ctx, brn("220810123"))
    assert app.partner_of(ctx.actor).id == second != first
    assert events_of(app, Representation.id_for(ctx.actor)) == ["Appointed", "Moved"]


def test_register_partner_rejected_company_by_its_real_representative_takes_it_over(app, admin):
    impostor = member(app, "impostor@example.com", "partner")
    partner_id = register(app, impostor)
    app.reject_partner(admin, partner_id, "not a representative of this company")
    real = member(app, "real@lotus.example", "partner")
    assert register(app, real) == partner_id
    assert app.partner_of(real.actor).id == partner_id
    assert app.partner_of(impostor.actor) is None


def test_register_partner_same_number_many_at_once_registers_once(app, request):
    members = [member(app, f"rep{i}@lotus.example", "partner") for i in range(10)]
    barrier = threading.Barrier(len(members))
    outcomes: list[str] = [""] * len(members)
    before = app.conflicts

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            register(app, members[i])
        except DomainError as error:
            outcomes[i] = type(error).__name__
        else:
            outcomes[i] = "registered"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(members))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts = Counter(outcomes)
    print(f"\n[register same company on {request.node.callspec.id}] attempts={len(members)} "
          f"outcomes={dict(counts)} retries={app.conflicts - before}")  # fmt: skip
    assert counts == {"registered": 1, "Conflict": len(members) - 1}
    winner = app.partner(Partner.id_for(SAMSUNG_BRN)).representative_id
    assert [m.actor for m in members if app.partner_of(m.actor)] == [winner]


# -- the centre's decision ------------------------------------------------------------------


def test_verify_partner_by_admin_verifies(app, admin):
    ctx = member(app, "scout@lotus.example", "partner")
    partner_id = register(app, ctx)
    app.verify_partner(admin, partner_id)
    assert app.partner(partner_id).verified
    assert events_of(app, partner_id) == ["Registered", "Verified"]


def test_verify_partner_by_partner_is_forbidden(app):
    ctx = member(app, "scout@lotus.example", "partner")
    partner_id = register(app, ctx)
    with pytest.raises(Forbidden):
        app.verify_partner(ctx, partner_id)
    assert app.partner(partner_id).status is PartnerStatus.PENDING


def test_verify_partner_twice_is_conflict(app, admin):
    ctx = member(app, "scout@lotus.example", "partner")
    partner_id = register(app, ctx)
    app.verify_partner(admin, partner_id)
    with pytest.raises(Conflict, match="already verified"):
        app.verify_partner(admin, partner_id)


def test_verify_partner_unknown_is_not_found(app, admin):
    with pytest.raises(NotFound):
        app.verify_partner(admin, Partner.id_for(SAMSUNG_BRN))


def test_reject_partner_records_the_reason(app, admin):
    partner_id = register(app, member(app, "scout@lotus.example", "partner"))
    app.reject_partner(admin, partner_id, "the certificate is for another company")
    partner = app.partner(partner_id)
    assert partner.status is PartnerStatus.REJECTED
    assert partner.reason == "the certificate is for another company"


def test_reject_partner_without_reason_is_invalid(app, admin):
    partner_id = register(app, member(app, "scout@lotus.example", "partner"))
    with pytest.raises(Invalid, match="reason"):
        app.reject_partner(admin, partner_id, "  ")
    assert app.partner(partner_id).status is PartnerStatus.PENDING


def test_reject_partner_verified_is_conflict(app, admin):
    ctx = verified_partner(app, admin)
    with pytest.raises(Conflict, match="suspend"):
        app.reject_partner(admin, app.partner_of(ctx.actor).id, "changed our mind")


def test_suspend_partner_stops_it_acting_and_verify_reinstates(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id
    director = member(app, "mina@example.com", "director")
    app.suspend_partner(admin, partner_id, "posted unpaid work as paid")
    project_id = pitched_project(app, director)
    with pytest.raises(Forbidden, match="suspended: posted unpaid work as paid"):
        app.register_interest(ctx, project_id)
    app.verify_partner(admin, partner_id)
    app.register_interest(ctx, project_id)
    assert list(app.partner(partner_id).interests) == [project_id]


# -- interest and following -----------------------------------------------------------------


def test_register_interest_by_verified_partner_records_note(app, admin):
    ctx = verified_partner(app, admin)
    director = member(app, "mina@example.com", "director")
    project_id = pitched_project(app, director)
    app.register_interest(ctx, project_id, "We would like to see a cut in June.")
    partner = app.partner_of(ctx.actor)
    assert partner.interests == {project_id: "We would like to see a cut in June."}
    assert events_of(app, partner.id)[-1] == "InterestRegistered"


def test_register_interest_by_pending_partner_is_forbidden(app):
    ctx = member(app, "scout@lotus.example", "partner")
    register(app, ctx)
    project_id = pitched_project(app, member(app, "mina@example.com", "director"))
    with pytest.raises(Forbidden, match="waiting for the centre to verify"):
        app.register_interest(ctx, project_id, "Interested")
    assert app.partner_of(ctx.actor).interests == {}


def test_register_interest_by_member_without_organisation_is_forbidden(app):
    ctx = member(app, "scout@lotus.example", "partner")
    project_id = pitched_project(app, member(app, "mina@example.com", "director"))
    with pytest.raises(Forbidden, match="register your organisation first"):
        app.register_interest(ctx, project_id)


def test_register_interest_in_draft_project_is_conflict(app, admin):
    ctx = verified_partner(app, admin)
    director = member(app, "mina@example.com", "director")
    project_id = app.create_project(
        director, title="Draft", logline="Not yet.", genres=[], format=ProjectFormat.SHORT,
        budget_krw=0, shoot_start=date(2026, 5, 1), shoot_end=date(2026, 5, 2),
    )  # fmt: skip
    with pytest.raises(Conflict, match="not been pitched"):
        app.register_interest(ctx, project_id)
    assert app.partner_of(ctx.actor).interests == {}


def test_register_interest_twice_is_conflict(app, admin):
    ctx = verified_partner(app, admin)
    project_id = pitched_project(app, member(app, "mina@example.com", "director"))
    app.register_interest(ctx, project_id, "first")
    with pytest.raises(Conflict, match="already registered"):
        app.register_interest(ctx, project_id, "second")
    assert app.partner_of(ctx.actor).interests == {project_id: "first"}


def test_withdraw_interest_removes_it(app, admin):
    ctx = verified_partner(app, admin)
    project_id = pitched_project(app, member(app, "mina@example.com", "director"))
    app.register_interest(ctx, project_id)
    app.withdraw_interest(ctx, project_id)
    assert app.partner_of(ctx.actor).interests == {}
    with pytest.raises(Conflict, match="no interest"):
        app.withdraw_interest(ctx, project_id)
