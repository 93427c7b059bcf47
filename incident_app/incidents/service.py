"""Incident use cases: create, read, list, and change (each change on the timeline)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, select

from incident_app.catalog.lookup import resolve_services
from incident_app.errors import ApiError, not_found
from incident_app.extensions import db
from incident_app.incidents.lifecycle import check_transition, enter_status, format_duration
from incident_app.incidents.reads import count_incidents, incident_rows, shape
from incident_app.incidents.schemas import IncidentCreate, IncidentPatch, IncidentQuery
from incident_app.models import (
    EventSource,
    Incident,
    IncidentService,
    Service,
    Severity,
    Status,
    User,
    utcnow,
)
from incident_app.slos.impact import impact_on_resolution
from incident_app.timeline.service import record_event
from incident_app.users.lookup import active_user

# Severity ranks critical > high > medium > low, so "-severity" lists the most severe first
# (like "-started_at" lists the newest first).
SEVERITY_RANK = case(
    {s.value: rank for rank, s in enumerate(reversed(Severity))}, value=Incident.severity
)
STATUS_RANK = case({s.value: i for i, s in enumerate(Status)}, value=Incident.status)
SORT_COLUMNS: dict[str, Any] = {
    "started_at": Incident.started_at,
    "severity": SEVERITY_RANK,
    "status": STATUS_RANK,
    "updated_at": Incident.updated_at,
}


def get_incident(incident_id: uuid.UUID, *, lock: bool = False) -> Incident:
    """The incident or a 404; `lock` takes a row lock so concurrent changes serialize."""
    incident = db.session.get(Incident, incident_id, with_for_update=lock or None)
    if incident is None:
        raise not_found("incident", incident_id)
    return incident


def _link(incident: Incident, data_refs: list[Any], field: str) -> list[dict[str, str]]:
    services = resolve_services(data_refs, field)
    incident.service_links = [
        IncidentService(service=service, impact_level=ref.impact_level, position=i)
        for i, (service, ref) in enumerate(zip(services, data_refs, strict=True))
    ]
    return [
        {"service": s.name, "impact_level": ref.impact_level.value}
        for s, ref in zip(services, data_refs, strict=True)
    ]


def create_incident(data: IncidentCreate, actor: User) -> Incident:
    """Write the incident, its service links and `incident_created` in one transaction."""
    incident = add_incident(data, actor)
    db.session.commit()
    return incident


def add_incident(data: IncidentCreate, actor: User) -> Incident:
    """Add the incident, its service links and `incident_created` to the session; the caller
    adds what must commit with them (its analysis run) and commits."""
    now = utcnow()
    incident = Incident(
        id=uuid.uuid4(),
        title=data.title,
        description=data.description,
        severity=data.severity,
        status=Status.open,
        # In UTC, as the database returns it: the create response is built from this object;
        # a start within the allowed clock skew ahead is now.
        started_at=min(data.started_at.astimezone(UTC), now) if data.started_at else now,
        detected_at=now,
        commander=active_user(data.commander_id, "commander_id"),
        created_by=actor,
        meta=data.metadata,
        timeline_locked=False,
    )
    links = _link(incident, data.services, "services")
    db.session.add(incident)
    record_event(
        incident,
        "incident_created",
        f"Incident created: {data.title}",
        source=EventSource.user,
        actor=actor,
        occurred_at=now,
        description=data.description,
        metadata={"severity": data.severity.value, "services": links},
    )
    return incident


def list_incidents(query: IncidentQuery) -> dict[str, Any]:
    """One page of IncidentOut dicts with the exact total (see reads.py for why plain rows)."""
    where: list[ColumnElement[bool]] = []
    if query.status:
        where.append(Incident.status.in_([Status(s) for s in query.status.split(",")]))
    if query.severity:
        where.append(Incident.severity.in_([Severity(s) for s in query.severity.split(",")]))
    if query.since is not None:
        where.append(Incident.started_at >= query.since)
    if query.until is not None:
        where.append(Incident.started_at < query.until)
    if query.service:
        try:
            service_match = Service.id == uuid.UUID(query.service)
        except ValueError:
            service_match = Service.name == query.service
        where.append(
            Incident.id.in_(select(IncidentService.incident_id).join(Service).where(service_match))
        )
    column = SORT_COLUMNS[query.sort.lstrip("-")]
    order = column.desc() if query.sort.startswith("-") else column.asc()
    page = (
        incident_rows(*where)
        .order_by(order, Incident.id)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    return {
        "items": shape(list(db.session.execute(page))),
        "total": count_incidents(*where),
        "page": query.page,
        "per_page": query.per_page,
    }


def update_incident(incident_id: uuid.UUID, patch: IncidentPatch, actor: User) -> Incident:
    """Apply a validated patch; each kind of change leaves its own timeline event."""
    incident = get_incident(incident_id, lock=True)
    if incident.status == Status.resolved:
        raise ApiError(409, "incident_resolved", "A resolved incident can no longer change")
    now = utcnow()
    fields = patch.model_fields_set

    def event(event_type: str, title: str, **metadata: Any) -> None:
        record_event(
            incident,
            event_type,
            title,
            source=EventSource.user,
            actor=actor,
            occurred_at=now,
            metadata=metadata,
        )

    edited = {}
    for name in ("title", "description", "root_cause", "resolution"):
        value = getattr(patch, name)
        if name in fields and value != getattr(incident, name):
            setattr(incident, name, value)
            edited[name] = value
    if edited:
        event("incident_updated", "Incident details updated", changes=edited)
    if patch.severity is not None and patch.severity != incident.severity:
        event(
            "severity_changed",
            f"Severity {incident.severity} → {patch.severity}",
            **{"from": incident.severity.value, "to": patch.severity.value},
        )
        incident.severity = patch.severity
    if "commander_id" in fields and patch.commander_id != incident.commander_id:
        incident.commander = active_user(patch.commander_id, "commander_id")
        name = incident.commander.username if incident.commander else "nobody"
        event(
            "commander_assigned",
            f"Incident commander: {name}",
            commander_id=str(patch.commander_id) if patch.commander_id else None,
        )
    if patch.services is not None:
        event(
            "services_changed",
            "Affected services changed",
            services=_link(incident, patch.services, "services"),
        )
    if patch.status is not None and patch.status != incident.status:
        _change_status(incident, patch.status, now, event, actor)
    db.session.commit()
    return incident


def _change_status(
    incident: Incident, target: Status, now: datetime, event: Any, actor: User
) -> None:
    check_transition(incident.status, target)
    if target == Status.resolved:
        missing = [f for f in ("root_cause", "resolution") if not getattr(incident, f)]
        if missing:
            raise ApiError(
                422,
                "validation_error",
                "Resolving needs a root cause and a resolution",
                [{"field": f, "message": "required to resolve"} for f in missing],
            )
    previous = incident.status
    enter_status(incident, target, now)
    if target != Status.resolved:
        event(
            "status_changed",
            f"Status {previous} → {target}",
            **{"from": previous.value, "to": target.value},
        )
        return
    record_resolution(incident, previous, now, source=EventSource.user, actor=actor)


def record_resolution(
    incident: Incident,
    previous: Status,
    now: datetime,
    *,
    source: EventSource,
    actor: User | None = None,
    reason: str = "",
) -> None:
    """After `enter_status(resolved)`: write `incident_resolved` (MTTR, MTTA, root cause,
    resolution, services recovered) as the timeline's last event, then lock it."""
    assert incident.mttr_seconds is not None
    recovery = impact_on_resolution(incident, now)  # services recovered, for SLO'd services
    suffix = f" ({reason})" if reason else ""
    record_event(
        incident,
        "incident_resolved",
        f"Incident resolved after {format_duration(incident.mttr_seconds)}{suffix}",
        source=source,
        actor=actor,
        occurred_at=now,
        metadata={
            "from": previous.value,
            "mttr_seconds": incident.mttr_seconds,
            "mtta_seconds": incident.mtta_seconds,
            "root_cause": incident.root_cause,
            "resolution": incident.resolution,
            **recovery,
        },
    )
    incident.timeline_locked = True
