"""Timeline request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints, field_validator

from incident_app.api.schemas import Input, Output, PageQuery
from incident_app.models import EventSource
from incident_app.timeline.service import SYSTEM_EVENT_TYPES, SYSTEM_METADATA_KEYS

EventType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]


def _no_system_keys(value: dict[str, Any]) -> dict[str, Any]:
    owned = sorted(SYSTEM_METADATA_KEYS.intersection(value))
    if owned:
        raise ValueError(f"{', '.join(owned)}: written by Rootline itself")
    return value


# Metadata a user sends (on an incident or a timeline event): free-form, except the keys
# Rootline itself writes.
UserMetadata = Annotated[
    dict[str, Any],
    AfterValidator(_no_system_keys),
    Field(
        description="Free-form; the keys Rootline writes itself "
        f"({', '.join(sorted(SYSTEM_METADATA_KEYS))}) are refused",
    ),
]


class UserRef(Output):
    id: uuid.UUID
    username: str


class TimelineEventIn(Input):
    event_type: EventType = "note"
    source: EventSource = Field(
        EventSource.user,
        deprecated=True,
        description="Ignored: an event posted here is always recorded with source user",
    )
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: str = Field("", max_length=20_000)
    metadata: UserMetadata = Field(default_factory=dict)
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
