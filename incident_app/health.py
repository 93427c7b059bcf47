"""`GET /health`: liveness and dependency status for load balancers and operators.

Anyone (a load balancer, a probe) gets the statuses alone; an admin's bearer token gets the
details too (latencies, the sources' URLs, the errors), since driver errors name hosts and
ports. URLs and errors are shown with their userinfo masked either way."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_jwt_extended import current_user, verify_jwt_in_request
from sqlalchemy import text

from incident_app.correlation.health import telemetry_status
from incident_app.correlation.sources.access import mask_urls
from incident_app.extensions import db, get_redis
from incident_app.incidents.cache import cache_status
from incident_app.models import Role

bp = Blueprint("health", __name__)
PUBLIC_KEYS = frozenset({"status", "source"})  # what anyone may see of a check


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # any failure is a "down" dependency, reported not raised
        return {"status": "down", "error": type(exc).__name__ + ": " + str(exc)[:200]}
    return {"status": "up", "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def _is_admin() -> bool:
    """An admin's valid access token; no token, or any other, means the public view."""
    if not request.headers.get("Authorization"):
        return False
    try:
        verify_jwt_in_request()
    except Exception:  # invalid, expired, revoked: a health check never fails for it
        return False
    return bool(current_user.role.allows(Role.admin))


def _shown(check: dict[str, Any], details: bool) -> dict[str, Any]:
    if not details:
        return {k: v for k, v in check.items() if k in PUBLIC_KEYS}
    return {k: mask_urls(v) if isinstance(v, str) else v for k, v in check.items()}


@bp.get("/health")
def health() -> Response:
    """DB, Redis, the response cache and telemetry-source status; 503 only when the database
    (which every request needs) is down: a down telemetry source degrades analyses, not the
    API."""
    checks: dict[str, Any] = {"database": _timed(lambda: db.session.execute(text("SELECT 1")))}
    db.session.rollback()
    client = get_redis()
    checks["redis"] = _timed(client.ping) if client is not None else {"status": "disabled"}
    checks["response_cache"] = cache_status()
    telemetry = telemetry_status(current_app.extensions["rootline.plugins"], current_app.config)
    healthy = checks["database"]["status"] == "up"
    degraded = any(c["status"] == "down" for c in (*checks.values(), *telemetry.values()))
    details = _is_admin()
    body = {
        "status": "ok" if not degraded else ("degraded" if healthy else "down"),
        "checks": {
            **{name: _shown(check, details) for name, check in checks.items()},
            "telemetry": {name: _shown(check, details) for name, check in telemetry.items()},
        },
    }
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    return response
