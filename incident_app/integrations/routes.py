"""Integration endpoints under /api/integrations: admins manage webhook senders."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.integrations import service
from incident_app.integrations.schemas import (
    IntegrationCreate,
    IntegrationCreated,
    IntegrationOut,
    IntegrationQuery,
)
from incident_app.models import Role

bp = Blueprint("integrations", __name__, url_prefix="/api/integrations")
TAG = "integrations"


@bp.post("")
@operation(
    "Add an alert integration; its token is shown only in this response",
    role=Role.admin,
    tag=TAG,
    body=IntegrationCreate,
    response=IntegrationCreated,
    status=201,
    description="The sender authenticates its webhook deliveries with "
    "`Authorization: Bearer <token>`; only a hash of the token is stored.",
    extra_responses={409: "The name is taken"},
)
def create_integration(body: IntegrationCreate) -> Any:
    return service.create_integration(body, current_user)


@bp.get("")
@operation(
    "List alert integrations (never their tokens)",
    role=Role.admin,
    tag=TAG,
    query=IntegrationQuery,
    response=Page[IntegrationOut],
)
def list_integrations(query: IntegrationQuery) -> Any:
    return service.list_integrations(query)


@bp.delete("/<uuid:integration_id>")
@operation(
    "Delete an integration: its token stops working, received alerts stay",
    role=Role.admin,
    tag=TAG,
)
def delete_integration(integration_id: uuid.UUID) -> None:
    service.delete_integration(integration_id)
