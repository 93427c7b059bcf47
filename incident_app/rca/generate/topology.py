"""The systems the scenario generator simulates, read from topology files.

`shop` is the failure simulation's 12-service shop (incident_app/simulation/topology.json), so
generated cases and `flask simulate record` cases name the same services; `large` is the
45-service marketplace in marketplace.json beside this module. Both files share one format
(service -> calls with per-request shares, own median latency, error rate, CPU and memory as
shares of the limits, an optional connection pool); only the fields used here are read, so
the simulation may add fields without breaking the generator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIMULATION_SHOP = Path(__file__).parents[2] / "simulation" / "topology.json"
MARKETPLACE = Path(__file__).with_name("marketplace.json")
TOPOLOGIES = {"shop": SIMULATION_SHOP, "large": MARKETPLACE}


@dataclass(frozen=True)
class ServiceDef:
    name: str
    calls: dict[str, float]  # callee -> calls per request (share of requests that make it)
    latency_ms: float  # own median time per request, callees excluded
    error_rate: float
    cpu: float  # share of the CPU limit
    memory: float  # share of the memory limit
    memory_limit_mb: float
    replicas: int
    timeout_ms: float  # how long it waits for a callee
    pool_max: int  # 0: no connection pool
    pool_in_use: int
    operations: tuple[str, ...]
    stateful: bool
    entry_rps: float


@dataclass(frozen=True)
class Topology:
    """Services plus what follows from the call graph: call order and request rates."""

    system: str
    services: dict[str, ServiceDef]
    order: tuple[str, ...]  # callees before their callers
    callers: dict[str, tuple[str, ...]]
    rps: dict[str, float]  # baseline requests per second

    def upstream(self, service: str) -> set[str]:
        """Every service that calls `service`, directly or not."""
        seen: set[str] = set()
        stack = list(self.callers[service])
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(self.callers[name])
        return seen

    def downstream(self, service: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.services[service].calls)
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(self.services[name].calls)
        return seen


def _service(name: str, raw: dict[str, Any]) -> ServiceDef:
    pool = raw.get("db_pool") or {}
    return ServiceDef(
        name=name,
        calls={str(k): float(v) for k, v in (raw.get("calls") or {}).items()},
        latency_ms=float(raw["latency_ms"]),
        error_rate=float(raw.get("error_rate", 0.002)),
        cpu=float(raw.get("cpu", 0.3)),
        memory=float(raw.get("memory", 0.5)),
        memory_limit_mb=float(raw.get("memory_limit_mb", 512)),
        replicas=int(raw.get("replicas", 2)),
        timeout_ms=float(raw.get("timeout_ms", 2000)),
        pool_max=int(pool.get("max", 0)),
        pool_in_use=int(pool.get("in_use", 0)),
        operations=tuple(raw.get("operations") or ("GET /",)),
        stateful=raw.get("workload") == "statefulset",
        entry_rps=float(raw.get("entry_rps", 0.0)),
    )


def _order(services: dict[str, ServiceDef]) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise ValueError(f"call cycle through {name}")
        state[name] = "visiting"
        for callee in sorted(services[name].calls):
            visit(callee)
        state[name] = "done"
        order.append(name)

    for name in sorted(services):
        visit(name)
    return tuple(order)


def load(kind: str) -> Topology:
    """The `shop` or `large` topology."""
    raw = json.loads(TOPOLOGIES[kind].read_text(encoding="utf-8"))
    services = {name: _service(name, spec) for name, spec in raw["services"].items()}
    for spec in services.values():
        unknown = set(spec.calls) - set(services)
        if unknown:
            raise ValueError(f"{spec.name} calls unknown services {sorted(unknown)}")
    order = _order(services)
    callers = {n: tuple(sorted(c for c, s in services.items() if n in s.calls)) for n in services}
    rps: dict[str, float] = {}
    for name in reversed(order):  # callers first
        rps[name] = services[name].entry_rps + sum(
            rps[c] * services[c].calls[name] for c in callers[name]
        )
    return Topology(str(raw.get("name", kind)), services, order, callers, rps)
