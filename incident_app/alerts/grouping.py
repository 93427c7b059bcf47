"""Alert groups and their incidents: the per-group lock, opening an incident from alerts, and
moving it as its alerts fire and resolve.

Every delivery of a group first takes that group's row lock (INSERT ... ON CONFLICT DO NOTHING,
which waits for a concurrent first insert of the same key, then SELECT ... FOR UPDATE), then the
incident's. Concurrent deliveries of one group therefore run one after another and cannot open
two incidents; deliveries of different groups never wait for each other; and as every path takes
the locks in the same order (responders' changes take the incident's alone), none can deadlock.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import lazyload

from incident_app.alerts.derive import (
    incident_description,
    incident_title,
    most_severe,
    service_refs,
)
from incident_app.alerts.schemas import AlertmanagerAlert, Webhook
from incident_app.extensions import db
from incident_app.incidents.lifecycle import ALLOWED, enter_status
from incident_app.incidents.service import record_resolution
from incident_app.models import (
    Alert,
    AlertGroup,
    AlertStatus,
    EventSource,
    ImpactLevel,
    Incident,
    IncidentService,
    Integration,
    Service,
    Severity,
    Status,
    utcnow,
)
from incident_app.timeline.service import record_event


def lock_group(integration: Integration, payload: Webhook) -> AlertGroup:
    """The group's row, created if new, locked until the delivery's transaction ends."""
    key_hash = hashlib.sha256(payload.group_key.encode()).hexdigest()
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(AlertGroup)
        .values(
            id=uuid.uuid4(),
            integration_id=integration.id,
            key_hash=key_hash,
            group_key=payload.group_key,
            labels=payload.group_labels,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["integration_id", "key_hash"])
    )
    return db.session.scalars(
        select(AlertGroup)
        .where(AlertGroup.integration_id == integration.id, AlertGroup.key_hash == key_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def group_incident(group: AlertGroup) -> Incident | None:
    """The group's latest incident (locked), resolved or not; its services load only if new
    alerts need them."""
    if group.incident_id is None:
        return None
    return db.session.get(
        Incident,
        group.incident_id,
        with_for_update=True,
        populate_existing=True,
        options=[lazyload(Incident.service_links)],
    )


def _match_services(alerts: Sequence[AlertmanagerAlert]) -> list[Service]:
    """Catalog services named by the alerts' labels; a `namespace` label must agree with the
    service's namespace unless the catalog leaves it at "default"."""
    refs = service_refs(a.labels for a in alerts)
    if not refs:
        return []
    found = {s.name: s for s in db.session.scalars(select(Service).where(Service.name.in_(refs)))}
    return [
        found[name]
        for name, namespaces in refs.items()
        if name in found and ("" in namespaces or found[name].namespace in namespaces | {"default"})
    ]


def open_incident(
    group: AlertGroup,
    integration: Integration,
    payload: Webhook,
    firing: Sequence[AlertmanagerAlert],
    severity: Severity,
    now: datetime,
) -> Incident:
    """A new incident for the group's first firing alerts, with `incident_created`."""
    title = incident_title(
        payload.common_annotations,
        [a.annotations for a in firing],
        [a.labels for a in firing],
        payload.group_labels,
    )
    description = incident_description(payload.common_annotations, [a.annotations for a in firing])
    services = _match_services(firing)
    incident = Incident(
        id=uuid.uuid4(),
        title=title,
        description=description,
        severity=severity,
        status=Status.open,
        started_at=min(min(a.starts_at for a in firing), now),
        detected_at=now,
        meta={
            "alert_group": {
                "integration": integration.name,
                "receiver": payload.receiver,
                "group_key": payload.group_key,
                "labels": payload.group_labels,
                "external_url": payload.external_url,  # back to the sender's UI
            }
        },
        timeline_locked=False,
        service_links=[
            IncidentService(service=s, impact_level=ImpactLevel.primary, position=i)
            for i, s in enumerate(services)
        ],
    )
    db.session.add(incident)
    record_event(
        incident,
        "incident_created",
        f"Incident created: {title}",
        source=EventSource(integration.kind.value),
        occurred_at=now,
        description=description,
        metadata={
            "severity": severity.value,
            "services": [{"service": s.name, "impact_level": "primary"} for s in services],
            "integration": integration.name,
            "group_key": payload.group_key,
        },
    )
    db.session.flush()  # the alerts and the group refer to it by id only
    group.incident_id = incident.id
    return incident


def widen_incident(
    incident: Incident,
    firing: Sequence[AlertmanagerAlert],
    severity: Severity,
    source: EventSource,
    now: datetime,
) -> None:
    """Alerts joining an open incident may raise its severity (never lower it) and bring
    services it does not list yet (as secondary)."""
    if most_severe([severity, incident.severity]) != incident.severity:
        record_event(
            incident,
            "severity_changed",
            f"Severity {incident.severity} → {severity} (new alerts)",
            source=source,
            occurred_at=now,
            metadata={"from": incident.severity.value, "to": severity.value},
        )
        incident.severity = severity
    linked = {link.service_id for link in incident.service_links}
    added = [s for s in _match_services(firing) if s.id not in linked]
    if not added:
        return
    for service in added:
        incident.service_links.append(
            IncidentService(
                service=service,
                impact_level=ImpactLevel.secondary,
                position=len(incident.service_links),
            )
        )
    record_event(
        incident,
        "services_changed",
        "Affected services changed (new alerts)",
        source=source,
        occurred_at=now,
        metadata={
            "services": [
                {"service": link.service.name, "impact_level": link.impact_level.value}
                for link in incident.service_links
            ]
        },
    )


def settle_status(
    incident: Incident, newly_firing: int, newly_resolved: int, source: EventSource, now: datetime
) -> None:
    """Fire again → back to investigating from mitigated; the last firing alert resolved →
    mitigated (or resolved, per ALERT_ALL_RESOLVED_STATUS)."""
    if incident.status == Status.resolved:
        return
    target: Status | None = None
    if newly_firing and incident.status == Status.mitigated:
        target = Status.investigating
    elif newly_resolved and not _firing_count(incident):
        target = Status(current_app.config["ALERT_ALL_RESOLVED_STATUS"])
    if target is None or target not in ALLOWED[incident.status]:
        return
    previous = incident.status
    metadata: dict[str, Any] = {"from": previous.value, "to": target.value}
    if target != Status.resolved:
        enter_status(incident, target, now)
        reason = "alerts firing again" if target == Status.investigating else "all alerts resolved"
        title = f"Status {previous} → {target} ({reason})"
        record_event(
            incident, "status_changed", title, source=source, occurred_at=now, metadata=metadata
        )
        return
    incident.resolution = incident.resolution or "All alerts resolved."
    enter_status(incident, target, now)
    record_resolution(incident, previous, now, source=source, reason="all alerts resolved")


def _firing_count(incident: Incident) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Alert)
            .where(Alert.incident_id == incident.id, Alert.status == AlertStatus.firing)
        )
        or 0
    )
