"""Service-catalog endpoints under /api/services: everyone reads, admins write."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.catalog import service
from incident_app.catalog.schemas import ServiceCreate, ServiceOut, ServicePatch, ServiceQuery
from incident_app.models import Role

bp = Blueprint("catalog", __name__, url_prefix="/api/services")
TAG = "services"


@bp.get("")
@operation(
    "List services", role=Role.viewer, tag=TAG, query=ServiceQuery, response=Page[ServiceOut]
)
def list_services(query: ServiceQuery) -> Any:
    return service.list_services(query)


@bp.post("")
@operation(
    "Add a service to the catalog",
    role=Role.admin,
    tag=TAG,
    body=ServiceCreate,
    response=ServiceOut,
    status=201,
    extra_responses={409: "The name is taken"},
)
def create_service(body: ServiceCreate) -> Any:
    return service.create_service(body)


@bp.get("/<uuid:service_id>")
@operation("Get a service", role=Role.viewer, tag=TAG, response=ServiceOut)
def get_service(service_id: uuid.UUID) -> Any:
    return service.get_service(service_id)


@bp.patch("/<uuid:service_id>")
@operation(
    "Change a service (depends_on replaces the dependency list)",
    role=Role.admin,
    tag=TAG,
    body=ServicePatch,
    response=ServiceOut,
    extra_responses={409: "The name is taken"},
)
def patch_service(service_id: uuid.UUID, body: ServicePatch) -> Any:
    return service.update_service(service_id, body)


@bp.delete("/<uuid:service_id>")
@operation(
    "Delete a service that no incident references",
    role=Role.admin,
    tag=TAG,
    extra_responses={409: "The service is linked to incidents"},
)
def delete_service(service_id: uuid.UUID) -> None:
    service.delete_service(service_id)
