"""Puts the simulated topology into the service catalog, so simulated incidents link real
catalog services and correlation finds their dependencies. Idempotent: existing services are
kept as they are, apart from gaining the dependencies the topology gives them."""

from __future__ import annotations

from sqlalchemy import select

from incident_app.catalog.schemas import ServiceCreate, ServicePatch
from incident_app.catalog.service import create_service, update_service
from incident_app.extensions import db
from incident_app.models import Service
from incident_app.simulation.topology import Topology


def ensure_catalog(topology: Topology) -> list[str]:
    """Create the missing services (callees first) and add missing dependency edges; returns
    the names of the services created."""
    existing = {
        s.name: s
        for s in db.session.scalars(
            select(Service).where(Service.name.in_(list(topology.services)))
        )
    }
    created = []
    for name in topology.order:
        spec = topology.services[name]
        wanted = sorted(spec.calls)
        service = existing.get(name)
        if service is None:
            existing[name] = create_service(
                ServiceCreate(
                    name=name,
                    description=spec.description,
                    namespace=topology.namespace,
                    tier=spec.tier,
                    owner_team=spec.owner_team,
                    users_served=spec.users_served,
                    revenue_per_hour=spec.revenue_per_hour,
                    depends_on=wanted,
                )
            )
            created.append(name)
        elif missing := [d for d in wanted if d not in service.dependency_names]:
            update_service(service.id, ServicePatch(depends_on=service.dependency_names + missing))
    return created
