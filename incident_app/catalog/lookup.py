"""Resolving service references (by id or by name) for other packages, with per-field errors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import or_, select

from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.models import Service


class ServiceRef(Protocol):
    service_id: uuid.UUID | None
    name: str | None


def resolve_services(refs: Sequence[ServiceRef], field: str) -> list[Service]:
    """The services the refs name, in order; 422 naming each unknown or repeated entry."""
    ids = [r.service_id for r in refs if r.service_id is not None]
    names = [r.name for r in refs if r.name is not None]
    found = (
        db.session.scalars(
            select(Service).where(or_(Service.id.in_(ids), Service.name.in_(names)))
        ).all()
        if refs
        else []
    )
    by_id = {s.id: s for s in found}
    by_name = {s.name: s for s in found}
    services: list[Service] = []
    errors = []
    for index, ref in enumerate(refs):
        service = by_id.get(ref.service_id) if ref.service_id else by_name.get(ref.name or "")
        if service is None:
            errors.append(
                {
                    "field": f"{field}.{index}",
                    "message": f"unknown service {ref.service_id or ref.name}",
                }
            )
        elif service in services:
            errors.append(
                {"field": f"{field}.{index}", "message": f"service {service.name} is listed twice"}
            )
        else:
            services.append(service)
    if errors:
        raise ApiError(422, "validation_error", "Some services are unknown or repeated", errors)
    return services
