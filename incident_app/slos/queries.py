"""The PromQL that counts an SLO's events: bad and total events over `$window`.

Every SLI reduces to these two counts, `sum(increase(...[$window]))` of counters, so the API's
evaluation and the generated recording rules divide the same numbers: the error ratio of a
window is its bad events over its total events, never an average of shorter windows' ratios.
Empty fields of an SLI fall back to the service's telemetry hints in the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from incident_app.models import Service, SliType, Slo
from incident_app.slos.promql import le_matcher, quote, selector

WINDOW = "$window"
DEFAULT_BAD = 'code=~"5.."'


@dataclass(frozen=True)
class EventQueries:
    """Templates over `$window`; `bad` counts 0 (not nothing) when no bad series exists yet,
    so a service that never failed is at 100%, while no total at all stays "no data"."""

    bad: str
    total: str

    def bad_over(self, window: str) -> str:
        return self.bad.replace(WINDOW, window)

    def total_over(self, window: str) -> str:
        return self.total.replace(WINDOW, window)


def _hints(service: Service) -> dict[str, str]:
    metrics: dict[str, str] = (service.telemetry or {}).get("metrics", {})
    return {
        "selector": metrics.get("selector") or f"service={quote(service.name)}",
        "requests_metric": metrics.get("requests_metric") or "http_requests_total",
        "duration_metric": metrics.get("duration_metric") or "http_request_duration_seconds",
    }


def _increase(series: str) -> str:
    return f"sum(increase({series}[{WINDOW}]))"


def service_matchers(sli: dict[str, Any], service: Service) -> str:
    return (sli.get("selector") or _hints(service)["selector"]).strip().strip("{}")


def request_counter(sli: dict[str, Any], service: Service) -> str:
    """The availability SLI's counter of requests."""
    return str(sli.get("metric") or _hints(service)["requests_metric"])


def histogram(sli: dict[str, Any], service: Service) -> str:
    """The latency SLI's histogram name (without _bucket)."""
    return str(sli.get("metric") or _hints(service)["duration_metric"])


def bucket_series(sli: dict[str, Any], service: Service, *matchers: str) -> str:
    return selector(f"{histogram(sli, service)}_bucket", service_matchers(sli, service), *matchers)


def event_queries(sli_type: SliType, sli: dict[str, Any], service: Service) -> EventQueries:
    match_service = service_matchers(sli, service)
    if sli_type == SliType.availability:
        metric = request_counter(sli, service)
        total = _increase(selector(metric, match_service))
        bad = _increase(selector(metric, match_service, sli.get("bad") or DEFAULT_BAD))
        return EventQueries(f"({bad} or vector(0))", total)
    if sli_type == SliType.latency:
        total = _increase(selector(f"{histogram(sli, service)}_count", match_service))
        le = le_matcher(Decimal(str(sli["threshold_seconds"])))
        fast = _increase(bucket_series(sli, service, le))
        return EventQueries(f"({total} - {fast})", total)
    total = f"sum({sli['total_query']})"
    if sli.get("bad_query"):
        return EventQueries(f"(sum({sli['bad_query']}) or vector(0))", total)
    return EventQueries(f"({total} - sum({sli['good_query']}))", total)


def queries_of(slo: Slo) -> EventQueries:
    return event_queries(slo.sli_type, slo.sli, slo.service)
