"""The data that flows through correlation: context, telemetry, findings and hypotheses.

Sources turn a live system (or a recorded case) into these plain values; analyzers read them
and return `Finding`s; the merge turns findings into ranked `Hypothesis` objects. Nothing in
here knows about Flask, the database or HTTP, so analyzers are pure functions of their input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Signal(StrEnum):
    metrics = "metrics"
    logs = "logs"
    traces = "traces"
    k8s = "k8s"


@dataclass(frozen=True)
class ServiceTarget:
    """One service under analysis, with the catalog's hints on where its telemetry lives."""

    name: str
    namespace: str = "default"
    impact_level: str | None = None
    depends_on: tuple[str, ...] = ()
    metrics_selector: str = ""  # PromQL label matchers, e.g. service="checkout"
    requests_metric: str = "http_requests_total"
    duration_metric: str = "http_request_duration_seconds"
    logs_selector: str = ""  # LogQL stream selector, e.g. {app="checkout"}
    trace_service: str = ""  # resource service.name in traces
    k8s_namespace: str = ""
    k8s_workload: str = ""
    k8s_label_selector: str = ""  # e.g. app=checkout


@dataclass(frozen=True)
class AnalysisContext:
    """What to analyze: which services, around which moment, over which window."""

    started_at: datetime  # when the incident (fault) began; aware UTC
    window_start: datetime  # baseline begins here (before started_at)
    window_end: datetime  # evidence ends here (after started_at)
    services: tuple[ServiceTarget, ...]
    step_seconds: int = 15
    incident_id: str | None = None
    #: Fault-free telemetry of the same services (a quiet hour, yesterday, last week; for a
    #: recorded case its reference period): what normal looks like. Its clock is its own, so
    #: use it for distributions (levels, templates, per-edge latency), never for time order.
    #: None when no reference was collected; filled by the engine before analyzers run.
    reference: Telemetry | None = field(default=None, compare=False, repr=False)

    def service(self, name: str) -> ServiceTarget | None:
        return next((s for s in self.services if s.name == name), None)


@dataclass(frozen=True)
class Series:
    """One metric of one service: `metric` is a short name such as error, latency, cpu."""

    service: str
    metric: str
    points: tuple[tuple[float, float], ...]  # (unix seconds, value), sorted by time
    query: str = ""  # how it was obtained (PromQL, or the case column)


@dataclass(frozen=True)
class LogRecord:
    time: float
    service: str
    level: str
    message: str


@dataclass(frozen=True)
class Span:
    time: float  # start, unix seconds
    trace_id: str
    span_id: str
    parent_span_id: str  # "" for a root span
    service: str
    operation: str
    duration_ms: float
    error: bool


@dataclass(frozen=True)
class PodState:
    service: str
    name: str
    phase: str  # Running, Pending, Failed, ...
    ready: bool
    restarts: int
    waiting_reason: str = ""  # e.g. CrashLoopBackOff
    last_termination_reason: str = ""  # e.g. OOMKilled
    last_termination_time: float | None = None


@dataclass(frozen=True)
class ClusterEvent:
    time: float
    service: str
    kind: str  # Pod, Deployment, ReplicaSet, Node
    reason: str  # OOMKilled, BackOff, Unhealthy, ScalingReplicaSet, ...
    message: str
    count: int = 1


@dataclass(frozen=True)
class Rollout:
    time: float  # when the new revision started rolling out
    service: str
    workload: str
    revision: str
    image: str = ""


@dataclass
class Telemetry:
    """Everything the sources returned, per signal; a signal is absent when its source failed
    or is not configured (see `problems`)."""

    series: list[Series] | None = None
    logs: list[LogRecord] | None = None
    spans: list[Span] | None = None
    pods: list[PodState] | None = None
    events: list[ClusterEvent] | None = None
    rollouts: list[Rollout] | None = None
    problems: dict[str, str] = field(default_factory=dict)  # signal -> what went wrong
    # signal -> what was left out by configuration: shown per source, not a degradation
    notes: dict[str, str] = field(default_factory=dict)

    def has(self, signal: Signal) -> bool:
        return {
            Signal.metrics: self.series is not None,
            Signal.logs: self.logs is not None,
            Signal.traces: self.spans is not None,
            Signal.k8s: self.pods is not None or self.events is not None,
        }[signal]


#: Telemetry's lists of records, each a signal's answer (or part of one).
TELEMETRY_FIELDS = ("series", "logs", "spans", "pods", "events", "rollouts")


@dataclass(frozen=True)
class Finding:
    """One scored observation about one service, with the evidence that supports it.

    `score` in [0, 1] says how abnormal and how incident-shaped the observation is (not yet
    a probability of being the root cause; the merge decides that). `fault` is the analyzer's
    guess at the fault class (`pool-exhaustion`, `oom`, `cpu`, `delay`, ...), when it has one.
    """

    analyzer: str
    service: str
    signal: Signal
    kind: str
    summary: str
    score: float
    fault: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    onset: float | None = None  # unix seconds when the anomaly began, if known


@dataclass(frozen=True)
class Hypothesis:
    """A ranked root-cause candidate: a service, a fault, a confidence, and its findings."""

    service: str
    fault: str
    confidence: float
    summary: str
    findings: tuple[Finding, ...]
    rank: int = 0
