"""Each built-in analyzer package is a pluggy plugin whose hookimpl returns one `Analyzer`."""

from __future__ import annotations

import importlib
import time

import numpy as np
import pluggy
import pytest
from analyzer_synth import SERVICES, START, context, fleet, healthy_ms, step_to, trace

from incident_app.correlation import hookspecs
from incident_app.correlation.hookspecs import Analyzer
from incident_app.correlation.types import LogRecord, Signal, Telemetry

PACKAGES = {
    "metrics": Signal.metrics,
    "logs": Signal.logs,
    "traces": Signal.traces,
    "k8s": Signal.k8s,
}


@pytest.mark.parametrize(("name", "signal"), PACKAGES.items())
def test_hookimpl_returns_an_analyzer(name: str, signal: Signal) -> None:
    module = importlib.import_module(f"analyzers.{name}")
    [analyzer] = module.rootline_register_analyzers()
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == name and analyzer.signals == (signal,)
    assert analyzer.version
    assert analyzer.analyze(context(), Telemetry()) == []


def test_plugin_manager_discovers_all_four() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in PACKAGES:
        pm.register(importlib.import_module(f"analyzers.{name}"), name=f"rootline-{name}")
    analyzers = [a for batch in pm.hook.rootline_register_analyzers() for a in batch]
    assert sorted(a.name for a in analyzers) == sorted(PACKAGES)


def test_all_four_are_fast_on_a_twelve_service_incident() -> None:
    """Not a benchmark: a guard against accidental quadratic behaviour (budget 50 ms each,
    asserted with a wide margin for slow CI machines)."""
    rng = np.random.default_rng(0)
    spans = [s for i in range(200) for s in trace(f"t{i}", START - 1500 + 10 * i, healthy_ms(rng))]
    telemetry = Telemetry(
        series=fleet(1, {("payment", "cpu"): step_to(0.9)}),
        logs=[
            LogRecord(START - 1700 + i, s, "INFO", f"request {i} served in {i % 97} ms")
            for s in SERVICES
            for i in range(0, 2400, 8)
        ],
        spans=spans,
        events=[],
        pods=[],
    )
    for name in PACKAGES:
        [analyzer] = importlib.import_module(f"analyzers.{name}").rootline_register_analyzers()
        began = time.perf_counter()
        analyzer.analyze(context(), telemetry)
        assert time.perf_counter() - began < 0.5, name
