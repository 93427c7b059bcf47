"""Incident request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from incident_app.api.schemas import Input, Output, PageQuery, Patch
from incident_app.incidents.bounds import StartTime
from incident_app.models import ImpactLevel, Severity, Status
from incident_app.timeline.schemas import UserMetadata, UserRef

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


class ServiceRefIn(Input):
    """A service named by id or by name (exactly one), and how hard the incident hits it."""

    service_id: uuid.UUID | None = None
    name: Annotated[str, StringConstraints(min_length=1, max_length=63)] | None = None
    impact_level: ImpactLevel = ImpactLevel.primary

    @model_validator(mode="after")
    def one_reference(self) -> ServiceRefIn:
        if (self.service_id is None) == (self.name is None):
            raise ValueError("give exactly one of service_id or name")
        return self


class IncidentCreate(Input):
    title: Title
    description: LongText = ""
    severity: Severity
    started_at: StartTime | None = Field(
        None,
        description="When impact began (default: now); not before 2000, and at most 5 minutes "
        "ahead (clock skew: read as now)",
    )
    services: list[ServiceRefIn] = Field(default_factory=list, max_length=50)
    commander_id: uuid.UUID | None = None
    metadata: UserMetadata = Field(default_factory=dict)


class IncidentPatch(Patch):
    NULLABLE = frozenset({"root_cause", "resolution", "commander_id"})

    title: Title | None = None
    description: LongText | None = None
    severity: Severity | None = None
    status: Status | None = None
    root_cause: LongText | None = None
    resolution: LongText | None = None
    commander_id: uuid.UUID | None = None
    services: list[ServiceRefIn] | None = Field(None, max_length=50)


SortKey = Literal[
    "started_at",
    "-started_at",
    "severity",
    "-severity",
    "status",
    "-status",
    "updated_at",
    "-updated_at",
]


class IncidentQuery(PageQuery):
    status: str | None = Field(
        None,
        description="Comma-separated statuses",
        pattern=r"^(open|investigating|mitigated|resolved)"
        r"(,(open|investigating|mitigated|resolved))*$",
    )
    severity: str | None = Field(
        None,
        description="Comma-separated severities",
        pattern=r"^(critical|high|medium|low)(,(critical|high|medium|low))*$",
    )
    service: str | None = Field(None, max_length=63, description="Service name or id")
    since: AwareDatetime | None = Field(None, description="started_at at or after")
    until: AwareDatetime | None = Field(None, description="started_at before")
    sort: SortKey = "-started_at"


class IncidentServiceOut(Output):
    service_id: uuid.UUID
    name: str
    impact_level: ImpactLevel


class IncidentOut(Output):
    id: uuid.UUID
    title: str
    description: str
    severity: Severity
    status: Status
    started_at: datetime
    detected_at: datetime
    acknowledged_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None
    root_cause: str | None
    resolution: str | None
    mtta_seconds: float | None
    mttr_seconds: float | None
    commander: UserRef | None
    created_by: UserRef | None
    services: list[IncidentServiceOut] = Field(validation_alias="service_links")
    metadata: dict[str, Any] = Field(validation_alias="meta")
    timeline_locked: bool
    created_at: datetime
    updated_at: datetime
