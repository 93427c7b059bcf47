"""Webhook payloads (Alertmanager v4, Grafana v1), alert listings and the delivery result.

Payload models ignore fields they do not use, so a newer Alertmanager or Grafana that adds
fields keeps delivering; everything Rootline reads is validated and bounded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from incident_app.api.schemas import Output, PageQuery, reject_unstorable
from incident_app.incidents.bounds import StartTime
from incident_app.models import AlertStatus, IntegrationKind, Severity

# PostgreSQL text and JSONB cannot hold NUL characters: refuse them as a field error, not a 500.
NO_NUL = r"^[^\x00]*$"
LabelName = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=NO_NUL)]
ShortText = Annotated[str, StringConstraints(max_length=4096, pattern=NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=20_000, pattern=NO_NUL)]
Labels = Annotated[dict[LabelName, ShortText], Field(max_length=100)]
Annotations = Annotated[dict[LabelName, LongText], Field(max_length=100)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    _storable = field_validator("*")(reject_unstorable)  # in fields without NO_NUL too


class AlertmanagerAlert(Payload):
    status: AlertStatus = Field(description="This alert's own status; the group's does not count")
    labels: Labels
    annotations: Annotations = Field(default_factory=dict)
    starts_at: StartTime = Field(
        alias="startsAt",
        description="Not before 2000, at most 5 minutes ahead: otherwise the delivery is "
        "refused (422), as an incident's started_at is",
    )
    ends_at: AwareDatetime | None = Field(
        None, alias="endsAt", description="0001-01-01T00:00:00Z (still firing) reads as null"
    )
    generator_url: ShortText = Field("", alias="generatorURL")
    fingerprint: str = Field(
        "",
        pattern=r"^[0-9A-Za-z]{0,64}$",
        description="Computed like Alertmanager (FNV-1a 64 of the labels) when left out",
    )

    @field_validator("ends_at")
    @classmethod
    def zero_is_none(cls, value: datetime | None) -> datetime | None:
        return None if value is None or value.year <= 1 else value

    def details(self) -> dict[str, Any]:
        """Sender-specific extras worth keeping with the alert."""
        return {}


class GrafanaAlert(AlertmanagerAlert):
    silence_url: ShortText = Field("", alias="silenceURL")
    dashboard_url: ShortText = Field("", alias="dashboardURL")
    panel_url: ShortText = Field("", alias="panelURL")
    image_url: ShortText = Field("", alias="imageURL")
    values: dict[LabelName, float | None] | None = Field(None, max_length=100)
    value_string: LongText = Field("", alias="valueString")

    def details(self) -> dict[str, Any]:
        extras = {
            "silence_url": self.silence_url,
            "dashboard_url": self.dashboard_url,
            "panel_url": self.panel_url,
            "image_url": self.image_url,
            "values": self.values,
            "value_string": self.value_string,
        }
        return {name: value for name, value in extras.items() if value}


class Webhook(Payload):
    """The fields Alertmanager's and Grafana's webhooks share."""

    alerts: Sequence[AlertmanagerAlert]
    receiver: Annotated[str, StringConstraints(max_length=500)] = ""
    status: AlertStatus
    group_key: Annotated[str, StringConstraints(min_length=1, max_length=8192, pattern=NO_NUL)] = (
        Field(alias="groupKey")
    )
    truncated_alerts: int = Field(0, ge=0, alias="truncatedAlerts")
    group_labels: Labels = Field(default_factory=dict, alias="groupLabels")
    common_labels: Labels = Field(default_factory=dict, alias="commonLabels")
    common_annotations: Annotations = Field(default_factory=dict, alias="commonAnnotations")
    external_url: ShortText = Field("", alias="externalURL")


class AlertmanagerWebhook(Webhook):
    """Alertmanager's webhook_config payload, version 4."""

    version: Literal["4"]
    alerts: list[AlertmanagerAlert] = Field(min_length=1)


class GrafanaWebhook(Webhook):
    """Grafana-managed alerting's webhook contact point payload, version 1."""

    version: Literal["1"]
    alerts: list[GrafanaAlert] = Field(min_length=1)
    org_id: int | None = Field(None, alias="orgId")
    title: Annotated[str, StringConstraints(max_length=20_000)] = ""
    state: Annotated[str, StringConstraints(max_length=64)] = ""
    message: Annotated[str, StringConstraints(max_length=100_000)] = ""


class DeliveryResult(BaseModel):
    """What one delivery changed; a repeated delivery reports everything as unchanged."""

    incident_id: uuid.UUID | None = Field(description="The incident the group's alerts attach to")
    incident_created: bool
    received: int = Field(description="Distinct alerts (by fingerprint) in the delivery")
    firing: int = Field(description="Alerts that started firing (new or firing again)")
    resolved: int = Field(description="Alerts that resolved")
    unchanged: int
    ignored: int = Field(description="Resolved alerts Rootline never saw firing")
    truncated_alerts: int


class AlertQuery(PageQuery):
    status: AlertStatus | None = None
    severity: Severity | None = None
    source: IntegrationKind | None = None
    integration_id: uuid.UUID | None = None
    incident_id: uuid.UUID | None = None
    fingerprint: str | None = Field(None, pattern=r"^[0-9A-Za-z]{1,64}$")
    name: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="The alertname label"
    )
    label: str | None = Field(
        None,
        max_length=4400,
        pattern=r"^[^=\x00]{1,256}=[^\x00]*$",
        description="One label match, name=value",
    )
    since: AwareDatetime | None = Field(None, description="starts_at at or after")
    until: AwareDatetime | None = Field(None, description="starts_at before")
    sort: Literal["starts_at", "-starts_at", "updated_at", "-updated_at"] = "-starts_at"


class IncidentAlertQuery(PageQuery):
    per_page: int = Field(100, ge=1, le=500)
    status: AlertStatus | None = None


class AlertOut(Output):
    id: uuid.UUID
    incident_id: uuid.UUID
    integration_id: uuid.UUID | None
    source: IntegrationKind
    fingerprint: str
    name: str
    status: AlertStatus
    severity: Severity
    labels: dict[str, str]
    annotations: dict[str, str]
    details: dict[str, Any]
    starts_at: datetime
    ends_at: datetime | None
    generator_url: str
    created_at: datetime
    updated_at: datetime
