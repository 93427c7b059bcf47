"""Rootline's self-observability: its own series at `GET /metrics` (public, like /health).

metrics.py holds the counters and histograms the HTTP layer (observability.py) and the
correlation engine update; collectors.py computes the build and RQ's job counts at scrape time;
worker.py serves a `flask worker`'s series on WORKER_METRICS_PORT. The simulated shop's series
live apart, at `/simulation/metrics`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from flask import Flask, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from incident_app.extensions import REDIS_EXTENSION
from incident_app.telemetry.collectors import BuildInfoCollector, JobsCollector, ProcessCollector


def scrape_registry(extra: Iterable[Collector]) -> CollectorRegistry:
    """Every process's values when several share PROMETHEUS_MULTIPROC_DIR, else this one's;
    plus the scrape-time collectors."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(ProcessCollector())
    for collector in extra:
        registry.register(collector)
    return registry


def init_telemetry(app: Flask) -> None:
    from incident_app import __version__
    from incident_app.correlation.jobs import QUEUE_NAME

    registry = scrape_registry(
        [
            BuildInfoCollector(__version__),
            JobsCollector(lambda: app.extensions.get(REDIS_EXTENSION), (QUEUE_NAME,)),
        ]
    )

    def metrics() -> Response:
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    app.add_url_rule("/metrics", "telemetry.metrics", metrics)
