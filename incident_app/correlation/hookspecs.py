# mypy: disable-error-code="empty-body"
"""The whole Rootline plugin contract (pluggy project "rootline").

A plugin is a module or object with `@hookimpl`-decorated functions named after these specs,
published through the `rootline.analyzers` entry-point group. The built-in analyzers and
telemetry sources use exactly these hooks. Hooks are called with keyword arguments only.
See docs/analyzers.md for a worked example of each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import pluggy

from incident_app.correlation.types import (
    AnalysisContext,
    Finding,
    Hypothesis,
    Signal,
    Telemetry,
)

PROJECT = "rootline"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@runtime_checkable
class Analyzer(Protocol):
    """Scores telemetry. `analyze` must be a pure function of its arguments: no I/O (the
    engine has already collected everything), and fast (it runs under a timeout)."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def signals(self) -> tuple[Signal, ...]: ...

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]: ...


@runtime_checkable
class TelemetrySource(Protocol):
    """Reads one signal from somewhere (a live API, a recorded case, the simulator).

    Optional: `fetch_reference(context) -> Telemetry | None` for a source that knows its own
    reference period (recorded cases); `location` (e.g. the backend's URL) lets the engine
    cache the reference windows it asks `fetch` for (docs/analyzers.md)."""

    @property
    def name(self) -> str: ...
    @property
    def signal(self) -> Signal: ...

    def fetch(self, context: AnalysisContext) -> Telemetry:
        """Return a Telemetry with this signal's fields filled, over the context's window
        (also a reference period's, moved back in time). Raise on failure; the engine records
        the error as a degraded source and carries on."""
        ...

    def check(self) -> dict[str, Any]:
        """Cheap reachability probe for /health: {"status": "up"|"down", ...}."""
        ...


@hookspec
def rootline_register_analyzers() -> list[Analyzer]:
    """Return the analyzers this plugin provides.

    Called once when the app's plugin manager is built. Each analyzer needs a unique `name`
    (config can disable it by name through ROOTLINE_DISABLED_ANALYZERS), a `version`, the
    `signals` it reads, and `analyze(context, telemetry) -> list[Finding]`. The engine runs
    every analyzer in its own thread with a timeout; an analyzer that raises or hangs is
    recorded as failed and the others' findings still count.
    """


@hookspec(firstresult=True)
def rootline_telemetry_source(
    signal: Signal, settings: Mapping[str, Any]
) -> TelemetrySource | None:
    """Return the source that supplies `signal` under these settings, or None to pass.

    The first non-None answer wins (use `@hookimpl(tryfirst=True)` to take precedence over the
    built-in Prometheus, Loki, Tempo and Kubernetes sources). `settings` is the app config, or
    the replay settings (`CASE_DIR`) when analyzing a recorded case. Return None when the
    signal is not configured for you; a signal nobody supplies is reported as unavailable.
    """


@hookspec
def rootline_analysis_finished(
    incident_id: str | None, hypotheses: list[Hypothesis], problems: Mapping[str, str]
) -> None:
    """Called after an analysis has been stored, with its ranked hypotheses and any degraded
    sources or failed analyzers (`problems`: name -> reason). Use it to notify chat, paging
    or ticketing systems. Exceptions are logged and ignored."""
