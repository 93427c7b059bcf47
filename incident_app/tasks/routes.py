"""Task endpoints under /api/incidents/{id}/tasks."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.models import Role
from incident_app.tasks import service
from incident_app.tasks.schemas import TaskCreate, TaskOut, TaskPatch, TaskQuery

bp = Blueprint("tasks", __name__, url_prefix="/api/incidents/<uuid:incident_id>/tasks")
TAG = "tasks"
LOCKED = {409: "The incident is resolved; its timeline is locked"}


@bp.get("")
@operation(
    "List the incident's tasks", role=Role.viewer, tag=TAG, query=TaskQuery, response=Page[TaskOut]
)
def list_tasks(incident_id: uuid.UUID, query: TaskQuery) -> Any:
    return service.list_tasks(incident_id, query)


@bp.post("")
@operation(
    "Add a task",
    role=Role.responder,
    tag=TAG,
    body=TaskCreate,
    response=TaskOut,
    status=201,
    extra_responses=LOCKED,
)
def create_task(incident_id: uuid.UUID, body: TaskCreate) -> Any:
    return service.create_task(incident_id, body, current_user)


@bp.get("/<uuid:task_id>")
@operation("Get a task", role=Role.viewer, tag=TAG, response=TaskOut)
def get_task(incident_id: uuid.UUID, task_id: uuid.UUID) -> Any:
    return service.get_task(incident_id, task_id)


@bp.patch("/<uuid:task_id>")
@operation(
    "Change a task",
    role=Role.responder,
    tag=TAG,
    body=TaskPatch,
    response=TaskOut,
    extra_responses=LOCKED,
)
def patch_task(incident_id: uuid.UUID, task_id: uuid.UUID, body: TaskPatch) -> Any:
    return service.update_task(incident_id, task_id, body, current_user)


@bp.delete("/<uuid:task_id>")
@operation("Delete a task", role=Role.responder, tag=TAG, extra_responses=LOCKED)
def delete_task(incident_id: uuid.UUID, task_id: uuid.UUID) -> None:
    service.delete_task(incident_id, task_id, current_user)
