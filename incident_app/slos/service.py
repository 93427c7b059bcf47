"""SLO use cases: define, change, delete, evaluate now, and read the history."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from pydantic import TypeAdapter
from sqlalchemy import select

from incident_app.correlation.sources._common import SourceError
from incident_app.errors import ApiError, field_error, not_found
from incident_app.extensions import db
from incident_app.models import Service, SliType, Slo, SloHistory, utcnow
from incident_app.pagination import paginate
from incident_app.slos.checks import check_sli
from incident_app.slos.evaluation import Evaluation
from incident_app.slos.measure import measure
from incident_app.slos.prometheus import QueryRejected, require_api, unavailable
from incident_app.slos.report_schemas import HistoryQuery, SloStatusOut
from incident_app.slos.schemas import AlertTierIn, Sli, SloCreate, SloPatch, SloQuery
from incident_app.slos.status_cache import bucket_start, cached_status
from incident_app.slos.views import slo_view, status_view

SLI_ADAPTER: TypeAdapter[Sli] = TypeAdapter(Sli)
PLAIN_FIELDS = ("description", "target", "window", "owner", "runbook_url", "min_events")
# Changing any of these makes the latest evaluation describe another objective.
DEFINING = frozenset({"service", "sli", "target", "window", "alert_tiers", "min_events"})


def get_slo(slo_id: uuid.UUID) -> Slo:
    slo = db.session.get(Slo, slo_id)
    if slo is None:
        raise not_found("SLO", slo_id)
    return slo


def _service_named(name: str, field: str) -> Service:
    service = db.session.scalar(select(Service).where(Service.name == name))
    if service is None:
        raise field_error(field, f"unknown service {name}")
    return service


def _ensure_name_free(name: str, current: Slo | None, field: str = "name") -> None:
    other = db.session.scalar(select(Slo).where(Slo.name == name))
    if other is not None and other is not current:
        raise ApiError(
            409,
            "already_exists",
            f"An SLO named {name} already exists",
            [{"field": field, "message": "already exists"}],
        )


def _tiers(tiers: list[AlertTierIn] | None) -> list[dict[str, Any]] | None:
    if tiers is None:
        return None
    return [t.model_dump(mode="json", exclude_none=True) for t in tiers]


def _set_sli(slo: Slo, sli: Sli) -> None:
    slo.sli_type = SliType(sli.type)
    slo.sli = sli.model_dump(mode="json")


def _forget_latest(slo: Slo) -> None:
    slo.status = slo.evaluated_at = slo.sli_percent = slo.budget_remaining_percent = None


def all_slos() -> list[Slo]:
    return list(db.session.scalars(select(Slo).order_by(Slo.name)))


def list_slos(query: SloQuery) -> dict[str, Any]:
    stmt = select(Slo).join(Slo.service).order_by(Slo.name)
    if query.service:
        stmt = stmt.where(Service.name == query.service)
    if query.status:
        stmt = stmt.where(Slo.status == query.status)
    page = paginate(stmt, query)
    return {**page, "items": [slo_view(s) for s in page["items"]]}


def write_slo(data: SloCreate, slo: Slo | None = None, prefix: str = "") -> Slo:
    """Create an SLO, or redefine `slo` entirely; checked at Prometheus; not committed."""
    _ensure_name_free(data.name, slo, f"{prefix}name")
    service = _service_named(data.service, f"{prefix}service")
    check_sli(data.sli, service, f"{prefix}sli")
    if slo is None:
        slo = Slo(id=uuid.uuid4())
        db.session.add(slo)
    else:
        _forget_latest(slo)
    slo.name, slo.service = data.name, service
    _set_sli(slo, data.sli)
    for name in PLAIN_FIELDS:
        setattr(slo, name, getattr(data, name))
    slo.alert_tiers = _tiers(data.alert_tiers)
    return slo


def create_slo(data: SloCreate) -> dict[str, Any]:
    slo = write_slo(data)
    db.session.commit()
    return slo_view(slo)


def update_slo(slo_id: uuid.UUID, patch: SloPatch) -> dict[str, Any]:
    slo = get_slo(slo_id)
    fields = patch.model_fields_set
    if patch.name is not None:
        _ensure_name_free(patch.name, slo)
        slo.name = patch.name
    if patch.service is not None:
        slo.service = _service_named(patch.service, "service")
    if patch.sli is not None:
        _set_sli(slo, patch.sli)
    if fields & {"service", "sli"}:
        check_sli(patch.sli or SLI_ADAPTER.validate_python(slo.sli), slo.service)
    for name in PLAIN_FIELDS:
        if name in fields:
            setattr(slo, name, getattr(patch, name))
    if "alert_tiers" in fields:
        slo.alert_tiers = _tiers(patch.alert_tiers)
    if fields & DEFINING:
        _forget_latest(slo)
    db.session.commit()
    return slo_view(slo)


def delete_slo(slo_id: uuid.UUID) -> None:
    db.session.delete(get_slo(slo_id))
    db.session.commit()


def evaluate_now(slo: Slo, at: datetime) -> Evaluation:
    """Measure for a request: Prometheus trouble becomes a 503 naming it."""
    try:
        return measure(require_api(), slo, at)[0]
    except QueryRejected as exc:
        message = f"Prometheus rejects the SLO's query: {exc}"
        raise ApiError(503, "prometheus_rejected", message) from None
    except SourceError as exc:
        raise unavailable(exc) from None


def live_status(slo_id: uuid.UUID, at: datetime | None) -> dict[str, Any]:
    """The SLO at `at` (default now), rounded down to its cache bucket (status_cache.py)."""
    slo = get_slo(slo_id)
    now = utcnow()
    if at is not None and at > now:
        raise field_error("query.at", "must not be in the future")
    moment = bucket_start(at or now, current_app.config["SLO_STATUS_CACHE_SECONDS"])

    def build() -> dict[str, Any]:
        view = status_view(slo, evaluate_now(slo, moment))
        return SloStatusOut.model_validate(view).model_dump(mode="json")

    return cached_status(slo, moment, build)


def slo_history(slo_id: uuid.UUID, query: HistoryQuery) -> dict[str, Any]:
    """The newest `limit` evaluations between since and until, oldest first (for charts)."""
    slo = get_slo(slo_id)
    until = query.until or utcnow()
    since = query.since or until - timedelta(hours=24)
    if since >= until:
        raise field_error("query.since", "must be before until")
    rows = db.session.scalars(
        select(SloHistory)
        .where(
            SloHistory.slo_id == slo.id,
            SloHistory.evaluated_at >= since,
            SloHistory.evaluated_at <= until,
        )
        .order_by(SloHistory.evaluated_at.desc(), SloHistory.id.desc())
        .limit(query.limit + 1)
    ).all()
    items = list(reversed(rows[: query.limit]))
    return {
        "slo_id": slo.id,
        "since": since,
        "until": until,
        "truncated": len(rows) > query.limit,
        "items": items,
    }
