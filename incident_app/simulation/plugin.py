"""The simulation's telemetry source as a plugin, registered through the `rootline.analyzers`
entry points like every other source.

It takes precedence (tryfirst) while the app runs a simulation: logs, traces and cluster state
always come from the simulator; metrics too, unless PROMETHEUS_URL is set, in which case the
real Prometheus that scrapes the app's `/simulation/metrics` answers for them. A replayed case
(CASE_DIR) is never answered here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, has_app_context

from incident_app.correlation.hookspecs import TelemetrySource, hookimpl
from incident_app.correlation.types import Signal
from incident_app.simulation.runtime import EXTENSION, SimulationRuntime
from incident_app.simulation.source import SimulationSource


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@hookimpl(tryfirst=True)
def rootline_telemetry_source(
    signal: Signal, settings: Mapping[str, Any]
) -> TelemetrySource | None:
    if settings.get("CASE_DIR") or not _flag(settings.get("SIMULATION_ENABLED")):
        return None
    if signal == Signal.metrics and settings.get("PROMETHEUS_URL"):
        return None
    if not has_app_context():
        return None
    runtime: SimulationRuntime | None = current_app.extensions.get(EXTENSION)
    if runtime is None or runtime.world is None:
        return None
    return SimulationSource(runtime.world, Signal(signal))
