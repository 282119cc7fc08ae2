"""A partner's profile: what the organisation looks for, stated by its representative.
Given events, when a command, then events (or this error)."""

from __future__ import annotations

import pytest

from domain.errors import Forbidden, Invalid, NotFound
from domain.partner import Partner
from tests.domain.test_partners import brn, member, register, verified_partner

PROFILE = {
    "genres": ["drama", "thriller"],
    "formats": ["feature", "series"],
    "budget_min_krw": 50_000_000,
    "budget_max_krw": 2_000_000_000,
    "stages": ["development", "production"],
    "offers": ["co_production", "call_for_pitches"],
    "description": "Character-driven features from first-time directors.",
}


def stated(app, partner_id) -> list[Partner.ProfileStated]:
    return [e for e in app.events.get(partner_id) if isinstance(e, Partner.ProfileStated)]


def test_state_profile_by_representative_records_profile_stated(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    app.state_partner_profile(ctx, partner_id, **PROFILE)

    [event] = stated(app, partner_id)
    assert (event.genres, event.formats, event.stages, event.offers) == (
        ["drama", "thriller"],
        ["feature", "series"],
        ["development", "production"],
        ["co_production", "call_for_pitches"],
    )
    assert (event.budget_min_krw, event.budget_max_krw) == (50_000_000, 2_000_000_000)
    assert event.description == "Character-driven features from first-time directors."
    assert app.partner(partner_id).profile.genres == ("drama", "thriller")


def test_state_profile_again_replaces_it(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id
    app.state_partner_profile(ctx, partner_id, **PROFILE)

    app.state_partner_profile(ctx, partner_id, genres=["horror"], budget_max_krw=0)

    assert len(stated(app, partner_id)) == 2
    profile = app.partner(partner_id).profile
    assert (profile.genres, profile.formats, profile.budget_max_krw) == (("horror",), (), 0)


def test_state_profile_while_pending_is_allowed(app):
    ctx = member(app, "scout@north.example", "partner")
    partner_id = register(app, ctx, brn("220810000"), name="North Films")

    app.state_partner_profile(ctx, partner_id, **PROFILE)

    assert len(stated(app, partner_id)) == 1


def test_state_profile_with_budget_upside_down_is_invalid_on_budget_max(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    with pytest.raises(Invalid, match="upside down") as refused:
        app.state_partner_profile(
            ctx, partner_id, budget_min_krw=300_000_000, budget_max_krw=100_000_000
        )

    assert refused.value.field == "budget_max_krw"
    params = refused.value.params
    assert (params["budget_min_krw"].amount, params["budget_max_krw"].amount) == (
        300_000_000,
        100_000_000,
    )
    assert stated(app, partner_id) == []


def test_state_profile_with_no_upper_bound_takes_any_minimum(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    app.state_partner_profile(ctx, partner_id, budget_min_krw=300_000_000, budget_max_krw=0)

    assert app.partner(partner_id).profile.budget_min_krw == 300_000_000


def test_state_profile_with_negative_budget_is_invalid(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    with pytest.raises(Invalid) as refused:
        app.state_partner_profile(ctx, partner_id, budget_min_krw=-1)

    assert refused.value.field == "budget_min_krw"


def test_state_profile_with_unknown_genre_is_invalid_on_genres(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    with pytest.raises(Invalid, match="not on our list") as refused:
        app.state_partner_profile(ctx, partner_id, genres=["drama", "telenovela"])

    assert refused.value.field == "genres"
    assert refused.value.params["genre"] == "telenovela"


@pytest.mark.parametrize(
    ("field", "value"),
    [("formats", ["hologram"]), ("stages", ["retirement"]), ("offers", ["lunch"])],
)
def test_state_profile_with_unknown_choice_is_invalid_on_its_field(app, admin, field, value):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    with pytest.raises(Invalid) as refused:
        app.state_partner_profile(ctx, partner_id, **{field: value})

    assert refused.value.field == field


def test_state_profile_with_overlong_description_is_invalid(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id

    with pytest.raises(Invalid) as refused:
        app.state_partner_profile(ctx, partner_id, description="x" * 2001)

    assert refused.value.field == "description"


def test_state_profile_by_another_partner_is_forbidden(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id
    other = verified_partner(app, admin, "scout@north.example", brn("220810000"), "North Films")

    with pytest.raises(Forbidden, match="representative"):
        app.state_partner_profile(other, partner_id, **PROFILE)

    assert stated(app, partner_id) == []


def test_state_profile_by_a_director_is_forbidden(app, admin):
    ctx = verified_partner(app, admin)
    partner_id = app.partner_of(ctx.actor).id
    director = member(app, "mina@example.com", "director")

    with pytest.raises(Forbidden):
        app.state_partner_profile(director, partner_id, **PROFILE)


def test_state_profile_of_no_organisation_is_not_found(app, admin):
    ctx = verified_partner(app, admin)

    with pytest.raises(NotFound):
        app.state_partner_profile(ctx, member(app, "x@example.com", "crew").actor, **PROFILE)
