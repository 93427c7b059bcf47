"""The incident read cache (incident_app/incidents/cache.py): every write that changes what the
list, one incident or its timeline shows is visible on the very next GET, across processes;
cached bodies equal uncached ones byte for byte; authentication still runs on every request."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg2
import pytest
import redis
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, make_service, patch_incident

from incident_app.extensions import REDIS_EXTENSION, db
from incident_app.incidents.cache import CACHE_EXTENSION, ResponseCache

LIST = "/api/incidents?per_page=50"


def reads(client: FlaskClient, actor: Actor, incident_id: str) -> list[bytes]:
    """The list, the incident and its timeline, as bytes (each must answer 200)."""
    bodies = []
    for path in (LIST, f"/api/incidents/{incident_id}", f"/api/incidents/{incident_id}/timeline"):
        response = client.get(path, headers=actor.headers)
        assert response.status_code == 200, response.get_json()
        bodies.append(response.get_data())
    return bodies


def listed(client: FlaskClient, actor: Actor) -> dict[str, dict[str, Any]]:
    response = client.get(LIST, headers=actor.headers)
    assert response.status_code == 200
    return {item["id"]: item for item in response.get_json()["items"]}


def cache_of(app: Flask) -> ResponseCache:
    cache: ResponseCache = app.extensions[CACHE_EXTENSION]
    return cache


def raw_sql(pg_url: str, sql: str, *params: Any) -> None:
    """A write the app never sees (no session events): only an uncached read shows it."""
    conn = psycopg2.connect(pg_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
    finally:
        conn.close()


@pytest.fixture
def other_app(pg_url: str) -> Iterator[Flask]:
    """A second app on the same database and Redis: another gunicorn worker."""
    other = make_app(pg_url)
    yield other
    with other.app_context():
        db.engine.dispose()


def test_cached_bodies_equal_uncached_ones_and_come_from_the_cache(
    app: Flask, client: FlaskClient, pg_url: str, admin: Actor, viewer: Actor
) -> None:
    make_service(client, admin, "checkout")
    incident = make_incident(client, admin, ["checkout"], metadata={"ticket": "OPS-1"})
    first = reads(client, viewer, incident["id"])
    assert reads(client, viewer, incident["id"]) == first
    assert len(cache_of(app).entries) == 3
    uncached = make_app(pg_url, REDIS_URL="")
    try:
        assert reads(uncached.test_client(), viewer, incident["id"]) == first
        hit, fresh = (c.get(LIST, headers=viewer.headers) for c in (client, uncached.test_client()))
        assert hit.content_type == fresh.content_type == "application/json"
        # Behind the app's back the cache keeps answering: proof the bytes come from it.
        raw_sql(pg_url, "UPDATE incidents SET title = 'changed' WHERE id = %s", incident["id"])
        assert reads(client, viewer, incident["id"]) == first
        assert listed(uncached.test_client(), viewer)[incident["id"]]["title"] == "changed"
    finally:
        with uncached.app_context():
            db.engine.dispose()


def _create(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Callable[..., bool]:
    created = make_incident(client, admin, ["checkout"], title="Second one")
    return lambda items, *_: created["id"] in items


def _patch_fields(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    patch_incident(client, admin, incident["id"], title="Renamed", severity="low")
    return lambda items, one, _: (
        (items[incident["id"]]["title"], one["severity"]) == ("Renamed", "low")
    )


def _status(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    patch_incident(client, admin, incident["id"], status="investigating")
    return lambda items, one, tl: (
        items[incident["id"]]["status"] == one["status"] == "investigating" and tl["total"] > 1
    )


def _links(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    make_service(client, admin, "payments")
    patch_incident(client, admin, incident["id"], services=[{"name": "payments"}])
    return lambda items, one, _: (
        [s["name"] for s in items[incident["id"]]["services"]] == ["payments"]
        and [s["name"] for s in one["services"]] == ["payments"]
    )


def _rename_service(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    service_id = incident["services"][0]["service_id"]
    response = client.patch(
        f"/api/services/{service_id}", json={"name": "till"}, headers=admin.headers
    )
    assert response.status_code == 200, response.get_json()
    return lambda items, one, _: items[incident["id"]]["services"][0]["name"] == "till"


def _commander(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    patch_incident(client, admin, incident["id"], commander_id=str(admin.user_id))
    return lambda items, one, _: (
        items[incident["id"]]["commander"]["username"]
        == one["commander"]["username"]
        == admin.username
    )


def _timeline_note(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    body = {"event_type": "note", "title": "Rolled back the canary"}
    response = client.post(
        f"/api/incidents/{incident['id']}/timeline", json=body, headers=admin.headers
    )
    assert response.status_code == 201, response.get_json()
    return lambda items, one, tl: tl["items"][-1]["title"] == "Rolled back the canary"


def _alerts(client: FlaskClient, admin: Actor, incident: dict[str, Any]) -> Any:
    token = client.post(
        "/api/integrations", json={"name": "am", "kind": "alertmanager"}, headers=admin.headers
    ).get_json()["token"]
    starts = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    alert = {
        "status": "firing",
        "labels": {"alertname": "HighErrorRate", "service": "checkout"},
        "annotations": {"summary": "Alert-opened incident"},
        "startsAt": starts,
        "endsAt": "0001-01-01T00:00:00Z",
    }
    payload = {
        "version": "4",
        "receiver": "rootline",
        "status": "firing",
        "groupKey": '{}:{group="checkout"}',
        "groupLabels": {"group": "checkout"},
        "commonLabels": {},
        "commonAnnotations": {"summary": "Alert-opened incident"},
        "alerts": [alert],
    }
    response = client.post(
        "/api/alerts/alertmanager", json=payload, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_json()
    opened = response.get_json()["incident_id"]
    return lambda items, *_: items[opened]["title"] == "Alert-opened incident"


WRITES = [_create, _patch_fields, _status, _links, _rename_service, _commander, _timeline_note]


@pytest.mark.parametrize("write", [*WRITES, _alerts], ids=lambda w: w.__name__.strip("_"))
@pytest.mark.parametrize("writer_is_other_process", [False, True], ids=["same", "other"])
def test_every_write_is_visible_on_the_next_get(
    app: Flask,
    client: FlaskClient,
    other_app: Flask,
    admin: Actor,
    viewer: Actor,
    write: Callable[..., Any],
    writer_is_other_process: bool,
) -> None:
    make_service(client, admin, "checkout")
    incident = make_incident(client, admin, ["checkout"])
    before = reads(client, viewer, incident["id"])
    assert reads(client, viewer, incident["id"]) == before  # cached now
    writer = other_app.test_client() if writer_is_other_process else client
    check = write(writer, admin, incident)
    items = listed(client, viewer)
    one = client.get(f"/api/incidents/{incident['id']}", headers=viewer.headers).get_json()
    timeline = client.get(
        f"/api/incidents/{incident['id']}/timeline", headers=viewer.headers
    ).get_json()
    assert check(items, one, timeline)


def test_redis_down_means_uncached_but_correct(pg_url: str, app: Flask, admin: Actor) -> None:
    down = make_app(pg_url, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        client = down.test_client()
        incident = make_incident(client, admin, [])
        assert listed(client, admin)[incident["id"]]["title"] == "Checkout latency"
        patch_incident(client, admin, incident["id"], title="Still correct")
        assert listed(client, admin)[incident["id"]]["title"] == "Still correct"
        assert not cache_of(down).entries
    finally:
        with down.app_context():
            db.engine.dispose()


def test_disabled_and_revoked_users_are_refused_a_cached_page(
    client: FlaskClient, admin: Actor, viewer: Actor, responder: Actor
) -> None:
    make_incident(client, admin, [])
    for actor in (viewer, responder):
        assert client.get(LIST, headers=actor.headers).status_code == 200
    disabled = client.patch(
        f"/api/users/{viewer.user_id}", json={"is_active": False}, headers=admin.headers
    )
    assert disabled.status_code == 200
    assert client.get(LIST, headers=viewer.headers).status_code == 401
    assert client.post("/api/auth/logout", headers=responder.headers).status_code == 204
    refused = client.get(LIST, headers=responder.headers)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "token_revoked"
    assert client.get(LIST, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get(LIST).status_code == 401
    assert client.get(f"/api/incidents/{uuid.uuid4()}", headers=admin.headers).status_code == 404


def test_a_replica_that_lost_redis_serves_nothing_cached_and_its_bump_lands_later(
    app: Flask, client: FlaskClient, other_app: Flask, admin: Actor, viewer: Actor
) -> None:
    """Issue 15 item 16: a write through a replica cut off from Redis cannot bump the shared
    generation; that replica caches nothing (and says so in /health) until its bump reaches
    Redis, and then no other replica goes on serving the old page."""
    incident = make_incident(client, admin, [])
    lost = other_app.test_client()
    assert listed(client, viewer)[incident["id"]]["title"] == "Checkout latency"  # cached here
    assert listed(lost, viewer)[incident["id"]]["title"] == "Checkout latency"  # and there
    reachable = other_app.extensions[REDIS_EXTENSION]
    other_app.extensions[REDIS_EXTENSION] = redis.Redis.from_url(
        "redis://127.0.0.1:1/0", socket_connect_timeout=0.2
    )
    patch_incident(lost, admin, incident["id"], title="Written while cut off")
    assert cache_of(other_app).bump_pending
    assert listed(lost, viewer)[incident["id"]]["title"] == "Written while cut off"
    assert not cache_of(other_app).entries
    assert lost.get("/health").get_json()["checks"]["response_cache"] == {"status": "down"}

    other_app.extensions[REDIS_EXTENSION] = reachable  # the partition heals
    cache_of(other_app).redis_down_until = 0.0  # skip the back-off
    assert lost.get("/health").get_json()["checks"]["response_cache"] == {"status": "up"}
    assert not cache_of(other_app).bump_pending
    assert listed(client, viewer)[incident["id"]]["title"] == "Written while cut off"
