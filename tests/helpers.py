"""Small helpers shared by the incident, timeline, task and catalog tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from incident_app.extensions import db
from incident_app.models import (
    ImpactLevel,
    Incident,
    IncidentService,
    IncidentTask,
    Role,
    Service,
    TimelineEvent,
    User,
)

T = TypeVar("T")

COUNTED = {
    "incidents": Incident,
    "incident_services": IncidentService,
    "timeline_events": TimelineEvent,
    "incident_tasks": IncidentTask,
    "services": Service,
}


def row_counts(app: Flask) -> dict[str, int]:
    """Row counts of the tables a write may touch, read straight from the database."""
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in COUNTED.items()
        }


def ts(value: str) -> datetime:
    """Parse an ISO timestamp from a response."""
    return datetime.fromisoformat(value)


def iso(delta: timedelta = timedelta(0)) -> str:
    """Now plus `delta`, as an aware ISO string."""
    return (datetime.now(UTC) + delta).isoformat()


def ago(hours: float) -> str:
    """`hours` before now, as an aware ISO string."""
    return iso(timedelta(hours=-hours))


def error_fields(response: Any) -> list[str]:
    return [d["field"] for d in response.get_json()["error"]["details"]]


def make_service(client: FlaskClient, admin: Actor, name: str, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/services", json={"name": name, **fields}, headers=admin.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def make_incident(
    client: FlaskClient,
    actor: Actor,
    services: list[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "title": "Checkout latency",
        "severity": "high",
        "services": [{"name": n} for n in (services or [])],
        **fields,
    }
    response = client.post("/api/incidents", json=body, headers=actor.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch_incident(
    client: FlaskClient, actor: Actor, incident_id: str, **changes: Any
) -> dict[str, Any]:
    response = client.patch(f"/api/incidents/{incident_id}", json=changes, headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def resolve(client: FlaskClient, actor: Actor, incident_id: str) -> dict[str, Any]:
    return patch_incident(
        client,
        actor,
        incident_id,
        status="resolved",
        root_cause="bad deploy",
        resolution="rolled back",
    )


def timeline(client: FlaskClient, actor: Actor, incident_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/incidents/{incident_id}/timeline", headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def event_types(client: FlaskClient, actor: Actor, incident_id: str) -> list[str]:
    return [e["event_type"] for e in timeline(client, actor, incident_id)]


def count_statements(app: Flask, action: Callable[[], T]) -> tuple[int, T]:
    """How many SQL statements `action` makes the app execute, and its result."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements), result


def seed_incidents(app: Flask, start: int, count: int) -> None:
    """Incidents with two services, a commander and a creator each (all distinct)."""
    with app.app_context():
        now = datetime.now(UTC)
        for n in range(start, start + count):
            users = [
                User(username=u, email=f"{u}@x.io", password_hash="x", role=Role.responder)
                for u in (f"c{n}", f"d{n}")
            ]
            svcs = [Service(name=f"s{n}{k}") for k in "ab"]
            links = [
                IncidentService(service=s, impact_level=ImpactLevel.primary, position=i)
                for i, s in enumerate(svcs)
            ]
            db.session.add(
                Incident(
                    title=f"seed {n}",
                    severity="medium",
                    started_at=now - timedelta(minutes=n),
                    detected_at=now,
                    commander=users[0],
                    created_by=users[1],
                    service_links=links,
                )
            )
        db.session.commit()
