"""The business impact of an incident on services with SLOs, kept in the incident's
`metadata.business_impact` (refreshed by every periodic evaluation while the incident is open,
and once more when it resolves), with an `slo_breach` timeline event the first time each SLO
breaches. The formulas travel with the figures (FORMULAS)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from incident_app.correlation.sources._common import HttpApi, SourceError
from incident_app.extensions import db
from incident_app.models import EventSource, Incident, Slo, SloStatus
from incident_app.slos.evaluation import Evaluation
from incident_app.slos.measure import measure
from incident_app.slos.prometheus import QueryRejected, prometheus_api
from incident_app.slos.tiers import CURRENT_BURN_WINDOW, RECOVERY_WINDOW
from incident_app.timeline.service import record_event

log = logging.getLogger("rootline.slos")
INCIDENT_WINDOW = "incident"
# An SLO's evaluation and its bad events since the incident started.
Measured = tuple[Evaluation, Decimal | None]
# What the periodic evaluation measured for one incident, by SLO id: a Measured, or the error
# that kept it from measuring (see job.py: it asks once per SLO for all open incidents).
Measurements = Mapping[uuid.UUID, Measured | str]
CENT = Decimal("0.01")
FORMULAS = {
    "users_affected": "sum of users_served of the incident's services (an upper bound)",
    "revenue_at_risk": "sum of revenue_per_hour * hours since started_at (until resolved_at)",
    "slos_breached": "SLOs of those services critical at any evaluation during the incident",
    "budget_consumed_percent": "100 * bad events since started_at / the SLO's error_budget_events"
    " (top level: the largest)",
    "services_recovered": "services whose every SLO burns at most 1x over the last 5m, of the "
    "services with SLOs",
}


def incident_slos(incident: Incident) -> list[Slo]:
    ids = [link.service_id for link in incident.service_links]
    return list(db.session.scalars(select(Slo).where(Slo.service_id.in_(ids)).order_by(Slo.name)))


def _num(value: Decimal | None, places: int = 6) -> float | None:
    return None if value is None else round(float(value), places)


def _slo_entry(
    slo: Slo, measured: Measured | None, before: dict[str, Any], stamp: str
) -> dict[str, Any]:
    """One SLO's part; `breached_at` sticks once set, so a recovered SLO still counts."""
    entry: dict[str, Any] = {"slo": slo.name, "service": slo.service.name}
    if measured is None:
        return {**entry, "status": None, "breached_at": before.get("breached_at")}
    ev, bad = measured
    consumed = None if bad is None or not ev.budget_events else 100 * bad / ev.budget_events
    recovery = ev.burn(RECOVERY_WINDOW)
    return {
        **entry,
        "status": ev.status.value,
        "sli_percent": _num(ev.sli_percent),
        "burn_rate_1h": _num(ev.burn(CURRENT_BURN_WINDOW)),
        "firing_tiers": ev.firing_tiers,
        "breached_at": before.get("breached_at")
        or (stamp if ev.status == SloStatus.critical else None),
        "bad_events": _num(bad),
        "budget_consumed_percent": _num(consumed),
        "recovered": recovery is not None and recovery <= 1,
    }


