"""Integration request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from incident_app.api.schemas import Input, Output, PageQuery
from incident_app.models import IntegrationKind
from incident_app.timeline.schemas import UserRef


class IntegrationCreate(Input):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]
    kind: IntegrationKind


class IntegrationOut(Output):
    id: uuid.UUID
    name: str
    kind: IntegrationKind
    token_hint: str = Field(description="The token's first characters")
    created_by: UserRef | None
    created_at: datetime


class IntegrationCreated(IntegrationOut):
    token: str = Field(
        description="Send as `Authorization: Bearer <token>`; shown only in this response"
    )
    webhook_path: str = Field(description="Where the sender delivers, e.g. /api/alerts/grafana")


class IntegrationQuery(PageQuery):
    kind: IntegrationKind | None = None
