"""The embedded default (`make run`): SQLite under instance/, no Redis, the whole core flow."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import MIGRATIONS, make_app
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[FlaskClient]:
    app: Flask = make_app(f"sqlite:///{tmp_path / 'rootline.db'}", REDIS_URL="")
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    yield app.test_client()


def test_health_without_redis(embedded: FlaskClient) -> None:
    body = embedded.get("/health").get_json()
    assert body["status"] == "ok"
    assert body["checks"]["redis"] == {"status": "disabled"}
    assert body["checks"]["database"]["status"] == "up"


def test_core_flow_on_sqlite(embedded: FlaskClient) -> None:
    c = embedded
    assert (
        c.post(
            "/api/auth/register",
            json={"username": "ada", "email": "ada@example.com", "password": "s3cret-pass"},
        ).status_code
        == 201
    )
    login = c.post("/api/auth/login", json={"username": "ada", "password": "s3cret-pass"})
    auth = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    assert login.get_json()["user"]["role"] == "admin"

    db_svc = c.post("/api/services", json={"name": "postgres"}, headers=auth)
    assert db_svc.status_code == 201
    svc = c.post(
        "/api/services",
        json={"name": "payments", "depends_on": ["postgres"], "revenue_per_hour": 45000},
        headers=auth,
    )
    assert svc.get_json()["depends_on"] == ["postgres"]

    created = c.post(
        "/api/incidents",
        headers=auth,
        json={
            "title": "Payments failing",
            "severity": "critical",
            "started_at": "2026-01-01T10:00:00+00:00",
            "services": [
                {"name": "payments", "impact_level": "primary"},
                {"service_id": db_svc.get_json()["id"], "impact_level": "secondary"},
            ],
        },
    )
    assert created.status_code == 201, created.get_json()
    incident = created.get_json()
    assert incident["started_at"] == "2026-01-01T10:00:00Z"
    url = f"/api/incidents/{incident['id']}"

    # Without Redis the correlation job runs in-process, right away.
    for _ in range(100):
        run = c.get(f"{url}/correlations", headers=auth).get_json()["runs"][0]
        if run["status"] == "completed":
            break
        time.sleep(0.05)
    assert run["status"] == "completed", run
    assert run["sources"]["metrics"]["status"] == "unavailable"  # nothing configured

    assert c.patch(url, json={"status": "investigating"}, headers=auth).status_code == 200
    resolved = c.patch(
        url,
        headers=auth,
        json={"status": "resolved", "root_cause": "pool exhausted", "resolution": "pool 20 -> 50"},
    )
    body = resolved.get_json()
    assert resolved.status_code == 200, body
    started = datetime.fromisoformat(body["started_at"])
    assert (
        body["mttr_seconds"]
        == (datetime.fromisoformat(body["resolved_at"]) - started).total_seconds()
    )
    assert (
        body["mtta_seconds"]
        == (datetime.fromisoformat(body["acknowledged_at"]) - started).total_seconds()
    )

    events = c.get(f"{url}/timeline", headers=auth).get_json()["items"]
    assert [e["event_type"] for e in events] == [
        "incident_created",
        "correlation_analysis_started",
        "correlation_analysis_completed",
        "status_changed",
        "incident_updated",
        "incident_resolved",
    ]
    locked = c.post(f"{url}/timeline", json={"title": "late note"}, headers=auth)
    assert locked.status_code == 409
    assert locked.get_json()["error"]["code"] == "timeline_locked"

    # Deleting a service an incident references is refused; foreign keys are on in SQLite too.
    assert c.delete(f"/api/services/{db_svc.get_json()['id']}", headers=auth).status_code == 409
