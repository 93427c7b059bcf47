"""Resolving a user id sent in a request body (commander, assignee) to an active user."""

from __future__ import annotations

import uuid

from incident_app.errors import field_error
from incident_app.extensions import db
from incident_app.models import User


def active_user(user_id: uuid.UUID | None, field: str) -> User | None:
    """The active user with this id, None for None, or a 422 naming `field`."""
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise field_error(field, f"unknown or inactive user {user_id}")
    return user
