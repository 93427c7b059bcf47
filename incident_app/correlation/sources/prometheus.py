"""Metrics from Prometheus' HTTP API (query_range, query).

Collection sits on the critical path of every analysis, so the source asks few questions and
asks them at once: services on the default `service="<name>"` selector share one query per
metric (`sum by (service)`), pod metrics share one query per namespace, and each metric found
by discovery (`group by (__name__, service)`) is queried as soon as that call returns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from incident_app.correlation.sources._common import (
    POD_SUFFIX,
    HttpApi,
    Outcome,
    Params,
    SourceError,
    Timings,
    drain,
    worker_pool,
)
from incident_app.correlation.sources.access import Credentials
from incident_app.correlation.types import (
    AnalysisContext,
    Series,
    ServiceTarget,
    Signal,
    Telemetry,
)
from incident_app.slos.promql import quote

CPU = "container_cpu_usage_seconds_total"
MEMORY = "container_memory_working_set_bytes"
RESTARTS = "kube_pod_container_status_restarts_total"
NOT_DISCOVERED = ("_bucket", "_sum", "_count", "_created")
POD_LABEL = "rootline_service"  # added by label_replace to name a pod's service
_REGEX_SPECIALS = set("\\.+*?()|[]{}^$")


@dataclass(frozen=True)
class _Group:
    """Services answered together: several on the default selector, told apart by `label`, or
    one on its own selector (`label` empty). `names` maps the label's value to the service;
    `known` lists the metrics the fixed queries cover, which discovery skips."""

    selector: str
    label: str
    names: dict[str, str]
    known: frozenset[str] = frozenset()

    def narrowed(self, values: list[str]) -> _Group:
        return _Group(self.selector, self.label, {v: self.names[v] for v in values}, self.known)


@dataclass(frozen=True)
class _Query:
    promql: str
    metric: str  # Series.metric
    group: _Group


def _regex(values: list[str]) -> str:
    """An RE2 alternation of literal values (quote it to put it in a query)."""
    escaped = (
        "".join("\\" + c if c in _REGEX_SPECIALS else c for c in v) for v in sorted(set(values))
    )
    return "|".join(escaped)


def _sum(group: _Group, inner: str, extra: str = "") -> str:
    by = ", ".join(label for label in (group.label, extra) if label)
    return f"sum by ({by}) ({inner})"


class PrometheusSource:
    """The metrics signal from a Prometheus server at `url`.

    `rate_window_seconds` is the shortest range given to rate(): it must span a few scrapes.
    `last_query_timings` holds (query, seconds) for every call of the latest fetch.
    """

    name = "prometheus"
    signal = Signal.metrics

    def __init__(
        self,
        url: str,
        timeout: float = 5.0,
        *,
        credentials: Credentials | None = None,
        max_workers: int = 32,
        discover_limit: int = 40,
        rate_window_seconds: int = 60,
    ) -> None:
        self.api = HttpApi("Prometheus", url, timeout, max_workers, credentials)
        # what the reference cache keys on: the backend and the tenant whose data it holds
        self.location = f"{self.api.base_url}#{credentials.tenant if credentials else ''}"
        self.max_workers = max_workers
        self.discover_limit = discover_limit
        self.rate_window_seconds = rate_window_seconds
        self.last_query_timings: Timings = []

    def check(self) -> dict[str, Any]:
        return self.api.probe("/-/ready", "/api/v1/status/buildinfo")

    def instant(self, promql: str, at: float | None = None) -> list[tuple[dict[str, str], float]]:
        """Evaluate PromQL at one moment (default now): (labels, value) per result."""
        params: dict[str, str | float] = {"query": promql}
        if at is not None:
            params["time"] = at
        result = _data(self.api.get_json("/api/v1/query", params), "vector")
        return [(item["metric"], float(item["value"][1])) for item in result]

    def fetch(self, context: AnalysisContext) -> Telemetry:
        start, end = context.window_start.timestamp(), context.window_end.timestamp()
        # Prometheus refuses more than 11,000 points per series: widen the step if needed.
        step = max(1, context.step_seconds, math.ceil((end - start) / 11_000))
        window = f"{max(self.rate_window_seconds, 2 * step)}s"
        queries, discoveries = _plan(context.services, window)
        timings: Timings = []
        series: list[Series] = []
        outcome = Outcome()

        def query_range(query: _Query) -> list[Series]:
            params: Params = {"query": query.promql, "start": start, "end": end, "step": step}
            answer = self.api.get_json("/api/v1/query_range", params, timings, query.promql)
            return _to_series(query, _data(answer, "matrix"))

        def discover(group: _Group) -> list[_Query]:
            # One (metric name, service) pair per answer row, not every series with all its
            # labels: cheap even when services export thousands of series.
            match = f'{{{group.selector},__name__!~".+_(bucket|sum|count|created)"}}'
            by = ", ".join(filter(None, ("__name__", group.label)))
            promql = f"group by ({by}) ({match})"
            params: Params = {"query": promql, "time": end}
            answer = self.api.get_json("/api/v1/query", params, timings, promql)
            found = [item["metric"] for item in _data(answer, "vector")]
            return _discovered(group, found, window, self.discover_limit)

        with worker_pool(self.max_workers) as pool:
            discovering = {pool.submit(discover, d) for d in discoveries}

            def on_done(future: Future[Any]) -> list[Future[Any]]:
                value = outcome.result(future) or []
                if future in discovering:
                    return [pool.submit(query_range, q) for q in value]
                series.extend(value)
                return []

            drain([*discovering, *(pool.submit(query_range, q) for q in queries)], on_done)
        self.last_query_timings = timings
        series.sort(key=lambda s: (s.service, s.metric))
        return Telemetry(series=series, problems=outcome.problems(self.signal))


def _plan(services: tuple[ServiceTarget, ...], window: str) -> tuple[list[_Query], list[_Group]]:
    """Every range query and discovery call for these services, batched where possible."""
    queries: list[_Query] = []
    discoveries: list[_Group] = []
    batched: dict[tuple[str, str], list[str]] = defaultdict(list)
    for svc in services:
        selector = svc.metrics_selector.strip().strip("{}").strip()
        if selector:
            known = frozenset({svc.requests_metric, svc.duration_metric, CPU, MEMORY, RESTARTS})
            group = _Group(selector, "", {"": svc.name}, known)
            queries += _http_queries(group, svc.requests_metric, svc.duration_metric, window)
            discoveries.append(group)
        else:
            batched[(svc.requests_metric, svc.duration_metric)].append(svc.name)
    for (requests_metric, duration_metric), names in batched.items():
        group = _Group(f"service=~{quote(_regex(names))}", "service", {n: n for n in names})
        queries += _http_queries(group, requests_metric, duration_metric, window)
    default = [name for names in batched.values() for name in names]
    if default:
        known = frozenset({m for pair in batched for m in pair} | {CPU, MEMORY, RESTARTS})
        selector = f"service=~{quote(_regex(default))}"
        discoveries.append(_Group(selector, "service", {n: n for n in default}, known))
    namespaces: dict[str, dict[str, str]] = defaultdict(dict)
    for svc in services:
        namespaces[svc.k8s_namespace or svc.namespace][svc.k8s_workload or svc.name] = svc.name
    for namespace, workloads in namespaces.items():
        queries += _pod_queries(namespace, workloads, window)
    return queries, discoveries


def _http_queries(
    group: _Group, requests_metric: str, duration_metric: str, window: str
) -> list[_Query]:
    total = _sum(group, f"rate({requests_metric}{{{group.selector}}}[{window}])")
    errors = _sum(group, f'rate({requests_metric}{{{group.selector},code=~"5.."}}[{window}])')
    buckets = f"rate({duration_metric}_bucket{{{group.selector}}}[{window}])"
    return [
        _Query(total, "requests", group),
        # `or ... * 0`: a service that never answered 5xx has no such series, but a 0 ratio.
        _Query(f"({errors} or {total} * 0) / {total}", "error", group),
        _Query(f"1000 * histogram_quantile(0.95, {_sum(group, buckets, 'le')})", "latency", group),
    ]


def _pod_queries(namespace: str, workloads: dict[str, str], window: str) -> list[_Query]:
    """cpu, mem and restarts for the pods of every service's workload in a namespace."""
    pods = f"({_regex(list(workloads))}){POD_SUFFIX}"
    selector = f"namespace={quote(namespace)},pod=~{quote(pods)}"
    containers = f'{selector},container!="",container!="POD"'  # not the pod-level cgroup
    group = _Group(selector, POD_LABEL, workloads)

    def per_service(inner: str) -> str:
        return _sum(group, f'label_replace({inner}, "{POD_LABEL}", "$1", "pod", {quote(pods)})')

    return [
        _Query(per_service(f"rate({CPU}{{{containers}}}[{window}])"), "cpu", group),
        _Query(per_service(f"{MEMORY}{{{containers}}}"), "mem", group),
        _Query(per_service(f"{RESTARTS}{{{selector}}}"), "restarts", group),
    ]


