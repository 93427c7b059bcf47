"""The live event stream: auth through @operation (token in the query for EventSource), live
incident changes, resumption with Last-Event-ID, the per-process cap, and the feed's ordering."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg2
import pytest
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, patch_incident
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from incident_app.events.feed import SETTLE, ChangeFeed
from incident_app.extensions import db
from incident_app.models import Incident, TimelineEvent, utcnow

STREAM = "/api/events/stream"


@dataclass
class Message:
    event: str
    id: int
    data: Any


@pytest.fixture
def live(pg_url: str, app: Flask) -> Flask:
    """An app whose streams poll every 50 ms, last 3 s, and are capped at one per process."""
    return make_app(
        pg_url, EVENT_STREAM_POLL_SECONDS=0.05, EVENT_STREAM_SECONDS=3, EVENT_STREAM_MAX_CLIENTS=1
    )


def messages(response: TestResponse) -> Iterator[Message | None]:
    """Parsed messages as they are streamed; None for comments and `retry`."""
    for chunk in response.response:
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        fields = dict(
            line.split(": ", 1) for line in text.strip().splitlines() if not line.startswith(":")
        )
        if "event" in fields:
            yield Message(fields["event"], int(fields["id"]), json.loads(fields["data"]))
        else:
            yield None


def next_message(stream: Iterator[Message | None], event: str) -> Message:
    for message in stream:
        if message is not None and message.event == event:
            return message
    raise AssertionError(f"the stream ended without an {event!r} message")


def open_stream(client: FlaskClient, actor: Actor, **headers: str) -> TestResponse:
    return client.get(
        f"{STREAM}?access_token={actor.access_token}", headers=headers, buffered=False
    )


def idle_in_transaction(database_url: str) -> int:
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        )
        row = cur.fetchone()
    conn.close()
    return int(row[0]) if row else 0


def test_incident_changes_arrive_live(
    pg_url: str, live: Flask, viewer: Actor, responder: Actor
) -> None:
    writer = live.test_client()
    with open_stream(live.test_client(), viewer) as response:
        assert response.status_code == 200
        assert response.mimetype == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-cache"
        stream = messages(response)
        ready = next_message(stream, "ready")

        created = make_incident(writer, responder, title="Checkout down", severity="critical")
        change = next_message(stream, "incident")
        assert change.data["incident"]["id"] == created["id"]
        assert change.data["incident"]["title"] == "Checkout down"
        assert [e["event_type"] for e in change.data["events"]] == ["incident_created"]
        assert change.id >= ready.id

        patch_incident(writer, responder, created["id"], status="investigating")
        change = next_message(stream, "incident")
        assert change.data["incident"]["status"] == "investigating"
        assert [e["event_type"] for e in change.data["events"]] == ["status_changed"]
        assert idle_in_transaction(pg_url) == 0  # the stream holds no transaction between polls


def test_the_stream_ends_and_tells_the_browser_when_to_reconnect(
    pg_url: str, app: Flask, viewer: Actor
) -> None:
    short = make_app(pg_url, EVENT_STREAM_SECONDS=0.2, EVENT_STREAM_POLL_SECONDS=0.05)
    started = time.monotonic()
    with open_stream(short.test_client(), viewer) as response:
        body = b"".join(response.response).decode()
    assert time.monotonic() - started < 2
    assert body.startswith("retry: 1000\nevent: ready\n")


def test_last_event_id_resumes_without_gaps(
    live: Flask, client: FlaskClient, viewer: Actor, responder: Actor
) -> None:
    before = make_incident(client, responder, title="Before the stream")
    with open_stream(live.test_client(), viewer) as response:
        stream = messages(response)
        ready = next_message(stream, "ready")
    missed = make_incident(client, responder, title="While disconnected")
    with open_stream(live.test_client(), viewer, **{"Last-Event-ID": str(ready.id)}) as response:
        stream = messages(response)
        assert next_message(stream, "ready").id == ready.id
        change = next_message(stream, "incident")
    assert change.data["incident"]["id"] == missed["id"] != before["id"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "unauthorized"),
        ("?access_token=", "unauthorized"),
        ("?access_token=x.y", "invalid_token"),
    ],
)
def test_the_stream_needs_a_valid_token(live: Flask, query: str, code: str) -> None:
    response = live.test_client().get(STREAM + query)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == code


def test_header_tokens_work_and_revoked_tokens_are_refused(live: Flask, viewer: Actor) -> None:
    client = live.test_client()
    with client.get(STREAM, headers=viewer.headers, buffered=False) as response:
        assert response.status_code == 200
    assert client.post("/api/auth/logout", headers=viewer.headers).status_code == 204
    refused = open_stream(client, viewer)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "token_revoked"


def test_only_the_stream_reads_tokens_from_the_query(client: FlaskClient, viewer: Actor) -> None:
    response = client.get(f"/api/incidents?access_token={viewer.access_token}")
    assert response.status_code == 401


def test_each_process_serves_at_most_its_share_of_streams(live: Flask, viewer: Actor) -> None:
    first = open_stream(live.test_client(), viewer)
    assert first.status_code == 200
    busy = open_stream(live.test_client(), viewer)
    assert busy.status_code == 503
    assert busy.get_json()["error"]["code"] == "stream_busy"
    first.close()  # the server closing the response frees the slot
    with open_stream(live.test_client(), viewer) as again:
        assert again.status_code == 200


def test_the_feed_sends_late_commits_once(
    app: Flask, client: FlaskClient, responder: Actor
) -> None:
    incident_id = make_incident(client, responder)["id"]
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident is not None
        top = db.session.scalar(select(func.max(TimelineEvent.id))) or 0
        feed = ChangeFeed.starting_at(None)
        assert feed.mark == top

        def add(event_id: int, age: timedelta = timedelta(0)) -> None:
            at = utcnow() - age
            db.session.add(
                TimelineEvent(
                    id=event_id,
                    incident_id=incident.id,
                    event_type="note",
                    source="user",
                    title=f"note {event_id}",
                    occurred_at=at,
                    created_at=at,
                )
            )
            db.session.commit()

        def polled() -> list[int]:
            return [e.id for change in feed.poll() for e in change.events]

        add(top + 5)
        assert polled() == [top + 5]
        add(top + 2)  # a lower id committed later: still delivered, and only once
        assert polled() == [top + 2]
        assert polled() == []
        assert feed.mark == top
        add(top + 1, age=SETTLE * 2)  # old enough: the mark moves past it, not past the rest
        assert polled() == [top + 1]
        assert feed.mark == top + 1
        assert feed.sent == {top + 2, top + 5}


def test_openapi_describes_the_stream(client: FlaskClient) -> None:
    doc = client.get("/api/openapi.json").get_json()
    entry = doc["paths"]["/api/events/stream"]["get"]
    assert entry["x-required-role"] == "viewer"
    content = entry["responses"]["200"]["content"]
    event = content["text/event-stream"]["schema"]  # one event; its data is JSON text
    assert list(content) == ["text/event-stream"] and event["required"] == ["data"]
    data = event["properties"]["data"]["contentSchema"]["anyOf"]
    assert data == [
        {"$ref": "#/components/schemas/IncidentChange"},
        {"type": "object", "maxProperties": 0},
    ]
    assert [p["name"] for p in entry["parameters"]] == ["access_token"]
    assert entry["responses"]["503"]["description"].endswith("(stream_busy)")
