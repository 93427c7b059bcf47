"""Alert use cases: take in one webhook delivery idempotently, and list alerts.

An alert is identified by its fingerprint within its incident. Each alert's own status counts
(never the group's), alerts a delivery leaves out are never touched (a truncated or partial
group resolves nothing), and a delivery that repeats what is stored writes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import Select, false, or_, select

from incident_app.alerts.derive import most_severe, severity_for
from incident_app.alerts.fingerprint import fingerprint
from incident_app.alerts.grouping import (
    group_incident,
    lock_group,
    open_incident,
    settle_status,
    widen_incident,
)
from incident_app.alerts.schemas import (
    AlertmanagerAlert,
    AlertQuery,
    DeliveryResult,
    IncidentAlertQuery,
    Webhook,
)
from incident_app.correlation.jobs import enqueue_analysis
from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.incidents.service import get_incident
from incident_app.models import (
    Alert,
    AlertGroup,
    AlertStatus,
    EventSource,
    Incident,
    Integration,
    Status,
    utcnow,
)
from incident_app.pagination import paginate
from incident_app.timeline.service import record_event

SORT_COLUMNS = {"starts_at": Alert.starts_at, "updated_at": Alert.updated_at}


def ingest(integration: Integration, payload: Webhook) -> DeliveryResult:
    """Apply one delivery in one transaction under the group's lock (see grouping.py)."""
    limit = current_app.config["ALERT_MAX_PER_DELIVERY"]
    alerts = payload.alerts
    if len(alerts) > limit:
        raise ApiError(
            413,
            "payload_too_large",
            f"A delivery may carry at most {limit} alerts; lower max_alerts in the sender's "
            "webhook configuration",
            {"alerts": len(alerts), "limit": limit},
        )
    now = utcnow()
    source = EventSource(integration.kind.value)
    incoming = {a.fingerprint or fingerprint(a.labels): a for a in alerts}
    group = lock_group(integration, payload)
    current = group_incident(group)
    active = current if current is not None and current.status != Status.resolved else None
    rows = _known_rows(group, current, list(incoming))
    here = {r.fingerprint: r for r in rows if active is not None and r.incident_id == active.id}

    firing = {fp: a for fp, a in incoming.items() if a.status == AlertStatus.firing}
    starting = [
        a for fp, a in firing.items() if fp not in here or here[fp].status == AlertStatus.resolved
    ]
    created = False
    if starting:
        severity = most_severe(severity_for(a.labels) for a in starting)
        if active is None:
            active = open_incident(group, integration, payload, starting, severity, now)
            created = True
        else:
            widen_incident(active, starting, severity, source, now)
    for fp, alert in firing.items():
        assert active is not None
        row = here.get(fp)
        if row is None:
            row = _new_row(active, integration, group, fp, alert)
            db.session.add(row)
        elif row.status == AlertStatus.firing:
            _refresh(row, alert)
            continue
        else:
            _refresh(row, alert)
            row.status, row.ends_at = AlertStatus.firing, None
        _event(active, "alert_firing", row, source, min(alert.starts_at, now))

    incident = active or current
    resolved, resolved_here, ignored = _resolve(incoming, rows, incident, source, now)
    if incident is not None:
        settle_status(incident, len(starting), resolved_here, source, now)
    incident_id = incident.id if incident is not None else None
    if created and incident is not None:
        enqueue_analysis(incident, "alerts", None)  # commits the delivery with its queued run
    else:
        db.session.commit()
    return DeliveryResult(
        incident_id=incident_id,
        incident_created=created,
        received=len(incoming),
        firing=len(starting),
        resolved=resolved,
        unchanged=len(incoming) - len(starting) - resolved - ignored,
        ignored=ignored,
        truncated_alerts=payload.truncated_alerts,
    )


