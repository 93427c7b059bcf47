"""SLO endpoints under /api/slos: everyone reads, admins define."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, current_app

from incident_app.api.operation import operation
from incident_app.api.ratelimit import user_rate_key
from incident_app.api.schemas import Page
from incident_app.extensions import limiter
from incident_app.models import Role
from incident_app.slos import service, transfer
from incident_app.slos.report_schemas import (
    HistoryOut,
    HistoryQuery,
    RulesOut,
    SloStatusOut,
    StatusQuery,
)
from incident_app.slos.rules import rule_file
from incident_app.slos.schemas import (
    ExportQuery,
    OpenSloExportOut,
    OpenSloImportIn,
    OpenSloImportOut,
    SloCreate,
    SloOut,
    SloPatch,
    SloQuery,
)
from incident_app.slos.views import slo_view

bp = Blueprint("slos", __name__, url_prefix="/api/slos")
TAG = "slos"
PROMETHEUS_DOWN = {503: "Prometheus is not configured, unreachable, or rejects the query"}


@bp.get("")
@operation("List SLOs", role=Role.viewer, tag=TAG, query=SloQuery, response=Page[SloOut])
def list_slos(query: SloQuery) -> Any:
    return service.list_slos(query)


@bp.post("")
@operation(
    "Define an SLO (its queries are checked at Prometheus)",
    role=Role.admin,
    tag=TAG,
    body=SloCreate,
    response=SloOut,
    status=201,
    extra_responses={409: "The name is taken", **PROMETHEUS_DOWN},
)
def create_slo(body: SloCreate) -> Any:
    return service.create_slo(body)


@bp.get("/rules")
@operation(
    "Prometheus recording and alerting rules for every SLO (a rule file; JSON is YAML)",
    role=Role.viewer,
    tag=TAG,
    response=RulesOut,
)
def rules() -> Any:
    return rule_file(service.all_slos())


@bp.get("/export")
@operation(
    "Export SLOs as OpenSLO v1 documents",
    role=Role.viewer,
    tag=TAG,
    query=ExportQuery,
    response=OpenSloExportOut,
)
def export(query: ExportQuery) -> Any:
    return transfer.export_slos(query.service)


@bp.post("/import")
@operation(
    "Import OpenSLO v1 documents (create, or redefine by name; all or nothing)",
    role=Role.admin,
    tag=TAG,
    body=OpenSloImportIn,
    response=OpenSloImportOut,
    extra_responses=PROMETHEUS_DOWN,
)
def import_(body: OpenSloImportIn) -> Any:
    return transfer.import_slos(body.yaml)


@bp.get("/<uuid:slo_id>")
@operation("Get an SLO with its latest evaluation", role=Role.viewer, tag=TAG, response=SloOut)
def get_slo(slo_id: uuid.UUID) -> Any:
    return slo_view(service.get_slo(slo_id))


@bp.patch("/<uuid:slo_id>")
@operation(
    "Change an SLO",
    role=Role.admin,
    tag=TAG,
    body=SloPatch,
    response=SloOut,
    extra_responses={409: "The name is taken", **PROMETHEUS_DOWN},
)
def patch_slo(slo_id: uuid.UUID, body: SloPatch) -> Any:
    return service.update_slo(slo_id, body)


@bp.delete("/<uuid:slo_id>")
@operation("Delete an SLO and its history", role=Role.admin, tag=TAG)
def delete_slo(slo_id: uuid.UUID) -> None:
    service.delete_slo(slo_id)


@bp.get("/<uuid:slo_id>/status")
@limiter.limit(lambda: current_app.config["SLO_STATUS_RATE_LIMIT"], key_func=user_rate_key)
@operation(
    "Evaluate an SLO at Prometheus now (or at `at`): SLI, error budget, burn rates, tiers",
    role=Role.viewer,
    tag=TAG,
    query=StatusQuery,
    response=SloStatusOut,
    description="Evaluated at `at` (or now) rounded down to SLO_STATUS_CACHE_SECONDS, and "
    "answered from the cache within that bucket; SLO_STATUS_RATE_LIMIT calls per user.",
    extra_responses={**PROMETHEUS_DOWN, 429: "Too many status calls (SLO_STATUS_RATE_LIMIT)"},
)
def status(slo_id: uuid.UUID, query: StatusQuery) -> Any:
    return service.live_status(slo_id, query.at)


@bp.get("/<uuid:slo_id>/history")
@operation(
    "The periodic evaluations of an SLO, oldest first (for budget and burn charts)",
    role=Role.viewer,
    tag=TAG,
    query=HistoryQuery,
    response=HistoryOut,
)
def history(slo_id: uuid.UUID, query: HistoryQuery) -> Any:
    return service.slo_history(slo_id, query)
