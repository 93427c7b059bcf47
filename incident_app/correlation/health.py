"""Reachability of each telemetry source, probed in parallel under a short deadline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_app.correlation.engine import resolve_sources
from incident_app.correlation.isolation import run_all
from incident_app.correlation.plugins import PluginSet
from incident_app.correlation.types import Signal

CHECK_TIMEOUT = 2.0


def telemetry_status(plugins: PluginSet, settings: Mapping[str, Any]) -> dict[str, Any]:
    sources, errors = resolve_sources(plugins, settings)
    outcomes = run_all({s.value: src.check for s, src in sources.items()}, CHECK_TIMEOUT)
    status: dict[str, Any] = {}
    for signal in Signal:
        source, outcome = sources.get(signal), outcomes.get(signal.value)
        if source is None or outcome is None:
            status[signal.value] = {
                "status": "unconfigured",
                **({"error": errors[signal.value]} if signal.value in errors else {}),
            }
        elif outcome.status == "ok" and isinstance(outcome.value, dict):
            status[signal.value] = {"source": source.name, **outcome.value}
        else:
            status[signal.value] = {
                "source": source.name,
                "status": "down",
                "error": outcome.error or "check returned nothing",
            }
    return status
