"""A metrics source that is always down and an analyzer that always raises, so an analysis
completes degraded with one source error and one analyzer error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_app.correlation.hookspecs import hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry


class DownSource:
    name = "down-prometheus"

    def check(self) -> dict[str, Any]:
        return {"status": "down"}

    def fetch(self, context: AnalysisContext) -> Telemetry:
        raise ConnectionError("prometheus refused the connection")


class BrokenAnalyzer:
    name = "broken"
    version = "0.1"
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        raise RuntimeError("analyzer bug")


@hookimpl(tryfirst=True)
def rootline_telemetry_source(signal: Signal, settings: Mapping[str, Any]) -> DownSource | None:
    return DownSource() if signal == Signal.metrics else None


@hookimpl
def rootline_register_analyzers() -> list[Any]:
    return [BrokenAnalyzer()]
