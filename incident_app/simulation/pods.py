"""Pods of the simulated services: their names, revisions, restarts and memory, as pure
functions of the fault history and the time.

Names follow Kubernetes (`<deployment>-<replicaset hash>-<pod id>`, `<statefulset>-<n>`) so the
Prometheus source's pod regex and the Kubernetes reasons the analyzers know apply unchanged.
A rollout replaces pods one at a time; a recovered rollout is rolled back the same way.
Containers die in two ways: OOMKilled when memory reaches the limit (pods leak at slightly
different speeds, so kills are staggered), or killed by the liveness probe while the service
is both failing and too slow to answer it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from incident_app.simulation.faults import OOM_AT, Fault
from incident_app.simulation.topology import ServiceSpec

#: Seconds a killed container is down before its replacement serves again.
DOWN_S = 8.0
#: Seconds between pods when a rollout is rolled back.
ROLLBACK_STEP_S = 5.0
#: The liveness probe's timeout; a service this slow and mostly failing gets restarted.
PROBE_TIMEOUT_MS = 1000.0
LIVENESS_DELAY_S, LIVENESS_CYCLE_S = 15.0, 45.0
_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # the characters Kubernetes uses in generated names


@functools.lru_cache(maxsize=4096)
def token(seed: int, *parts: object, size: int = 5) -> str:
    """A stable Kubernetes-style random name part (Python's hash() changes per process)."""
    digest = hashlib.blake2b(repr((seed, *parts)).encode(), digest_size=16).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:size])


@dataclass(frozen=True)
class PodView:
    name: str
    revision: str  # "base" or the version a rollout brought
    down: bool  # killed and not yet serving again
    memory: float  # share of the memory limit
    killed: str = ""  # termination reason when the container died in (t - 1, t]


def rollout_share(spec: ServiceSpec, fault: Fault, t: float) -> float:
    """Share of the service's pods running the fault's release at `t`."""
    return sum(_on_release(spec, fault, i, t) for i in range(spec.replicas)) / spec.replicas


def _on_release(spec: ServiceSpec, fault: Fault, index: int, t: float) -> bool:
    if not fault.version:
        return False
    step = fault.ramp_s / spec.replicas
    if t < fault.start + (index + 1) * step:
        return False
    return fault.end is None or t < fault.end + (index + 1) * ROLLBACK_STEP_S


def _kills(fault: Fault, index: int) -> tuple[float, float, str] | None:
    """(first kill, seconds between kills, reason) for pod `index` under `fault`, if any."""
    if fault.memory is not None and fault.memory >= OOM_AT:
        leak = max(fault.ramp_s, 10.0) * (1 + 0.25 * index)
        return fault.start + leak, leak + DOWN_S, "OOMKilled"
    slow = fault.latency_ms is not None and fault.latency_ms >= PROBE_TIMEOUT_MS
    if slow and (fault.error_rate or 0.0) >= 0.5:
        first = fault.start + fault.ramp_s / 2 + LIVENESS_DELAY_S + 7.0 * index
        return first, LIVENESS_CYCLE_S, "Error"
    return None


def _last_kill(fault: Fault, index: int, t: float) -> tuple[float, str] | None:
    plan = _kills(fault, index)
    if plan is None or t < plan[0]:
        return None
    first, cycle, reason = plan
    last = first + ((t - first) // cycle) * cycle
    if fault.end is not None and last >= fault.end:  # no kills once the fault is over
        if first >= fault.end:
            return None
        last = first + ((fault.end - first) // cycle) * cycle
    return last, reason


def pods(
    name: str, spec: ServiceSpec, faults: Sequence[Fault], t: float, seed: int
) -> list[PodView]:
    """The service's pods at `t`; `faults` is the service's fault history, oldest first."""
    current = next((f for f in reversed(faults) if f.start <= t), None)
    release = next((f for f in reversed(faults) if f.version and f.start <= t), None)
    views = []
    for i in range(spec.replicas):
        on_release = release is not None and _on_release(spec, release, i, t)
        revision = release.version if release and release.version and on_release else "base"
        if spec.workload == "statefulset":
            pod_name = f"{name}-{i}"
        else:
            replica_set = token(seed, name, revision, size=10)
            pod_name = f"{name}-{replica_set}-{token(seed, name, revision, i)}"
        jitter = 1.0 + 0.03 * ((i % 3) - 1)
        memory, down, killed = spec.memory * jitter, False, ""
        if current is not None:
            memory, down, killed = _under_fault(current, i, t, memory)
        views.append(PodView(pod_name, revision, down, memory, killed))
    return views


def _under_fault(fault: Fault, index: int, t: float, memory: float) -> tuple[float, bool, str]:
    """(memory, down, termination reason this second) of pod `index` under `fault`."""
    level = fault.level(t)
    last = _last_kill(fault, index, t)
    killed = last[1] if last is not None and t - 1.0 < last[0] <= t else ""
    down = last is not None and t < last[0] + DOWN_S
    if fault.memory is None:
        return memory, down, killed
    if fault.memory < OOM_AT:
        return memory + level * (fault.memory - memory), down, killed
    plan = _kills(fault, index)
    assert plan is not None
    leak = plan[1] - DOWN_S
    since = fault.start if last is None else last[0] + DOWN_S
    grown = min(1.0, max(0.0, t - since) / leak) * (1.0 - memory)
    active = 1.0 if fault.active(t) else level
    return memory + grown * active, down, killed
