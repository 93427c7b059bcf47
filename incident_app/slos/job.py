"""The periodic evaluation (`flask slo evaluate --every 60`): every SLO measured and written to
`slo_history`, page-tier burns paged, and the business impact of open incidents refreshed.

Several evaluators may run (one per replica, say): with Redis, a lock lets one of them work
per cycle, so history rows and incidents are never written twice.

A cycle asks Prometheus two queries per SLO (its windows) and, per SLO with open incidents,
one more for every WINDOWS_PER_QUERY of them (the bad events since each started, each incident
a window of the same query): the SLO's evaluation at `now` serves all its incidents."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import select

from incident_app.correlation.sources._common import HttpApi, SourceError
from incident_app.extensions import db, get_redis
from incident_app.models import Incident, IncidentService, Slo, SloHistory, Status, utcnow
from incident_app.slos.evaluation import Evaluation
from incident_app.slos.impact import Measured, update_impact
from incident_app.slos.measure import measure
from incident_app.slos.pager import open_for_page_burns
from incident_app.slos.prometheus import QueryRejected, batched, duration, require_api
from incident_app.slos.queries import queries_of

log = logging.getLogger("rootline.slos")
LOCK_KEY = "rootline:slo:evaluate"
LOCK_SECONDS = 600  # a crashed evaluator's lock expires after this


@contextmanager
def evaluator_lock() -> Iterator[bool]:
    """True when this process may evaluate now (always, without Redis)."""
    client = get_redis()
    if client is None:
        yield True
        return
    lock = client.lock(LOCK_KEY, timeout=LOCK_SECONDS)
    acquired = bool(lock.acquire(blocking=False))
    try:
        yield acquired
    finally:
        if acquired:
            try:
                lock.release()
            except RedisError:
                log.warning("the SLO evaluation lock expired before the cycle ended")


def record_history(slo: Slo, ev: Evaluation) -> None:
    db.session.add(
        SloHistory(
            slo_id=slo.id,
            evaluated_at=ev.at,
            status=ev.status,
            sli_percent=ev.sli_percent,
            total_events=ev.total,
            bad_events=ev.bad,
            budget_remaining_percent=ev.budget_remaining_percent,
            burn_rates={
                b.window: None if b.burn_rate is None else float(b.burn_rate) for b in ev.burns
            },
            firing_tiers=ev.firing_tiers,
        )
    )
    slo.status, slo.evaluated_at = ev.status, ev.at
    slo.sli_percent, slo.budget_remaining_percent = ev.sli_percent, ev.budget_remaining_percent


def _open_incidents_with_slos() -> list[tuple[uuid.UUID, datetime, uuid.UUID]]:
    """(incident, started_at, service) for every open incident's services that have SLOs."""
    stmt = (
        select(Incident.id, Incident.started_at, IncidentService.service_id)
        .join(IncidentService, IncidentService.incident_id == Incident.id)
        .where(
            Incident.status != Status.resolved,
            IncidentService.service_id.in_(select(Slo.service_id)),
        )
        .order_by(Incident.started_at)
    )
    return [(row[0], row[1], row[2]) for row in db.session.execute(stmt)]


def _measurements(
    api: HttpApi, measured: list[tuple[Slo, Evaluation]], now: datetime
) -> dict[uuid.UUID, dict[uuid.UUID, Measured | str]]:
    """Per open incident, per SLO of its services: the cycle's evaluation and the bad events
    since the incident started, fetched in one query per SLO for all its incidents."""
    rows = _open_incidents_with_slos()
    started = {incident_id: started_at for incident_id, started_at, _ in rows}
    by_service: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for incident_id, _, service_id in rows:
        by_service[service_id].append(incident_id)
    found: dict[uuid.UUID, dict[uuid.UUID, Measured | str]] = {i: {} for i in started}
    down: str | None = None
    for slo, evaluation in measured:
        incidents = by_service.get(slo.service_id, [])
        if not incidents:
            continue
        windows = {str(i): duration((now - started[i]).total_seconds()) for i in incidents}
        try:
            if down is not None:
                raise SourceError(down)
            bad = batched(api, queries_of(slo).bad_over, windows, now.timestamp())
        except (SourceError, QueryRejected) as exc:
            log.warning("impact of open incidents: SLO %s: %s", slo.name, exc)
            down = str(exc) if isinstance(exc, SourceError) else down
            for incident_id in incidents:
                found[incident_id][slo.id] = str(exc)
            continue
        for incident_id in incidents:
            found[incident_id][slo.id] = (evaluation, bad.get(str(incident_id)))
    return found


def _refresh_impact(
    incident_id: uuid.UUID,
    api: HttpApi,
    now: datetime,
    measurements: dict[uuid.UUID, Measured | str],
) -> bool:
    """Under the incident's row lock, so a resolution in between is seen (its timeline is
    locked then) and never overwritten."""
    incident = db.session.get(Incident, incident_id, with_for_update=True, populate_existing=True)
    if incident is None or incident.status == Status.resolved:
        db.session.commit()
        return False
    update_impact(incident, api, now, measurements)
    db.session.commit()
    return True


def evaluate_all(now: datetime | None = None) -> dict[str, Any]:
    """One cycle; a summary of what it did."""
    api = require_api()
    now = now or utcnow()
    measured: list[tuple[Slo, Evaluation]] = []
    failed = []
    down: SourceError | None = None
    for slo in db.session.scalars(select(Slo).order_by(Slo.name)).all():
        if down is not None:  # one timeout per cycle, not one per SLO
            failed.append(slo.name)
            continue
        try:
            evaluation = measure(api, slo, now)[0]
        except QueryRejected as exc:
            log.warning("SLO %s not evaluated: Prometheus rejects its query: %s", slo.name, exc)
            failed.append(slo.name)
            continue
        except SourceError as exc:
            log.warning("SLOs not evaluated: %s", exc)
            down = exc
            failed.append(slo.name)
            continue
        record_history(slo, evaluation)
        measured.append((slo, evaluation))
    db.session.commit()
    opened = open_for_page_burns(measured, now)
    # Without Prometheus the impacts would only lose their SLO figures: leave them as they are.
    measurements = {} if down else _measurements(api, measured, now)
    refreshed = [_refresh_impact(i, api, now, m) for i, m in measurements.items()]
    statuses = [ev.status.value for _, ev in measured]
    return {
        "at": now.isoformat(),
        "evaluated": len(measured),
        "failed": failed,
        "error": str(down) if down else None,
        "statuses": {s: statuses.count(s) for s in sorted(set(statuses))},
        "incidents_opened": [str(i.id) for i in opened],
        "impacts_updated": sum(refreshed),
    }
