"""The deterministic model: each service's state at time t, from its baseline, the faults in
force, its callees' state a moment earlier, and seeded noise.

Symptoms travel up the call graph with a lag of LAG_S per hop and grow on the way: a caller
fails the share of its calls that hit a failing or timed-out callee (minus what retries and
fallbacks absorb), and waits for slow callees up to its timeout, twice for calls it retries.
Nothing here keeps state between calls except the fault history, so the same seed, faults
and times always give the same numbers (the ticker and `flask simulate record` rely on it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from incident_app.simulation.faults import Fault
from incident_app.simulation.pods import PodView, pods, rollout_share
from incident_app.simulation.topology import Topology

LAG_S = 3.0
#: Share of a callee's failures its caller cannot absorb (retries, fallbacks, caches).
PASS = 0.9
#: Extra waiting per failed call: callers retry a failed call once.
RETRY = 1.0
#: Spread of response times (log-normal sigma); p95 = median * P95_FACTOR.
SIGMA = 0.35
P95_FACTOR = math.exp(1.645 * SIGMA)
#: Requests answered 404: client errors that are not the service's fault.
CLIENT_ERRORS = 0.01
MIB = 1024 * 1024
#: Seconds after a fault ends by which every trace of it (rollbacks, callers) has cleared.
SETTLE_S = 120.0


@dataclass(frozen=True)
class Effect:
    """One service's noise-free state: rates, shares of limits, medians in milliseconds."""

    rps: float
    error: float  # share of requests failing, whatever the reason
    own_error: float  # share failing here (the rest fail because a callee did)
    latency_ms: float  # median response time, callees included
    own_ms: float
    cpu: float  # share of the CPU limit
    db_in_use: float
    db_waiting: float
    pods: tuple[PodView, ...]


@dataclass(frozen=True)
class Sample:
    """What a scrape at one moment sees: an Effect with noise, in exported units."""

    rps: float
    error: float
    own_error: float
    p95_ms: float
    median_ms: float
    cpu_cores: dict[str, float]  # per running pod
    memory_bytes: dict[str, float]  # per running pod
    db_in_use: float | None
    db_max: float | None
    db_waiting: float | None


def slow_share(median_ms: float, timeout_ms: float) -> float:
    """Share of log-normal response times with this median that exceed `timeout_ms`."""
    z = (math.log(timeout_ms) - math.log(max(median_ms, 1e-3))) / SIGMA
    return 0.5 * math.erfc(z / math.sqrt(2))


