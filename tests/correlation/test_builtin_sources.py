"""The built-in sources plugin: which source answers for which signal under which settings,
called through pluggy exactly as the engine calls it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
import pytest

from incident_app.correlation import hookspecs
from incident_app.correlation.sources import (
    CaseBundleSource,
    KubernetesSource,
    LokiSource,
    PrometheusSource,
    TempoSource,
    builtin,
)
from incident_app.correlation.types import Signal

LIVE = {
    "PROMETHEUS_URL": "http://prometheus:9090",
    "LOKI_URL": "http://loki:3100",
    "TEMPO_URL": "http://tempo:3200",
    "KUBERNETES_API_URL": "http://127.0.0.1:8001",
    "SOURCE_TIMEOUT_SECONDS": "2.5",
}


def source_for(signal: Signal, settings: dict[str, Any]) -> Any:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(builtin)
    return manager.hook.rootline_telemetry_source(signal=signal, settings=settings)


@pytest.mark.parametrize(
    ("signal", "kind"),
    [
        (Signal.metrics, PrometheusSource),
        (Signal.logs, LokiSource),
        (Signal.traces, TempoSource),
        (Signal.k8s, KubernetesSource),
    ],
)
def test_live_settings_pick_the_backend(signal: Signal, kind: type[Any]) -> None:
    source = source_for(signal, LIVE)
    assert isinstance(source, kind) and source.signal == signal
    assert isinstance(source, hookspecs.TelemetrySource)


def test_urls_and_the_timeout_reach_the_sources() -> None:
    prometheus = source_for(Signal.metrics, LIVE)
    assert (prometheus.api.base_url, prometheus.api.timeout) == ("http://prometheus:9090", 2.5)
    assert source_for(Signal.logs, LIVE).api.base_url == "http://loki:3100"
    kubernetes = source_for(Signal.k8s, LIVE)
    assert (kubernetes.api_url, kubernetes.timeout) == ("http://127.0.0.1:8001", 2.5)
    assert source_for(Signal.traces, {"TEMPO_URL": "http://tempo:3200"}).api.timeout == 5.0


def test_a_case_dir_replaces_every_live_source(tmp_path: Path) -> None:
    for signal in Signal:
        source = source_for(signal, {**LIVE, "CASE_DIR": str(tmp_path)})
        assert isinstance(source, CaseBundleSource)
        assert (source.signal, source.case_dir) == (signal, tmp_path)


@pytest.mark.parametrize(
    ("settings", "signal", "kind"),
    [
        ({}, Signal.metrics, None),
        ({"PROMETHEUS_URL": ""}, Signal.metrics, None),
        ({"PROMETHEUS_URL": "http://p:9090"}, Signal.logs, None),
        ({"KUBERNETES_IN_CLUSTER": "false"}, Signal.k8s, None),
        ({"KUBERNETES_IN_CLUSTER": False, "KUBECONFIG": ""}, Signal.k8s, None),
        ({"KUBERNETES_IN_CLUSTER": "true"}, Signal.k8s, KubernetesSource),
        ({"KUBERNETES_IN_CLUSTER": True}, Signal.k8s, KubernetesSource),
        ({"KUBECONFIG": "/etc/rootline/kubeconfig"}, Signal.k8s, KubernetesSource),
    ],
)
def test_unconfigured_signals_get_no_source(
    settings: dict[str, Any], signal: Signal, kind: type[Any] | None
) -> None:
    source = source_for(signal, settings)
    assert source is None if kind is None else isinstance(source, kind)


def test_kubernetes_settings_are_passed_as_given() -> None:
    source = source_for(Signal.k8s, {"KUBECONFIG": "/k.yaml", "KUBERNETES_IN_CLUSTER": "1"})
    assert (source.kubeconfig, source.in_cluster, source.api_url) == ("/k.yaml", True, "")
    assert source.namespaces == frozenset()


@pytest.mark.parametrize(
    "namespaces", [["shop", "billing"], " shop,billing ,", ("billing", "shop")]
)
def test_watched_namespaces_reach_the_kubernetes_source(namespaces: Any) -> None:
    settings = {"KUBERNETES_IN_CLUSTER": True, "KUBERNETES_NAMESPACES": namespaces}
    assert source_for(Signal.k8s, settings).namespaces == {"shop", "billing"}
