"""Rootline's own /metrics after real requests and analyses (in this process: values are
process-global, so each check compares a scrape before with one after)."""

from __future__ import annotations

import uuid

from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, make_service
from prometheus_client import REGISTRY
from rq import SimpleWorker
from serving import sample_sum

from incident_app.correlation.jobs import queue
from incident_app.correlation.outbox import SERIALIZER
from incident_app.correlation.store import mark_failed
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, Role
from incident_app.simulation.runtime import EXTENSION
from incident_app.telemetry.metrics import record_problems

REQUESTS = "rootline_http_requests_total"
DURATION = "rootline_http_request_duration_seconds_count"
RUNS = "rootline_analysis_runs_total"


def scrape(client: FlaskClient) -> str:
    response = client.get("/metrics")  # public, like /health
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_requests_are_counted_by_route_template(client: FlaskClient, admin: Actor) -> None:
    before = scrape(client)
    make_service(client, admin, "checkout")
    incident = make_incident(client, admin, ["checkout"])
    assert client.get(f"/api/incidents/{incident['id']}", headers=admin.headers).status_code == 200
    assert client.get(f"/api/incidents/{uuid.uuid4()}", headers=admin.headers).status_code == 404
    assert client.get("/api/no-such-thing").status_code == 404
    after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return sample_sum(after, name, **labels) - sample_sum(before, name, **labels)

    assert delta(REQUESTS, method="POST", route="/api/incidents", status="201") == 1
    detail = "/api/incidents/<uuid:incident_id>"
    assert delta(REQUESTS, method="GET", route=detail, status="200") == 1
    assert delta(REQUESTS, method="GET", route=detail, status="404") == 1
    assert delta(REQUESTS, method="GET", route="unmatched", status="404") == 1
    assert delta(DURATION, method="POST", route="/api/incidents") == 1
    assert delta(DURATION, method="GET", route=detail) == 2
    assert incident["id"] not in after  # never the raw path
    assert sample_sum(after, "rootline_build_info", version="0.1.0") == 1


def test_analysis_outcomes_errors_and_job_states(pg_url: str, app: Flask) -> None:
    eng = make_app(pg_url, PLUGIN_MODULES=["telemetry_plugins"], SOURCE_TIMEOUT_SECONDS=1.0)
    client = eng.test_client()
    admin = create_actor(eng, Role.admin)
    make_service(client, admin, "checkout")
    before = scrape(client)
    incident = make_incident(client, admin, ["checkout"])
    queued = scrape(client)
    assert sample_sum(queued, "rootline_jobs", queue="correlation", state="queued") == 1
    assert sample_sum(queued, "rootline_jobs", queue="correlation", state="finished") == 0

    with eng.app_context():
        redis_client = get_redis()
        assert redis_client is not None
        SimpleWorker([queue(redis_client)], connection=redis_client, serializer=SERIALIZER).work(
            burst=True
        )
    after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return sample_sum(after, name, **labels) - sample_sum(before, name, **labels)

    assert delta(RUNS, status="completed") == 1
    assert delta(RUNS, status="failed") == 0
    assert delta("rootline_analysis_degraded_runs_total") == 1
    assert delta("rootline_analysis_duration_seconds_count") == 1
    assert delta("rootline_source_errors_total", source="metrics") == 1
    assert delta("rootline_source_errors_total", source="logs") == 0  # unconfigured: no error
    assert delta("rootline_analyzer_errors_total", analyzer="broken") == 1
    assert sample_sum(after, "rootline_jobs", queue="correlation", state="queued") == 0
    assert sample_sum(after, "rootline_jobs", queue="correlation", state="finished") == 1

    with eng.app_context():
        run = db.session.scalars(
            db.select(AnalysisRun).where(AnalysisRun.incident_id == uuid.UUID(incident["id"]))
        ).one()
        mark_failed(run, "gave up")
    assert (
        sample_sum(scrape(client), RUNS, status="failed")
        - sample_sum(before, RUNS, status="failed")
        == 1
    )


def test_jobs_are_absent_without_redis(pg_url: str, app: Flask) -> None:
    text = scrape(make_app(pg_url, REDIS_URL="").test_client())
    assert "rootline_jobs" not in text and "rootline_http_requests_total" in text


def test_simulation_series_stay_apart(pg_url: str, app: Flask) -> None:
    sim = make_app(pg_url, SIMULATION_ENABLED=True, SIMULATION_BACKFILL_MINUTES=1)
    client = sim.test_client()
    try:
        own, shop = scrape(client), client.get("/simulation/metrics")
    finally:
        sim.extensions[EXTENSION].stop()  # the ticker the scrape started
    assert shop.status_code == 200
    assert "container_cpu_usage_seconds_total" in shop.get_data(as_text=True)
    assert "rootline_" not in shop.get_data(as_text=True)
    assert "container_cpu_usage_seconds" not in own
    html = {"Accept": "text/html"}
    missing = client.get("/simulation/metrics/nope", headers=html)  # no SPA fallback here
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_a_failed_reference_period_counts_as_its_sources_error() -> None:
    def count(source: str) -> float:
        return REGISTRY.get_sample_value("rootline_source_errors_total", {"source": source}) or 0.0

    before = {s: count(s) for s in ("metrics", "metrics-reference", "traces-reference")}
    record_problems({"reference:metrics": "prometheus: timed out", "source:metrics": "down"})
    assert count("metrics-reference") - before["metrics-reference"] == 1
    assert count("metrics") - before["metrics"] == 1
    assert count("traces-reference") == before["traces-reference"]
