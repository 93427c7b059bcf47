"""Metric-only baselines from the RCA literature, so every accuracy report shows Rootline
beside them on the same cases.

- random: a uniformly random ranking, scored by its expected value (AC@k = k / services).
- N-Sigma: each series is standardized by the mean and standard deviation of the window before
  the fault; its score is the largest z after it (as in RCAEval's nsigma).
- BARO (Pham et al., FSE 2024), its robust scorer: the same with the median and the
  inter-quartile range, which outliers in the baseline window cannot inflate.

A service ranks by its best series; a zero scale counts as 1 (as scikit-learn's scalers do),
and series constant over the whole case are dropped, as RCAEval's preprocessing does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from incident_app.correlation.types import Series

Scale = Callable[[np.ndarray], tuple[float, float]]  # normal window -> (center, scale)


def _nsigma(normal: np.ndarray) -> tuple[float, float]:
    return float(normal.mean()), float(normal.std())


def _baro(normal: np.ndarray) -> tuple[float, float]:
    q25, median, q75 = np.percentile(normal, [25, 50, 75])
    return float(median), float(q75 - q25)


SCALERS: dict[str, Scale] = {"nsigma": _nsigma, "baro": _baro}


def series_scores(series: list[Series], inject: float, method: str) -> dict[str, float]:
    """The largest standardized value after `inject` for each `<service>_<metric>` column."""
    scale_of = SCALERS[method]
    scores = {}
    for s in series:
        data = np.asarray(s.points, dtype=float).reshape(-1, 2)
        values = data[:, 1]
        if len(values) == 0 or np.all(values == values[0]):
            continue
        normal, after = values[data[:, 0] < inject], values[data[:, 0] >= inject]
        if len(normal) == 0 or len(after) == 0:
            continue
        center, scale = scale_of(normal)
        scores[f"{s.service}_{s.metric}"] = float(((after - center) / (scale or 1.0)).max())
    return scores


def rank_services(series: list[Series], inject: float, method: str) -> list[str]:
    """Services ordered by their best-scoring series; services without a usable series last."""
    scores = series_scores(series, inject, method)
    service_of = {f"{s.service}_{s.metric}": s.service for s in series}
    ranked: list[str] = []
    for column in sorted(scores, key=lambda c: (-scores[c], c)):
        if service_of[column] not in ranked:
            ranked.append(service_of[column])
    return ranked + sorted({s.service for s in series} - set(ranked))


def random_expected(services: int, k: int) -> float:
    """AC@k of a uniformly random ranking of `services` services."""
    return min(k, services) / services if services else 0.0
