"""What the exposure rule reads of the exposure counts: each newcomer's appearances, all days
together, published at a flush and kept in memory in between (no query per recommendation)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from projections.projector.runner import Projector
from projections.views.exposure import ExposureCounter
from projections.views.projects import Projects
from tests.conftest import START, sign_up


@pytest.fixture
def projector(app):
    p = Projector(app, [Projects()])
    p.ensure()
    return p


def test_flush_publishes_each_newcomers_appearances_over_all_days(app, clock, projector):
    mina = sign_up(app, "mina@example.com", "crew").actor
    joon = sign_up(app, "joon@example.com", "crew").actor
    counter = ExposureCounter(projector.db)
    assert counter.shown_so_far().newcomers == {} and counter.epoch == 0
    counter.shown([mina, joon], newcomers={mina})
    counter.shown([mina], newcomers={mina})
    assert counter.shown_so_far().newcomers == {}  # counted, not yet written
    counter.flush()
    clock.set(START + timedelta(days=1))
    counter.shown([mina], newcomers={mina})
    counter.flush()
    so_far = counter.shown_so_far()
    assert so_far.newcomers == {mina.hex: 3} and so_far.epoch == counter.epoch == 2
    assert ExposureCounter(projector.db).shown_so_far().newcomers == {mina.hex: 3}


def test_a_full_batch_is_written_at_once_and_published_once_per_interval(app, projector):
    mina = sign_up(app, "mina@example.com", "crew").actor
    counter = ExposureCounter(projector.db, batch=1, seconds=3600)
    assert counter.shown_so_far().newcomers == {}
    counter.shown([mina], newcomers={mina})
    counter.shown([mina], newcomers={mina})
    assert counter.shown_so_far().newcomers == {} and counter.epoch == 0  # as published
    assert ExposureCounter(projector.db).shown_so_far().newcomers == {mina.hex: 2}  # written
    counter.flush()
    assert counter.shown_so_far().newcomers == {mina.hex: 2} and counter.epoch == 1
    counter.flush()  # nothing written since: the same counts, the same epoch
    assert counter.epoch == 1
