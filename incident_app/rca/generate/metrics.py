"""The metrics table: every service's noise-free state as scraped series, with the mess real
monitoring has: per-service noise levels, heavy-tailed latency outliers, counting noise on
error rates, slow drifts, garbage-collection sawtooths, cron jobs, unrelated blips and
sustained changes, exporters that lack a series, and missed scrapes."""

from __future__ import annotations

from typing import Any

import numpy as np

from incident_app.rca.generate.model import SIGMA, State
from incident_app.rca.generate.scenario import Blip, Scenario
from incident_app.rca.generate.traits import Traits, trait

P90 = float(np.exp(1.2816 * SIGMA))
FD_LIMIT = 1024
MISSED_SCRAPES = 0.003


def _ar1(rng: np.random.Generator, n: int, sd: float, phi: float = 0.7) -> np.ndarray:
    """Autocorrelated noise with standard deviation `sd`."""
    shocks = rng.standard_normal(n) * sd * np.sqrt(1 - phi * phi)
    out = np.empty(n)
    out[0] = rng.standard_normal() * sd
    for i in range(1, n):
        out[i] = phi * out[i - 1] + shocks[i]
    return out


def _outliers(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    return np.where(rng.random(n) < rate, rng.uniform(1.5, 3.0, n), 1.0)


def _service(
    sc: Scenario, name: str, st: State, rng: np.random.Generator, traits: Traits
) -> dict[str, np.ndarray]:
    """The service's columns; its noise levels, scales and missing exporters are traits."""
    spec, n, fx = sc.topology.services[name], sc.n, st.effects
    i = np.arange(n)

    def fixed(key: str, draw: Any) -> Any:
        return trait(traits, f"{name}:{key}", draw)

    sd_lat = fixed("sd_lat", lambda: rng.uniform(0.03, 0.12))
    latency = st.latency * np.exp(sd_lat * rng.standard_normal(n)) * _outliers(rng, n, 0.01)
    p90 = st.latency * P90 * np.exp(1.3 * sd_lat * rng.standard_normal(n))
    p90 *= _outliers(rng, n, 0.02)
    calls = np.maximum(np.round(st.rps * sc.step), 1).astype(int)
    errors = rng.binomial(calls, np.clip(st.error, 0, 1)) / calls
    slope = fixed("drift", lambda: rng.uniform(-0.06, 0.1) if rng.random() < 0.3 else 0.0)
    drift = slope * i / n if slope else 0.0
    period = fixed("gc", lambda: int(rng.integers(6, 20)) if rng.random() < 0.3 else 0)
    gc = 0.04 * ((i % period) / 10) if period else 0.0
    mem = np.clip(st.mem + drift + gc + _ar1(rng, n, 0.005), 0.01, 1.0) * spec.memory_limit_mb
    disk_base = fixed(
        "disk", lambda: rng.uniform(5, 40) if spec.stateful else rng.uniform(0.2, 2.0)
    )
    disk = disk_base * (st.rps / max(sc.topology.rps[name], 1e-6)) ** 0.5 * fx.disk
    disk = disk * np.exp(0.15 * rng.standard_normal(n))
    if spec.stateful:  # compactions, checkpoints
        every = fixed("compaction", lambda: int(rng.integers(15, 40)))
        disk = disk * np.where(i % every == 0, fixed("burst", lambda: rng.uniform(2, 4)), 1.0)
    in_flight = st.rps * st.latency / 1000 + 10 * spec.replicas
    fds = np.where(np.isnan(fx.fds), in_flight / FD_LIMIT, fx.fds) * FD_LIMIT
    # One after the other: each draw keeps its place in the case's random sequence.
    columns = {"latency": latency, "latency-90": p90, "error": errors}
    columns["requests"] = st.rps * np.exp(0.03 * rng.standard_normal(n))
    sd_cpu = fixed("sd_cpu", lambda: rng.uniform(0.01, 0.04))
    columns["cpu"] = np.clip(st.cpu + _ar1(rng, n, sd_cpu), 0.0, 1.0)
    columns["mem"], columns["diskio"] = mem, disk
    rx = fixed("rx", lambda: rng.uniform(1, 8))
    columns["netrx"] = st.rps * rx * fx.net * np.exp(0.05 * rng.standard_normal(n))
    tx = fixed("tx", lambda: rng.uniform(2, 30))
    columns["nettx"] = st.rps * tx * fx.net * np.exp(0.05 * rng.standard_normal(n))
    sockets = np.minimum(fds * np.exp(0.05 * rng.standard_normal(n)), FD_LIMIT)
    columns["sockets"], columns["restarts"] = np.round(sockets), np.cumsum(fx.restarts)
    if spec.pool_max:
        columns["db-connections"] = np.minimum(rng.poisson(st.pool), spec.pool_max).astype(float)
    exporters_lack = ("latency-90", "sockets", "diskio")  # exporters differ
    for dropped in fixed("lacks", lambda: [c for c in exporters_lack if rng.random() < 0.15]):
        del columns[dropped]
    return columns


def _blip(columns: dict[str, np.ndarray], blip: Blip, n: int) -> None:
    """Unrelated trouble: a relative change of one metric for a while."""
    if blip.metric not in columns:
        return
    span = slice(max(blip.start, 0), min(blip.start + blip.length, n))
    series = columns[blip.metric]
    if blip.metric == "error":
        series[span] += 0.03 * blip.size
    elif blip.metric == "cpu":
        series[span] = np.clip(series[span] + 0.25 * blip.size, 0, 1)
    elif blip.metric == "mem":
        series[span] *= 1 + 0.15 * blip.size
    else:
        series[span] *= 1 + blip.size
        if blip.metric == "latency" and "latency-90" in columns:
            columns["latency-90"][span] *= 1 + blip.size


def _cron(sc: Scenario, names: list[str], rng: np.random.Generator) -> tuple[str, int] | None:
    """Often a cron job, every few minutes, on one service: (service, phase)."""
    if rng.random() >= 0.3:
        return None
    return names[int(rng.integers(len(names)))], int(rng.integers(max(2, 300 // sc.step)))


def metric_columns(
    sc: Scenario, states: dict[str, State], rng: np.random.Generator, traits: Traits
) -> dict[str, np.ndarray]:
    """`<service>_<metric>` -> values per sample (NaN: a missed scrape)."""
    per_service = {name: _service(sc, name, states[name], rng, traits) for name in sorted(states)}
    cron = trait(traits, "cron", lambda: _cron(sc, sorted(states), rng))
    if cron is not None:
        name, phase = cron
        hit = np.arange(sc.n) % max(2, 300 // sc.step) == phase
        per_service[name]["cpu"] = np.clip(per_service[name]["cpu"] + 0.25 * hit, 0, 1)
    for blip in sc.blips:
        _blip(per_service[blip.service], blip, sc.n)
    columns = {}
    for name, metrics in per_service.items():
        for metric, values in metrics.items():
            values = values.astype(float)
            values[rng.random(sc.n) < MISSED_SCRAPES] = np.nan
            columns[f"{name}_{metric}"] = values
    return columns
