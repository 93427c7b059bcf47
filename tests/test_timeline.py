"""The incident timeline: ordering, notes, validation, locking, and the end-to-end story."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import error_fields, event_types, iso, make_incident, resolve, row_counts, timeline, ts


def _post(client: FlaskClient, actor: Actor, incident_id: str, **body: Any) -> Any:
    return client.post(f"/api/incidents/{incident_id}/timeline", json=body, headers=actor.headers)


def _note(client: FlaskClient, actor: Actor, incident_id: str, **body: Any) -> dict[str, Any]:
    response = _post(client, actor, incident_id, **{"title": "note", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def incident(client: FlaskClient, responder: Actor) -> dict[str, Any]:
    return make_incident(client, responder, started_at=iso(timedelta(hours=-2)))


def test_post_note_defaults(client: FlaskClient, responder: Actor, incident: dict) -> None:
    before = datetime.now(UTC)
    note = _note(client, responder, incident["id"], title="  Paged the DB team  ")
    assert note["event_type"] == "note"
    assert note["source"] == "user"
    assert note["title"] == "Paged the DB team"
    assert (note["description"], note["metadata"]) == ("", {})
    assert note["actor"] == {"id": str(responder.user_id), "username": responder.username}
    assert note["incident_id"] == incident["id"]
    assert before <= ts(note["occurred_at"]) <= datetime.now(UTC)
    assert ts(note["created_at"]) >= ts(note["occurred_at"])
    assert timeline(client, responder, incident["id"])[-1] == note


def test_post_custom_event(client: FlaskClient, admin: Actor, incident: dict) -> None:
    event = _note(
        client,
        admin,
        incident["id"],
        event_type="customer_report",
        source="alertmanager",
        title="Alert fired",
        description="HighErrorRate",
        metadata={"alert": "HighErrorRate", "value": 0.12},
    )
    # Users cannot speak for the system: the source is always `user`, whatever was sent.
    assert (event["event_type"], event["source"]) == ("customer_report", "user")
    assert event["metadata"] == {"alert": "HighErrorRate", "value": 0.12}
    assert event["actor"]["username"] == admin.username


def test_get_is_chronological_then_by_id(
    client: FlaskClient, responder: Actor, viewer: Actor, incident: dict
) -> None:
    same = iso(timedelta(minutes=-30))
    _note(client, responder, incident["id"], title="late", occurred_at=iso(timedelta(minutes=-5)))
    _note(client, responder, incident["id"], title="tie-1", occurred_at=same)
    _note(client, responder, incident["id"], title="early", occurred_at=iso(timedelta(hours=-1)))
    _note(client, responder, incident["id"], title="tie-2", occurred_at=same)
    _note(client, responder, incident["id"], title="now")
    events = timeline(client, viewer, incident["id"])
    assert [e["title"] for e in events] == [
        "early",
        "tie-1",
        "tie-2",
        "late",
        "Incident created: Checkout latency",  # recorded at creation, after the back-dated notes
        "now",
    ]
    keys = [(ts(e["occurred_at"]), e["id"]) for e in events]
    assert keys == sorted(keys)
    tie = [e for e in events if e["title"].startswith("tie")]
    assert tie[0]["occurred_at"] == tie[1]["occurred_at"] and tie[0]["id"] < tie[1]["id"]


def test_get_is_paginated(client: FlaskClient, responder: Actor, viewer: Actor, incident) -> None:
    for n in range(4):
        _note(client, responder, incident["id"], title=f"n{n}")
    url = f"/api/incidents/{incident['id']}/timeline"
    everything = timeline(client, viewer, incident["id"])
    assert len(everything) == 5
    page = client.get(url, query_string={"per_page": 2, "page": 2}, headers=viewer.headers)
    body = page.get_json()
    assert (body["total"], body["page"], body["per_page"]) == (5, 2, 2)
    assert body["items"] == everything[2:4]
    default = client.get(url, headers=viewer.headers).get_json()
    assert default["per_page"] == 100
    too_big = client.get(url, query_string={"per_page": 501}, headers=viewer.headers)
    assert too_big.status_code == 422
    assert error_fields(too_big) == ["query.per_page"]


def test_unknown_incident_is_404(client: FlaskClient, responder: Actor) -> None:
    url = f"/api/incidents/{uuid.uuid4()}/timeline"
    assert client.get(url, headers=responder.headers).status_code == 404
    missing = client.post(url, json={"title": "x"}, headers=responder.headers)
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"occurred_at": iso(timedelta(hours=1))}, "occurred_at"),
        ({"occurred_at": "2024-05-01T10:00:00"}, "occurred_at"),
        ({"event_type": "incident_resolved"}, "event_type"),
        ({"event_type": "incident_created"}, "event_type"),
        ({"event_type": "status_changed"}, "event_type"),
        ({"event_type": "task_created"}, "event_type"),
        ({"event_type": "Note"}, "event_type"),
        ({"event_type": "has-dash"}, "event_type"),
        ({"event_type": "1st"}, "event_type"),
        ({"event_type": "a"}, "event_type"),
        ({"event_type": "a" * 65}, "event_type"),
        ({"source": "carrier_pigeon"}, "source"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"actor_id": str(uuid.uuid4())}, "actor_id"),
    ],
)
def test_invalid_event_is_422(
    app: Flask, client: FlaskClient, responder: Actor, incident: dict, body: dict, field: str
) -> None:
    before = row_counts(app)
    response = _post(client, responder, incident["id"], **{"title": "t", **body})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "validation_error"
    assert field in error_fields(response)
    assert row_counts(app) == before


def test_post_needs_responder(
    app: Flask, client: FlaskClient, viewer: Actor, incident: dict
) -> None:
    before = row_counts(app)
    assert _post(client, viewer, incident["id"], title="x").status_code == 403
    url = f"/api/incidents/{incident['id']}/timeline"
    assert client.post(url, json={"title": "x"}).status_code == 401
    assert client.get(url).status_code == 401
    assert row_counts(app) == before
    assert len(timeline(client, viewer, incident["id"])) == 1


def test_resolved_timeline_is_locked(
    app: Flask, client: FlaskClient, responder: Actor, admin: Actor, incident: dict
) -> None:
    resolved = resolve(client, responder, incident["id"])
    before = row_counts(app)
    for actor, body in (
        (responder, {"title": "late note"}),
        (admin, {"title": "back-dated", "occurred_at": iso(timedelta(hours=-1))}),
    ):
        response = _post(client, actor, incident["id"], **body)
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "timeline_locked"
        assert error["details"]["incident_id"] == incident["id"]
        assert ts(error["details"]["resolved_at"]) == ts(resolved["resolved_at"])
    assert row_counts(app) == before
    assert event_types(client, responder, incident["id"])[-1] == "incident_resolved"


def test_done_means_story(client: FlaskClient) -> None:
    """Register, log in, add a service, open, investigate and resolve: the timeline tells it."""
    registered = client.post(
        "/api/auth/register",
        json={"username": "ada", "email": "ada@example.com", "password": "correct-horse-battery"},
    )
    assert registered.status_code == 201, registered.get_json()
    assert registered.get_json()["role"] == "admin"  # the first user
    login = client.post(
        "/api/auth/login", json={"username": "ada", "password": "correct-horse-battery"}
    )
    assert login.status_code == 200, login.get_json()
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}

    service = client.post("/api/services", json={"name": "checkout"}, headers=headers)
    assert service.status_code == 201, service.get_json()
    created = client.post(
        "/api/incidents",
        json={"title": "Checkout 500s", "severity": "critical", "services": [{"name": "checkout"}]},
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    url = f"/api/incidents/{created.get_json()['id']}"
    investigating = client.patch(url, json={"status": "investigating"}, headers=headers)
    assert investigating.status_code == 200
    resolved = client.patch(
        url,
        json={"status": "resolved", "root_cause": "expired cert", "resolution": "renewed cert"},
        headers=headers,
    )
    assert resolved.status_code == 200, resolved.get_json()
    incident = resolved.get_json()
    assert incident["status"] == "resolved" and incident["timeline_locked"] is True

    events = client.get(f"{url}/timeline", headers=headers).get_json()["items"]
    assert [e["event_type"] for e in events] == [
        "incident_created",
        "status_changed",
        "incident_updated",
        "incident_resolved",
    ]
    assert all(e["actor"]["username"] == "ada" for e in events)
    assert events[2]["metadata"]["changes"] == {
        "root_cause": "expired cert",
        "resolution": "renewed cert",
    }
    resolution = events[-1]
    assert resolution["metadata"]["mttr_seconds"] == incident["mttr_seconds"]
    assert resolution["metadata"]["root_cause"] == "expired cert"
    assert ts(resolution["occurred_at"]) == ts(incident["resolved_at"])
    late = client.post(f"{url}/timeline", json={"title": "afterthought"}, headers=headers)
    assert late.status_code == 409
    after = client.get(f"{url}/timeline", headers=headers).get_json()
    assert after["total"] == 4 and after["items"][-1]["event_type"] == "incident_resolved"
