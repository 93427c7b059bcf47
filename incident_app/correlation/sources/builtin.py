"""The built-in telemetry sources as a pluggy plugin, registered through the same
`rootline.analyzers` entry points as third-party plugins: settings decide which source answers
for a signal, and a recorded case (CASE_DIR) replaces every live source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from incident_app.correlation.hookspecs import TelemetrySource, hookimpl
from incident_app.correlation.sources.access import Credentials
from incident_app.correlation.sources.bundle import CaseBundleSource
from incident_app.correlation.sources.kubernetes import KubernetesSource
from incident_app.correlation.sources.loki import LokiSource
from incident_app.correlation.sources.prometheus import PrometheusSource
from incident_app.correlation.sources.tempo import TempoSource
from incident_app.correlation.types import Signal

DEFAULT_TIMEOUT_SECONDS = 5.0


def _flag(value: Any) -> bool:
    """Config values may arrive as strings from the environment."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _names(value: Any) -> list[str]:
    """A list setting: config.py splits the environment's commas, overrides may pass a string."""
    parts = value.split(",") if isinstance(value, str) else value or []
    return [p.strip() for p in parts if p.strip()]


@hookimpl
def rootline_telemetry_source(
    signal: Signal, settings: Mapping[str, Any]
) -> TelemetrySource | None:
    if settings.get("CASE_DIR"):
        return CaseBundleSource(signal, settings["CASE_DIR"])
    timeout = float(settings.get("SOURCE_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)
    if signal == Signal.metrics and settings.get("PROMETHEUS_URL"):
        credentials = Credentials.from_settings(settings, "PROMETHEUS")
        return PrometheusSource(settings["PROMETHEUS_URL"], timeout, credentials=credentials)
    if signal == Signal.logs and settings.get("LOKI_URL"):
        credentials = Credentials.from_settings(settings, "LOKI")
        return LokiSource(settings["LOKI_URL"], timeout, credentials=credentials)
    if signal == Signal.traces and settings.get("TEMPO_URL"):
        credentials = Credentials.from_settings(settings, "TEMPO")
        return TempoSource(settings["TEMPO_URL"], timeout, credentials=credentials)
    in_cluster = _flag(settings.get("KUBERNETES_IN_CLUSTER"))
    api_url, kubeconfig = settings.get("KUBERNETES_API_URL"), settings.get("KUBECONFIG")
    if signal == Signal.k8s and (api_url or kubeconfig or in_cluster):
        return KubernetesSource(
            api_url=api_url or "",
            kubeconfig=kubeconfig or "",
            in_cluster=in_cluster,
            timeout=timeout,
            namespaces=_names(settings.get("KUBERNETES_NAMESPACES")),
        )
    return None
