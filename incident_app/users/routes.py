"""User directory under /api/users: everyone signed in reads, admins change roles and access."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_jwt_extended import current_user
from sqlalchemy import func, select

from incident_app.api.operation import operation
from incident_app.api.schemas import Page
from incident_app.auth.schemas import UserOut
from incident_app.errors import ApiError, not_found
from incident_app.extensions import db
from incident_app.models import Role, User
from incident_app.pagination import paginate
from incident_app.users.schemas import UserPatch, UserQuery

bp = Blueprint("users", __name__, url_prefix="/api/users")
TAG = "users"


@bp.get("")
@operation("List users", role=Role.viewer, tag=TAG, query=UserQuery, response=Page[UserOut])
def list_users(query: UserQuery) -> Any:
    stmt = select(User).order_by(User.username)
    if query.role is not None:
        stmt = stmt.where(User.role == query.role)
    if query.q:
        q = query.q.lower()  # `%` and `_` in q are literal, not LIKE wildcards
        stmt = stmt.where(
            User.username.contains(q, autoescape=True)
            | func.lower(User.email).contains(q, autoescape=True)
        )
    return paginate(stmt, query)


@bp.get("/<uuid:user_id>")
@operation("Get a user", role=Role.viewer, tag=TAG, response=UserOut)
def get_user(user_id: uuid.UUID) -> Any:
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


@bp.patch("/<uuid:user_id>")
@operation(
    "Change a user's role or access", role=Role.admin, tag=TAG, body=UserPatch, response=UserOut
)
def patch_user(user_id: uuid.UUID, body: UserPatch) -> Any:
    user = db.session.get(User, user_id, with_for_update=True)
    if user is None:
        raise not_found("user", user_id)
    demoted = body.role is not None and body.role != Role.admin
    disabled = body.is_active is False
    if user.role == Role.admin and user.is_active and (demoted or disabled):
        # Lock every active admin row, so two admins demoting each other at once serialize.
        admins = db.session.scalars(
            select(User.id)
            .where(User.role == Role.admin, User.is_active.is_(True))
            .with_for_update()
        ).all()
        if len(admins) <= 1:
            raise ApiError(409, "last_admin", "Rootline needs at least one active admin")
    if user.id == current_user.id and disabled:
        raise ApiError(409, "cannot_disable_self", "You cannot disable your own account")
    for field in body.model_fields_set:
        setattr(user, field, getattr(body, field))
    if disabled:
        user.sign_out_everywhere()  # re-enabling later must not revive the old tokens
    db.session.commit()
    return user
