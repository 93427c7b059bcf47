"""Findings -> ranked root-cause hypotheses, using the service dependency graph.

1. Strength: each service's findings combine by noisy-OR, `E = 1 - prod(1 - w_signal * score)`,
   so independent signals agreeing raise it, and one strong finding alone is enough.
2. Blame: a service whose own dependencies (transitively, from the catalog and from observed
   trace calls) are at least as anomalous, and went wrong no later, is probably showing their
   symptoms: its strength is discounted by the strongest such dependency. A service whose
   callers are anomalous explains them, and gains a little. Without any graph, order still
   speaks: a service that went wrong several steps after the first one is discounted.
   Cause-shaped findings (an error originating in its own spans, OOMKilled, a rollout, a log
   pattern naming pool exhaustion) add weight.
3. Confidence: a service's root-cause mass divided by the total mass plus a constant
   "something we did not see" mass, so weak or split evidence yields low confidence instead of
   a confident guess. The accuracy benchmark (bench/) is what keeps these numbers honest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from incident_app.correlation.types import AnalysisContext, Finding, Hypothesis, Signal

SIGNAL_WEIGHT = {Signal.metrics: 0.85, Signal.logs: 0.9, Signal.traces: 0.9, Signal.k8s: 0.95}
CAUSE_KINDS = {
    "deepest_failing_span": 0.35,
    "callee_timeout": 0.3,
    "pod_oomkilled": 0.3,
    "image_pull_failed": 0.25,
    "config_error": 0.3,
    "crashloop": 0.25,
    "rollout": 0.3,
    "log_pattern": 0.1,
}
SPECIFIC_FAULTS = {
    "pool-exhaustion",
    "oom",
    "crashloop",
    "rollout",
    "config",
    "disk",
    "mem",
    "cpu",
    "loss",
    "socket",
}
UNSEEN_MASS = 0.25  # room for a cause none of the analyzers could see
SYMPTOM_DISCOUNT = 0.7
EXPLAINS_BONUS = 0.25
LATE_PENALTY = 0.5  # at most, for a service that went wrong LATE_STEPS or more after the first
LATE_STEPS = 4
ANOMALOUS = 0.3
MAX_HYPOTHESES = 5

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


def dependency_graph(context: AnalysisContext, findings: Iterable[Finding]) -> dict[str, set[str]]:
    """caller -> callees, from the catalog and from call edges the traces analyzer observed."""
    graph: dict[str, set[str]] = defaultdict(set)
    for service in context.services:
        graph[service.name].update(service.depends_on)
    for finding in findings:
        for edge in finding.evidence.get("calls", []) or []:
            if isinstance(edge, list | tuple) and len(edge) == 2 and edge[0] != edge[1]:
                graph[str(edge[0])].add(str(edge[1]))
    return graph


def _downstream(graph: dict[str, set[str]], service: str) -> set[str]:
    seen: set[str] = set()
    stack = list(graph.get(service, ()))
    while stack:
        node = stack.pop()
        if node not in seen and node != service:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def _strength(findings: list[Finding]) -> float:
    miss = 1.0
    for f in findings:
        miss *= 1.0 - SIGNAL_WEIGHT.get(f.signal, 0.8) * max(0.0, min(1.0, f.score))
    return 1.0 - miss


def _onset(findings: list[Finding]) -> float | None:
    times = [f.onset for f in findings if f.onset is not None and f.score >= ANOMALOUS]
    return min(times) if times else None


def _cause_weight(finding: Finding) -> float:
    """How cause-shaped a finding is. A log pattern counts only when it names a specific
    fault ("connection pool exhausted"), not when it reports an error from elsewhere."""
    if finding.kind == "log_pattern" and finding.fault not in SPECIFIC_FAULTS:
        return 0.0
    return CAUSE_KINDS.get(finding.kind, 0.0)


def _no_later(first: float | None, second: float | None, slack: float) -> bool:
    """Whether `first` went wrong no later than `second` (unknown onsets do not object)."""
    return first is None or second is None or first <= second + slack


def _fault(findings: list[Finding]) -> str:
    votes: dict[str, float] = defaultdict(float)
    for f in findings:
        if f.fault:
            votes[f.fault] += f.score * (1.5 if f.fault in SPECIFIC_FAULTS else 1.0)
    return max(votes, key=lambda k: votes[k]) if votes else "anomaly"


def merge_findings(context: AnalysisContext, findings: list[Finding]) -> list[Hypothesis]:
    """Rank services as root-cause candidates; see the module docstring for the method."""
    by_service: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_service[finding.service].append(finding)
    if not by_service:
        return []
    graph = dependency_graph(context, findings)
    strength = {s: _strength(fs) for s, fs in by_service.items()}
    onset = {s: _onset(fs) for s, fs in by_service.items()}
    callers: dict[str, set[str]] = defaultdict(set)
    for caller, callees in graph.items():
        for callee in callees:
            callers[callee].add(caller)

    first = min((t for t in onset.values() if t is not None), default=None)
    mass: dict[str, float] = {}
    for service, own in strength.items():
        blamed = [
            strength[d]
            for d in _downstream(graph, service)
            if strength.get(d, 0.0) >= ANOMALOUS
            and strength[d] >= own * 0.6
            and _no_later(onset.get(d), onset.get(service), context.step_seconds)
        ]
        explained = [c for c in callers.get(service, ()) if strength.get(c, 0.0) >= ANOMALOUS]
        cause = max((_cause_weight(f) * f.score for f in by_service[service]), default=0.0)
        value = own * (1.0 - SYMPTOM_DISCOUNT * max(blamed, default=0.0))
        value *= 1.0 + EXPLAINS_BONUS * min(1.0, len(explained) / 2) + cause
        own_onset = onset.get(service)
        if first is not None and own_onset is not None:
            late = (own_onset - first) / (LATE_STEPS * context.step_seconds)
            value *= 1.0 - LATE_PENALTY * min(1.0, max(0.0, late))
        mass[service] = value

    total = sum(mass.values()) + UNSEEN_MASS
    ranked = sorted(mass, key=lambda s: (-mass[s], s))[:MAX_HYPOTHESES]
    hypotheses = []
    for rank, service in enumerate(ranked, start=1):
        fault = _fault(by_service[service])
        ordered = tuple(sorted(by_service[service], key=lambda f: -f.score))
        confidence = round(mass[service] / total, 4)
        hypotheses.append(
            Hypothesis(
                service=service,
                fault=fault,
                confidence=confidence,
                summary=f"{FAULT_TEXT.get(fault, fault.capitalize())} in {service}",
                findings=ordered,
                rank=rank,
            )
        )
    return hypotheses
