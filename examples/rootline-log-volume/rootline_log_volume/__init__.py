"""A Rootline analyzer plugin shipped as its own pip package.

It flags services that log far more after the incident started than before: a cheap,
source-agnostic signal that often points at the service that is struggling.
"""

from __future__ import annotations

from collections import Counter

from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry

SURGE = 5.0  # after-rate / before-rate that counts as a surge


class LogVolumeAnalyzer:
    name = "log-volume"
    version = "0.2.0"
    signals = (Signal.logs,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        if telemetry.logs is None:
            return []
        cut = context.started_at.timestamp()
        before_s = max(cut - context.window_start.timestamp(), 1.0)
        after_s = max(context.window_end.timestamp() - cut, 1.0)
        before = Counter(r.service for r in telemetry.logs if r.time < cut)
        after = Counter(r.service for r in telemetry.logs if r.time >= cut)
        findings = []
        for service, count in after.items():
            ratio = (count / after_s) / max(before[service] / before_s, 1.0 / before_s)
            if ratio >= SURGE:
                findings.append(
                    Finding(
                        analyzer=self.name,
                        service=service,
                        signal=Signal.logs,
                        kind="log_volume_surge",
                        summary=f"log volume up {ratio:.0f}x after the start",
                        score=min(1.0, ratio / (4 * SURGE)),
                        evidence={
                            "before": before[service],
                            "after": count,
                            "ratio": round(ratio, 2),
                        },
                    )
                )
        return findings


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [LogVolumeAnalyzer()]
