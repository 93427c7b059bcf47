"""Kubernetes events: routine pod life-cycle chatter, a release of some other service now and
then, probes that fail on services that became slow (callers included), and the fault's own
trail: OOMKills, crash-loop back-offs, the rollout that shipped a bug, the config that broke.
"""

from __future__ import annotations

import numpy as np

from incident_app.rca.generate.model import State
from incident_app.rca.generate.scenario import Scenario

Event = tuple[float, str, str, str, str]  # time, service, kind, reason, message
ROUTINE = (
    ("Scheduled", "Successfully assigned {pod} to node-{node}"),
    ("Pulled", 'Container image "registry.local/{svc}:v1.{n}.0" already present on machine'),
    ("Started", "Started container {svc}"),
)


class _Events:
    def __init__(self, sc: Scenario, rng: np.random.Generator) -> None:
        self.sc, self.rng = sc, rng
        self.out: list[Event] = []
        self.hashes: dict[str, str] = {}

    def rs(self, name: str) -> str:
        """The service's current ReplicaSet name."""
        if name not in self.hashes:
            self.hashes[name] = f"{name}-{self.rng.bytes(4).hex()[:9]}"
        return self.hashes[name]

    def pod(self, name: str) -> str:
        return f"{self.rs(name)}-{self.rng.bytes(3).hex()[:5]}"

    def add(self, t: float, name: str, kind: str, reason: str, message: str) -> None:
        self.out.append((round(t, 3), name, kind, reason, message))

    def at(self, i: int) -> float:
        return float(self.sc.start + (i + self.rng.random()) * self.sc.step)

    def rollout(self, name: str, t: float, replicas: int) -> None:
        """A Deployment rollout: a new ReplicaSet scaled up while the old one scales down."""
        old = self.rs(name)
        new = f"{name}-{self.rng.bytes(4).hex()[:9]}"
        self.hashes[name] = new
        for k in range(1, replicas + 1):
            moment = t + 20.0 * (k - 1)
            self.add(
                moment,
                name,
                "Deployment",
                "ScalingReplicaSet",
                f"Scaled up replica set {new} to {k}",
            )
            self.add(
                moment + 8,
                name,
                "Deployment",
                "ScalingReplicaSet",
                f"Scaled down replica set {old} to {replicas - k}",
            )
            self.add(
                moment + 2,
                name,
                "Pod",
                "Pulled",
                f'Successfully pulled image "registry.local/{name}:v2.{k}.0"',
            )


def _fault_trail(ev: _Events, sc: Scenario, st: State) -> None:
    rng, root = ev.rng, sc.root
    spec = sc.topology.services[root]
    if sc.fault in ("oom", "crashloop"):
        for i in st.effects.kills:
            pod = ev.pod(root)
            if sc.fault == "oom":
                ev.add(
                    ev.at(i),
                    root,
                    "Pod",
                    "OOMKilled",
                    f"Container {root} in pod {pod} was "
                    f"OOMKilled (memory limit {spec.memory_limit_mb:.0f}Mi)",
                )
            else:
                ev.add(
                    ev.at(i),
                    root,
                    "Pod",
                    "BackOff",
                    f"Back-off restarting failed container {root} in pod {pod}",
                )
    elif sc.fault == "rollout":
        ev.rollout(root, sc.inject_time - rng.uniform(0, 1.5 * sc.step), spec.replicas)
    elif sc.fault == "config":
        for _ in range(spec.replicas):
            ev.add(ev.at(sc.onset), root, "Pod", "Killing", f"Stopping container {root}")
        if rng.random() < 0.4:
            ev.add(
                ev.at(sc.onset + 1),
                root,
                "Pod",
                "Failed",
                f"Error: couldn't find key "
                f"FEATURE_FLAGS_PATH in ConfigMap {sc.topology.system}/{root}-config",
            )


def event_rows(sc: Scenario, states: dict[str, State], rng: np.random.Generator) -> list[Event]:
    ev = _Events(sc, rng)
    for name in sorted(states):
        for _ in range(int(rng.poisson(1.0))):
            pod, i = ev.pod(name), int(rng.integers(sc.n))
            for reason, text in ROUTINE:
                message = text.format(pod=pod, node=rng.integers(1, 9), svc=name, n=i % 9)
                ev.add(ev.at(i), name, "Pod", reason, message)
        if rng.random() < 0.1:  # a flaky readiness probe, unrelated to anything
            ev.add(
                ev.at(int(rng.integers(sc.n))),
                name,
                "Pod",
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
            )
        st = states[name]
        slow = st.latency / st.latency[0]
        for i in np.flatnonzero(slow > 8)[:3]:  # probes time out on slow services
            if rng.random() < 0.3:
                ev.add(
                    ev.at(int(i)),
                    name,
                    "Pod",
                    "Unhealthy",
                    "Liveness probe failed: Get "
                    '"http://10.0.0.1:8080/healthz": context deadline exceeded',
                )
    if sc.benign_rollout is not None:
        other, i = sc.benign_rollout
        ev.rollout(other, ev.at(i), sc.topology.services[other].replicas)
    _fault_trail(ev, sc, states[sc.root])
    return sorted(ev.out)
