"""Real objects for the API fuzzer to aim at: without them every path id is a random UUID and
every case a 404, which exercises nothing behind the lookup."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import Actor, create_actor
from flask import Flask

from incident_app.auth.tokens import issue_tokens
from incident_app.extensions import db
from incident_app.models import Role, User

AVAILABILITY_SLO = {
    "name": "checkout-availability",
    "service": "fuzz-checkout",
    "sli": {"type": "availability"},
    "target": 99.9,
}


@dataclass
class World:
    """Ids of the seeded objects by path parameter name, and who calls with what token."""

    admin: Actor
    ids: dict[str, str] = field(default_factory=dict)
    integration_tokens: dict[str, str] = field(default_factory=dict)

    def fresh_access_token(self, app: Flask) -> str:
        """A new access token for the admin: logout revokes the one it is called with."""
        with app.app_context():
            user = db.session.get(User, self.admin.user_id)
            token: str = issue_tokens(user, with_refresh=False)["access_token"]
            return token

    def spare_user_token(self, app: Flask) -> str:
        """An access token of a new viewer, for calls that end all of their user's tokens
        (sign out everywhere, a password change) and must not end the admin's."""
        return create_actor(app, Role.viewer, f"spare-{uuid.uuid4().hex[:8]}").access_token


def _ok(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def seed(app: Flask) -> World:
    """An admin, a second user, services, an incident with a task, a timeline entry and an
    alert, an SLO and both kinds of integration, all made through the API itself."""
    world = World(admin=create_actor(app, Role.admin, "fuzz-admin"))
    other = create_actor(app, Role.viewer, "fuzz-viewer")
    client = app.test_client()
    headers = world.admin.headers

    def post(path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        return _ok(client.post(path, json=body, headers=headers), status)

    service = post("/api/services", {"name": "fuzz-checkout", "revenue_per_hour": 1200})
    post("/api/services", {"name": "fuzz-payments"})
    incident = post(
        "/api/incidents",
        {
            "title": "Checkout failing",
            "severity": "critical",
            "services": [{"name": "fuzz-checkout"}, {"name": "fuzz-payments"}],
        },
    )
    task = post(f"/api/incidents/{incident['id']}/tasks", {"title": "Roll back"})
    post(f"/api/incidents/{incident['id']}/timeline", {"title": "Paged the owner"})
    slo = post("/api/slos", AVAILABILITY_SLO)
    for kind in ("alertmanager", "grafana"):
        created = post("/api/integrations", {"name": f"fuzz-{kind}", "kind": kind})
        world.integration_tokens[kind] = created["token"]
    world.ids = {
        "incident_id": incident["id"],
        "task_id": task["id"],
        "service_id": service["id"],
        "slo_id": slo["id"],
        "user_id": str(other.user_id),
        "integration_id": created["id"],
        "name": "pool-exhaustion",
    }
    _deliver_alert(client, world.integration_tokens["alertmanager"])
    return world


def _deliver_alert(client: Any, token: str) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=3)).isoformat()
    alert = {
        "status": "firing",
        "labels": {"alertname": "HighErrors", "service": "fuzz-checkout", "severity": "critical"},
        "annotations": {"summary": "5xx above 5%"},
        "startsAt": started,
    }
    payload = {
        "version": "4",
        "status": "firing",
        "receiver": "rootline",
        "groupKey": f'{{}}:{{alertname="HighErrors",run="{uuid.uuid4().hex}"}}',
        "alerts": [alert],
    }
    response = client.post(
        "/api/alerts/alertmanager", json=payload, headers={"Authorization": f"Bearer {token}"}
    )
    _ok(response, 200)
