"""Alert endpoints: the webhook receivers (integration tokens) and alert listings (users)."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint

from incident_app.alerts import service
from incident_app.alerts.schemas import (
    AlertmanagerWebhook,
    AlertOut,
    AlertQuery,
    DeliveryResult,
    GrafanaWebhook,
    IncidentAlertQuery,
)
from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.models import Integration, IntegrationKind, Role

bp = Blueprint("alerts", __name__, url_prefix="/api")
TAG = "alerts"
RECEIVER_ERRORS = {
    401: "No integration token, or an unknown one",
    403: "The token belongs to an integration of another kind",
    413: "The body or its number of alerts is over the limit",
}
RECEIVER_NOTES = (
    "Idempotent: alerts are upserted by fingerprint, so a repeated delivery changes nothing. "
    "Alerts of one group attach to one open incident, opened by the first firing alert; each "
    "alert's own status counts, and the incident is mitigated (or resolved, per "
    "ALERT_ALL_RESOLVED_STATUS) once all its alerts have resolved."
)


@bp.post("/alerts/alertmanager")
@operation(
    "Receive an Alertmanager webhook delivery (payload version 4)",
    role=None,
    integration=IntegrationKind.alertmanager,
    tag=TAG,
    body=AlertmanagerWebhook,
    response=DeliveryResult,
    description=RECEIVER_NOTES,
    extra_responses=RECEIVER_ERRORS,
)
def receive_alertmanager(integration: Integration, body: AlertmanagerWebhook) -> Any:
    return service.ingest(integration, body)


@bp.post("/alerts/grafana")
@operation(
    "Receive a Grafana-managed alerting webhook delivery (payload version 1)",
    role=None,
    integration=IntegrationKind.grafana,
    tag=TAG,
    body=GrafanaWebhook,
    response=DeliveryResult,
    description=RECEIVER_NOTES,
    extra_responses=RECEIVER_ERRORS,
)
def receive_grafana(integration: Integration, body: GrafanaWebhook) -> Any:
    return service.ingest(integration, body)


@bp.get("/alerts")
@operation(
    "List alerts with filters", role=Role.viewer, tag=TAG, query=AlertQuery, response=Page[AlertOut]
)
def list_alerts(query: AlertQuery) -> Any:
    return service.list_alerts(query)


@bp.get("/incidents/<uuid:incident_id>/alerts")
@operation(
    "The incident's alerts, firing first",
    role=Role.viewer,
    tag=TAG,
    query=IncidentAlertQuery,
    response=Page[AlertOut],
)
def incident_alerts(incident_id: uuid.UUID, query: IncidentAlertQuery) -> Any:
    return service.incident_alerts(incident_id, query)
