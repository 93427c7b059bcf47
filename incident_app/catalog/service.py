"""Catalog use cases: create, change and delete services and their dependency edges."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, select

from incident_app.catalog.schemas import ServiceCreate, ServicePatch, ServiceQuery, Telemetry
from incident_app.errors import ApiError, not_found
from incident_app.extensions import db
from incident_app.models import IncidentService, Service
from incident_app.pagination import paginate


def get_service(service_id: uuid.UUID) -> Service:
    service = db.session.get(Service, service_id)
    if service is None:
        raise not_found("service", service_id)
    return service


def _ensure_name_free(name: str, current: Service | None = None) -> None:
    other = db.session.scalar(select(Service).where(Service.name == name))
    if other is not None and other is not current:
        raise ApiError(
            409,
            "already_exists",
            f"A service named {name} already exists",
            [{"field": "name", "message": "already exists"}],
        )


def _dependencies(names: list[str], own_name: str) -> list[Service]:
    found = {s.name: s for s in db.session.scalars(select(Service).where(Service.name.in_(names)))}
    errors = [
        {"field": f"depends_on.{i}", "message": message}
        for i, name in enumerate(names)
        for message in (
            ["a service cannot depend on itself"]
            if name == own_name
            else [f"unknown service {name}"]
            if name not in found
            else [f"{name} is listed twice"]
            if names.index(name) != i
            else []
        )
    ]
    if errors:
        raise ApiError(422, "validation_error", "Some dependencies are invalid", errors)
    return [found[name] for name in names]


def list_services(query: ServiceQuery) -> dict[str, Any]:
    stmt = select(Service).order_by(Service.name)
    if query.namespace:
        stmt = stmt.where(Service.namespace == query.namespace)
    if query.owner_team:
        stmt = stmt.where(Service.owner_team == query.owner_team)
    return paginate(stmt, query)


def create_service(data: ServiceCreate) -> Service:
    _ensure_name_free(data.name)
    service = Service(
        **data.model_dump(exclude={"depends_on", "telemetry"}),
        telemetry=data.telemetry.model_dump(),
    )
    service.dependencies = _dependencies(data.depends_on, data.name)
    db.session.add(service)
    db.session.commit()
    return service


def update_service(service_id: uuid.UUID, patch: ServicePatch) -> Service:
    service = get_service(service_id)
    fields = patch.model_fields_set
    for name in fields - {"depends_on", "telemetry"}:
        value = getattr(patch, name)
        if name == "name":
            _ensure_name_free(value, service)
        setattr(service, name, value)
    if "telemetry" in fields:
        service.telemetry = (patch.telemetry or Telemetry()).model_dump()
    if "depends_on" in fields:
        service.dependencies = _dependencies(patch.depends_on or [], service.name)
    db.session.commit()
    return service


def delete_service(service_id: uuid.UUID) -> None:
    service = get_service(service_id)
    if db.session.scalar(select(exists().where(IncidentService.service_id == service.id))):
        raise ApiError(
            409,
            "service_in_use",
            f"{service.name} is linked to incidents; their history must stay intact",
        )
    db.session.delete(service)
    db.session.commit()
