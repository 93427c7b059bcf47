"""What Kubernetes reasons mean for an incident: the finding kind, the fault they hint at, and
how strongly (a weight in [0, 1]) they point at a broken service rather than routine churn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_app.correlation.types import ClusterEvent, PodState


@dataclass(frozen=True)
class Rule:
    kind: str
    fault: str | None
    weight: float


OOM = Rule("pod_oomkilled", "oom", 1.0)
CRASHLOOP = Rule("crashloop", "crashloop", 0.9)
RESTARTS = Rule("pod_restarts", "crashloop", 0.7)
OOM_RESTARTS = Rule("pod_restarts", "oom", 0.7)
IMAGE = Rule("image_pull_failed", "rollout", 0.8)
CONFIG = Rule("config_error", "config", 0.8)
NOT_READY = Rule("pod_not_ready", None, 0.4)

_IMAGE_REASONS = {"errimagepull", "imagepullbackoff", "invalidimagename", "inspectfailed"}
_CONFIG_REASONS = {"createcontainerconfigerror", "createcontainererror", "failedmount"}
_TIMEOUT = re.compile(r"timeout|timed out|deadline exceeded", re.IGNORECASE)


def _probe(message: str) -> Rule:
    """Probes that time out say the service is slow; refused or failing ones say it is down."""
    return Rule("probe_failed", "delay" if _TIMEOUT.search(message) else None, 0.6)


def event_rule(event: ClusterEvent) -> Rule | None:
    """The rule for an event, or None for routine ones (Scheduled, Pulled, Started, ...).
    ScalingReplicaSet is not here: rollouts are scored by their distance to the start."""
    reason, message = event.reason.lower(), event.message.lower()
    if reason in ("oomkilled", "oomkilling") or "oomkilled" in message:
        return OOM
    if reason in _IMAGE_REASONS or (reason in ("backoff", "failed") and "image" in message):
        return IMAGE
    if reason in _CONFIG_REASONS or (reason == "failed" and "config" in message):
        return CONFIG
    if reason in ("backoff", "crashloopbackoff"):
        return CRASHLOOP
    if reason == "unhealthy":
        return _probe(event.message)
    if reason == "killing" and ("restarted" in message or "probe" in message):
        return RESTARTS
    if reason == "evicted":
        fault = "mem" if "memory" in message else "disk" if "storage" in message else None
        return Rule("pod_evicted", fault, 0.7)
    if reason == "failedscheduling":
        return Rule("scheduling_failed", None, 0.4)
    if reason == "nodenotready":
        return Rule("node_not_ready", None, 0.5)
    return None


def pod_rules(pod: PodState) -> list[Rule]:
    """What a pod's current state shows, strongest first."""
    waiting, last = pod.waiting_reason.lower(), pod.last_termination_reason.lower()
    rules = []
    if last == "oomkilled":
        rules.append(OOM)
    if waiting == "crashloopbackoff":
        rules.append(CRASHLOOP)
    if waiting in _IMAGE_REASONS:
        rules.append(IMAGE)
    if waiting in _CONFIG_REASONS:
        rules.append(CONFIG)
    if pod.restarts > 0:
        rules.append(OOM_RESTARTS if last == "oomkilled" else RESTARTS)
    if not rules and (not pod.ready or pod.phase in ("Pending", "Failed", "Unknown")):
        rules.append(NOT_READY)
    return rules
