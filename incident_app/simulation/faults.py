"""Faults: what an operator injects into one simulated service, and the named presets.

A fault moves some of a service's vital signs towards targets over `ramp_s` seconds and back
over RECOVER_S once it ends; the model derives everything else (callers' symptoms, pod
restarts, logs, spans) from these few numbers, so a preset is nothing more than a payload.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from incident_app.simulation.topology import ServiceSpec

RECOVER_S = 5.0
#: Memory at this share of the limit gets containers OOMKilled.
OOM_AT = 0.98
#: A connection pool this full makes requests queue for a connection and time out.
POOL_SATURATED = 0.9


@dataclass(frozen=True)
class Fault:
    """Targets for one service from `start` on. None leaves a vital sign at its baseline.

    cpu and memory are shares of the container limits, latency_ms the median response time
    including callees, db_connections the connections in use; `version` rolls out a new
    release (one pod at a time over `ramp_s`) whose pods fail `error_rate` of requests.
    """

    service: str
    start: float
    kind: str  # the fault's name in case labels: pool-exhaustion, oom, cpu, rollout, ...
    error_rate: float | None = None
    cpu: float | None = None
    memory: float | None = None
    latency_ms: float | None = None
    db_connections: float | None = None
    version: str | None = None
    ramp_s: float = 5.0
    end: float | None = None
    scenario: str | None = None

    def _up(self, t: float) -> float:
        return 1.0 if self.ramp_s <= 0 else min(1.0, max(0.0, (t - self.start) / self.ramp_s))

    def level(self, t: float) -> float:
        """How far the targets are reached at `t`: 0 before the start, 1 after the ramp, and
        back to 0 over RECOVER_S after the end."""
        if t < self.start:
            return 0.0
        if self.end is None or t < self.end:
            return self._up(t)
        return self._up(self.end) * max(0.0, 1.0 - (t - self.end) / RECOVER_S)

    def active(self, t: float) -> bool:
        return self.start <= t and (self.end is None or t < self.end)

    def ended(self, at: float) -> Fault:
        return replace(self, end=at)

    def payload(self) -> dict[str, Any]:
        """The fault in the terms of `POST /api/test/fail` (percentages for CPU and memory)."""
        return {
            "service": self.service,
            "error_rate": self.error_rate,
            "cpu_usage": None if self.cpu is None else round(self.cpu * 100, 2),
            "memory_usage": None if self.memory is None else round(self.memory * 100, 2),
            "response_time_ms": self.latency_ms,
            "db_connections": None if self.db_connections is None else int(self.db_connections),
        }


def classify(
    spec: ServiceSpec,
    base_latency_ms: float,
    *,
    error_rate: float | None = None,
    cpu: float | None = None,
    memory: float | None = None,
    latency_ms: float | None = None,
    db_connections: float | None = None,
    version: str | None = None,
) -> str:
    """The fault class a payload amounts to, most specific first (used for labels)."""
    pool = spec.db_pool
    if version:
        return "rollout"
    if pool and db_connections is not None and db_connections >= POOL_SATURATED * pool.max:
        return "pool-exhaustion"
    if memory is not None and memory >= OOM_AT:
        return "oom"
    if memory is not None and memory >= 0.85:
        return "mem"
    if cpu is not None and cpu >= 0.85:
        return "cpu"
    if latency_ms is not None and latency_ms >= 3 * base_latency_ms:
        return "delay"
    if error_rate is not None and error_rate > spec.error_rate:
        return "exception"
    return "anomaly"


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    service: str
    fault: str
    targets: dict[str, Any]  # Fault fields: error_rate, cpu, memory, latency_ms, ...
    ramp_s: float = 5.0

    def fault_at(self, start: float) -> Fault:
        return Fault(
            service=self.service,
            start=start,
            kind=self.fault,
            ramp_s=self.ramp_s,
            scenario=self.name,
            **self.targets,
        )


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "pool-exhaustion",
            "PostgreSQL connection pool exhaustion in payment-processing",
            "Slow transactions hold every connection: 45 of 50 in use, requests queue for one "
            "and time out (errors 0.5% to 95%, latency 120 ms to 3.4 s, CPU 45% to 92%).",
            "payment-processing",
            "pool-exhaustion",
            {
                "error_rate": 0.95,
                "cpu": 0.92,
                "memory": 0.6,
                "latency_ms": 3400.0,
                "db_connections": 45.0,
            },
        ),
        Scenario(
            "memory-leak",
            "Memory leak in cart until its containers are OOMKilled",
            "Memory climbs to the 256 MiB limit within half a minute; containers are "
            "OOMKilled and restart over and over, failing requests in flight.",
            "cart",
            "oom",
            {"memory": 1.0, "error_rate": 0.4, "latency_ms": 400.0},
            ramp_s=20.0,
        ),
        Scenario(
            "cpu-saturation",
            "CPU saturation in recommendations",
            "A heavier model pins CPU at its limit: requests queue (latency 0.7 s) and 30% "
            "of them fail.",
            "recommendations",
            "cpu",
            {"cpu": 0.99, "latency_ms": 700.0, "error_rate": 0.3},
            ramp_s=10.0,
        ),
        Scenario(
            "bad-rollout",
            "Bad rollout of checkout v2.14.0",
            "A new release rolls out pod by pod; its pods fail 60% of orders.",
            "checkout",
            "rollout",
            {"version": "v2.14.0", "error_rate": 0.6},
            ramp_s=10.0,
        ),
        Scenario(
            "downstream-latency",
            "Carrier API latency in shipping",
            "Shipping quotes take 4.5 s; checkout gives up after its 2 s timeout.",
            "shipping",
            "delay",
            {"latency_ms": 4500.0},
        ),
        Scenario(
            "dependency-errors",
            "Inventory failing requests",
            "A bug in stock reservations makes inventory fail 70% of requests; checkout "
            "cannot place orders.",
            "inventory",
            "exception",
            {"error_rate": 0.7},
        ),
    )
}
