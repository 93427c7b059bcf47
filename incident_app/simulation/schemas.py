"""Request and response models of the failure-simulation endpoints (/api/test)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from incident_app.api.schemas import Input, Output
from incident_app.catalog.schemas import ServiceName
from incident_app.models import Severity

EFFECTS = ("error_rate", "cpu_usage", "memory_usage", "response_time_ms", "db_connections")


class FailIn(Input):
    """The seed's payload: where to fail and how; an omitted field stays at its baseline."""

    service: ServiceName
    error_rate: float | None = Field(
        None, ge=0, le=1, allow_inf_nan=False, description="Share of requests failing, 0-1"
    )
    cpu_usage: float | None = Field(
        None, ge=0, le=100, allow_inf_nan=False, description="Percent of the CPU limit"
    )
    memory_usage: float | None = Field(
        None,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Percent of the memory limit (98 or more: containers are OOMKilled)",
    )
    response_time_ms: float | None = Field(
        None, gt=0, le=60_000, allow_inf_nan=False, description="Median response time"
    )
    db_connections: int | None = Field(
        None, ge=0, le=10_000, description="Connections in use, at most the pool's size"
    )
    ramp_seconds: float = Field(
        5.0, ge=0, le=600, allow_inf_nan=False, description="Seconds to reach the targets"
    )

    @model_validator(mode="after")
    def changes_something(self) -> Self:
        if all(getattr(self, name) is None for name in EFFECTS):
            raise ValueError(f"set at least one of {', '.join(EFFECTS)}")
        return self


class RecoverIn(Input):
    service: ServiceName | None = Field(None, description="Only this service (default: all)")


class FaultOut(BaseModel):
    service: str
    fault: str = Field(description="Fault class: pool-exhaustion, oom, cpu, rollout, ...")
    scenario: str | None
    started_at: datetime
    ended_at: datetime | None
    ramp_seconds: float
    error_rate: float | None
    cpu_usage: float | None
    memory_usage: float | None
    response_time_ms: float | None
    db_connections: int | None
    version: str | None


class IncidentRef(Output):
    id: uuid.UUID
    title: str
    severity: Severity


class InjectOut(BaseModel):
    fault: FaultOut
    peak_error_rate: float = Field(description="Highest error rate the fault causes anywhere")
    affected_services: list[str] = Field(description="The service and every caller upstream")
    incident: IncidentRef | None = Field(description="Opened when the error rate exceeds 25%")
    analysis_scheduled_at: datetime | None = Field(
        description="When correlation starts: once the fault has been visible for a while"
    )


class RecoverOut(BaseModel):
    recovered: list[FaultOut]


class ScenarioOut(BaseModel):
    name: str
    title: str
    description: str
    service: str
    fault: str
    payload: dict[str, Any] = Field(description="The equivalent POST /api/test/fail body")


class ScenariosOut(BaseModel):
    items: list[ScenarioOut]
    services: list[str] = Field(description="The simulated services")
