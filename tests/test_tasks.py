"""Incident tasks: CRUD, assignee checks, completion timestamps, timeline events and locking."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import Actor, create_actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import error_fields, event_types, make_incident, resolve, row_counts, timeline, ts

from incident_app.extensions import db
from incident_app.models import Role, User


def _url(incident_id: str, task_id: str | None = None) -> str:
    base = f"/api/incidents/{incident_id}/tasks"
    return f"{base}/{task_id}" if task_id else base


def _create(client: FlaskClient, actor: Actor, incident_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(
        _url(incident_id), json={"title": "Roll back", **body}, headers=actor.headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _patch(client: FlaskClient, actor: Actor, incident_id: str, task_id: str, **body: Any) -> Any:
    return client.patch(_url(incident_id, task_id), json=body, headers=actor.headers)


@pytest.fixture
def incident(client: FlaskClient, responder: Actor) -> dict[str, Any]:
    return make_incident(client, responder)


def test_crud_with_timeline_events(
    app: Flask, client: FlaskClient, responder: Actor, admin: Actor, viewer: Actor, incident
) -> None:
    due = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    task = _create(
        client,
        responder,
        incident["id"],
        title="Write postmortem",
        description="within 48h",
        assignee_id=str(admin.user_id),
        due_at=due.isoformat(),
    )
    assert task["incident_id"] == incident["id"]
    assert (task["title"], task["description"], task["status"]) == (
        "Write postmortem",
        "within 48h",
        "todo",
    )
    assert task["assignee"] == {"id": str(admin.user_id), "username": admin.username}
    assert ts(task["due_at"]) == due
    assert task["completed_at"] is None
    assert row_counts(app)["incident_tasks"] == 1

    got = client.get(_url(incident["id"], task["id"]), headers=viewer.headers)
    assert got.status_code == 200 and got.get_json() == task
    listed = client.get(_url(incident["id"]), headers=viewer.headers).get_json()
    assert (listed["total"], listed["items"]) == (1, [task])

    updated = _patch(client, responder, incident["id"], task["id"], title="Write the postmortem")
    assert updated.status_code == 200
    assert updated.get_json()["title"] == "Write the postmortem"
    assert updated.get_json()["description"] == "within 48h"

    deleted = client.delete(_url(incident["id"], task["id"]), headers=responder.headers)
    assert deleted.status_code == 204 and deleted.data == b""
    assert client.get(_url(incident["id"], task["id"]), headers=viewer.headers).status_code == 404
    assert row_counts(app)["incident_tasks"] == 0

    events = timeline(client, viewer, incident["id"])
    assert [e["event_type"] for e in events] == [
        "incident_created",
        "task_created",
        "task_updated",
        "task_deleted",
    ]
    assert all(e["metadata"]["task_id"] == task["id"] for e in events[1:])
    assert all(e["actor"]["username"] == responder.username for e in events[1:])
    assert events[2]["metadata"]["changes"] == {"title": "Write the postmortem"}
    assert events[3]["title"] == "Task deleted: Write the postmortem"


def test_assignee_must_be_active_user(
    app: Flask, client: FlaskClient, responder: Actor, incident: dict
) -> None:
    inactive = create_actor(app, Role.responder)
    with app.app_context():
        db.session.get(User, inactive.user_id).is_active = False
        db.session.commit()
    task = _create(client, responder, incident["id"])
    before = row_counts(app)
    for assignee in (str(uuid.uuid4()), str(inactive.user_id)):
        created = client.post(
            _url(incident["id"]),
            json={"title": "t", "assignee_id": assignee},
            headers=responder.headers,
        )
        assert created.status_code == 422
        assert error_fields(created) == ["assignee_id"]
        patched = _patch(client, responder, incident["id"], task["id"], assignee_id=assignee)
        assert patched.status_code == 422
        assert error_fields(patched) == ["assignee_id"]
    assert row_counts(app) == before
    bad_id = _patch(client, responder, incident["id"], task["id"], assignee_id="not-a-uuid")
    assert bad_id.status_code == 422 and error_fields(bad_id) == ["assignee_id"]


def test_assign_and_unassign(
    client: FlaskClient, responder: Actor, viewer: Actor, incident: dict
) -> None:
    task = _create(client, responder, incident["id"])
    assigned = _patch(
        client, responder, incident["id"], task["id"], assignee_id=str(viewer.user_id)
    )
    assert assigned.get_json()["assignee"]["username"] == viewer.username
    cleared = _patch(client, responder, incident["id"], task["id"], assignee_id=None)
    assert cleared.status_code == 200 and cleared.get_json()["assignee"] is None
    changes = [e["metadata"]["changes"] for e in timeline(client, viewer, incident["id"])[2:]]
    assert changes == [{"assignee_id": str(viewer.user_id)}, {"assignee_id": None}]


def test_completion_timestamps(client: FlaskClient, responder: Actor, incident: dict) -> None:
    task = _create(client, responder, incident["id"])
    before = datetime.now(UTC)
    done = _patch(client, responder, incident["id"], task["id"], status="done").get_json()
    assert done["status"] == "done"
    assert before <= ts(done["completed_at"]) <= datetime.now(UTC)
    renamed = _patch(client, responder, incident["id"], task["id"], title="renamed").get_json()
    assert renamed["completed_at"] == done["completed_at"]
    reopened = _patch(client, responder, incident["id"], task["id"], status="in_progress")
    assert reopened.get_json()["status"] == "in_progress"
    assert reopened.get_json()["completed_at"] is None
    born_done = _create(client, responder, incident["id"], status="done")
    assert born_done["completed_at"] is not None
    events = timeline(client, responder, incident["id"])
    assert events[2]["metadata"]["changes"] == {"status": "done"}
    assert events[2]["metadata"]["status"] == "done"


def test_list_filters_by_status(client: FlaskClient, responder: Actor, incident: dict) -> None:
    ids = {
        s: _create(client, responder, incident["id"], title=s, status=s)["id"]
        for s in ("todo", "in_progress", "done")
    }
    other = make_incident(client, responder, title="other")
    _create(client, responder, other["id"], title="elsewhere")
    everything = client.get(_url(incident["id"]), headers=responder.headers).get_json()
    assert [t["title"] for t in everything["items"]] == ["todo", "in_progress", "done"]
    assert everything["total"] == 3
    for status, task_id in ids.items():
        page = client.get(
            _url(incident["id"]), query_string={"status": status}, headers=responder.headers
        ).get_json()
        assert [t["id"] for t in page["items"]] == [task_id] and page["total"] == 1
    bad = client.get(_url(incident["id"]), query_string={"status": "x"}, headers=responder.headers)
    assert bad.status_code == 422 and error_fields(bad) == ["query.status"]
    paged = client.get(
        _url(incident["id"]), query_string={"per_page": 2, "page": 2}, headers=responder.headers
    ).get_json()
    assert [t["title"] for t in paged["items"]] == ["done"]


def test_task_of_another_incident_is_404(
    app: Flask, client: FlaskClient, responder: Actor, incident: dict
) -> None:
    other = make_incident(client, responder, title="other")
    task = _create(client, responder, other["id"])
    before = row_counts(app)
    wrong = _url(incident["id"], task["id"])
    assert client.get(wrong, headers=responder.headers).status_code == 404
    patched = client.patch(wrong, json={"title": "hijack"}, headers=responder.headers)
    assert patched.status_code == 404 and patched.get_json()["error"]["code"] == "not_found"
    assert client.delete(wrong, headers=responder.headers).status_code == 404
    unknown_task = client.get(_url(incident["id"], str(uuid.uuid4())), headers=responder.headers)
    assert unknown_task.status_code == 404
    assert client.get(_url(str(uuid.uuid4())), headers=responder.headers).status_code == 404
    assert row_counts(app) == before
    unchanged = client.get(_url(other["id"], task["id"]), headers=responder.headers).get_json()
    assert unchanged == task


def test_resolved_incident_locks_tasks(
    app: Flask, client: FlaskClient, responder: Actor, admin: Actor, incident: dict
) -> None:
    task = _create(client, responder, incident["id"])
    resolve(client, responder, incident["id"])
    before = row_counts(app)
    attempts = (
        client.post(_url(incident["id"]), json={"title": "late"}, headers=admin.headers),
        _patch(client, admin, incident["id"], task["id"], status="done"),
        client.delete(_url(incident["id"], task["id"]), headers=admin.headers),
    )
    for response in attempts:
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "timeline_locked"
    assert row_counts(app) == before
    still = client.get(_url(incident["id"], task["id"]), headers=responder.headers)
    assert still.status_code == 200 and still.get_json()["status"] == "todo"
    assert event_types(client, responder, incident["id"])[-1] == "incident_resolved"


def test_viewer_reads_but_cannot_write(
    app: Flask, client: FlaskClient, responder: Actor, viewer: Actor, incident: dict
) -> None:
    task = _create(client, responder, incident["id"])
    before = row_counts(app)
    attempts = (
        client.post(_url(incident["id"]), json={"title": "x"}, headers=viewer.headers),
        _patch(client, viewer, incident["id"], task["id"], title="x"),
        client.delete(_url(incident["id"], task["id"]), headers=viewer.headers),
    )
    assert [r.status_code for r in attempts] == [403, 403, 403]
    assert client.post(_url(incident["id"]), json={"title": "x"}).status_code == 401
    assert client.delete(_url(incident["id"], task["id"])).status_code == 401
    assert row_counts(app) == before
    assert client.get(_url(incident["id"]), headers=viewer.headers).get_json()["items"] == [task]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "t", "status": "blocked"}, "status"),
        ({"title": "t", "due_at": "2030-01-01T00:00:00"}, "due_at"),
        ({"title": "t", "owner": "me"}, "owner"),
        ({"description": "no title"}, "title"),
    ],
)
def test_invalid_create_is_422(
    app: Flask, client: FlaskClient, responder: Actor, incident: dict, body: dict, field: str
) -> None:
    before = row_counts(app)
    response = client.post(_url(incident["id"]), json=body, headers=responder.headers)
    assert response.status_code == 422
    assert field in error_fields(response)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    "body",
    [{}, {"title": None}, {"status": None}, {"description": None}, {"title": ""}],
)
def test_invalid_patch_is_422(
    app: Flask, client: FlaskClient, responder: Actor, incident: dict, body: dict
) -> None:
    task = _create(client, responder, incident["id"])
    before = row_counts(app)
    response = _patch(client, responder, incident["id"], task["id"], **body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
    assert row_counts(app) == before
