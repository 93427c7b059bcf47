"""Telemetry sources: one per backend, each turning a live system or a recorded case into the
plain values of `incident_app.correlation.types` (see `TelemetrySource` in hookspecs)."""

from incident_app.correlation.sources._common import SourceError
from incident_app.correlation.sources.bundle import CaseBundleSource, load_case
from incident_app.correlation.sources.kubernetes import KubernetesSource
from incident_app.correlation.sources.loki import LokiSource
from incident_app.correlation.sources.prometheus import PrometheusSource
from incident_app.correlation.sources.tempo import TempoSource

__all__ = [
    "CaseBundleSource",
    "KubernetesSource",
    "LokiSource",
    "PrometheusSource",
    "SourceError",
    "TempoSource",
    "load_case",
]
