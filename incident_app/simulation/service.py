"""Failure-simulation use cases: inject a fault (and open its incident), recover, list presets.

An incident opens when the fault makes any service fail more than 25% of its requests (the
injected one, or a caller it drags down), with started_at at the injection. Its analysis is
queued only once the fault has ramped up and been visible for SIMULATION_ANALYSIS_DELAY_SECONDS:
the analyzers compare the window before the start with the window after it, and an analysis
queued at the very moment of injection would find the "after" window empty.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app

from incident_app.errors import ApiError, field_error
from incident_app.incidents.schemas import IncidentCreate, ServiceRefIn
from incident_app.incidents.service import create_incident
from incident_app.models import ImpactLevel, Severity, User
from incident_app.simulation.catalog import ensure_catalog
from incident_app.simulation.faults import SCENARIOS, Fault, classify
from incident_app.simulation.model import LAG_S
from incident_app.simulation.runtime import EXTENSION, SimulationRuntime
from incident_app.simulation.schemas import FailIn
from incident_app.simulation.topology import Topology

INCIDENT_ERROR_RATE = 0.25


def runtime() -> SimulationRuntime:
    """The app's simulation, or 404 when SIMULATION_ENABLED is off."""
    found: SimulationRuntime | None = current_app.extensions.get(EXTENSION)
    if found is None:
        raise ApiError(
            404,
            "simulation_disabled",
            "Failure simulation is off; set SIMULATION_ENABLED=true to use /api/test",
        )
    return found


def _when(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def fault_out(fault: Fault) -> dict[str, Any]:
    return {
        **fault.payload(),
        "fault": fault.kind,
        "scenario": fault.scenario,
        "started_at": _when(fault.start),
        "ended_at": _when(fault.end),
        "ramp_seconds": fault.ramp_s,
        "version": fault.version,
    }


def fault_from_payload(topology: Topology, body: FailIn, now: float) -> Fault:
    """Validate the payload against the topology (service, pool size) and build the fault."""
    spec = topology.services.get(body.service)
    if spec is None:
        known = ", ".join(sorted(topology.services))
        raise field_error("service", f"no simulated service {body.service}; one of: {known}")
    if body.db_connections is not None:
        if spec.db_pool is None:
            raise field_error("db_connections", f"{body.service} has no database pool")
        if body.db_connections > spec.db_pool.max:
            raise field_error("db_connections", f"at most {spec.db_pool.max} (the pool's size)")
    targets: dict[str, Any] = {
        "error_rate": body.error_rate,
        "cpu": None if body.cpu_usage is None else body.cpu_usage / 100,
        "memory": None if body.memory_usage is None else body.memory_usage / 100,
        "latency_ms": body.response_time_ms,
        "db_connections": None if body.db_connections is None else float(body.db_connections),
    }
    kind = classify(spec, topology.base_latency_ms[body.service], **targets)
    return Fault(service=body.service, start=now, kind=kind, ramp_s=body.ramp_seconds, **targets)


def scenarios(topology: Topology) -> dict[str, Any]:
    items = []
    for s in SCENARIOS.values():
        fault = s.fault_at(0.0)
        payload = {k: v for k, v in fault.payload().items() if v is not None}
        items.append({**vars(s), "payload": {**payload, "ramp_seconds": s.ramp_s}})
    return {"items": items, "services": sorted(topology.services)}


def scenario_fault(name: str, now: float) -> Fault:
    if name not in SCENARIOS:
        raise ApiError(404, "not_found", f"scenario {name} does not exist", sorted(SCENARIOS))
    return SCENARIOS[name].fault_at(now)


def inject(rt: SimulationRuntime, fault: Fault, actor: User) -> dict[str, Any]:
    """Start the fault; open an incident if it hurts enough, and schedule its analysis."""
    world = rt.start()
    topo = rt.topology
    affected = [fault.service, *topo.upstream(fault.service)]
    with world.lock:
        world.sim.inject(fault)
        settled = world.sim.effects(fault.start + fault.ramp_s + LAG_S * len(topo.order))
    peak = max(max(settled[n].error for n in affected), fault.error_rate or 0.0)
    reply: dict[str, Any] = {
        "fault": fault_out(fault),
        "peak_error_rate": round(peak, 4),
        "affected_services": affected,
        "incident": None,
        "analysis_scheduled_at": None,
    }
    if peak > INCIDENT_ERROR_RATE:
        at = fault.start + fault.ramp_s + rt.analysis_delay_s
        try:
            incident = create_incident(_incident(topo, fault, peak, at), actor)
        except Exception:
            with world.lock:  # no incident, no failure: a failed request changes nothing
                world.sim.recover(fault.start, fault.service)
            raise
        rt.schedule_analysis(incident.id, actor.id, at)
        reply["incident"] = incident
        reply["analysis_scheduled_at"] = _when(at)
    return reply


def _incident(topo: Topology, fault: Fault, peak: float, analysis_at: float) -> IncidentCreate:
    ensure_catalog(topo)
    direct = set(topo.callers[fault.service])
    services = [ServiceRefIn(name=fault.service, impact_level=ImpactLevel.primary)] + [
        ServiceRefIn(
            name=caller,
            impact_level=ImpactLevel.secondary if caller in direct else ImpactLevel.tertiary,
        )
        for caller in topo.upstream(fault.service)
    ]
    payload = {k: v for k, v in fault.payload().items() if v is not None and k != "service"}
    settings = ", ".join(f"{k}={v}" for k, v in payload.items())
    if fault.version:
        settings += f", rollout of {fault.version}"
    when = datetime.fromtimestamp(analysis_at, UTC).strftime("%H:%M:%S UTC")
    incident = IncidentCreate(
        title=f"Simulated failure in {fault.service} ({fault.scenario or fault.kind})",
        description=(
            f"Injected by the failure simulation: {settings}. Up to {peak:.0%} of requests "
            f"fail. Correlation analysis starts at {when}, once the effects are visible."
        ),
        severity=Severity.critical if peak >= 0.5 else Severity.high,
        started_at=datetime.fromtimestamp(fault.start, UTC),
        services=services,
    )
    # `simulation` is a system-owned metadata key, refused in a user's request: added after.
    simulation = {
        **payload,
        "fault": fault.kind,
        "scenario": fault.scenario,
        "version": fault.version,
        "analysis_at": analysis_at,
    }
    return incident.model_copy(update={"metadata": {"simulation": simulation}})


def reset(rt: SimulationRuntime) -> dict[str, Any]:
    return {"recovered": [fault_out(f) for f in rt.reset()]}


def recover(rt: SimulationRuntime, service: str | None, now: float) -> dict[str, Any]:
    world = rt.start()
    if service is not None and service not in rt.topology.services:
        raise field_error("service", f"no simulated service {service}")
    with world.lock:
        ended = world.sim.recover(now, service)
    return {"recovered": [fault_out(f) for f in ended]}
