"""Correlation jobs end to end on real PostgreSQL and Redis: RQ SimpleWorker in burst mode,
idempotent retries, degraded sources, misbehaving analyzers, and the API."""

from __future__ import annotations

from typing import Any

import fake_plugins
import pytest
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker

from incident_app.correlation.jobs import execute_run, queue
from incident_app.correlation.outbox import SERIALIZER
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, Correlation, Role, RunStatus

BUILTINS = ["metrics", "logs", "traces", "k8s"]


def engine_app(pg_url: str, scenario: str = "pool", **overrides: Any) -> Flask:
    settings = {
        "PLUGIN_MODULES": ["fake_plugins"],
        "FAKE_SCENARIO": scenario,
        "DISABLED_ANALYZERS": BUILTINS,
        "SOURCE_TIMEOUT_SECONDS": 1.0,
        **overrides,
    }
    return make_app(pg_url, **settings)


def open_incident(app: Flask, client: FlaskClient) -> tuple[Actor, str]:
    admin = create_actor(app, Role.admin)
    for name, deps in (("postgres", []), ("payments", ["postgres"]), ("checkout", ["payments"])):
        r = client.post(
            "/api/services", json={"name": name, "depends_on": deps}, headers=admin.headers
        )
        assert r.status_code == 201, r.get_json()
    r = client.post(
        "/api/incidents",
        headers=admin.headers,
        json={
            "title": "Checkout failing",
            "severity": "critical",
            "started_at": "2026-01-01T12:00:00Z",
            "services": [{"name": "checkout"}, {"name": "payments", "impact_level": "secondary"}],
        },
    )
    assert r.status_code == 201, r.get_json()
    return admin, r.get_json()["id"]


def work(app: Flask) -> None:
    with app.app_context():
        client = get_redis()
        assert client is not None
        SimpleWorker([queue(client)], connection=client, serializer=SERIALIZER).work(burst=True)


def timeline(client: FlaskClient, admin: Actor, incident_id: str) -> list[str]:
    body = client.get(f"/api/incidents/{incident_id}/timeline", headers=admin.headers)
    return [e["event_type"] for e in body.get_json()["items"]]


def test_incident_creation_enqueues_and_worker_ranks_root_cause(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url)
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    pending = client.get(f"/api/incidents/{incident_id}/correlations", headers=admin.headers)
    assert pending.get_json()["runs"][0]["status"] == "queued"
    assert pending.get_json()["hypotheses"] == []

    fake_plugins.FINISHED.clear()
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()
    run = body["run"]
    assert run["status"] == "completed" and run["attempts"] == 1 and not run["degraded"]
    assert run["sources"]["metrics"]["status"] == "ok"
    assert run["analyzers"]["error-jump"]["status"] == "ok"
    top = body["hypotheses"][0]
    assert (top["service"], top["fault"], top["rank"]) == ("payments", "pool-exhaustion", 1)
    assert top["findings"][0]["evidence"] and top["findings"][0]["summary"]
    assert fake_plugins.FINISHED[-1]["top"] == "payments"

    events = timeline(client, admin, incident_id)
    assert events[0] == "incident_created"
    assert events[1] == "correlation_analysis_started"
    assert "metric_spike" in events and "log_pattern_detected" in events
    assert events[-1] == "root_cause_identified"
    last = client.get(f"/api/incidents/{incident_id}/timeline", headers=admin.headers).get_json()[
        "items"
    ][-1]
    assert last["title"].startswith("Root cause: Connection pool exhaustion in payments (")
    assert last["title"].endswith("% confidence)") and last["source"] == "correlation_engine"


def test_a_retried_job_stores_the_run_once(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url)
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    with eng.app_context():
        run = db.session.scalars(db.select(AnalysisRun)).one()
        # A worker that crashed after storing would be retried: nothing is stored twice.
        assert execute_run(run.id)["status"] == "completed"
        # A run left `running` by a crash mid-analysis is redone without a second start event.
        run.status = RunStatus.running
        db.session.query(Correlation).filter_by(run_id=run.id).delete()
        db.session.commit()
        execute_run(run.id)
        assert db.session.query(Correlation).filter_by(run_id=run.id).count() == len(
            db.session.get(AnalysisRun, run.id).hypotheses
        )
        assert db.session.get(AnalysisRun, run.id).attempts == 2
    events = timeline(client, admin, incident_id)
    assert events.count("correlation_analysis_started") == 1


def test_down_source_degrades_and_says_so(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url, scenario="metrics-down")
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()
    run = body["run"]
    assert run["status"] == "completed" and run["degraded"] is True
    assert run["sources"]["metrics"]["status"] == "error"
    assert "refused" in run["problems"]["source:metrics"]
    assert body["hypotheses"][0]["service"] == "payments"  # logs alone still point there
    assert "correlation_degraded" in timeline(client, admin, incident_id)
    incident = client.get(f"/api/incidents/{incident_id}", headers=admin.headers).get_json()
    assert incident["status"] == "open"


