"""Task request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from incident_app.api.schemas import Input, Output, PageQuery, Patch
from incident_app.models import TaskStatus
from incident_app.timeline.schemas import UserRef

TaskTitle = Annotated[str, StringConstraints(min_length=1, max_length=200)]
TaskText = Annotated[str, StringConstraints(max_length=20_000)]


class TaskCreate(Input):
    title: TaskTitle
    description: TaskText = ""
    assignee_id: uuid.UUID | None = None
    status: TaskStatus = TaskStatus.todo
    due_at: AwareDatetime | None = None


class TaskPatch(Patch):
    NULLABLE = frozenset({"assignee_id", "due_at"})

    title: TaskTitle | None = None
    description: TaskText | None = None
    assignee_id: uuid.UUID | None = None
    status: TaskStatus | None = None
    due_at: AwareDatetime | None = None


class TaskQuery(PageQuery):
    per_page: int = Field(100, ge=1, le=500)
    status: TaskStatus | None = None


class TaskOut(Output):
    id: uuid.UUID
    incident_id: uuid.UUID
    title: str
    description: str
    status: TaskStatus
    assignee: UserRef | None
    due_at: datetime | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
