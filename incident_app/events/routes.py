"""`GET /api/events/stream`: incident changes as Server-Sent Events, for the board and detail.

Each stream lasts EVENT_STREAM_SECONDS and then ends; the browser's EventSource reconnects on its
own (after `retry`) and sends `Last-Event-ID`, so nothing is missed, and the token is checked
again on every reconnect (an expired, revoked or demoted user is cut off within one period). An
open stream holds one server thread, so each process serves at most EVENT_STREAM_MAX_CLIENTS at
once and answers 503 `stream_busy` beyond that, and at most EVENT_STREAM_MAX_PER_USER for one
user, answering 429 `too_many_streams` beyond that (the UI polls instead either way).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, request, stream_with_context
from flask.blueprints import BlueprintSetupState
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.errors import ApiError, field_error
from incident_app.events.feed import ChangeFeed
from incident_app.events.schemas import IncidentChange, StreamQuery
from incident_app.events.slots import StreamSlots
from incident_app.extensions import db
from incident_app.models import Role

bp = Blueprint("events", __name__, url_prefix="/api/events")
TAG = "events"
SLOTS = "rootline.event_streams"
RETRY_MS = 1000
HEARTBEAT_SECONDS = 15.0
MAX_ID_DIGITS = 18  # always fits the bigint timeline event ids


@bp.record_once
def _init_slots(state: BlueprintSetupState) -> None:
    config = state.app.config
    state.app.extensions[SLOTS] = StreamSlots(
        config["EVENT_STREAM_MAX_CLIENTS"], config["EVENT_STREAM_MAX_PER_USER"]
    )


def _last_event_id() -> int | None:
    """The event id to resume after (None when absent); anything but ASCII digits that fit a
    bigint is a 400, never a 500 from int()."""
    raw = request.headers.get("Last-Event-ID", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS):
        raise field_error(
            "Last-Event-ID", "must be an event id sent by this stream (digits only)", 400
        )
    return int(raw)


def _message(event: str, event_id: int, data: str) -> str:
    return f"event: {event}\nid: {event_id}\ndata: {data}\n\n"


def _messages(feed: ChangeFeed, seconds: float, poll_seconds: float) -> Iterator[str]:
    yield f"retry: {RETRY_MS}\n" + _message("ready", feed.mark, "{}")
    deadline = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        changes = [
            IncidentChange.model_validate(change, from_attributes=True).model_dump_json()
            for change in feed.poll()
        ]
        db.session.rollback()  # end the read transaction: no connection is held between polls
        for data in changes:
            yield _message("incident", feed.mark, data)
        if changes:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= HEARTBEAT_SECONDS:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
        time.sleep(max(0.0, min(poll_seconds, deadline - time.monotonic())))


@bp.get("/stream")
@operation(
    "Live incident changes (Server-Sent Events)",
    role=Role.viewer,
    tag=TAG,
    query=StreamQuery,
    response=IncidentChange,
    event_stream=True,
    description="A text/event-stream: first `event: ready`, then one `event: incident` per "
    "incident whose timeline grew, its data an IncidentChange; `: keep-alive` comments while "
    "quiet. Send the token as Authorization: Bearer, or (EventSource cannot send headers) as "
    "?access_token=. The stream ends after EVENT_STREAM_SECONDS; reconnect with the last "
    "`id` as Last-Event-ID (EventSource does both by itself) to resume without gaps.",
    extra_responses={
        400: "Last-Event-ID is not an event id",
        429: "This user already has their most streams open here (too_many_streams)",
        503: "This process already serves its most streams (stream_busy)",
    },
)
def stream(query: StreamQuery) -> Response:
    resume_after = _last_event_id()
    slots: StreamSlots = current_app.extensions[SLOTS]
    user_id = current_user.id
    refused = slots.acquire(user_id)
    if refused == "user":
        raise ApiError(
            429,
            "too_many_streams",
            "You have too many open event streams; close one, or poll instead",
            {"max_per_user": slots.per_user},
        )
    if refused == "process":
        raise ApiError(
            503,
            "stream_busy",
            "Too many open event streams; poll instead, or retry later",
            {"max_clients": slots.total},
        )
    try:
        feed = ChangeFeed.starting_at(resume_after)
        db.session.rollback()
        config: dict[str, Any] = current_app.config
        response = Response(
            stream_with_context(
                _messages(feed, config["EVENT_STREAM_SECONDS"], config["EVENT_STREAM_POLL_SECONDS"])
            ),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    except BaseException:
        slots.release(user_id)
        raise
    response.call_on_close(lambda: slots.release(user_id))
    return response
