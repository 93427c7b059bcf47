"""Baselines on tiny hand-made cases whose answers are known."""

from __future__ import annotations

import numpy as np

from incident_app.correlation.types import Series
from incident_app.rca.baselines import random_expected, rank_services, series_scores

INJECT = 1000.0
TIMES = np.arange(0.0, 1600.0, 10.0)


def _series(service: str, metric: str, values: np.ndarray) -> Series:
    return Series(service, metric, tuple(zip(TIMES.tolist(), values.tolist(), strict=True)))


def _noise(seed: int, level: float = 10.0, sd: float = 1.0) -> np.ndarray:
    return level + sd * np.random.default_rng(seed).standard_normal(len(TIMES))


def test_a_clear_spike_after_the_start_ranks_first_for_both() -> None:
    spiky = _noise(1)
    spiky[TIMES >= INJECT] += 8.0
    series = [_series("calm", "cpu", _noise(2)), _series("hit", "latency", spiky)]
    for method in ("nsigma", "baro"):
        assert rank_services(series, INJECT, method) == ["hit", "calm"]


def test_an_outlier_in_the_baseline_fools_nsigma_but_not_baro() -> None:
    """One huge sample before the start inflates the standard deviation, so N-Sigma sees the
    later shift as ordinary; the median and IQR are not moved by it."""
    shifted = _noise(3)
    shifted[TIMES == 500.0] = 500.0
    shifted[TIMES >= INJECT] += 6.0
    other = _noise(4)
    other[TIMES == 1200.0] += 4.0  # a modest blip after the start
    series = [_series("shifted", "error", shifted), _series("other", "cpu", other)]
    assert rank_services(series, INJECT, "nsigma")[0] == "other"
    assert rank_services(series, INJECT, "baro")[0] == "shifted"


def test_constant_columns_are_dropped_and_a_zero_scale_counts_as_one() -> None:
    flat = np.zeros(len(TIMES))
    counter = np.where(TIMES >= INJECT, 3.0, 0.0)
    series = [_series("a", "requests", flat + 5.0), _series("b", "restarts", counter)]
    scores = series_scores(series, INJECT, "baro")
    assert scores == {"b_restarts": 3.0}
    assert rank_services(series, INJECT, "baro") == ["b", "a"]  # no usable series: last


def test_random_expected_value() -> None:
    assert random_expected(4, 1) == 0.25
    assert random_expected(4, 5) == 1.0
    assert random_expected(0, 1) == 0.0
