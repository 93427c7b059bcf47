"""Read paths for incidents (the board's list and one incident), built from plain rows.

Loading ORM objects (incidents, both users and every service link, each a tracked instance)
then reading them back attribute by attribute cost most of a list request. These queries
select only what IncidentOut shows, with the commander and creator joined into the incident
row, and the service links of the whole page in one more query: three statements per page
whatever its size, counted total included. Writes keep using the ORM (service.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import aliased

from incident_app.errors import not_found
from incident_app.extensions import db
from incident_app.models import Incident, IncidentService, Service, User

COMMANDER, CREATOR = aliased(User), aliased(User)
FIELDS = (
    "id",
    "title",
    "description",
    "severity",
    "status",
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "root_cause",
    "resolution",
    "mtta_seconds",
    "mttr_seconds",
    "timeline_locked",
    "created_at",
    "updated_at",
)
COLUMNS = (
    *(getattr(Incident, name) for name in FIELDS),
    Incident.meta,
    COMMANDER.id.label("commander_id"),
    COMMANDER.username.label("commander_username"),
    CREATOR.id.label("creator_id"),
    CREATOR.username.label("creator_username"),
)


def incident_rows(*where: ColumnElement[bool]) -> Select[Any]:
    """Incidents as IncidentOut's columns; add ordering and limits to taste."""
    return (
        select(*COLUMNS)
        .outerjoin(COMMANDER, COMMANDER.id == Incident.commander_id)
        .outerjoin(CREATOR, CREATOR.id == Incident.created_by_id)
        .where(*where)
    )


def count_incidents(*where: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).select_from(Incident).where(*where)) or 0


def shape(rows: list[Any]) -> list[dict[str, Any]]:
    """Rows -> dicts IncidentOut validates (aliases included), with their services in order."""
    links: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    if rows:
        stmt = (
            select(
                IncidentService.incident_id,
                IncidentService.service_id,
                Service.name,
                IncidentService.impact_level,
            )
            .join(Service, Service.id == IncidentService.service_id)
            .where(IncidentService.incident_id.in_([row.id for row in rows]))
            .order_by(IncidentService.incident_id, IncidentService.position)
        )
        for incident_id, service_id, name, impact in db.session.execute(stmt):
            links[incident_id].append(
                {"service_id": service_id, "name": name, "impact_level": impact}
            )
    items = []
    for row in rows:
        item = row._asdict()
        commander_id, commander = item.pop("commander_id"), item.pop("commander_username")
        creator_id, creator = item.pop("creator_id"), item.pop("creator_username")
        item["commander"] = {"id": commander_id, "username": commander} if commander_id else None
        item["created_by"] = {"id": creator_id, "username": creator} if creator_id else None
        item["service_links"] = links.get(item["id"], [])
        items.append(item)
    return items


def read_incident(incident_id: uuid.UUID) -> dict[str, Any]:
    """One incident as IncidentOut's input, or a 404."""
    rows = list(db.session.execute(incident_rows(Incident.id == incident_id)))
    if not rows:
        raise not_found("incident", incident_id)
    return shape(rows)[0]
