"""Incident endpoints under /api/incidents."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.correlation.jobs import add_run, dispatch_after_commit
from incident_app.extensions import db
from incident_app.incidents import service
from incident_app.incidents.reads import read_incident
from incident_app.incidents.schemas import IncidentCreate, IncidentOut, IncidentPatch, IncidentQuery
from incident_app.models import Role

bp = Blueprint("incidents", __name__, url_prefix="/api/incidents")
TAG = "incidents"


@bp.post("")
@operation(
    "Open an incident on one or more services",
    role=Role.responder,
    tag=TAG,
    body=IncidentCreate,
    response=IncidentOut,
    status=201,
)
def create_incident(body: IncidentCreate) -> Any:
    """The incident and its queued analysis run (the outbox record) commit together. The
    response is built from the flushed objects before the commit expires them: everything it
    shows is in memory, so re-reading it would only cost queries."""
    incident = service.add_incident(body, current_user)
    run_id = add_run(incident, "incident_created", current_user).id
    db.session.flush()
    out = IncidentOut.model_validate(incident, from_attributes=True)
    db.session.commit()
    dispatch_after_commit(run_id)
    return out


@bp.get("")
@operation(
    "List incidents with filters, sorting and pagination",
    role=Role.viewer,
    tag=TAG,
    query=IncidentQuery,
    response=Page[IncidentOut],
    cached=True,
)
def list_incidents(query: IncidentQuery) -> Any:
    return service.list_incidents(query)


@bp.get("/<uuid:incident_id>")
@operation(
    "Get an incident with its services",
    role=Role.viewer,
    tag=TAG,
    response=IncidentOut,
    cached=True,
)
def get_incident(incident_id: uuid.UUID) -> Any:
    return read_incident(incident_id)


@bp.patch("/<uuid:incident_id>")
@operation(
    "Change an incident: details, severity, commander, services or status",
    tag=TAG,
    role=Role.responder,
    body=IncidentPatch,
    response=IncidentOut,
    description="Status moves open → investigating → mitigated → resolved (forward skips "
    "allowed; mitigated may return to investigating). Resolving needs "
    "root_cause and resolution, sets resolved_at, MTTA/MTTR and locks the "
    "timeline.",
    extra_responses={409: "Invalid transition or the incident is resolved"},
)
def patch_incident(incident_id: uuid.UUID, body: IncidentPatch) -> Any:
    return service.update_incident(incident_id, body, current_user)
