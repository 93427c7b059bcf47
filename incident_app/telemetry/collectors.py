"""Collectors read at scrape time: this process's values, the build, and RQ's job counts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

log = logging.getLogger("rootline.telemetry")
STATES = ("queued", "started", "failed", "deferred", "scheduled", "finished")


class ProcessCollector(Collector):
    """This process's own values (single-process mode)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class BuildInfoCollector(Collector):
    def __init__(self, version: str) -> None:
        self.version = version

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily("rootline_build_info", "Rootline's version", labels=["version"])
        info.add_metric([self.version], 1)
        yield info


def job_counts(connection: Redis, always: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """Jobs per (queue, state) from RQ's queue and registries, for every known queue."""
    names = {q.name for q in Queue.all(connection=connection)} | set(always)
    counts: dict[tuple[str, str], int] = {}
    for name in sorted(names):
        queue = Queue(name, connection=connection)
        registries = {
            "started": queue.started_job_registry,
            "failed": queue.failed_job_registry,
            "deferred": queue.deferred_job_registry,
            "scheduled": queue.scheduled_job_registry,
            "finished": queue.finished_job_registry,
        }
        counts[(name, "queued")] = queue.count
        for state, registry in registries.items():
            counts[(name, state)] = registry.count
    return counts


class JobsCollector(Collector):
    """`rootline_jobs{queue,state}`. The counts are cluster-wide (every replica reports the
    same numbers: aggregate with max, not sum); nothing is emitted when Redis is unreachable,
    so a Redis outage never fails the scrape."""

    def __init__(self, connection: Callable[[], Redis | None], always: tuple[str, ...]) -> None:
        self.connection = connection
        self.always = always

    def collect(self) -> Iterator[Metric]:
        client = self.connection()
        if client is None:
            return
        try:
            counts = job_counts(client, self.always)
        except RedisError as exc:
            log.warning("rootline_jobs skipped: %s", exc)
            return
        jobs = GaugeMetricFamily("rootline_jobs", "RQ jobs by state", labels=["queue", "state"])
        for (queue, state), count in counts.items():
            jobs.add_metric([queue, state], count)
        yield jobs
