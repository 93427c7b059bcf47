"""Bounded, counted pages over any SELECT (the page size cap lives in PageQuery)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from incident_app.api.schemas import PageQuery
from incident_app.extensions import db


def paginate(stmt: Select[Any], query: PageQuery) -> dict[str, Any]:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = (
        db.session.scalars(stmt.limit(query.per_page).offset((query.page - 1) * query.per_page))
        .unique()
        .all()
    )
    return {"items": items, "total": total or 0, "page": query.page, "per_page": query.per_page}
