"""Build an AnalysisContext from an incident and the service catalog."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from incident_app.correlation.types import AnalysisContext, ServiceTarget
from incident_app.models import Incident, Service, utcnow

MAX_SERVICES = 25


def service_target(service: Service, impact_level: str | None) -> ServiceTarget:
    hints = service.telemetry or {}
    metrics, logs = hints.get("metrics", {}), hints.get("logs", {})
    traces, k8s = hints.get("traces", {}), hints.get("kubernetes", {})
    return ServiceTarget(
        name=service.name,
        namespace=service.namespace,
        impact_level=impact_level,
        depends_on=tuple(service.dependency_names),
        metrics_selector=metrics.get("selector", ""),
        requests_metric=metrics.get("requests_metric") or "http_requests_total",
        duration_metric=metrics.get("duration_metric") or "http_request_duration_seconds",
        logs_selector=logs.get("selector", ""),
        trace_service=traces.get("service_name", ""),
        k8s_namespace=k8s.get("namespace") or service.namespace,
        k8s_workload=k8s.get("workload", ""),
        k8s_label_selector=k8s.get("label_selector", ""),
    )


def incident_context(incident: Incident, settings: Mapping[str, Any]) -> AnalysisContext:
    """The incident's services plus everything they depend on (transitively, bounded): the
    root cause is often a dependency nobody linked to the incident yet."""
    targets: dict[str, ServiceTarget] = {}
    queue: list[tuple[Service, str | None]] = [
        (link.service, link.impact_level.value) for link in incident.service_links
    ]
    while queue and len(targets) < MAX_SERVICES:
        service, impact = queue.pop(0)
        if service.name in targets:
            continue
        targets[service.name] = service_target(service, impact)
        queue.extend((dep, None) for dep in service.dependencies)
    lookback = timedelta(minutes=int(settings.get("CORRELATION_LOOKBACK_MINUTES", 30)))
    after = timedelta(minutes=int(settings.get("CORRELATION_AFTER_MINUTES", 15)))
    return AnalysisContext(
        started_at=incident.started_at,
        window_start=incident.started_at - lookback,
        window_end=min(utcnow(), incident.started_at + after),
        services=tuple(targets.values()),
        step_seconds=int(settings.get("CORRELATION_STEP_SECONDS", 15)),
        incident_id=str(incident.id),
    )
