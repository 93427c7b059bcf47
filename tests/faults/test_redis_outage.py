"""Redis dies: the API keeps serving and accepting incidents, and the analyses requested
meanwhile wait in the outbox (queued, undispatched) until Redis is back, then each runs once."""

from __future__ import annotations

from pathlib import Path

from conftest import create_actor
from fault_harness import (
    RedisServer,
    add_services,
    counts,
    fault_app,
    free_port,
    open_incident,
    start_worker,
)
from flask import Flask
from sqlalchemy import select

from incident_app.correlation.jobs import queue
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, Role


def undispatched(app: Flask) -> int:
    with app.app_context():
        runs = db.session.scalars(select(AnalysisRun)).all()
        return sum(1 for run in runs if run.dispatched_at is None)


def queued_jobs(app: Flask) -> list[str]:
    with app.app_context():
        client = get_redis()
        assert client is not None
        return list(queue(client).job_ids)


def test_api_serves_through_a_redis_outage_and_no_analysis_is_lost(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    server = RedisServer(tmp_path, free_port())
    server.start()
    try:
        eng = fault_app(pg_url, server.url, EVENT_STREAM_SECONDS=0.5)
        client = eng.test_client()
        admin = create_actor(eng, Role.admin, username="ops")
        add_services(client, admin, "payments")
        assert counts(eng) == {"incidents": 0, "runs": {}, "events": {}, "hypotheses": 0}

        server.kill()
        health = client.get("/health")
        assert health.status_code == 200  # the database is what the API needs
        assert health.get_json()["status"] == "degraded"
        assert health.get_json()["checks"]["redis"]["status"] == "down"
        login = client.post(
            "/api/auth/login", json={"username": "ops", "password": "correct-horse-battery"}
        )
        assert login.status_code == 200, login.get_json()  # limits fall back to memory
        ids = [open_incident(client, admin, "payments", f"Payments down #{i}") for i in range(5)]
        listed = client.get("/api/incidents", headers=admin.headers)
        assert listed.status_code == 200 and listed.get_json()["total"] == 5
        stream = client.get("/api/events/stream", headers=admin.headers)
        assert stream.status_code == 200 and "event: ready" in stream.get_data(as_text=True)
        for incident_id in ids:
            runs = client.get(f"/api/incidents/{incident_id}/correlations", headers=admin.headers)
            assert [r["status"] for r in runs.get_json()["runs"]] == ["queued"]
        assert counts(eng) == {
            "incidents": 5,
            "runs": {"queued": 5},
            "events": {"incident_created": 5},
            "hypotheses": 0,
        }
        assert undispatched(eng) == 5

        server.start()  # same port, empty: nothing of the outage reached it
        worker = start_worker(tmp_path / "worker.log", pg_url, server.url, "--burst")
        assert worker.process.wait(90) == 0, worker.output()
        assert "relay: dispatched=5 requeued=0 recovered=0" in worker.output()
        assert counts(eng) == {
            "incidents": 5,
            "runs": {"completed": 5},
            "events": {
                "incident_created": 5,
                "correlation_analysis_started": 5,
                "metric_spike": 5,
                "root_cause_identified": 5,
            },
            "hypotheses": 5,
        }
        for incident_id in ids:
            body = client.get(
                f"/api/incidents/{incident_id}/correlations", headers=admin.headers
            ).get_json()
            assert [r["attempts"] for r in body["runs"]] == [1]
            assert body["hypotheses"][0]["service"] == "payments"
    finally:
        server.kill()


def test_relay_dispatches_once_and_recovers_jobs_a_restarted_redis_lost(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    server = RedisServer(tmp_path, free_port())
    server.start()
    try:
        eng = fault_app(pg_url, server.url, CORRELATION_RUN_LEASE_SECONDS=0)
        client = eng.test_client()
        admin = create_actor(eng, Role.admin)
        add_services(client, admin, "payments")
        server.kill()
        for i in range(2):
            open_incident(client, admin, "payments", f"Outage {i}")
        server.start()
        relay = eng.test_cli_runner()
        first = relay.invoke(args=["analyses", "relay", "--once"])
        assert first.exit_code == 0 and "dispatched=2 " in first.output, first.output
        again = relay.invoke(args=["analyses", "relay", "--once"])
        assert "dispatched=0 requeued=0 recovered=0" in again.output  # nothing twice
        assert len(queued_jobs(eng)) == 2 and undispatched(eng) == 0

        server.kill()
        server.start()  # Redis came back empty: the dispatched jobs are gone
        assert queued_jobs(eng) == []
        recovered = relay.invoke(args=["analyses", "relay", "--once"])
        assert "recovered=2" in recovered.output, recovered.output
        assert len(queued_jobs(eng)) == 2

        server.kill()
        open_incident(client, admin, "payments", "Still down")
        server.start()
        open_incident(client, admin, "payments", "Back up")  # also sends the one left behind
        assert undispatched(eng) == 0
        assert counts(eng)["runs"] == {"queued": 4} and counts(eng)["incidents"] == 4
    finally:
        server.kill()
