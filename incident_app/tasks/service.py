"""Task use cases; every change is written to the incident's timeline in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from incident_app.errors import not_found
from incident_app.extensions import db
from incident_app.incidents.service import get_incident
from incident_app.models import EventSource, Incident, IncidentTask, TaskStatus, User, utcnow
from incident_app.pagination import paginate
from incident_app.tasks.schemas import TaskCreate, TaskPatch, TaskQuery
from incident_app.timeline.service import ensure_unlocked, record_event
from incident_app.users.lookup import active_user


def _task(incident: Incident, task_id: uuid.UUID) -> IncidentTask:
    task = db.session.get(IncidentTask, task_id)
    if task is None or task.incident_id != incident.id:
        raise not_found("task", task_id)
    return task


def _record(incident: Incident, kind: str, task: IncidentTask, actor: User, **extra: Any) -> None:
    record_event(
        incident,
        f"task_{kind}",
        f"Task {kind}: {task.title}",
        source=EventSource.user,
        actor=actor,
        metadata={"task_id": str(task.id), "status": task.status.value, **extra},
    )


def list_tasks(incident_id: uuid.UUID, query: TaskQuery) -> dict[str, Any]:
    incident = get_incident(incident_id)
    stmt = select(IncidentTask).where(IncidentTask.incident_id == incident.id)
    if query.status is not None:
        stmt = stmt.where(IncidentTask.status == query.status)
    return paginate(stmt.order_by(IncidentTask.created_at, IncidentTask.id), query)


def get_task(incident_id: uuid.UUID, task_id: uuid.UUID) -> IncidentTask:
    return _task(get_incident(incident_id), task_id)


def create_task(incident_id: uuid.UUID, data: TaskCreate, actor: User) -> IncidentTask:
    incident = get_incident(incident_id, lock=True)
    ensure_unlocked(incident)
    task = IncidentTask(
        id=uuid.uuid4(),
        incident_id=incident.id,
        title=data.title,
        description=data.description,
        status=data.status,
        assignee=active_user(data.assignee_id, "assignee_id"),
        due_at=data.due_at,
        completed_at=utcnow() if data.status == TaskStatus.done else None,
    )
    db.session.add(task)
    _record(incident, "created", task, actor)
    db.session.commit()
    return task


def update_task(
    incident_id: uuid.UUID, task_id: uuid.UUID, patch: TaskPatch, actor: User
) -> IncidentTask:
    incident = get_incident(incident_id, lock=True)
    ensure_unlocked(incident)
    task = _task(incident, task_id)
    fields = patch.model_fields_set
    changes: dict[str, Any] = {}
    if "assignee_id" in fields:
        task.assignee = active_user(patch.assignee_id, "assignee_id")
        changes["assignee_id"] = str(patch.assignee_id) if patch.assignee_id else None
    for name in fields & {"title", "description", "due_at", "status"}:
        setattr(task, name, getattr(patch, name))
        changes[name] = getattr(patch, name)
    if "status" in fields:
        task.completed_at = utcnow() if task.status == TaskStatus.done else None
    _record(
        incident,
        "updated",
        task,
        actor,
        changes={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()},
    )
    db.session.commit()
    return task


def delete_task(incident_id: uuid.UUID, task_id: uuid.UUID, actor: User) -> None:
    incident = get_incident(incident_id, lock=True)
    ensure_unlocked(incident)
    task = _task(incident, task_id)
    _record(incident, "deleted", task, actor)
    db.session.delete(task)
    db.session.commit()
