"""The incident status machine and the exact MTTA/MTTR it produces.

open -> investigating -> mitigated -> resolved; forward skips are allowed, a mitigated incident
may go back to investigating when the mitigation fails, nothing leaves resolved, nothing goes
back to open (it was acknowledged).
"""

from __future__ import annotations

from datetime import datetime

from incident_app.errors import ApiError
from incident_app.models import Incident, Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.open: frozenset({Status.investigating, Status.mitigated, Status.resolved}),
    Status.investigating: frozenset({Status.mitigated, Status.resolved}),
    Status.mitigated: frozenset({Status.investigating, Status.resolved}),
    Status.resolved: frozenset(),
}


def check_transition(current: Status, target: Status) -> None:
    if target not in ALLOWED[current]:
        raise ApiError(
            409,
            "invalid_transition",
            f"An incident cannot go from {current.value} to {target.value}",
            {
                "from": current.value,
                "to": target.value,
                "allowed": sorted(s.value for s in ALLOWED[current]),
            },
        )


def seconds_between(start: datetime, end: datetime) -> float:
    """Exact elapsed seconds (microsecond resolution, as stored)."""
    return (end - start).total_seconds()


def enter_status(incident: Incident, target: Status, now: datetime) -> None:
    """Set the status and the timestamps (and durations) that entering it defines."""
    incident.status = target
    if incident.acknowledged_at is None:
        incident.acknowledged_at = now
        incident.mtta_seconds = seconds_between(incident.started_at, now)
    if target in (Status.mitigated, Status.resolved) and incident.mitigated_at is None:
        incident.mitigated_at = now
    if target == Status.resolved:
        incident.resolved_at = now
        incident.mttr_seconds = seconds_between(incident.started_at, now)


def format_duration(seconds: float) -> str:
    """12m 45s style, for timeline text (the exact value is kept in metadata)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    if hours or minutes:
        parts.append(f"{minutes}m")
    parts.append(f"{secs}s")
    return " ".join(parts)
