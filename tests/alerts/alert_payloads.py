"""Webhook payloads as Alertmanager (v4) and Grafana (v1) send them, and helpers to deliver
them to Rootline and read back what it stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from incident_app.extensions import db
from incident_app.models import (
    Alert,
    AlertGroup,
    AnalysisRun,
    Incident,
    IncidentService,
    Integration,
    TimelineEvent,
)

ZERO_TIME = "0001-01-01T00:00:00Z"
COUNTED = {
    "incidents": Incident,
    "incident_services": IncidentService,
    "alerts": Alert,
    "alert_groups": AlertGroup,
    "timeline_events": TimelineEvent,
    "analysis_runs": AnalysisRun,
    "integrations": Integration,
}


def iso(minutes_ago: float = 0) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()


def am_alert(
    name: str = "HighErrorRate",
    *,
    status: str = "firing",
    starts: str | None = None,
    ends: str = ZERO_TIME,
    fingerprint: str | None = None,
    annotations: dict[str, str] | None = None,
    **labels: str,
) -> dict[str, Any]:
    alert: dict[str, Any] = {
        "status": status,
        "labels": {"alertname": name, **labels},
        "annotations": annotations or {},
        "startsAt": starts or iso(5),
        "endsAt": ends,
        "generatorURL": "http://prometheus:9090/graph?g0.expr=up",
    }
    if fingerprint is not None:
        alert["fingerprint"] = fingerprint
    return alert


def am_payload(
    alerts: list[dict[str, Any]], *, group: str = "checkout", **fields: Any
) -> dict[str, Any]:
    """A delivery of group `group` (grouped by the `group` label, as `group_by: [group]`)."""
    statuses = {a["status"] for a in alerts}
    return {
        "version": "4",
        "receiver": "rootline",
        "status": "firing" if "firing" in statuses else "resolved",
        "groupKey": f'{{}}:{{group="{group}"}}',
        "truncatedAlerts": 0,
        "groupLabels": {"group": group},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts,
        **fields,
    }


def resolved(alert: dict[str, Any], minutes_ago: float = 0) -> dict[str, Any]:
    return {**alert, "status": "resolved", "endsAt": iso(minutes_ago)}


def make_integration(
    client: FlaskClient, admin: Actor, kind: str = "alertmanager", name: str | None = None
) -> dict[str, Any]:
    body = {"name": name or f"{kind}-prod", "kind": kind}
    response = client.post("/api/integrations", json=body, headers=admin.headers)
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()
    return created


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def deliver(
    client: FlaskClient, token: str, payload: dict[str, Any], kind: str = "alertmanager"
) -> dict[str, Any]:
    response = client.post(f"/api/alerts/{kind}", json=payload, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    result: dict[str, Any] = response.get_json()
    return result


def counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in COUNTED.items()
        }


def assert_error(response: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    """Rootline's one error shape, with this status (and code)."""
    assert response.status_code == status, response.get_data(as_text=True)
    error: dict[str, Any] = response.get_json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    assert code is None or error["code"] == code, error
    return error


def incident_alerts(client: FlaskClient, actor: Actor, incident_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/incidents/{incident_id}/alerts", headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    items: list[dict[str, Any]] = response.get_json()["items"]
    return items


def incident(client: FlaskClient, actor: Actor, incident_id: str) -> dict[str, Any]:
    response = client.get(f"/api/incidents/{incident_id}", headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    found: dict[str, Any] = response.get_json()
    return found
