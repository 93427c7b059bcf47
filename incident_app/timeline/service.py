"""Recording and reading timeline events; the only writer of `timeline_events`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.models import EventSource, Incident, TimelineEvent, User, utcnow

# Event types only Rootline itself records; users may not forge them through the API.
SYSTEM_EVENT_TYPES = frozenset(
    {
        "incident_created",
        "incident_updated",
        "status_changed",
        "severity_changed",
        "commander_assigned",
        "services_changed",
        "incident_resolved",
        "task_created",
        "task_updated",
        "task_deleted",
        "correlation_analysis_started",
        "root_cause_identified",
        "correlation_degraded",
        "correlation_analysis_completed",
        "metric_spike",
        "log_pattern_detected",
        "trace_errors_detected",
        "pod_restarts_detected",
        "slo_breach",
        "alert_firing",
        "alert_resolved",
    }
)


# Incident metadata keys only Rootline writes (business impact on resolution and SLO breaches,
# the alert group an incident came from, the SLO burn that paged it, the simulated fault behind
# it); users may not set them, on an incident or on a timeline event, so nothing a user wrote
# reads as the system's.
SYSTEM_METADATA_KEYS = frozenset({"business_impact", "alert_group", "slo_burn", "simulation"})


def ensure_unlocked(incident: Incident) -> None:
    if incident.timeline_locked:
        raise ApiError(
            409,
            "timeline_locked",
            "The incident is resolved and its timeline is locked",
            {"incident_id": str(incident.id), "resolved_at": incident.resolved_at},
        )


def record_event(
    incident: Incident,
    event_type: str,
    title: str,
    *,
    source: EventSource = EventSource.system,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    actor: User | None = None,
    occurred_at: datetime | None = None,
) -> TimelineEvent:
    """Add an event to an unlocked timeline; the caller commits with its own changes."""
    ensure_unlocked(incident)
    now = utcnow()
    event = TimelineEvent(
        incident_id=incident.id,
        event_type=event_type,
        source=source,
        title=title[:200],
        description=description,
        meta=metadata or {},
        occurred_at=occurred_at or now,
        created_at=now,
        actor=actor,
    )
    db.session.add(event)
    return event


def timeline_query(incident_id: uuid.UUID) -> Select[TimelineEvent]:
    return (
        select(TimelineEvent)
        .where(TimelineEvent.incident_id == incident_id)
        .order_by(TimelineEvent.occurred_at, TimelineEvent.id)
    )
