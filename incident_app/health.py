"""`GET /health`: public liveness and dependency status for load balancers and operators."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from incident_app.correlation.health import telemetry_status
from incident_app.extensions import db, get_redis

bp = Blueprint("health", __name__)


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # any failure is a "down" dependency, reported not raised
        return {"status": "down", "error": type(exc).__name__ + ": " + str(exc)[:200]}
    return {"status": "up", "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


@bp.get("/health")
def health() -> Response:
    """DB, Redis and telemetry-source status; 503 only when the database (which every request
    needs) is down: a down telemetry source degrades analyses, not the API."""
    checks: dict[str, Any] = {"database": _timed(lambda: db.session.execute(text("SELECT 1")))}
    db.session.rollback()
    client = get_redis()
    checks["redis"] = _timed(client.ping) if client is not None else {"status": "disabled"}
    checks["telemetry"] = telemetry_status(
        current_app.extensions["rootline.plugins"], current_app.config
    )
    healthy = checks["database"]["status"] == "up"
    degraded = any(c.get("status") == "down" for c in checks.values()) or any(
        t["status"] == "down" for t in checks["telemetry"].values()
    )
    body = {
        "status": "ok" if not degraded else ("degraded" if healthy else "down"),
        "checks": checks,
    }
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    return response