def test_failed_reference_degrades_and_says_so_in_words(pg_url: str, app: Flask) -> None:
    # The incident starts 2026-01-01 12:00: yesterday's window is all the backend lacks.
    eng = engine_app(pg_url, scenario="reference-down", CORRELATION_REFERENCE="1d")
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()
    run = body["run"]
    assert run["status"] == "completed" and run["degraded"] is True
    assert set(run["problems"]) == {"reference:metrics"}
    assert "retention" in run["problems"]["reference:metrics"]
    assert run["sources"]["metrics"]["status"] == "ok"
    assert run["sources"]["metrics"]["reference"]["status"] == "error"
    assert body["hypotheses"][0]["service"] == "payments"  # the incident's evidence still counts
    events = client.get(f"/api/incidents/{incident_id}/timeline", headers=admin.headers)
    [degraded] = [
        e for e in events.get_json()["items"] if e["event_type"] == "correlation_degraded"
    ]
    assert degraded["description"].startswith("reference period unavailable for metrics: ")
    assert "retention" in degraded["description"]


def test_slow_source_times_out_instead_of_hanging(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url, scenario="metrics-slow", SOURCE_TIMEOUT_SECONDS=0.5)
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    run = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()["run"]
    assert run["sources"]["metrics"]["status"] == "timeout"
    assert run["duration_ms"] < 3000


def test_raising_and_hanging_analyzers_are_isolated(pg_url: str, app: Flask) -> None:
    eng = engine_app(
        pg_url, PLUGIN_MODULES=["fake_plugins", "misbehaving_plugins"], ANALYZER_TIMEOUT_SECONDS=0.5
    )
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()
    analyzers = body["run"]["analyzers"]
    assert analyzers["raising"]["status"] == "error"
    assert "analyzer bug" in analyzers["raising"]["error"]
    assert analyzers["hanging"]["status"] == "timeout"
    assert analyzers["error-jump"]["status"] == "ok"
    assert body["hypotheses"][0]["service"] == "payments"


def test_manual_reanalysis_and_run_selection(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url)
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    viewer = create_actor(eng, Role.viewer)
    assert (
        client.post(f"/api/incidents/{incident_id}/analyze", headers=viewer.headers).status_code
        == 403
    )
    again = client.post(f"/api/incidents/{incident_id}/analyze", headers=admin.headers)
    assert again.status_code == 202 and again.get_json()["trigger"] == "manual"
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=viewer.headers
    ).get_json()
    assert [r["status"] for r in body["runs"]] == ["completed", "completed"]
    first = body["runs"][1]["id"]
    chosen = client.get(
        f"/api/incidents/{incident_id}/correlations?run_id={first}", headers=viewer.headers
    ).get_json()
    assert chosen["run"]["id"] == first
    missing = client.get(
        f"/api/incidents/{incident_id}/correlations?run_id=00000000-0000-0000-0000-000000000000",
        headers=viewer.headers,
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("auth", ["none", "viewer-basic", "admin-basic", "admin-bearer"])
def test_rq_dashboard_is_for_admins(pg_url: str, app: Flask, auth: str) -> None:
    import base64

    eng = engine_app(pg_url)
    client = eng.test_client()
    admin = create_actor(eng, Role.admin, username="boss")
    create_actor(eng, Role.viewer, username="watcher")
    headers = {
        "none": {},
        "viewer-basic": {
            "Authorization": "Basic " + base64.b64encode(b"watcher:correct-horse-battery").decode()
        },
        "admin-basic": {
            "Authorization": "Basic " + base64.b64encode(b"boss:correct-horse-battery").decode()
        },
        "admin-bearer": admin.headers,
    }[auth]
    r = client.get("/rq/", headers=headers)
    assert r.status_code == (200 if auth.startswith("admin") else 401)


def test_health_reports_each_telemetry_source(pg_url: str, app: Flask) -> None:
    ok = engine_app(pg_url).test_client().get("/health").get_json()
    assert ok["status"] == "ok"
    assert ok["checks"]["telemetry"]["metrics"] == {"source": "fake-metrics", "status": "up"}
    down = engine_app(pg_url, scenario="metrics-down").test_client().get("/health")
    assert down.status_code == 200  # the API still works; analyses are degraded
    assert down.get_json()["status"] == "degraded"
    assert down.get_json()["checks"]["telemetry"]["metrics"]["status"] == "down"
    bare = make_app(pg_url).test_client().get("/health").get_json()
    assert bare["checks"]["telemetry"]["traces"]["status"] == "unconfigured"


def test_partial_source_answers_are_reported(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url, scenario="logs-partial")
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)
    work(eng)
    body = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()
    run = body["run"]
    assert run["sources"]["logs"]["status"] == "ok"  # the data that came back still counts
    assert "HTTP 400" in run["sources"]["logs"]["error"]
    assert run["degraded"] and "HTTP 400" in run["problems"]["source:logs"]
    assert body["hypotheses"][0]["fault"] == "pool-exhaustion"


def test_unreachable_queue_keeps_the_run_queued_not_the_incident(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    client = eng.test_client()
    admin, incident_id = open_incident(eng, client)  # asserts the 201
    run = client.get(
        f"/api/incidents/{incident_id}/correlations", headers=admin.headers
    ).get_json()["runs"][0]
    assert run["status"] == "queued" and run["error"] is None  # the outbox relay sends it later
    with eng.app_context():
        stored = db.session.get(AnalysisRun, run["id"])
        assert stored is not None and stored.dispatched_at is None
    events = timeline(client, admin, incident_id)
    assert events == ["incident_created"]


def test_login_still_works_when_redis_is_down(pg_url: str, app: Flask) -> None:
    eng = engine_app(pg_url, REDIS_URL="redis://127.0.0.1:1/0")
    actor = create_actor(eng, Role.viewer, username="solo")
    answer = eng.test_client().post(
        "/api/auth/login", json={"username": actor.username, "password": "correct-horse-battery"}
    )
    assert answer.status_code == 200, answer.get_json()
