"""Correlation endpoints: results per incident, re-analysis, and the analyzer registry."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, current_app
from flask_jwt_extended import current_user
from sqlalchemy import select

from incident_app.api.operation import operation
from incident_app.correlation.jobs import enqueue_analysis, plugins_for
from incident_app.correlation.merge import certainty
from incident_app.correlation.schemas import (
    AnalyzersOut,
    CorrelationsOut,
    CorrelationsQuery,
    RunOut,
)
from incident_app.errors import not_found
from incident_app.extensions import db
from incident_app.incidents.service import get_incident
from incident_app.models import AnalysisRun, Role, RunStatus

bp = Blueprint("correlation", __name__, url_prefix="/api")
TAG = "correlation"


@bp.get("/incidents/<uuid:incident_id>/correlations")
@operation(
    "Ranked root-cause hypotheses with their evidence, and every analysis run",
    role=Role.viewer,
    tag=TAG,
    query=CorrelationsQuery,
    response=CorrelationsOut,
)
def correlations(incident_id: uuid.UUID, query: CorrelationsQuery) -> Any:
    incident = get_incident(incident_id)
    runs = db.session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.incident_id == incident.id)
        .order_by(AnalysisRun.queued_at.desc(), AnalysisRun.id)
    ).all()
    if query.run_id is not None:
        shown = next((r for r in runs if r.id == query.run_id), None)
        if shown is None:
            raise not_found("analysis run", query.run_id)
    else:
        shown = next((r for r in runs if r.status == RunStatus.completed), None)
    hypotheses = shown.hypotheses if shown else []
    return {
        "incident_id": incident.id,
        "run": shown,
        "runs": runs,
        "hypotheses": hypotheses,
        "certainty": certainty([h.confidence for h in hypotheses]),
    }


@bp.post("/incidents/<uuid:incident_id>/analyze")
@operation(
    "Run the correlation analysis again", role=Role.responder, tag=TAG, response=RunOut, status=202
)
def reanalyze(incident_id: uuid.UUID) -> Any:
    return enqueue_analysis(get_incident(incident_id), "manual", current_user)


@bp.get("/analyzers")
@operation(
    "Registered analyzer plugins and plugins that failed to load",
    role=Role.viewer,
    tag=TAG,
    response=AnalyzersOut,
)
def analyzers() -> Any:
    return registry(current_app)


def registry(app: Any) -> dict[str, Any]:
    plugins = plugins_for(app)
    return {
        "analyzers": [
            {
                "name": name,
                "version": e.analyzer.version,
                "signals": [str(s) for s in e.analyzer.signals],
                "plugin": e.plugin,
                "distribution": e.distribution,
                "status": "enabled" if e.enabled else "disabled",
            }
            for name, e in sorted(plugins.analyzers.items())
        ],
        "failures": [{"plugin": k, "error": v} for k, v in sorted(plugins.failures.items())],
    }
