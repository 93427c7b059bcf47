"""Dependencies that emit no telemetry of their own (a managed database, a queue, a SaaS API):
only their callers and the dependency graph can point at them.

Each anomalous caller of such a service accuses it in proportion to how visibly wrong the
caller is (latency, errors: what a failing dependency causes) and to the share of the service's
callers that went wrong together; a lone anomalous caller is as likely its own cause as its
silent dependency's, so its accusation counts half. The accusations are ordinary findings
(kind `silent_dependency`, with `"caller"`), so the merge weighs them like a caller's timeouts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from incident_app.correlation import evidence as ev
from incident_app.correlation.types import Finding

KIND = "silent_dependency"
LONE_CALLER = 0.5


def accusations(
    graph: dict[str, set[str]], findings: list[Finding], silent: Iterable[str]
) -> list[Finding]:
    """Findings about each silent service, one per anomalous caller."""
    by_service: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_service[f.service].append(f)
    visible = {s: ev.nats(fs, only_visible=True) for s, fs in by_service.items()}
    out = []
    for service in sorted(set(silent)):
        callers = sorted(c for c, callees in graph.items() if service in callees and c != service)
        wrong = [c for c in callers if ev.probability(visible.get(c, 0.0)) >= ev.ANOMALOUS]
        if not wrong:
            continue
        together = len(wrong) / len(callers) * (1.0 if len(wrong) > 1 else LONE_CALLER)
        for caller in wrong:
            shown = [f for f in by_service[caller] if ev.visible(f)]
            strongest = max(shown, key=lambda f: f.score)
            out.append(
                Finding(
                    analyzer="merge",
                    service=service,
                    signal=strongest.signal,
                    kind=KIND,
                    summary=f"{service} sends no telemetry of its own; {caller}, which depends "
                    f"on it, went wrong ({strongest.summary.rstrip('.')}), as did "
                    f"{len(wrong)} of its {len(callers)} callers.",
                    score=round(ev.probability(visible[caller]) * together, 4),
                    fault=strongest.fault if strongest.fault in ev.CALLER_FAULTS else None,
                    evidence={"caller": caller, "callers_wrong": wrong, "callers": callers},
                    onset=strongest.onset,
                )
            )
    return out
