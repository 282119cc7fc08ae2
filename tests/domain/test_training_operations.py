"""A training's capacity and cancellation as staff run them. Given events, when a command, then
events (or this error). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from domain.errors import Conflict
from tests.domain.test_training import members, schedule


def test_capacity_below_the_enrolled_is_a_409_naming_both_numbers(app, admin):
    # Given a training of three seats, three members enrolled
    training_id = schedule(app, admin, capacity=3)
    for member in members(app, 3):
        app.enrol(member, training_id)
    # When staff ask for two seats, then a conflict carries both numbers
    with pytest.raises(Conflict) as refused:
        app.change_training_capacity(admin, training_id, 2)
    assert {k: refused.value.params[k] for k in ("enrolled_count", "capacity")} == {
        "enrolled_count": 3,
        "capacity": 2,
    }
    assert refused.value.field == "capacity"
    assert app.training(training_id).capacity == 3


def test_more_seats_promote_the_waitlist_in_the_order_it_joined(app, admin):
    # Given one seat, taken, and three members waiting in order
    training_id = schedule(app, admin, capacity=1)
    first, *waiting = members(app, 4)
    app.enrol(first, training_id)
    for member in waiting:
        app.enrol(member, training_id)
    # When staff add two seats
    app.change_training_capacity(admin, training_id, 3)
    # Then the first two who waited hold them; the third still waits
    training = app.training(training_id)
    assert set(training.enrolled) == {first.actor, waiting[0].actor, waiting[1].actor}
    assert list(training.waitlist) == [waiting[2].actor]


def test_a_cancelled_training_cannot_be_resized_or_cancelled_again(app, admin):
    training_id = schedule(app, admin, capacity=2)
    app.cancel_training(admin, training_id, "The room flooded.")
    with pytest.raises(Conflict, match="cancelled"):
        app.change_training_capacity(admin, training_id, 4)
    with pytest.raises(Conflict, match="cancelled"):
        app.cancel_training(admin, training_id, "Again.")
