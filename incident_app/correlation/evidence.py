"""What one service's findings say about it, for the merge: how anomalous it is (in nats),
how much of that its callers could feel, when it went wrong, how cause-shaped it looks, and
which dependencies its own telemetry blames for its trouble.

Analyzers mark findings through plain evidence keys, so third-party plugins can do the same:
`"traffic": true` for load (request rates, bytes), which follows the callers' traffic;
`"end_to_end": true` for a measure of whole requests at the entry (end-to-end latency or
success), which says that users suffer but not which service failed;
`"upstream": true` for a service reporting that a dependency failed it; `"caller"` on an
accusation (kinds `callee_timeout`, `callee_latency`, `log_complaint`, `silent_dependency`:
a finding about a service made from its caller's point of view).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from incident_app.correlation.types import Finding, Signal

#: Weight of each group of findings: a signal's own, what each caller says about the service
#: (one more signal per caller), and load changes (little); others (a plugin's) count 0.8.
GROUP_WEIGHT = {
    Signal.metrics.value: 0.85,
    Signal.logs.value: 0.9,
    Signal.traces.value: 0.9,
    Signal.k8s.value: 0.95,
    "accused": 0.9,
    "traffic": 0.4,
    "end_to_end": 0.1,
}
#: Findings about a service observed by its callers, not by the service itself.
ACCUSATIONS = {"callee_timeout", "callee_latency", "log_complaint", "silent_dependency"}
#: Changes made to a service: not anomalies, but they make its own anomalies likelier causes.
CHANGES = {"rollout": 0.6}
CAUSE_KINDS = {
    "deepest_failing_span": 0.35,
    "trace_latency": 0.3,
    "callee_timeout": 0.3,
    "callee_latency": 0.3,
    "log_complaint": 0.2,
    "pod_oomkilled": 0.3,
    "image_pull_failed": 0.25,
    "config_error": 0.3,
    "crashloop": 0.25,
    "log_pattern": 0.1,
}
#: Fault hints that name a cause rather than "slow" or "failing" (a log pattern must name one
#: to look cause-shaped).
SPECIFIC_FAULTS = {
    "pool-exhaustion",
    "oom",
    "config",
    "crashloop",
    "rollout",
    "socket",
    "disk",
    "return",
    "cpu",
    "mem",
    "loss",
}
#: What a service's callers can feel of it (its resources reach them only through these).
CALLER_FAULTS = {"delay", "exception", "loss", "return", "crashloop", "oom", "config"}
ANOMALOUS = 0.3
#: A finding score this close to 1 is as sure as scores get (about 7 nats).
CERTAIN = 0.999
ONSET_SHARE = 0.7  # findings this close to a service's strongest one date its onset


def probability(nats: float) -> float:
    return 1.0 - math.exp(-nats)


def traffic(finding: Finding) -> bool:
    return bool(finding.evidence.get("traffic"))


def upstream(finding: Finding) -> bool:
    return bool(finding.evidence.get("upstream"))


def end_to_end(finding: Finding) -> bool:
    return bool(finding.evidence.get("end_to_end"))


#: A service's own resources that a slow or failing dependency does not use up: a caller
#: waiting on its callee holds connections and memory, but does not burn CPU or disk for it.
OWN_RESOURCES = {"cpu", "disk"}


def own_resource(finding: Finding) -> bool:
    """Whether the finding is the service's own CPU or disk use rising (not what a caller saw
    of it, not load): something its dependencies cannot explain."""
    return (
        finding.fault in OWN_RESOURCES
        and finding.kind not in ACCUSATIONS
        and not traffic(finding)
        and not upstream(finding)
    )


def visible(finding: Finding) -> bool:
    """Whether callers feel what the finding shows: slowness, errors, unavailability, rather
    than the service's load (which follows its callers' traffic) or the state of its own
    resources (which reach callers only through its latency and errors)."""
    if finding.kind in ACCUSATIONS or finding.signal in (Signal.traces, Signal.k8s):
        return finding.kind not in CHANGES
    return not traffic(finding) and not end_to_end(finding) and finding.fault in CALLER_FAULTS


def _combined(scores: Iterable[float]) -> float:
    """The strongest score fully, each further one half as much as the one before (series of
    one service move together)."""
    miss = 1.0
    for rank, score in enumerate(sorted(scores, reverse=True)):
        miss *= 1.0 - max(0.0, min(1.0, score)) * 0.5**rank
    return 1.0 - miss


def _group(finding: Finding) -> str:
    """Findings that are one observation: a signal's own findings, load changes, or what
    one caller says about the service (callers observe independently of each other)."""
    if finding.kind in ACCUSATIONS:
        return f"accused:{finding.evidence.get('caller', '')}"
    if end_to_end(finding):
        return "end_to_end"
    return "traffic" if traffic(finding) else str(finding.signal)


def nats(findings: list[Finding], only_visible: bool = False) -> float:
    """How anomalous a service is, in nats (-ln of the chance it is all noise), so that strong
    anomalies keep their differences instead of all saturating near 1: groups combine by
    noisy-OR, `1 - prod(1 - S_group) ** w_group`. With `only_visible`, only in ways its callers
    would feel, which is what it takes to explain a caller's trouble."""
    groups: dict[str, list[float]] = defaultdict(list)
    for f in findings:
        if f.kind in CHANGES or (only_visible and not visible(f)):
            continue
        groups[_group(f)].append(f.score)
    total = 0.0
    for key, scores in groups.items():
        weight = GROUP_WEIGHT.get(key.partition(":")[0], 0.8)
        total -= weight * math.log(1.0 - min(_combined(scores), CERTAIN))
    return total


def onset(findings: list[Finding]) -> float | None:
    """When the service went wrong: the earliest onset among its strongest findings (a weak
    early blip, a flaky probe, does not date it)."""
    timed = [f for f in findings if f.onset is not None and f.kind not in CHANGES]
    timed = [f for f in timed if not traffic(f)]
    best = max((f.score for f in timed), default=0.0)
    times = [f.onset for f in timed if f.score >= max(ANOMALOUS, ONSET_SHARE * best)]
    return min(t for t in times if t is not None) if times else None


def cause_weight(finding: Finding) -> float:
    """How cause-shaped a finding is. A log pattern counts only when it names a specific
    fault ("connection pool exhausted") of the service itself, not an error from elsewhere;
    trace latency only when the service's own time grew (its hint is then "delay")."""
    if finding.kind == "log_pattern" and (
        finding.fault not in SPECIFIC_FAULTS or upstream(finding)
    ):
        return 0.0
    if finding.kind == "trace_latency" and finding.fault is None:
        return 0.0
    return CAUSE_KINDS.get(finding.kind, 0.0)


def change(findings: list[Finding]) -> float:
    return max((CHANGES[f.kind] * f.score for f in findings if f.kind in CHANGES), default=0.0)


def blamed_by_self(findings: Iterable[Finding]) -> dict[str, dict[str, float]]:
    """service -> {dependency it blamed for its own trouble: how strongly} from its timeouts on
    a callee and its log lines naming one; "" for lines saying that some unnamed upstream
    call failed. A service that says its errors come from elsewhere is a symptom, however
    loud."""
    blame: dict[str, dict[str, float]] = defaultdict(dict)
    for f in findings:
        caller = f.evidence.get("caller")
        if f.kind in ACCUSATIONS and isinstance(caller, str) and caller != f.service:
            blame[caller][f.service] = max(blame[caller].get(f.service, 0.0), f.score)
        elif upstream(f):
            blame[f.service][""] = max(blame[f.service].get("", 0.0), f.score)
    return blame
