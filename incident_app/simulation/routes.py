"""Failure-simulation endpoints under /api/test: admin only, and 404 `simulation_disabled`
unless SIMULATION_ENABLED (authentication and the role are checked first, as everywhere)."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.models import Role
from incident_app.simulation import service
from incident_app.simulation.schemas import (
    FailIn,
    InjectOut,
    RecoverIn,
    RecoverOut,
    ScenariosOut,
)

bp = Blueprint("simulation", __name__, url_prefix="/api/test")
TAG = "simulation"
DISABLED = {404: "Simulation is disabled (simulation_disabled) or the scenario is unknown"}


@bp.post("/fail")
@operation(
    "Make a simulated service misbehave",
    role=Role.admin,
    tag=TAG,
    body=FailIn,
    response=InjectOut,
    status=202,
    description="Drives the service's error rate, CPU, memory, latency and database "
    "connections to the given values; callers follow with a lag. An error rate above 25% "
    "anywhere opens an incident (the service primary, its callers secondary) whose "
    "correlation analysis starts once the effects are visible.",
    extra_responses=DISABLED,
)
def fail(body: FailIn) -> Any:
    rt = service.runtime()
    fault = service.fault_from_payload(rt.topology, body, time.time())
    return service.inject(rt, fault, current_user)


@bp.post("/recover")
@operation(
    "End simulated failures (all, or one service's)",
    role=Role.admin,
    tag=TAG,
    body=RecoverIn,
    response=RecoverOut,
    extra_responses=DISABLED,
)
def recover(body: RecoverIn) -> Any:
    return service.recover(service.runtime(), body.service, time.time())


@bp.post("/reset")
@operation(
    "End every simulated failure and start over with a fresh shop",
    role=Role.admin,
    tag=TAG,
    response=RecoverOut,
    description="Restarted pods, Kubernetes events, a rolled-back release and a disturbed "
    "baseline are what a real incident leaves behind, and analyses of later incidents see "
    "them. Reset between demo scenarios to start each from a clean, freshly back-filled "
    "history; analyses not yet queued are dropped.",
    extra_responses=DISABLED,
)
def reset() -> Any:
    return service.reset(service.runtime())


@bp.get("/scenarios")
@operation(
    "Named failure scenarios and the simulated services",
    role=Role.admin,
    tag=TAG,
    response=ScenariosOut,
    extra_responses=DISABLED,
)
def scenarios() -> Any:
    return service.scenarios(service.runtime().topology)


@bp.post("/scenarios/<string:name>")
@operation(
    "Run a named failure scenario",
    role=Role.admin,
    tag=TAG,
    response=InjectOut,
    status=202,
    extra_responses=DISABLED,
)
def run_scenario(name: str) -> Any:
    rt = service.runtime()
    return service.inject(rt, service.scenario_fault(name, time.time()), current_user)
