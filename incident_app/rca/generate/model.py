"""The noise-free state of every service at every sample, from the fault's direct effects.

Symptoms travel up the call graph, each edge with its own lag: a caller waits for its callees
(up to its timeout), fails the share of its requests that hit a failing, timed-out,
unreachable or unusable answer (amplified by repeated calls, damped by retries and
fallbacks), and a connection pool fills when its database slows down. CPU follows the request
rate, and a busy CPU queues requests. So a caller's symptoms are often louder than the root's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from incident_app.rca.generate.faults import Effects, root_effects
from incident_app.rca.generate.scenario import Scenario

#: Spread of response times around their median (log-normal sigma).
SIGMA = 0.35
#: What a lost packet costs before the caller gives up, and a refused connection.
LOST_MS, REFUSED_MS = 3000.0, 2.0
#: Acquiring a connection from an exhausted pool: how long requests wait, and how many of
#: the waiting ones then time out.
POOL_WAIT_MS, POOL_TIMEOUTS = 2000.0, 0.7


@dataclass
class State:
    """One service's noise-free series; `upstream[callee][cause]` is the share of its requests
    that failed because of that callee, by cause (for its logs)."""

    effects: Effects
    rps: np.ndarray
    cpu: np.ndarray
    mem: np.ndarray  # share of the limit
    own_ms: np.ndarray
    latency: np.ndarray  # median response time, callees included
    own_error: np.ndarray
    error: np.ndarray
    pool: np.ndarray  # connections in use
    pool_wait: np.ndarray  # share of requests waiting for a connection
    upstream: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    @property
    def fail(self) -> np.ndarray:
        """Share of calls to this service that go wrong for the caller."""
        fx = self.effects
        return 1 - (1 - self.error) * (1 - fx.unreach) * (1 - fx.bad)


def lagged(x: np.ndarray, lag: int) -> np.ndarray:
    return x if lag <= 0 else np.concatenate([np.repeat(x[:1], lag), x[:-lag]])


def _timeouts(latency: np.ndarray, timeout_ms: float) -> np.ndarray:
    """Share of calls slower than the caller's timeout, for log-normal response times."""
    z = np.log(timeout_ms / np.maximum(latency, 1e-3)) / SIGMA
    return 0.5 * np.vectorize(math.erfc)(z / math.sqrt(2))


def _database(sc: Scenario, name: str) -> str | None:
    """The database behind a service's pool: its slowest stateful callee."""
    spec = sc.topology.services[name]
    stores = [c for c in spec.calls if sc.topology.services[c].stateful]
    return max(stores, key=lambda c: (sc.topology.services[c].latency_ms, c), default=None)


def _traffic(sc: Scenario, rng: np.random.Generator) -> np.ndarray:
    i = np.arange(sc.n)
    wave = 1 + 0.06 * np.sin(2 * np.pi * (i / sc.n + rng.random()))
    if sc.surge is not None:
        begin, factor = sc.surge
        wave = wave * np.where(i >= begin, factor, 1.0)
    return wave


def simulate(sc: Scenario, rng: np.random.Generator) -> dict[str, State]:
    topo = sc.topology
    effects = {name: Effects(sc.n) for name in topo.services}
    root = topo.services[sc.root]
    effects[sc.root] = root_effects(sc, root.memory, root.replicas, rng)
    traffic = _traffic(sc, rng)
    rps: dict[str, np.ndarray] = {}
    for name in reversed(topo.order):  # callers first
        spec = topo.services[name]
        inflow = spec.entry_rps * traffic + sum(
            rps[c] * topo.services[c].calls[name] for c in topo.callers[name]
        )
        rps[name] = inflow * (1 - effects[name].unreach)
    states: dict[str, State] = {}
    for name in topo.order:  # callees first
        states[name] = _state(sc, name, effects[name], rps, states)
    for st in states.values():  # retried failures come back as extra requests
        st.rps = st.rps * (1 + 0.5 * (st.fail - st.fail[0]).clip(0, None))
    return states


def _state(
    sc: Scenario,
    name: str,
    fx: Effects,
    rps: dict[str, np.ndarray],
    states: dict[str, State],
) -> State:
    spec = sc.topology.services[name]
    base_rps = max(sc.topology.rps[name], 1e-6)
    load = rps[name] / base_rps
    cpu = np.clip(spec.cpu * load**0.8 + fx.cpu, 0.01, 1.0)
    queue = ((1 - min(spec.cpu, 0.9)) / (1 - np.minimum(cpu, 0.97))) ** 0.6
    own = spec.latency_ms * fx.lat_mult * np.maximum(queue, 0.8) + fx.lat_add
    own_err = spec.error_rate + fx.err
    pool, wait = np.zeros(sc.n), np.zeros(sc.n)
    if spec.pool_max:
        db = _database(sc, name)
        slower = np.ones(sc.n)
        if db is not None:
            lag = sc.edges[(name, db)].lag
            slower = lagged(states[db].latency, lag) / states[db].latency[0]
        demand = spec.pool_in_use * load * slower
        free = spec.pool_max * np.clip(1 - fx.leak, 0, 1)
        wait = np.clip(1 - free / np.maximum(demand, 1e-6), 0, 1)
        pool = np.minimum(spec.pool_max, demand + fx.leak * spec.pool_max)
        own = own + wait * POOL_WAIT_MS
        own_err = own_err + wait * POOL_TIMEOUTS
    own_err = np.clip(own_err, 0, 1)
    total, ok = own.copy(), 1 - own_err
    upstream: dict[str, dict[str, np.ndarray]] = {}
    for callee, share in spec.calls.items():
        edge, c = sc.edges[(name, callee)], states[callee]
        lat = lagged(c.latency, edge.lag)
        parts = {
            "timeout": _timeouts(lat, spec.timeout_ms),
            "error": lagged(c.error, edge.lag),
            "unreachable": lagged(c.effects.unreach, edge.lag),
            "bad": lagged(c.effects.bad, edge.lag),
        }
        failed = 1 - np.prod([1 - p for p in parts.values()], axis=0)
        hit = edge.passing * (1 - (1 - failed) ** (share * edge.fanout))
        weights = sum(parts.values()) + 1e-12
        upstream[callee] = {k: hit * p / weights for k, p in parts.items()}
        t, u = parts["timeout"], parts["unreachable"]
        lost = REFUSED_MS if c.effects.refused else min(spec.timeout_ms, LOST_MS)
        total = total + share * (
            (1 - u) * ((1 - t) * np.minimum(lat, spec.timeout_ms) + t * spec.timeout_ms) + u * lost
        )
        ok = ok * (1 - hit)
    mem = np.where(np.isnan(fx.mem), spec.memory, fx.mem)
    return State(fx, rps[name], cpu, mem, own, total, own_err, 1 - ok, pool, wait, upstream)
