"""Seed flow 3 end to end: a real Prometheus scrapes the app's /simulation/metrics every second,
the seed's payload breaks payment-processing, an incident opens, correlation (metrics from
Prometheus, the rest from the simulation) names connection-pool exhaustion in
payment-processing, the timeline tells it in order, and recovery clears the metrics."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import create_actor, make_app
from fakes import free_port
from flask import Flask
from prom_harness import PROMETHEUS, prometheus
from werkzeug.serving import make_server

from incident_app.models import Role
from incident_app.simulation.runtime import EXTENSION

SEED_PAYLOAD = {
    "service": "payment-processing",
    "error_rate": 0.95,
    "cpu_usage": 92,
    "memory_usage": 60,
    "response_time_ms": 3400,
    "db_connections": 45,
}
# Prometheus only knows what it scraped, and the source computes rates over 60 s: a rate is
# still climbing until its series is a minute old, so the one-minute baseline window before
# the injection needs two minutes of scrapes (else every CPU and request rate "rises").
BASELINE_S = 125.0


def wait_for(what: str, check: Callable[[], Any], timeout: float, log: Path | None = None) -> Any:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = check()
        except requests.RequestException:
            value = None
        if value:
            return value
        time.sleep(0.5)
    tail = log.read_text()[-2000:] if log else ""
    raise AssertionError(f"no {what} within {timeout}s\n{tail}")


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def instant(url: str, promql: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{url}/api/v1/query", {"query": promql}, timeout=2).json()
    result: list[dict[str, Any]] = answer["data"]["result"]
    return result


def test_failure_to_root_cause_with_a_real_prometheus(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    if not PROMETHEUS.is_file():
        pytest.fail(f"no Prometheus binary at {PROMETHEUS}: run scripts/install-prometheus.sh")
    prom_port = free_port()
    prom_url = f"http://127.0.0.1:{prom_port}"
    live = make_app(
        pg_url,
        SIMULATION_ENABLED=True,
        SIMULATION_BACKFILL_MINUTES=2,
        SIMULATION_ANALYSIS_DELAY_SECONDS=15,
        PROMETHEUS_URL=prom_url,
        REDIS_URL="",  # analyses run in-process, as in `make run`
        CORRELATION_LOOKBACK_MINUTES=1,
        CORRELATION_STEP_SECONDS=1,
        SOURCE_TIMEOUT_SECONDS=10,
    )
    admin = create_actor(live, Role.admin)
    headers = admin.headers
    try:
        with (
            serving(live) as base,
            prometheus(
                tmp_path,
                [base.removeprefix("http://")],
                wait_for_scrape=False,
                port=prom_port,
                job="rootline",
                metrics_path="/simulation/metrics",
            ),
        ):
            log = tmp_path / "prometheus.log"

            def scraped() -> bool:
                return any(r["value"][1] == "1" for r in instant(prom_url, 'up{job="rootline"}'))

            wait_for("first scrape", scraped, 30, log)
            time.sleep(BASELINE_S)

            r = requests.post(f"{base}/api/test/fail", json=SEED_PAYLOAD, headers=headers)
            assert r.status_code == 202, r.text
            incident_id = r.json()["incident"]["id"]
            listed = requests.get(f"{base}/api/incidents", headers=headers).json()
            assert [i["id"] for i in listed["items"]] == [incident_id]

            def analysed() -> dict[str, Any] | None:
                body: dict[str, Any] = requests.get(
                    f"{base}/api/incidents/{incident_id}/correlations", headers=headers
                ).json()
                return body if body["run"] and body["run"]["status"] == "completed" else None

            body = wait_for("completed analysis", analysed, 90, log)
            run = body["run"]
            assert run["sources"]["metrics"]["source"] == "prometheus"
            assert {run["sources"][s]["source"] for s in ("logs", "traces", "k8s")} == {
                "simulation"
            }
            assert all(s["status"] == "ok" for s in run["sources"].values()), run["sources"]
            top = body["hypotheses"][0]
            assert (top["service"], top["fault"]) == ("payment-processing", "pool-exhaustion")
            queries = [f["evidence"].get("query", "") for f in top["findings"]]
            assert any("db_connections_" in q for q in queries)  # discovered in Prometheus

            timeline = requests.get(
                f"{base}/api/incidents/{incident_id}/timeline", headers=headers
            ).json()["items"]
            types = [e["event_type"] for e in timeline]
            assert types[0] == "incident_created" and types[-1] == "root_cause_identified"
            assert types.index("correlation_analysis_started") < types.index("metric_spike")
            times = [e["occurred_at"] for e in timeline]
            assert times == sorted(times)
            root = timeline[-1]
            assert root["metadata"]["service"] == "payment-processing"
            assert "Connection pool exhaustion in payment-processing" in root["title"]

            r = requests.post(f"{base}/api/test/recover", headers=headers)
            assert [f["service"] for f in r.json()["recovered"]] == ["payment-processing"]
            pool = 'db_connections_in_use{service="payment-processing"}'
            errors = (
                'sum(rate(http_requests_total{service="payment-processing",code=~"5.."}[5s]))'
                ' / sum(rate(http_requests_total{service="payment-processing"}[5s]))'
            )

            def cleared() -> bool:
                in_use = float(instant(prom_url, pool)[0]["value"][1])
                ratio = float(instant(prom_url, errors)[0]["value"][1])
                return in_use <= 30 and ratio < 0.05

            wait_for("recovered metrics", cleared, 30, log)
    finally:
        live.extensions[EXTENSION].stop()
