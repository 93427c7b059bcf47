"""Correlation latency: wall time from incident creation to `root_cause_identified`, beside
the slowest single source query of the same analysis, with a real Prometheus.

Twelve services export production-like cardinality (20 pods x 10 handlers each, a latency
histogram, CPU/memory per pod, a DB pool gauge): about 40,000 series, scraped every 5 s.
After a baseline, `payments` starts failing (errors, latency, its connection pool saturates);
then incidents are opened on `frontend` and timed until the root cause is on the timeline.
A ratio near 1 means collection is truly parallel and everything else is cheap.

    .venv/bin/python bench/correlation_latency.py [--baseline 150] [--runs 5]

Prints one JSON object. Needs .tools/prometheus (make tools).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "correlation")]

from conftest import create_actor, make_app  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from prom_harness import prometheus  # noqa: E402

from incident_app.models import Role  # noqa: E402

DEPENDS = {
    "frontend": ["checkout", "catalog", "recommendations", "auth"],
    "checkout": ["cart", "payments", "shipping", "notifications"],
    "cart": ["redis-cache"],
    "payments": ["postgres"],
    "catalog": ["inventory", "postgres"],
    "inventory": ["postgres"],
    "shipping": ["postgres"],
    "recommendations": ["catalog"],
    "auth": ["redis-cache"],
    "notifications": [],
    "postgres": [],
    "redis-cache": [],
}
CULPRIT, PODS, HANDLERS = "payments", 20, 10
BUCKETS = ("0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf")


class ShopLoad:
    """Counters grow linearly with time (so rates are constant) until the fault starts."""

    def __init__(self) -> None:
        self.started = time.time()
        self.fault_at: float | None = None

    def collect(self) -> Iterator[Any]:
        now = time.time()
        up, hot = now - self.started, max(0.0, now - (self.fault_at or now))
        requests = CounterMetricFamily(
            "http_requests", "", labels=["service", "pod", "handler", "code"]
        )
        latency = HistogramMetricFamily(
            "http_request_duration_seconds", "", labels=["service", "pod", "handler"]
        )
        cpu = CounterMetricFamily(
            "container_cpu_usage_seconds", "", labels=["namespace", "pod", "container"]
        )
        mem = GaugeMetricFamily(
            "container_memory_working_set_bytes", "", labels=["namespace", "pod", "container"]
        )
        pool = GaugeMetricFamily("db_connections_in_use", "", labels=["service"])
        for service in DEPENDS:
            bad = hot if service == CULPRIT else 0.0
            pool.add_metric([service], 48.0 if bad else 12.0 + (up % 7))
            for p in range(PODS):
                pod = f"{service}-7d9f8c-{p:05d}"
                cpu.add_metric(["shop", pod, service], 0.2 * up + 0.6 * bad)
                mem.add_metric(["shop", pod, service], 2e8 + (1e6 * (up % 11)))
                for h in range(HANDLERS):
                    total = 2.0 * up
                    failed = 0.02 * up + 1.5 * bad
                    requests.add_metric([service, pod, f"/h{h}", "200"], total - failed)
                    requests.add_metric([service, pod, f"/h{h}", "500"], failed)
                    slow = 1.8 * bad
                    fast = total - slow
                    cumulative = [
                        0,
                        0.2 * fast,
                        0.6 * fast,
                        fast,
                        fast,
                        fast,
                        fast,
                        total,
                        total,
                        total,
                        total,
                    ]
                    latency.add_metric(
                        [service, pod, f"/h{h}"],
                        list(zip(BUCKETS, cumulative, strict=True)),
                        0.05 * fast + 2.0 * slow,
                    )
        yield from (requests, latency, cpu, mem, pool)


def open_and_time(client: Any, headers: dict[str, str], fault_at: float) -> dict[str, Any]:
    started_at = datetime.fromtimestamp(fault_at, UTC).isoformat()
    t0 = time.time()
    created = client.post(
        "/api/incidents",
        headers=headers,
        json={
            "title": "Storefront errors",
            "severity": "critical",
            "started_at": started_at,
            "services": [{"name": "frontend"}],
        },
    ).get_json()
    assert "id" in created, created
    url = f"/api/incidents/{created['id']}"
    deadline = t0 + 60
    while time.time() < deadline:
        items = client.get(f"{url}/timeline?per_page=500", headers=headers).get_json()["items"]
        done = [
            e
            for e in items
            if e["event_type"] in ("root_cause_identified", "correlation_analysis_completed")
        ]
        if done:
            break
        time.sleep(0.01)
    else:
        raise RuntimeError("no root cause within 60 s")
    identified = datetime.fromisoformat(done[0]["created_at"]).timestamp()
    body = client.get(f"{url}/correlations", headers=headers).get_json()
    metrics = body["run"]["sources"]["metrics"]
    top = body["hypotheses"][0] if body["hypotheses"] else {}
    wall_ms = (identified - t0) * 1000
    return {
        "wall_ms": round(wall_ms, 1),
        "slowest_query_ms": metrics.get("slowest_query_ms"),
        "slowest_query": metrics.get("slowest_query"),
        "queries": metrics.get("queries"),
        "collection_ms": metrics.get("duration_ms"),
        "analysis_ms": body["run"]["duration_ms"],
        "ratio": round(wall_ms / metrics["slowest_query_ms"], 3),
        "top": {k: top.get(k) for k in ("service", "fault", "confidence")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=float, default=150, help="seconds before the fault")
    parser.add_argument("--after", type=float, default=30, help="seconds of fault before timing")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    load = ShopLoad()
    registry = CollectorRegistry()
    registry.register(load)
    exporter, _ = start_http_server(0, addr="127.0.0.1", registry=registry)
    with (
        tempfile.TemporaryDirectory() as tmp,
        prometheus(
            Path(tmp), [f"127.0.0.1:{exporter.server_port}"], scrape_interval="5s"
        ) as prom_url,
    ):
        app = make_app(
            f"sqlite:///{tmp}/bench.db",
            REDIS_URL="",
            PROMETHEUS_URL=prom_url,
            CORRELATION_LOOKBACK_MINUTES=3,
            CORRELATION_STEP_SECONDS=5,
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        admin = create_actor(app, Role.admin)
        client = app.test_client()
        created: set[str] = set()
        while len(created) < len(DEPENDS):  # dependencies first
            for name in sorted(set(DEPENDS) - created):
                if set(DEPENDS[name]) <= created:
                    answer = client.post(
                        "/api/services",
                        headers=admin.headers,
                        json={"name": name, "depends_on": DEPENDS[name]},
                    )
                    assert answer.status_code == 201, answer.get_json()
                    created.add(name)
        time.sleep(args.baseline)
        load.fault_at = time.time()
        time.sleep(args.after)
        runs = [open_and_time(client, admin.headers, load.fault_at) for _ in range(args.runs)]
    exporter.shutdown()
    ratios = [r["ratio"] for r in runs]
    print(
        json.dumps(
            {
                "benchmark": "correlation_latency",
                "services": len(DEPENDS),
                "series": len(DEPENDS) * (PODS * HANDLERS * (2 + len(BUCKETS) + 2) + PODS * 2 + 1),
                "scrape_interval_s": 5,
                "runs": runs,
                "median_wall_ms": statistics.median(r["wall_ms"] for r in runs),
                "median_slowest_query_ms": statistics.median(r["slowest_query_ms"] for r in runs),
                "median_ratio": statistics.median(ratios),
                "max_ratio": max(ratios),
                "target_ratio": 1.3,
                "met": statistics.median(ratios) <= 1.3,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
