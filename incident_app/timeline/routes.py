"""Timeline endpoints under /api/incidents/{id}/timeline."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.errors import field_error, not_found
from incident_app.extensions import db
from incident_app.incidents.service import get_incident
from incident_app.models import EventSource, Incident, Role, utcnow
from incident_app.pagination import paginate
from incident_app.timeline.schemas import TimelineEventIn, TimelineEventOut, TimelineQuery
from incident_app.timeline.service import record_event, timeline_query

bp = Blueprint("timeline", __name__, url_prefix="/api/incidents/<uuid:incident_id>/timeline")
TAG = "timeline"


@bp.get("")
@operation(
    "The incident's timeline, oldest first",
    role=Role.viewer,
    tag=TAG,
    query=TimelineQuery,
    response=Page[TimelineEventOut],
    cached=True,
)
def list_events(incident_id: uuid.UUID, query: TimelineQuery) -> Any:
    page = paginate(timeline_query(incident_id), query)
    # Every incident has `incident_created`, so only an empty count needs the 404 check.
    if page["total"] == 0 and db.session.get(Incident, incident_id) is None:
        raise not_found("incident", incident_id)
    return page


@bp.post("")
@operation(
    "Add a note or event to the timeline",
    role=Role.responder,
    tag=TAG,
    body=TimelineEventIn,
    response=TimelineEventOut,
    status=201,
    extra_responses={409: "The incident is resolved; its timeline is locked"},
)
def add_event(incident_id: uuid.UUID, body: TimelineEventIn) -> Any:
    incident = get_incident(incident_id, lock=True)
    if body.occurred_at is not None and body.occurred_at > utcnow():
        raise field_error("occurred_at", "must not be in the future")
    event = record_event(
        incident,
        body.event_type,
        body.title,
        source=EventSource.user,  # whatever the body says: users cannot speak for the system
        description=body.description,
        metadata=body.metadata,
        actor=current_user,
        occurred_at=body.occurred_at,
    )
    db.session.commit()
    return event
