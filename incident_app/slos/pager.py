"""A page-tier burn on a service that has no open incident opens one (source `slo_system`) and
queues its correlation analysis: the budget is going fast and nobody is on it yet."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from incident_app.correlation.jobs import add_run, dispatch_after_commit
from incident_app.extensions import db
from incident_app.models import (
    EventSource,
    ImpactLevel,
    Incident,
    IncidentService,
    Severity,
    Slo,
    Status,
)
from incident_app.slos.evaluation import Evaluation, TierState
from incident_app.timeline.service import record_event


def _services_with_open_incidents() -> set[uuid.UUID]:
    stmt = (
        select(IncidentService.service_id)
        .join(Incident, Incident.id == IncidentService.incident_id)
        .where(Incident.status != Status.resolved)
    )
    return set(db.session.scalars(stmt))


def _open(slo: Slo, tier: TierState, now: datetime) -> Incident:
    service = slo.service.name
    title = f"{slo.name} is burning its error budget at {tier.long_burn:.1f}x ({service})"
    description = (
        f"Page tier {tier.tier.label}: burn rate {tier.long_burn:.2f}x over "
        f"{tier.tier.long_window} and {tier.short_burn:.2f}x over {tier.tier.short_window}, "
        f"above {tier.threshold:.2f}x. Opened by the SLO evaluation."
    )
    incident = Incident(
        id=uuid.uuid4(),
        title=title[:200],
        description=description,
        severity=Severity.critical,
        status=Status.open,
        started_at=now,
        detected_at=now,
        meta={"slo_burn": {"slo": slo.name, "tier": tier.tier.label}},
        timeline_locked=False,
        service_links=[
            IncidentService(service=slo.service, impact_level=ImpactLevel.primary, position=0)
        ],
    )
    db.session.add(incident)
    record_event(
        incident,
        "incident_created",
        f"Incident created: {title}",
        source=EventSource.slo_system,
        occurred_at=now,
        description=description,
        metadata={
            "severity": Severity.critical.value,
            "services": [{"service": service, "impact_level": ImpactLevel.primary.value}],
            "slo": slo.name,
            "tier": tier.tier.label,
        },
    )
    return incident


def open_for_page_burns(measured: list[tuple[Slo, Evaluation]], now: datetime) -> list[Incident]:
    """One incident per service whose SLO pages, unless an open incident already covers it."""
    covered = _services_with_open_incidents()
    opened = []
    for slo, evaluation in measured:
        paging = evaluation.page_firing
        if paging and slo.service_id not in covered:
            opened.append(_open(slo, paging[0], now))
            covered.add(slo.service_id)
    # Each incident commits with its queued run (the outbox record), never without it.
    run_ids = [add_run(incident, "slo_burn", None).id for incident in opened]
    db.session.commit()
    for run_id in run_ids:
        dispatch_after_commit(run_id)
    return opened
