"""Service-catalog models, including how to find a service's telemetry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from incident_app.api.schemas import Input, Output, PageQuery, Patch
from incident_app.catalog.selectors import logql_stream_selector, metric_name, promql_matchers

ServiceName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=63, pattern=r"^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$"),
]
Selector = Annotated[str, StringConstraints(max_length=500)]
# What a request may set; what is stored and shown keeps the plain types (rows written before
# these checks existed must still read). See selectors.py for the rules.
PromqlMatchers = Annotated[Selector, AfterValidator(promql_matchers)]
PlainMetric = Annotated[Selector, AfterValidator(metric_name)]
LogqlSelector = Annotated[Selector, AfterValidator(logql_stream_selector)]
MAX_USERS = 2**31 - 1  # users_served is a 32-bit INTEGER column


class MetricsHints(Input):
    """Prometheus: the label matchers that select this service's series."""

    selector: Selector = Field(
        "", description='e.g. service="checkout" (default: service="<name>")'
    )
    requests_metric: Selector = "http_requests_total"
    duration_metric: Selector = "http_request_duration_seconds"


class LogsHints(Input):
    """Loki: the stream selector for this service's logs."""

    selector: Selector = Field("", description='e.g. {app="checkout"} (default: {app=<name>})')


class TracesHints(Input):
    """Tempo: the resource service.name this service reports spans under."""

    service_name: Selector = ""


class KubernetesHints(Input):
    """Kubernetes: where the service's pods run and how to select them."""

    namespace: Selector = ""
    workload: Selector = Field("", description="Deployment or StatefulSet name")
    label_selector: Selector = Field("", description="e.g. app=checkout")


class Telemetry(Input):
    metrics: MetricsHints = Field(default_factory=MetricsHints)
    logs: LogsHints = Field(default_factory=LogsHints)
    traces: TracesHints = Field(default_factory=TracesHints)
    kubernetes: KubernetesHints = Field(default_factory=KubernetesHints)


class CheckedMetricsHints(MetricsHints):
    """MetricsHints as a request may set them: label matchers and plain metric names only."""

    selector: PromqlMatchers = Field(
        "", description='Label matchers only, e.g. service="checkout" (default: service="<name>")'
    )
    requests_metric: PlainMetric = "http_requests_total"
    duration_metric: PlainMetric = "http_request_duration_seconds"


class CheckedLogsHints(LogsHints):
    """LogsHints as a request may set them: a stream selector and nothing else."""

    selector: LogqlSelector = Field(
        "", description='Stream selector only, e.g. {app="checkout"} (default: {app=<name>})'
    )


class TelemetryIn(Telemetry):
    """Telemetry hints in a request: the parts spliced into PromQL and LogQL are checked."""

    metrics: CheckedMetricsHints = Field(default_factory=CheckedMetricsHints)
    logs: CheckedLogsHints = Field(default_factory=CheckedLogsHints)


class ServiceFields(Input):
    description: Annotated[str, StringConstraints(max_length=5_000)] = ""
    namespace: Annotated[str, StringConstraints(min_length=1, max_length=63)] = "default"
    tier: int = Field(3, ge=1, le=4, description="1 = most critical")
    owner_team: Annotated[str, StringConstraints(max_length=100)] = ""
    users_served: int = Field(0, ge=0, le=MAX_USERS)
    revenue_per_hour: float = Field(0.0, ge=0, le=1e12, allow_inf_nan=False)
    telemetry: TelemetryIn = Field(default_factory=TelemetryIn)
    depends_on: list[ServiceName] = Field(
        default_factory=list, max_length=100, description="Names of services this one calls"
    )


class ServiceCreate(ServiceFields):
    name: ServiceName


class ServicePatch(Patch):
    NULLABLE = frozenset({"telemetry", "depends_on"})  # null resets to the default

    name: ServiceName | None = None
    description: Annotated[str, StringConstraints(max_length=5_000)] | None = None
    namespace: Annotated[str, StringConstraints(min_length=1, max_length=63)] | None = None
    tier: int | None = Field(None, ge=1, le=4)
    owner_team: Annotated[str, StringConstraints(max_length=100)] | None = None
    users_served: int | None = Field(None, ge=0, le=MAX_USERS)
    revenue_per_hour: float | None = Field(None, ge=0, le=1e12, allow_inf_nan=False)
    telemetry: TelemetryIn | None = None
    depends_on: list[ServiceName] | None = Field(None, max_length=100)


class ServiceQuery(PageQuery):
    per_page: int = Field(100, ge=1, le=500)
    namespace: str | None = Field(None, max_length=63)
    owner_team: str | None = Field(None, max_length=100)


class ServiceOut(Output):
    id: uuid.UUID
    name: str
    description: str
    namespace: str
    tier: int
    owner_team: str
    users_served: int
    revenue_per_hour: float
    telemetry: Telemetry
    depends_on: list[str] = Field(validation_alias="dependency_names")
    created_at: datetime
    updated_at: datetime
