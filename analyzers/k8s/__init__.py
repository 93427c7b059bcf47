"""Built-in Kubernetes analyzer: OOMKills, crash loops, restarts, failed probes and other pod
trouble around the start, and rollouts shortly before it (see `rules` and `scoring`)."""

from __future__ import annotations

from collections import defaultdict

from analyzers._shared import MIN_SCORE, VERSION, fmt_ago, fmt_num
from analyzers.k8s.rules import Rule, event_rule, pod_rules
from analyzers.k8s.scoring import RECENT, Group, from_events, from_records, rollout_score
from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import (
    AnalysisContext,
    ClusterEvent,
    Finding,
    Rollout,
    Signal,
    Telemetry,
)

LABELS = {
    "pod_oomkilled": "OOMKill",
    "crashloop": "crash-loop back-off",
    "pod_restarts": "container restart",
    "probe_failed": "failed probe",
    "image_pull_failed": "image pull failure",
    "config_error": "container config error",
    "pod_evicted": "pod eviction",
    "scheduling_failed": "scheduling failure",
    "node_not_ready": "node not ready",
    "pod_not_ready": "pod not ready",
}


def _groups(context: AnalysisContext, telemetry: Telemetry) -> dict[tuple[str, Rule], Group]:
    start, lo = context.started_at.timestamp(), context.window_start.timestamp()
    groups: dict[tuple[str, Rule], Group] = {}

    def group(service: str, rule: Rule) -> Group:
        return groups.setdefault((service, rule), Group(rule))

    for pod in telemetry.pods or []:
        ended = pod.last_termination_time
        for rule in pod_rules(pod):
            # Terminations are dated; waiting states are "now", dated only by a recent end.
            dated = rule.kind in ("pod_oomkilled", "pod_restarts")
            when = ended if dated or (ended is not None and ended >= start - RECENT) else None
            if when is not None and when < lo:
                continue  # an old termination: not this incident
            recent = when is None or when >= start - RECENT
            g = group(pod.service, rule)
            count = pod.restarts if rule.kind == "pod_restarts" else 1
            state = pod.waiting_reason or ("NotReady" if not pod.ready else pod.phase)
            reason = (pod.last_termination_reason or "Restarted") if dated else state
            g.add(max(count, 1), reason, when, recent)
            if recent:
                g.pods.add(pod.name)
                g.restarts[pod.name] = pod.restarts
    for event in telemetry.events or []:
        matched = event_rule(event)
        if matched is not None and event.service:
            recent = event.time >= start - RECENT
            group(event.service, matched).add(
                event.count, event.reason, event.time, recent, event.message
            )
    return groups


def _trouble(service: str, g: Group, before_s: float, recent_s: float) -> Finding:
    pods = sorted(g.pods)
    names = ", ".join(pods[:3]) + (", ..." if len(pods) > 3 else "")
    where = f" in {len(pods)} pod{'s' if len(pods) > 1 else ''} ({names})" if pods else ""
    return Finding(
        analyzer="k8s",
        service=service,
        signal=Signal.k8s,
        kind=g.rule.kind,
        summary=(
            f"{service}: {LABELS.get(g.rule.kind, g.rule.kind)} \u00d7 {fmt_num(g.recent)} around "
            f"the start{where}; {fmt_num(g.before)} earlier in the window."
        ),
        score=round(g.score(before_s, recent_s), 4),
        fault=g.rule.fault,
        onset=min(g.times) if g.times else None,
        evidence={
            "pods": pods[:20],
            "reasons": dict(g.reasons),
            "count_around_start": g.recent,
            "count_before": g.before,
            "times": sorted(g.times)[:20],
            "messages": g.messages[:5],
            "restarts": g.restarts,
            "time_known": g.timed,
        },
    )


def _rollout(
    service: str, records: list[Rollout], events: list[ClusterEvent], start: float
) -> Finding | None:
    seen = sorted(
        from_records(records) + from_events(events), key=lambda r: -rollout_score(r, start)
    )
    if not seen or rollout_score(seen[0], start) < MIN_SCORE:
        return None
    best = seen[0]
    image = f" ({best.image})" if best.image else ""
    return Finding(
        analyzer="k8s",
        service=service,
        signal=Signal.k8s,
        kind="rollout",
        summary=(
            f"{service}: {best.workload} rolled out revision {best.revision}{image} "
            f"{fmt_ago(start - best.time)}."
        ),
        score=round(rollout_score(best, start), 4),
        fault="rollout",
        onset=best.time,
        evidence={
            "rollouts": [
                {
                    "time": r.time,
                    "seconds_before_start": round(start - r.time, 3),
                    "workload": r.workload,
                    "revision": r.revision,
                    "image": r.image,
                    "source": r.source,
                    "score": round(rollout_score(r, start), 4),
                }
                for r in seen[:10]
            ]
        },
    )


class K8sAnalyzer:
    name = "k8s"
    version = VERSION
    signals = (Signal.k8s,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        """Pod trouble per service and rule, plus the rollout closest before the start."""
        if not telemetry.has(Signal.k8s) and telemetry.rollouts is None:
            return []
        start = context.started_at.timestamp()
        times = [e.time for e in telemetry.events or []]
        split = start - RECENT
        before_s = max(split - min([context.window_start.timestamp(), *times]), 60.0)
        recent_s = max(max([context.window_end.timestamp(), *times]) - split, 60.0)
        findings = [
            _trouble(service, g, before_s, recent_s)
            for (service, _), g in _groups(context, telemetry).items()
            if g.recent
        ]
        records: dict[str, list[Rollout]] = defaultdict(list)
        events: dict[str, list[ClusterEvent]] = defaultdict(list)
        for r in telemetry.rollouts or []:
            records[r.service].append(r)
        for e in telemetry.events or []:
            events[e.service].append(e)
        for service in set(records) | set(events):
            rollout = _rollout(service, records[service], events[service], start)
            if rollout is not None:
                findings.append(rollout)
        return sorted((f for f in findings if f.score >= MIN_SCORE), key=lambda f: -f.score)


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [K8sAnalyzer()]
