"""A test plugin: telemetry sources driven by the `FAKE_SCENARIO` setting, and a simple
analyzer that turns error-ratio jumps and pool-exhaustion logs into findings."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from incident_app.correlation.hookspecs import hookimpl
from incident_app.correlation.types import (
    AnalysisContext,
    Finding,
    LogRecord,
    Series,
    Signal,
    Telemetry,
)


def _series(
    context: AnalysisContext, service: str, metric: str, before: float, after: float
) -> Series:
    start, cut = context.window_start.timestamp(), context.started_at.timestamp()
    end = max(context.window_end.timestamp(), cut + 300)
    points = [(t, before if t < cut else after) for t in range(int(start), int(end), 15)]
    return Series(service, metric, tuple((float(t), v) for t, v in points))


class FakeSource:
    def __init__(self, signal: Signal, scenario: str) -> None:
        self.signal = signal
        self.name = f"fake-{signal.value}"
        self.scenario = scenario

    def check(self) -> dict[str, Any]:
        return {"status": "down" if self.scenario == "metrics-down" else "up"}

    def fetch(self, context: AnalysisContext) -> Telemetry:
        if self.signal == Signal.metrics:
            if self.scenario == "metrics-down":
                raise ConnectionError("prometheus at 127.0.0.1:1 refused the connection")
            if self.scenario == "metrics-slow":
                time.sleep(5)
            if self.scenario == "reference-down" and context.started_at.year < 2026:
                raise ConnectionError("prometheus has no data before 2026 (retention)")
            names = [s.name for s in context.services]
            return Telemetry(
                series=[
                    _series(
                        context, n, "error", 0.01, 0.9 if n in ("payments", "checkout") else 0.01
                    )
                    for n in names
                ]
            )
        if self.signal == Signal.logs:
            cut = context.started_at.timestamp()
            problems = (
                {"logs": 'loki refused {app="x"} (HTTP 400)'}
                if self.scenario == "logs-partial"
                else {}
            )
            return Telemetry(
                problems=problems,
                logs=[
                    LogRecord(
                        cut + i, "payments", "error", f"connection pool exhausted after {i}ms"
                    )
                    for i in range(40)
                ],
            )
        return Telemetry()  # traces and k8s: answered, empty


@hookimpl(tryfirst=True)
def rootline_telemetry_source(signal: Signal, settings: Mapping[str, Any]) -> FakeSource | None:
    scenario = settings.get("FAKE_SCENARIO")
    return FakeSource(signal, scenario) if scenario else None


class ErrorJumpAnalyzer:
    name = "error-jump"
    version = "1.0"
    signals = (Signal.metrics, Signal.logs)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        cut = context.started_at.timestamp()
        findings = []
        for s in telemetry.series or []:
            before = [v for t, v in s.points if t < cut]
            after = [v for t, v in s.points if t >= cut]
            if before and after and max(after) - max(before) > 0.5:
                findings.append(
                    Finding(
                        self.name,
                        s.service,
                        Signal.metrics,
                        "metric_spike",
                        f"{s.metric} rose to {max(after):.0%}",
                        0.9,
                        fault="exception",
                        onset=cut,
                        evidence={"metric": s.metric},
                    )
                )
        pool = [r for r in telemetry.logs or [] if "pool exhausted" in r.message]
        if pool:
            findings.append(
                Finding(
                    self.name,
                    pool[0].service,
                    Signal.logs,
                    "log_pattern",
                    f'"connection pool exhausted" x {len(pool)}',
                    0.95,
                    fault="pool-exhaustion",
                    onset=pool[0].time,
                    evidence={"count_after": len(pool)},
                )
            )
        return findings


@hookimpl
def rootline_register_analyzers() -> list[Any]:
    return [ErrorJumpAnalyzer()]


FINISHED: list[dict[str, Any]] = []


@hookimpl
def rootline_analysis_finished(
    incident_id: str | None, hypotheses: list[Any], problems: Mapping[str, str]
) -> None:
    FINISHED.append(
        {
            "incident_id": incident_id,
            "top": hypotheses[0].service if hypotheses else None,
            "problems": dict(problems),
        }
    )