def update_impact(
    incident: Incident,
    api: HttpApi | None,
    now: datetime,
    measurements: Measurements | None = None,
) -> dict[str, Any] | None:
    """Recompute and store the impact (None when no service of the incident has SLOs), from
    `measurements` when the caller has them, else measuring each SLO at Prometheus."""
    slos = incident_slos(incident)
    if not slos:
        return None
    end = incident.resolved_at or now
    seconds = max(0.0, (end - incident.started_at).total_seconds())
    stamp = now.isoformat()
    previous = incident.meta.get("business_impact") or {}
    before = {e["slo"]: e for e in previous.get("slos", [])}
    errors: list[str] = []
    entries = []
    for slo in slos:
        measured: Measured | None = None
        if measurements is not None:
            found = measurements.get(slo.id, "not evaluated in this cycle")
            if isinstance(found, str):
                errors.append(f"{slo.name}: {found}")
            else:
                measured = found
        elif api is not None:
            try:
                ev, extra = measure(api, slo, end, {INCIDENT_WINDOW: seconds})
                measured = (ev, extra[INCIDENT_WINDOW].bad)
            except (SourceError, QueryRejected) as exc:
                log.warning("impact of incident %s: SLO %s: %s", incident.id, slo.name, exc)
                errors.append(f"{slo.name}: {exc}")
                if isinstance(exc, SourceError):
                    api = None  # down: one timeout is enough, the other SLOs go unmeasured
        entries.append(_slo_entry(slo, measured, before.get(slo.name, {}), stamp))
    impact = _totals(incident, entries, seconds, stamp, errors)
    for entry in entries:
        if entry["breached_at"] and not before.get(entry["slo"], {}).get("breached_at"):
            _breach_event(incident, entry, impact, now)
    incident.meta = {**incident.meta, "business_impact": impact}
    return impact


def _totals(
    incident: Incident, entries: list[dict[str, Any]], seconds: float, stamp: str, errors: list[str]
) -> dict[str, Any]:
    hours = Decimal(str(seconds)) / 3600
    services = []
    revenues = []
    for link in incident.service_links:
        service = link.service
        own = [e for e in entries if e["service"] == service.name]
        revenue = (Decimal(str(service.revenue_per_hour)) * hours).quantize(CENT)
        revenues.append(revenue)
        services.append(
            {
                "service": service.name,
                "impact_level": link.impact_level.value,
                "users_served": service.users_served,
                "revenue_per_hour": service.revenue_per_hour,
                "revenue_at_risk": float(revenue),
                "slos": len(own),
                "recovered": all(e.get("recovered") for e in own) if own else None,
            }
        )
    assessed = [s for s in services if s["slos"]]
    consumed = [
        e["budget_consumed_percent"]
        for e in entries
        if e.get("budget_consumed_percent") is not None
    ]
    measured = not errors and all(e["status"] is not None for e in entries)
    recovered = sum(1 for s in assessed if s["recovered"])
    return {
        "computed_at": stamp,
        "duration_seconds": seconds,
        "users_affected": sum(s["users_served"] for s in services),
        "revenue_at_risk": float(sum(revenues, Decimal(0))),
        "slos_breached": sum(1 for e in entries if e["breached_at"]),
        "slos_total": len(entries),
        "budget_consumed_percent": max(consumed) if consumed else None,
        "services_recovered": f"{recovered}/{len(assessed)}" if measured else None,
        "services": services,
        "slos": entries,
        "errors": errors,
        "formulas": FORMULAS,
    }


def _breach_event(
    incident: Incident, entry: dict[str, Any], impact: dict[str, Any], now: datetime
) -> None:
    burn = entry.get("burn_rate_1h")
    burning = f", burning {burn:.1f}x its budget over 1h" if burn is not None else ""
    record_event(
        incident,
        "slo_breach",
        f"SLO breached: {entry['slo']} ({entry['service']})",
        source=EventSource.slo_system,
        occurred_at=now,
        description=f"{entry['slo']} is {entry['status']}{burning}; tiers firing: "
        f"{', '.join(entry['firing_tiers']) or 'none (budget spent)'}.",
        metadata={
            **{
                k: entry.get(k) for k in ("slo", "service", "status", "sli_percent", "firing_tiers")
            },
            **{k: impact[k] for k in ("slos_breached", "users_affected", "revenue_at_risk")},
        },
    )


def impact_on_resolution(incident: Incident, now: datetime) -> dict[str, Any]:
    """Final figures as the incident resolves; what the `incident_resolved` event adds."""
    impact = update_impact(incident, prometheus_api(), now)
    if impact is None:
        return {}
    return {"services_recovered": impact["services_recovered"]}
