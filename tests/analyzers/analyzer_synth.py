"""Synthetic telemetry for the analyzer tests: seeded noisy baselines with injected faults,
and a small call graph (frontend -> checkout -> payment, checkout -> cart) for traces."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np

from incident_app.correlation.types import AnalysisContext, Finding, Series, ServiceTarget, Span

START = 1_700_000_000.0
BEFORE, AFTER, STEP = 1800.0, 600.0, 15.0
SERVICES = (*(f"svc-{i:02d}" for i in range(11)), "payment")
METRICS = {  # metric -> (level, noise sd)
    "cpu": (0.35, 0.04),
    "mem": (512.0, 12.0),
    "latency-90": (0.120, 0.015),
    "error": (0.004, 0.002),
    "requests": (220.0, 15.0),
    "db-connections": (12.0, 2.0),
    "diskio": (3.0, 0.6),
    "netrx": (900.0, 60.0),
    "restarts": (0.0, 0.0),
}


def context(services: tuple[str, ...] = SERVICES, start: float = START) -> AnalysisContext:
    def at(ts: float) -> datetime:
        return datetime.fromtimestamp(ts, tz=UTC)

    return AnalysisContext(
        started_at=at(start),
        window_start=at(start - BEFORE),
        window_end=at(start + AFTER),
        services=tuple(ServiceTarget(name=s) for s in services),
        step_seconds=int(STEP),
    )


def times(start: float = START) -> np.ndarray:
    return np.arange(start - BEFORE, start + AFTER, STEP)


def series(
    service: str,
    metric: str,
    values: np.ndarray | list[float],
    ts: np.ndarray | None = None,
) -> Series:
    ts = times() if ts is None else ts
    return Series(service, metric, tuple(zip(ts.tolist(), list(map(float, values)), strict=True)))


def noisy(rng: np.random.Generator, metric: str, n: int | None = None) -> np.ndarray:
    """Student-t noise (heavier tails than Gaussian) around the metric's level, never < 0."""
    level, sd = METRICS[metric]
    n = len(times()) if n is None else n
    return np.maximum(level + sd * rng.standard_t(5, n), 0.0)


Inject = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (times, values) -> values


def fleet(seed: int, faults: dict[tuple[str, str], Inject] | None = None) -> list[Series]:
    """Every metric of every service, with `faults[(service, metric)]` applied."""
    rng = np.random.default_rng(seed)
    ts = times()
    out = []
    for service in SERVICES:
        for metric in METRICS:
            values = noisy(rng, metric)
            inject = (faults or {}).get((service, metric))
            out.append(series(service, metric, inject(ts, values) if inject else values))
    return out


def step_to(level: float, at: float = START + 30) -> Inject:
    """A sustained shift to `level` (with 5% noise) from `at` on."""
    rng = np.random.default_rng(99)
    return lambda ts, v: np.where(ts >= at, level * (1 + 0.05 * rng.standard_normal(len(v))), v)


def trace(
    tid: str,
    t: float,
    ms: dict[str, float],
    errors: frozenset[str] = frozenset(),
    drop: frozenset[str] = frozenset(),
) -> list[Span]:
    """One request: frontend -> checkout -> (cart, then payment), sequential calls. A service
    in `errors` fails, and its callers fail with it; one in `drop` is never reached."""
    c_start = t + 0.001
    cart = Span(c_start + 0.001, tid, f"{tid}-k", f"{tid}-c", "cart", "get_cart", ms["cart"], False)
    pay_start = cart.time + ms["cart"] / 1000
    pay = Span(
        pay_start,
        tid,
        f"{tid}-p",
        f"{tid}-c",
        "payment",
        "charge",
        ms["payment"],
        "payment" in errors,
    )
    children = [cart] + ([] if "payment" in drop else [pay])
    c_ms = ms["checkout"] + sum(s.duration_ms for s in children)
    c_err = bool(errors & {"checkout", "payment"}) or bool(drop)
    checkout = Span(c_start, tid, f"{tid}-c", f"{tid}-f", "checkout", "place_order", c_ms, c_err)
    front = Span(t, tid, f"{tid}-f", "", "frontend", "POST /order", ms["frontend"] + c_ms, c_err)
    return [front, checkout, *children]


def healthy_ms(rng: np.random.Generator) -> dict[str, float]:
    return {
        "frontend": float(rng.lognormal(np.log(5), 0.3)),
        "checkout": float(rng.lognormal(np.log(8), 0.3)),
        "cart": float(rng.lognormal(np.log(4), 0.3)),
        "payment": float(rng.lognormal(np.log(20), 0.3)),
    }


def by_service(findings: list[Finding]) -> dict[str, float]:
    """Best score per service, the way a ranking reads them."""
    best: dict[str, float] = {}
    for f in findings:
        best[f.service] = max(best.get(f.service, 0.0), f.score)
    return best


def assert_json(findings: list[Finding]) -> list[dict[str, Any]]:
    """Every finding's evidence must survive strict JSON (no NaN, no custom types)."""
    dumped = [
        json.loads(json.dumps({**f.__dict__, "signal": str(f.signal)}, allow_nan=False))
        for f in findings
    ]
    for f in findings:
        assert 0.0 <= f.score <= 1.0
        assert f.summary.endswith(".")
    return dumped
