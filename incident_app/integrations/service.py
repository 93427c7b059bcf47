"""Integration use cases: create (the only time the token is seen), list, delete."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from incident_app.errors import ApiError, not_found
from incident_app.extensions import db
from incident_app.integrations.schemas import IntegrationCreate, IntegrationQuery
from incident_app.integrations.tokens import hash_token, new_token, token_hint
from incident_app.models import Integration, User
from incident_app.pagination import paginate


def create_integration(data: IntegrationCreate, actor: User) -> dict[str, Any]:
    if db.session.scalar(select(Integration.id).where(Integration.name == data.name)):
        raise ApiError(
            409,
            "already_exists",
            f"An integration named {data.name} already exists",
            [{"field": "name", "message": "already exists"}],
        )
    token = new_token()
    integration = Integration(
        id=uuid.uuid4(),
        name=data.name,
        kind=data.kind,
        token_hash=hash_token(token),
        token_hint=token_hint(token),
        created_by=actor,
    )
    db.session.add(integration)
    db.session.commit()
    return {
        **{name: getattr(integration, name) for name in ("id", "name", "kind", "token_hint")},
        "created_by": integration.created_by,
        "created_at": integration.created_at,
        "token": token,
        "webhook_path": f"/api/alerts/{integration.kind.value}",
    }


def list_integrations(query: IntegrationQuery) -> dict[str, Any]:
    stmt = select(Integration).order_by(Integration.name)
    if query.kind is not None:
        stmt = stmt.where(Integration.kind == query.kind)
    return paginate(stmt, query)


def delete_integration(integration_id: uuid.UUID) -> None:
    """Revoke the token at once; alerts already received stay with their incidents."""
    integration = db.session.get(Integration, integration_id)
    if integration is None:
        raise not_found("integration", integration_id)
    db.session.delete(integration)
    db.session.commit()
