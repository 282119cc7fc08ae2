"""Retraining the online ranker from outcomes in the order they were decided."""

from __future__ import annotations

import numpy as np

from matching.ranker import ONLINE_FEATURES, default_model, retrain


def _outcomes(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Hires go to candidates who worked with the director before (repeat > 0)."""
    rng = np.random.default_rng(seed)
    x = rng.gamma(1.0, 1.0, size=(n, len(ONLINE_FEATURES)))
    y = (rng.random(n) < 0.5).astype(np.int64)
    x[:, 0] = np.where(y == 1, rng.integers(1, 4, n), 0)
    x[:, 8] = 0.0  # a feature that never varies over these outcomes
    return x, y


def test_retrain_on_enough_outcomes_is_deterministic_and_beats_offline_weights() -> None:
    x, y = _outcomes(300)
    first, second = retrain(x, y, source="test"), retrain(x.copy(), y.copy(), source="test")
    assert first.model is not None and first.model == second.model
    assert (first.outcomes, first.held_out) == (300, 60)
    assert first.positives + first.negatives == 300
    assert first.auc_retrained is not None and first.auc_offline is not None
    assert first.auc_retrained > first.auc_offline
    assert np.isfinite(first.model.logit(x)).all()  # the constant feature scales to 1, not 0
    assert first.model != default_model()


def test_retrain_below_the_threshold_returns_no_model() -> None:
    x, y = _outcomes(150)
    result = retrain(x, y)
    assert result.model is None and result.auc_retrained is None
    assert result.outcomes == 150
    only_hires = retrain(x, np.ones(150, dtype=np.int64), min_outcomes=10)
    assert only_hires.model is None and only_hires.negatives == 0


def test_retrain_that_ranks_held_out_decisions_worse_keeps_the_offline_weights() -> None:
    """Early decisions hire strangers; the latest (held out) hire past collaborators again."""
    x, y = _outcomes(300)
    x[:240, 0] = np.where(y[:240] == 1, 0, 3)
    result = retrain(x, y)
    assert result.auc_retrained is not None and result.auc_offline is not None
    assert result.auc_retrained < result.auc_offline
    assert result.model is None