def _discovered(
    group: _Group, labels: list[dict[str, str]], window: str, limit: int
) -> list[_Query]:
    """One query per metric name the series call found, at most `limit` names per service:
    gauges are summed as they are, `_total` counters as a rate."""
    per_service: dict[str, set[str]] = defaultdict(set)
    for item in labels:
        name = item.get("__name__", "")
        value = item.get(group.label, "")
        if value in group.names and _discoverable(name, group.known):
            per_service[value].add(name)
    owners: dict[str, list[str]] = defaultdict(list)
    for value, names in per_service.items():
        for name in sorted(names)[:limit]:
            owners[name].append(value)
    queries = []
    for name, values in sorted(owners.items()):
        inner = f"{name}{{{group.selector}}}"
        if name.endswith("_total"):
            inner = f"rate({inner}[{window}])"
        queries.append(_Query(_sum(group, inner), name, group.narrowed(values)))
    return queries


def _discoverable(name: str, known: frozenset[str]) -> bool:
    """Worth a series of its own: not covered already, not histogram parts, not scrape health."""
    if not name or name in known or name.endswith(NOT_DISCOVERED):
        return False
    return name != "up" and not name.startswith("scrape_")


def _data(answer: Any, result_type: str | None) -> Any:
    """The `data` (or `data.result`) of a Prometheus answer, checked for the expected shape."""
    if not isinstance(answer, dict) or answer.get("status") != "success":
        raise SourceError(f"Prometheus answered an unexpected document: {str(answer)[:200]}")
    data = answer.get("data")
    if result_type is None:
        if not isinstance(data, list):
            raise SourceError("Prometheus series answer has no list of label sets")
        return data
    if not isinstance(data, dict) or data.get("resultType") != result_type:
        raise SourceError(f"Prometheus answer is not a {result_type}")
    return data.get("result") or []


def _to_series(query: _Query, result: list[dict[str, Any]]) -> list[Series]:
    group = query.group
    found = []
    for item in result:
        service = group.names.get(item.get("metric", {}).get(group.label, ""))
        points = tuple(
            (float(t), v) for t, raw in item.get("values", []) if math.isfinite(v := float(raw))
        )
        if service is not None and points:
            found.append(Series(service, query.metric, points, query.promql))
    return found
