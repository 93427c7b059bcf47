"""Naming the fault of a root-cause candidate from its findings' hints.

Each hint counts by its strongest finding, weighted by how much that kind of evidence says
about the fault: words in logs and cluster events (OOMKilled, "connection pool exhausted")
say most; a metric's name says less (an open-connection count grows with any slowdown,
restarts follow OOM kills as much as crash loops); what callers saw, or what a service says
its dependencies did to it, says least about the service's own fault; what users saw end to
end (failing requests) counts as said of the service that explains it. A change (a rollout)
counts only as far as the service also misbehaved, and memory filling up while containers
restart reads as OOM kills even when the kills themselves were not recorded.
"""

from __future__ import annotations

import math
from collections import defaultdict

from incident_app.correlation.evidence import ACCUSATIONS, CHANGES, end_to_end, upstream
from incident_app.correlation.types import Finding, Signal

#: How much a hint in logs, events or traces says; "slow" and "failing" say least.
FAULT_WEIGHT = {
    "pool-exhaustion": 2.0,
    "oom": 2.0,
    "config": 1.8,
    "crashloop": 1.6,
    "rollout": 1.6,
    "socket": 1.6,
    "disk": 1.5,
    "return": 1.5,
    "cpu": 1.4,
    "mem": 1.3,
    "loss": 1.2,
    "exception": 0.8,
    "delay": 0.8,
}
#: The same for a metric's name (others count 0.8).
METRIC_FAULT_WEIGHT = {
    "pool-exhaustion": 1.6,
    "disk": 1.2,
    "cpu": 1.2,
    "crashloop": 1.1,
    "mem": 1.1,
    "socket": 0.75,
    "loss": 0.6,
}
ACCUSED_HINT = 0.7
#: A resource metric's hint grows by this much per tenfold move of its level: anomaly scores
#: saturate, but CPU that went up fiftyfold says more about the fault than memory that doubled
#: beside it. Latency moves by orders of magnitude behind any fault: its size names none.
MAGNITUDE_BONUS = 0.25
MAX_MAGNITUDE = 2.0
#: The resource faults whose hints are sized that way.
SIZED = {"cpu", "mem", "disk"}
OOM_FROM_SIGNS = FAULT_WEIGHT["oom"] / FAULT_WEIGHT["crashloop"]

FAULT_TEXT = {
    "pool-exhaustion": "Connection pool exhaustion",
    "oom": "Out-of-memory kills",
    "mem": "Memory exhaustion",
    "cpu": "CPU saturation",
    "delay": "Latency increase",
    "loss": "Network errors",
    "socket": "Connection failures",
    "exception": "Errors",
    "return": "Wrong responses",
    "crashloop": "Crash-looping pods",
    "rollout": "Bad rollout",
    "config": "Configuration error",
    "disk": "Disk pressure",
    "anomaly": "Anomalous behaviour",
}


def magnitude(f: Finding) -> float:
    """1 + MAGNITUDE_BONUS per decade between a metric's usual and its post-start level (that
    of its episode when it had one: a fault that ended inside the window is sized by itself)."""
    evidence = f.evidence
    before = evidence.get("baseline_median")
    after = evidence.get("episode_median", evidence.get("after_median"))
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return 1.0
    low, high = sorted((abs(float(before)), abs(float(after))))
    if low <= 0 or high <= low:
        return 1.0
    return min(MAX_MAGNITUDE, 1.0 + MAGNITUDE_BONUS * math.log10(high / low))


def hint_weight(f: Finding) -> float:
    fault = f.fault or ""
    if f.kind in ACCUSATIONS or upstream(f):
        return FAULT_WEIGHT.get(fault, 1.0) * ACCUSED_HINT
    if end_to_end(f):
        return FAULT_WEIGHT.get(fault, 1.0)
    if f.signal == Signal.metrics:
        size = magnitude(f) if fault in SIZED else 1.0
        return METRIC_FAULT_WEIGHT.get(fault, 0.8) * size
    return FAULT_WEIGHT.get(fault, 1.0)


def name_fault(findings: list[Finding]) -> str:
    """The best-supported fault for one service (see the module docstring)."""
    votes: dict[str, float] = defaultdict(float)
    own = max((f.score for f in findings if f.kind not in CHANGES), default=0.0)
    for f in findings:
        if f.fault:
            score = min(f.score, own) if f.kind in CHANGES else f.score
            votes[f.fault] = max(votes[f.fault], score * hint_weight(f))
    if votes.get("mem", 0.0) and votes.get("crashloop", 0.0):
        votes["oom"] = max(votes["oom"], min(votes["mem"], votes["crashloop"]) * OOM_FROM_SIGNS)
    return max(votes, key=lambda k: (votes[k], k)) if votes else "anomaly"


def describe(fault: str, service: str) -> str:
    return f"{FAULT_TEXT.get(fault, fault.capitalize())} in {service}"
