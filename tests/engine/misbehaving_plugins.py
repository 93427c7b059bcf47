"""Analyzers that raise or hang, to prove the engine isolates them."""

from __future__ import annotations

import time
from typing import Any

from incident_app.correlation.hookspecs import hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry


class Raising:
    name = "raising"
    version = "0.1"
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        raise RuntimeError("analyzer bug")


class Hanging:
    name = "hanging"
    version = "0.1"
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        time.sleep(30)
        return []


@hookimpl
def rootline_register_analyzers() -> list[Any]:
    return [Raising(), Hanging(), "not an analyzer"]
