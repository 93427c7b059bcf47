"""The simulated world's shape, read from a JSON file users can replace (SIMULATION_TOPOLOGY).

Each service names the services it calls and, per call, the share of its requests that make
it; request rates follow from the entry traffic along those shares, and baseline latency from
each service's own time plus its callees'. The file is validated on load, so a broken topology
fails with the field at fault instead of producing a strange simulation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

DEFAULT_TOPOLOGY = Path(__file__).with_name("topology.json")
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=63, pattern=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
]
Share = Annotated[float, Field(ge=0, le=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DbPool(_Strict):
    max: int = Field(ge=1, le=10_000)
    in_use: int = Field(ge=0, le=10_000)


class ServiceSpec(_Strict):
    """One service's baseline: own median latency, error rate, CPU and memory as shares of
    their limits, replicas, and an optional database connection pool."""

    description: str = ""
    workload: Literal["deployment", "statefulset"] = "deployment"
    entry_rps: float = Field(0.0, ge=0, le=1e6)
    calls: dict[Name, Share] = Field(default_factory=dict)
    latency_ms: float = Field(gt=0, le=60_000)
    error_rate: Share = 0.002
    cpu: float = Field(0.3, gt=0, le=1)
    cpu_limit_cores: float = Field(1.0, gt=0, le=256)
    memory: float = Field(0.5, gt=0, lt=0.9)
    memory_limit_mb: float = Field(512, gt=0, le=1e7)
    replicas: int = Field(2, ge=1, le=20)
    timeout_ms: float = Field(2000, gt=0, le=600_000)
    db_pool: DbPool | None = None
    operations: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=lambda: ["GET /"], min_length=1
    )
    tier: int = Field(3, ge=1, le=4)
    users_served: int = Field(0, ge=0)
    revenue_per_hour: float = Field(0.0, ge=0)
    owner_team: str = ""


class TopologyFile(_Strict):
    name: Name = "simulated"
    namespace: Name = "default"
    services: dict[Name, ServiceSpec] = Field(min_length=1, max_length=100)


@dataclass(frozen=True)
class Topology:
    """A validated topology plus what follows from it: call order, callers, rates, latency."""

    name: str
    namespace: str
    services: dict[str, ServiceSpec]
    order: tuple[str, ...]  # callees before their callers
    callers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rps: dict[str, float] = field(default_factory=dict)
    base_latency_ms: dict[str, float] = field(default_factory=dict)  # median, callees included

    def upstream(self, service: str) -> list[str]:
        """Every service that calls `service`, directly or not, nearest first."""
        seen: list[str] = []
        queue = list(self.callers[service])
        while queue:
            name = queue.pop(0)
            if name not in seen:
                seen.append(name)
                queue.extend(self.callers[name])
        return seen

    def entries(self) -> list[str]:
        return [n for n in self.order if self.services[n].entry_rps > 0]


class TopologyError(ValueError):
    """The topology file is missing, not JSON, or not a valid topology."""


def _call_order(services: dict[str, ServiceSpec]) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise TopologyError("call cycle: " + " -> ".join((*path, name)))
        state[name] = "visiting"
        for callee in services[name].calls:
            visit(callee, (*path, name))
        state[name] = "done"
        order.append(name)

    for name in sorted(services):
        visit(name, ())
    return tuple(order)


def build_topology(data: TopologyFile) -> Topology:
    services = dict(data.services)
    for name, spec in services.items():
        unknown = sorted(set(spec.calls) - set(services))
        if unknown or name in spec.calls:
            raise TopologyError(f"{name} calls unknown services or itself: {unknown or [name]}")
        if spec.db_pool is not None and spec.db_pool.in_use > spec.db_pool.max:
            raise TopologyError(f"{name}: db_pool.in_use exceeds db_pool.max")
    if not any(s.entry_rps > 0 for s in services.values()):
        raise TopologyError("no service has entry_rps > 0: nothing would receive traffic")
    order = _call_order(services)
    callers = {n: tuple(sorted(c for c, s in services.items() if n in s.calls)) for n in services}
    rps: dict[str, float] = {}
    for name in reversed(order):  # callers first
        rps[name] = services[name].entry_rps + sum(
            rps[c] * services[c].calls[name] for c in callers[name]
        )
    latency: dict[str, float] = {}
    for name in order:  # callees first
        spec = services[name]
        latency[name] = spec.latency_ms + sum(latency[c] * s for c, s in spec.calls.items())
    return Topology(data.name, data.namespace, services, order, callers, rps, latency)


def load_topology(path: str | Path | None = None) -> Topology:
    """Read and validate a topology file (default: the packaged 12-service shop)."""
    source = Path(path) if path else DEFAULT_TOPOLOGY
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
        return build_topology(TopologyFile.model_validate(raw))
    except OSError as exc:
        raise TopologyError(f"cannot read topology {source}: {exc}") from exc
    except (json.JSONDecodeError, ValidationError) as exc:
        raise TopologyError(f"invalid topology {source}: {exc}") from exc
