"""`/simulation/metrics`: the simulated services in Prometheus' text format, in a registry of
their own (Rootline's own series are at `/metrics`).

Names and labels are the ones the Prometheus source queries, so a real Prometheus scraping the
app feeds the metrics analyzer exactly as it would in production: `http_requests_total` by
`service` and `code`, the `http_request_duration_seconds` histogram, cAdvisor's per-container
CPU and memory and kube-state-metrics' restarts by `namespace` and `pod`, and the connection
pool gauges (found through the service selector).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from incident_app.simulation.runtime import SimulationRuntime
from incident_app.simulation.world import BUCKETS

POD_LABELS = ["namespace", "pod", "container"]


class SimulationCollector(Collector):
    def __init__(self, runtime: SimulationRuntime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[Metric]:
        world = self.runtime.world
        if world is None:
            return
        namespace = world.topology.namespace
        with world.lock:
            requests = CounterMetricFamily(
                "http_requests", "HTTP requests answered", labels=["service", "code"]
            )
            for (service, code), value in sorted(world.requests.items()):
                requests.add_metric([service, code], value)
            durations = HistogramMetricFamily(
                "http_request_duration_seconds", "HTTP response time", labels=["service"]
            )
            for service, counts in world.buckets.items():
                if world.duration_count[service]:
                    buckets = [(f"{b:g}", float(c)) for b, c in zip(BUCKETS, counts, strict=True)]
                    buckets.append(("+Inf", world.duration_count[service]))
                    durations.add_metric([service], buckets, world.duration_sum[service])
            cpu = CounterMetricFamily("container_cpu_usage_seconds", "CPU time", labels=POD_LABELS)
            memory = GaugeMetricFamily(
                "container_memory_working_set_bytes", "Working set", labels=POD_LABELS
            )
            restarts = CounterMetricFamily(
                "kube_pod_container_status_restarts", "Container restarts", labels=POD_LABELS
            )
            pools = {
                name: GaugeMetricFamily(f"db_connections_{name}", text, labels=["service"])
                for name, text in (
                    ("in_use", "Database connections in use"),
                    ("max", "Database connection pool size"),
                    ("waiting", "Requests waiting for a database connection"),
                )
            }
            for service, sample in world.samples.items():
                for pod in world.cluster.current[service]:
                    labels = [namespace, pod, service]
                    if (service, pod) in world.cpu_seconds:
                        cpu.add_metric(labels, world.cpu_seconds[(service, pod)])
                    if pod in sample.memory_bytes:
                        memory.add_metric(labels, sample.memory_bytes[pod])
                    restarts.add_metric(labels, world.cluster.pods[pod].restarts)
                for name, gauge in (
                    ("in_use", sample.db_in_use),
                    ("max", sample.db_max),
                    ("waiting", sample.db_waiting),
                ):
                    if gauge is not None:
                        pools[name].add_metric([service], gauge)
        yield from (requests, durations, cpu, memory, restarts, *pools.values())


def metrics_view(runtime: SimulationRuntime) -> Callable[[], Response]:
    """The scrape endpoint (public, like any exporter), over a registry of its own."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SimulationCollector(runtime))

    def metrics() -> Response:
        runtime.start()
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    return metrics
