"""Timeline request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, StringConstraints, field_validator

from incident_app.api.schemas import Input, Output, PageQuery
from incident_app.models import EventSource
from incident_app.timeline.service import SYSTEM_EVENT_TYPES

EventType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]


class UserRef(Output):
    id: uuid.UUID
    username: str


class TimelineEventIn(Input):
    event_type: EventType = "note"
    source: EventSource = EventSource.user
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: str = Field("", max_length=20_000)
    metadata: dict[str, Any] = Field(default_factory=dict)
    occurred_at: AwareDatetime | None = Field(
        None, description="When it happened (default: now); not in the future"
    )

    @field_validator("event_type")
    @classmethod
    def not_system_type(cls, value: str) -> str:
        if value in SYSTEM_EVENT_TYPES:
            raise ValueError(f"{value} is recorded by Rootline itself")
        return value


class TimelineEventOut(Output):
    id: int
    incident_id: uuid.UUID
    event_type: str
    source: EventSource
    title: str
    description: str
    metadata: dict[str, Any] = Field(validation_alias="meta")
    occurred_at: datetime
    created_at: datetime
    actor: UserRef | None


class TimelineQuery(PageQuery):
    per_page: int = Field(100, ge=1, le=500)
