"""Per-service before/after statistics from spans, and the two shift scores built on them.

Error shift: the after-start error count against a Laplace-smoothed before rate (a binomial
z for significance) times how many points the error rate rose (magnitude, 5 points ≈ 0.63).
Latency shift: robust z of the after median (and p90) against the before median and IQR,
times the relative growth (50% slower ≈ 0.63), on total or on exclusive (own) time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from analyzers._shared import grows, hill, quantiles, robust_scale
from analyzers.traces.graph import SpanFacts, TraceGraph

#: Binomial z that scores 0.5 before the magnitude weight.
ERROR_Z_HALF = 4.0
#: Robust latency z that scores 0.5 before the magnitude weight.
LATENCY_Z_HALF = 6.0
MIN_BEFORE, MIN_AFTER = 5, 3


@dataclass
class Window:
    spans: int = 0
    errors: int = 0
    origins: int = 0
    durations: list[float] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # of `durations`
    exclusive: list[float] = field(default_factory=list)


@dataclass
class ServiceTraces:
    before: Window = field(default_factory=Window)
    after: Window = field(default_factory=Window)
    failing: list[SpanFacts] = field(default_factory=list)  # after the start, time order
    origins: list[SpanFacts] = field(default_factory=list)  # after the start, time order
    waited_on: Counter[str] = field(default_factory=Counter)  # slow or unreached callees


def collect(graph: TraceGraph, start: float) -> dict[str, ServiceTraces]:
    stats: dict[str, ServiceTraces] = defaultdict(ServiceTraces)
    for fact in sorted(graph.facts, key=lambda f: f.span.time):
        s = fact.span
        entry = stats[s.service]
        window = entry.after if s.time >= start else entry.before
        window.spans += 1
        window.errors += s.error
        window.origins += fact.origin
        window.durations.append(s.duration_ms)
        window.times.append(s.time)
        if fact.blamed:
            entry.waited_on.update(fact.blamed)
        if not fact.missing_callees:  # else its "own" time was spent waiting on them
            window.exclusive.append(fact.exclusive_ms)
        if s.time >= start and s.error:
            entry.failing.append(fact)
            if fact.origin:
                entry.origins.append(fact)
    return dict(stats)


@dataclass(frozen=True)
class RateShift:
    score: float
    z: float
    rate_before: float
    rate_after: float


def rate_shift(k_before: int, n_before: int, k_after: int, n_after: int) -> RateShift:
    """How far `k_after` of `n_after` exceeds what the before rate predicts."""
    p0 = (k_before + 1) / (n_before + 2)
    z = (k_after - n_after * p0) / math.sqrt(max(n_after * p0 * (1 - p0), 1e-9))
    before = k_before / n_before if n_before else 0.0
    after = k_after / n_after if n_after else 0.0
    return RateShift(hill(z, ERROR_Z_HALF) * grows(after - before, 0.05), z, before, after)


@dataclass(frozen=True)
class LatencyShift:
    score: float
    z: float
    p50_before: float
    p95_before: float
    p50_after: float
    p95_after: float

    @property
    def growth_ms(self) -> float:
        return self.p50_after - self.p50_before


def latency_shift(before: list[float], after: list[float]) -> LatencyShift | None:
    """Score how much slower `after` is than `before` (ms); None with too few spans."""
    if len(before) < MIN_BEFORE or len(after) < MIN_AFTER:
        return None
    b10, b25, b50, b75, b90, b95 = quantiles(before, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)
    a50, a90, a95 = quantiles(after, 0.5, 0.9, 0.95)
    scale = robust_scale(b10, b25, b50, b75, b90, 0.05, 0.5)
    z = max((a50 - b50) / scale, 0.75 * (a90 - b90) / scale)
    rel = max((a50 - b50) / max(b50, 1.0), 0.75 * (a90 - b90) / max(b90, 1.0))
    return LatencyShift(hill(z, LATENCY_Z_HALF) * grows(rel, 0.5), z, b50, b95, a50, a95)
