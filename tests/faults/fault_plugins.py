"""A test plugin for the fault tests: one analyzer that blames the incident's first service,
after sleeping FAULT_ANALYZER_SECONDS (read from the environment, so a `flask worker`
subprocess sees it too), long enough to kill its worker mid-analysis."""

from __future__ import annotations

import os
import time
from typing import Any

from incident_app.correlation.hookspecs import hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry


class Blame:
    name = "fault-blame"
    version = "0.1"
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        time.sleep(float(os.environ.get("FAULT_ANALYZER_SECONDS", "0")))
        service = context.services[0].name
        return [
            Finding(
                analyzer=self.name,
                service=service,
                signal=Signal.metrics,
                kind="error_rate",
                summary=f"{service} error ratio jumped",
                score=0.9,
                fault="pool-exhaustion",
                evidence={"before": 0.01, "after": 0.9},
            )
        ]


@hookimpl
def rootline_register_analyzers() -> list[Any]:
    return [Blame()]
