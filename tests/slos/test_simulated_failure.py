"""The issue's end to end: a real Prometheus scrapes the running app's simulated shop every
second, the seed's failure breaks payment-processing, and the next SLO evaluation shows the
breached SLO, the users affected and the revenue at risk on the simulated incident, with an
`slo_breach` event on its timeline."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from conftest import create_actor, make_app
from flask import Flask
from slo_api import create_slo, prometheus_at, serving
from slo_prometheus import scraping_prometheus

from incident_app.models import Role
from incident_app.simulation.runtime import EXTENSION

SEED_FAILURE = {
    "service": "payment-processing",
    "error_rate": 0.95,
    "response_time_ms": 3400,
    "db_connections": 45,
    "ramp_seconds": 0,
}
REQUESTS = 'http_requests_total{service="payment-processing"}'


def wait_for(what: str, check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"no {what} within {timeout}s"
        time.sleep(0.5)


def query(url: str, promql: str) -> float:
    answer = requests.get(f"{url}/api/v1/query", {"query": promql}, timeout=2).json()
    result = answer["data"]["result"]
    return float(result[0]["value"][1]) if result else 0.0


def test_a_simulated_failure_shows_its_business_impact(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    live = make_app(pg_url, SIMULATION_ENABLED=True, SIMULATION_ANALYSIS_DELAY_SECONDS=3600)
    admin = create_actor(live, Role.admin)
    client = live.test_client()
    try:
        with (
            serving(live) as target,
            scraping_prometheus(tmp_path, target) as prom,
            prometheus_at(live, prom),
        ):
            samples = f"max(count_over_time({REQUESTS}[1m]))"
            wait_for("a few scrapes before the failure", lambda: query(prom, samples) >= 3)
            failed = client.post("/api/test/fail", json=SEED_FAILURE, headers=admin.headers)
            assert failed.status_code == 202, failed.get_json()
            incident_id = failed.get_json()["incident"]["id"]
            create_slo(client, admin, name="payments-availability", service="payment-processing")
            bad = (
                f'sum(increase({REQUESTS[:-1]},code=~"5.."}}[1m])) / sum(increase({REQUESTS}[1m]))'
            )
            wait_for("the failing requests at Prometheus", lambda: query(prom, bad) > 0.5)

            run = live.test_cli_runner().invoke(args=["slo", "evaluate"])
            assert run.exit_code == 0, run.output
            report = json.loads(run.output)
            assert report["statuses"] == {"critical": 1}
            assert report["incidents_opened"] == []  # the simulated incident covers it

            incident = client.get(f"/api/incidents/{incident_id}", headers=admin.headers)
            body: dict[str, Any] = incident.get_json()
            impact = body["metadata"]["business_impact"]
            services = [
                client.get(f"/api/services/{s['service_id']}", headers=admin.headers).get_json()
                for s in body["services"]
            ]
            assert impact["slos_breached"] == 1
            assert impact["users_affected"] == sum(s["users_served"] for s in services) > 0
            hours = Decimal(str(impact["duration_seconds"])) / 3600
            revenue = sum(
                (Decimal(str(s["revenue_per_hour"])) * hours).quantize(Decimal("0.01"))
                for s in services
            )
            assert impact["revenue_at_risk"] == float(revenue) > 0
            timeline = client.get(f"/api/incidents/{incident_id}/timeline", headers=admin.headers)
            breach = next(
                e for e in timeline.get_json()["items"] if e["event_type"] == "slo_breach"
            )
            assert breach["source"] == "slo_system"
            assert breach["title"] == "SLO breached: payments-availability (payment-processing)"
            assert breach["metadata"]["users_affected"] == impact["users_affected"]
    finally:
        live.extensions[EXTENSION].stop()
