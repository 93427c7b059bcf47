"""The simulated cluster's memory: each pod's restarts and last termination, and the
Kubernetes events and rollouts that pod changes produce, in bounded buffers.

The model says which pods exist and which container died in a given second; this turns that
into what the Kubernetes API would show: restart counts, OOMKilled terminations, CrashLoop
back-offs, failed liveness probes, and ScalingReplicaSet events when a rollout moves pods to a
new ReplicaSet.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from incident_app.correlation.types import ClusterEvent, PodState, Rollout
from incident_app.simulation.model import Effect
from incident_app.simulation.pods import PodView
from incident_app.simulation.topology import ServiceSpec, Topology

#: A pod killed this often within BACKOFF_WINDOW_S is in CrashLoopBackOff.
BACKOFF_KILLS, BACKOFF_WINDOW_S = 2, 300.0
PROBE_TIMEOUT = (
    'Liveness probe failed: Get "http://{ip}:8080/healthz": context deadline exceeded '
    "(Client.Timeout exceeded while awaiting headers)"
)


@dataclass
class PodRecord:
    service: str
    name: str
    revision: str
    restarts: int = 0
    last_reason: str = ""
    last_time: float | None = None
    down: bool = False
    kills: deque[float] = field(default_factory=lambda: deque(maxlen=10))
    seen: float = 0.0  # last time the pod existed

    def backing_off(self, t: float) -> bool:
        recent = sum(1 for k in self.kills if k >= t - BACKOFF_WINDOW_S)
        return self.down and recent >= BACKOFF_KILLS


class Cluster:
    """Pods, events and rollouts of the simulated services (pruned by the World)."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.pods: dict[str, PodRecord] = {}
        self.current: dict[str, list[str]] = {name: [] for name in topology.services}
        self.events: deque[ClusterEvent] = deque()
        self.rollouts: deque[Rollout] = deque()

    def observe(self, name: str, effect: Effect, t: float) -> None:
        """Take in the service's pods at `t`: new pods, deaths, rollouts."""
        spec = self.topology.services[name]
        before = Counter(self.pods[p].revision for p in self.current[name] if p in self.pods)
        old_sets = {
            self.pods[p].revision: p.rsplit("-", 1)[0] for p in self.current[name] if p in self.pods
        }
        for view in effect.pods:
            record = self.pods.get(view.name)
            if record is None:
                record = self.pods[view.name] = PodRecord(name, view.name, view.revision)
            record.down, record.seen = view.down, t
            if view.killed:
                self._killed(spec, record, view, t)
        self.current[name] = [v.name for v in effect.pods]
        after = Counter(v.revision for v in effect.pods)
        if not before or after == before:
            return
        new_sets = {v.revision: v.name.rsplit("-", 1)[0] for v in effect.pods}
        for revision, count in after.items():
            if revision not in before:
                tag = "stable" if revision == "base" else revision
                deployed = spec.workload == "deployment"
                hash_ = new_sets[revision].rsplit("-", 1)[-1] if deployed else tag
                image = f"registry.local/{self.topology.name}/{name}:{tag}"
                self.rollouts.append(Rollout(t, name, name, hash_, image))
            if spec.workload == "deployment" and count > before.get(revision, 0):
                self._scaled(t, name, f"Scaled up replica set {new_sets[revision]} to {count}")
        for revision, count in before.items():
            if spec.workload == "deployment" and after.get(revision, 0) < count:
                left = after.get(revision, 0)
                self._scaled(t, name, f"Scaled down replica set {old_sets[revision]} to {left}")

    def _scaled(self, t: float, service: str, message: str) -> None:
        self._event(t, service, "ScalingReplicaSet", message, kind="Deployment")

    def _killed(self, spec: ServiceSpec, record: PodRecord, view: PodView, t: float) -> None:
        record.restarts += 1
        record.last_reason, record.last_time = view.killed, t
        record.kills.append(t)
        service, pod = record.service, record.name
        if view.killed == "OOMKilled":
            limit = f"{spec.memory_limit_mb:.0f}Mi"
            self._event(
                t,
                service,
                "OOMKilled",
                f"Container {service} in pod {pod} was OOMKilled (memory limit {limit})",
            )
        else:
            ip = f"10.42.{len(pod) % 250}.{sum(map(ord, pod)) % 250}"
            self._event(t - 1.0, service, "Unhealthy", PROBE_TIMEOUT.format(ip=ip))
            self._event(
                t,
                service,
                "Killing",
                f"Container {service} failed liveness probe, will be restarted",
            )
        if record.backing_off(t):
            self._event(
                t,
                service,
                "BackOff",
                f"Back-off restarting failed container {service} in pod {pod}",
            )

    def _event(self, t: float, service: str, reason: str, message: str, kind: str = "Pod") -> None:
        self.events.append(ClusterEvent(t, service, kind, reason, message))

    def restarts(self, service: str) -> int:
        return sum(self.pods[p].restarts for p in self.current[service])

    def states(self, services: Iterable[str], t: float) -> list[PodState]:
        """The services' current pods as the Kubernetes API would list them."""
        return [
            PodState(
                service=r.service,
                name=r.name,
                phase="Running",
                ready=not r.down,
                restarts=r.restarts,
                waiting_reason="CrashLoopBackOff" if r.backing_off(t) else "",
                last_termination_reason=r.last_reason,
                last_termination_time=r.last_time,
            )
            for s in services
            for r in (self.pods[p] for p in self.current.get(s, []))
        ]

    def prune(self, cutoff: float) -> None:
        while self.events and self.events[0].time < cutoff:
            self.events.popleft()
        while self.rollouts and self.rollouts[0].time < cutoff:
            self.rollouts.popleft()
        for gone in [n for n, r in self.pods.items() if r.seen < cutoff]:
            del self.pods[gone]
