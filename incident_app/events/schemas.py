"""Event-stream models: the query (token for EventSource) and one message per changed incident."""

from __future__ import annotations

from pydantic import BaseModel, Field

from incident_app.api.schemas import Input
from incident_app.incidents.schemas import IncidentOut
from incident_app.timeline.schemas import TimelineEventOut


class StreamQuery(Input):
    access_token: str | None = Field(
        None,
        description="The access token, for clients that cannot send an Authorization header "
        "(the browser's EventSource); an Authorization header works too",
    )


class IncidentChange(BaseModel):
    """The data of an `incident` event: the incident as it is now, and what happened to it."""

    incident: IncidentOut
    events: list[TimelineEventOut] = Field(
        description="Its timeline events recorded since the previous message, oldest first"
    )