class Simulator:
    """The simulated services of `topology`; `faults` is the whole history, oldest first."""

    def __init__(self, topology: Topology, seed: int = 0) -> None:
        self.topology = topology
        self.seed = seed
        self.faults: list[Fault] = []
        self._baseline: dict[str, Effect] | None = None

    def history(self, service: str) -> list[Fault]:
        return [f for f in self.faults if f.service == service]

    def inject(self, fault: Fault) -> Fault:
        """Start `fault`; an active fault on the same service ends where it begins."""
        self.faults = [
            f.ended(fault.start) if f.service == fault.service and f.end is None else f
            for f in self.faults
        ]
        self.faults.append(fault)
        return fault

    def recover(self, at: float, service: str | None = None) -> list[Fault]:
        """End the active faults (of one service, or all); returns them as ended."""
        ended = []
        for i, f in enumerate(self.faults):
            if f.end is None and f.start <= at and service in (None, f.service):
                self.faults[i] = f.ended(at)
                ended.append(self.faults[i])
        return ended

    def active(self, at: float) -> list[Fault]:
        return [f for f in self.faults if f.active(at)]

    def effects(self, t: float) -> dict[str, Effect]:
        """Every service's state at `t`. Before any fault and well after the last one the
        world is at its baseline, which is computed once (backfills are mostly baseline)."""
        quiet = all(
            t < f.start or (f.end is not None and t >= f.end + SETTLE_S) for f in self.faults
        )
        if quiet and self._baseline is not None:
            return self._baseline
        memo: dict[tuple[str, float], Effect] = {}
        effects = {name: self._effect(name, t, memo) for name in self.topology.order}
        if quiet:
            self._baseline = effects
        return effects

    def _effect(self, name: str, t: float, memo: dict[tuple[str, float], Effect]) -> Effect:
        if (name, t) in memo:
            return memo[(name, t)]
        topo = self.topology
        spec = topo.services[name]
        history = self.history(name)
        fault = next((f for f in reversed(history) if f.start <= t), None)
        views = tuple(pods(name, spec, history, t, self.seed))
        own_error, own_ms, cpu = spec.error_rate, spec.latency_ms, spec.cpu
        db = float(spec.db_pool.in_use) if spec.db_pool else 0.0
        if fault is not None:
            level = fault.level(t)
            reach = rollout_share(spec, fault, t) if fault.version else level
            if fault.error_rate is not None:
                own_error += reach * (fault.error_rate - own_error)
            if fault.latency_ms is not None:
                callees_ms = topo.base_latency_ms[name] - spec.latency_ms
                own_ms += level * (max(1.0, fault.latency_ms - callees_ms) - own_ms)
            if fault.cpu is not None:
                cpu += level * (fault.cpu - cpu)
            if fault.db_connections is not None and spec.db_pool:
                db += level * (min(fault.db_connections, spec.db_pool.max) - db)
        down = sum(p.down for p in views) / len(views)
        own_error = 1.0 - (1.0 - own_error) * (1.0 - PASS * down)
        ok, latency = 1.0 - own_error, own_ms
        for callee, share in spec.calls.items():
            c = self._effect(callee, t - LAG_S, memo)
            failing = c.error + (1.0 - c.error) * slow_share(c.latency_ms, spec.timeout_ms)
            ok *= 1.0 - share * PASS * failing
            latency += share * min(c.latency_ms, spec.timeout_ms) * (1.0 + RETRY * c.error)
        waiting = 0.0
        if spec.db_pool:
            waiting = topo.rps[name] * max(0.0, db / spec.db_pool.max - 0.85) / 0.15
        effect = Effect(
            rps=topo.rps[name],
            error=1.0 - ok,
            own_error=own_error,
            latency_ms=latency,
            own_ms=own_ms,
            cpu=cpu,
            db_in_use=db,
            db_waiting=waiting,
            pods=views,
        )
        memo[(name, t)] = effect
        return effect

    def sample(self, t: float, effects: dict[str, Effect]) -> dict[str, Sample]:
        """The effects at `t` with noise drawn from (seed, second): reproducible."""
        rng = np.random.default_rng([self.seed, int(t)])
        noise = rng.standard_normal((len(self.topology.order), 6))
        samples = {}
        for row, name in zip(noise, self.topology.order, strict=True):
            spec, e = self.topology.services[name], effects[name]
            jitter = 1.0 + 0.04 * row[3]
            running = [p for p in e.pods if not p.down]
            pool = spec.db_pool
            in_use = (
                min(float(pool.max), max(0.0, round(e.db_in_use + 1.2 * row[5]))) if pool else None
            )
            samples[name] = Sample(
                rps=e.rps * (1.0 + 0.03 * row[0]),
                error=min(1.0, e.error * math.exp(0.3 * row[1])),
                own_error=min(1.0, e.own_error * math.exp(0.3 * row[1])),
                p95_ms=e.latency_ms * P95_FACTOR * math.exp(0.05 * row[2]),
                median_ms=e.latency_ms * math.exp(0.05 * row[2]),
                cpu_cores={p.name: e.cpu * spec.cpu_limit_cores * jitter for p in running},
                memory_bytes={
                    p.name: p.memory * spec.memory_limit_mb * MIB * (1.0 + 0.003 * row[4])
                    for p in running
                },
                db_in_use=in_use,
                db_max=float(pool.max) if pool else None,
                db_waiting=max(0.0, round(e.db_waiting * (1.0 + 0.1 * row[5]))) if pool else None,
            )
        return samples