def _resolve(
    incoming: dict[str, AlertmanagerAlert],
    rows: list[Alert],
    incident: Incident | None,
    source: EventSource,
    now: datetime,
) -> tuple[int, int, int]:
    """Resolve the stored alerts the delivery reports resolved, wherever they still fire;
    only `incident`'s get timeline events. Returns (resolved, of them in incident, ignored)."""
    resolved = resolved_here = ignored = 0
    for fp, alert in incoming.items():
        if alert.status != AlertStatus.resolved:
            continue
        targets = [r for r in rows if r.fingerprint == fp and r.status == AlertStatus.firing]
        if not targets:
            ignored += not any(r.fingerprint == fp for r in rows)
            continue
        resolved += 1
        ends_at = alert.ends_at or now
        for row in targets:
            row.status, row.ends_at = AlertStatus.resolved, ends_at
            if incident is not None and row.incident_id == incident.id:
                resolved_here += 1
                if not incident.timeline_locked:
                    _event(incident, "alert_resolved", row, source, min(ends_at, now))
    return resolved, resolved_here, ignored


def _known_rows(
    group: AlertGroup, current: Incident | None, fingerprints: list[str]
) -> list[Alert]:
    """This delivery's alerts as stored: in the group's latest incident (any status), plus any
    still firing in its earlier incidents (a resolve must reach those too)."""
    in_current = Alert.incident_id == current.id if current is not None else false()
    return list(
        db.session.scalars(
            select(Alert).where(
                Alert.group_id == group.id,
                Alert.fingerprint.in_(fingerprints),
                or_(in_current, Alert.status == AlertStatus.firing),
            )
        )
    )


def _new_row(
    incident: Incident,
    integration: Integration,
    group: AlertGroup,
    fp: str,
    alert: AlertmanagerAlert,
) -> Alert:
    row = Alert(
        id=uuid.uuid4(),
        incident_id=incident.id,
        integration_id=integration.id,
        group_id=group.id,
        source=integration.kind,
        fingerprint=fp,
        status=AlertStatus.firing,
    )
    _refresh(row, alert)
    return row


def _refresh(row: Alert, alert: AlertmanagerAlert) -> None:
    """Copy what the sender may update while an alert fires (only changed values are set, so
    a repeated delivery leaves the row untouched)."""
    values: dict[str, Any] = {
        "name": alert.labels.get("alertname", "")[:200],
        "severity": severity_for(alert.labels),
        "labels": alert.labels,
        "annotations": alert.annotations,
        "details": alert.details(),
        "starts_at": alert.starts_at,
        "generator_url": alert.generator_url,
    }
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)


def _event(
    incident: Incident, event_type: str, row: Alert, source: EventSource, when: datetime
) -> None:
    verb = "firing" if event_type == "alert_firing" else "resolved"
    annotations = row.annotations
    record_event(
        incident,
        event_type,
        f"Alert {verb}: {row.name or row.fingerprint}",
        source=source,
        occurred_at=when,
        description=annotations.get("summary") or annotations.get("description", ""),
        metadata={
            "alert_id": str(row.id),
            "fingerprint": row.fingerprint,
            "labels": row.labels,
            "starts_at": row.starts_at.isoformat(),
            "ends_at": row.ends_at.isoformat() if row.ends_at else None,
            "generator_url": row.generator_url,
        },
    )


def list_alerts(query: AlertQuery) -> dict[str, Any]:
    stmt: Select[Any] = select(Alert)
    for name in ("status", "severity", "source", "integration_id", "incident_id", "fingerprint"):
        value = getattr(query, name)
        if value is not None:
            stmt = stmt.where(getattr(Alert, name) == value)
    if query.name is not None:
        stmt = stmt.where(Alert.name == query.name)
    if query.label is not None:
        key, _, value = query.label.partition("=")
        stmt = stmt.where(Alert.labels[key].as_string() == value)
    if query.since is not None:
        stmt = stmt.where(Alert.starts_at >= query.since)
    if query.until is not None:
        stmt = stmt.where(Alert.starts_at < query.until)
    column = SORT_COLUMNS[query.sort.lstrip("-")]
    order = column.desc() if query.sort.startswith("-") else column.asc()
    return paginate(stmt.order_by(order, Alert.id), query)


def incident_alerts(incident_id: uuid.UUID, query: IncidentAlertQuery) -> dict[str, Any]:
    """The incident's alerts, firing first, then by when they started."""
    incident = get_incident(incident_id)
    stmt = select(Alert).where(Alert.incident_id == incident.id)
    if query.status is not None:
        stmt = stmt.where(Alert.status == query.status)
    firing_first = Alert.status != AlertStatus.firing
    return paginate(stmt.order_by(firing_first, Alert.starts_at, Alert.id), query)
