"""The RQ dashboard at /rq, for admins only (HTTP Basic with an admin's credentials, so a
browser can open it, or an admin's Bearer token)."""

from __future__ import annotations

import rq_dashboard
from flask import Flask, Response, request
from flask_jwt_extended import current_user, verify_jwt_in_request
from rq_dashboard.web import setup_rq_connection

from incident_app.auth.service import authenticate
from incident_app.errors import ApiError, error_response
from incident_app.models import Role

PREFIX = "/rq"


def _is_admin() -> bool:
    auth = request.authorization
    try:
        if auth is not None and auth.type == "basic":
            user = authenticate((auth.username or "").lower(), auth.password or "")
        else:
            verify_jwt_in_request()
            user = current_user
    except Exception:
        return False
    return bool(user.role.allows(Role.admin))


def mount_rq_dashboard(app: Flask) -> None:
    """Mount only when Redis is configured (embedded mode has no queue to show)."""
    if not app.config.get("REDIS_URL"):
        return
    app.config["RQ_DASHBOARD_REDIS_URL"] = [app.config["REDIS_URL"]]
    setup_rq_connection(app)
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=PREFIX)

    @app.before_request
    def admins_only() -> Response | None:
        if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
            return None
        try:
            if _is_admin():
                return None
        except ApiError:
            pass
        response = error_response(401, "unauthorized", "The job dashboard is for admins")
        response.headers["WWW-Authenticate"] = 'Basic realm="Rootline jobs"'
        return response
