"""One JSON error shape for every failure: {"error": {"code", "message", "details"}}.

Every handler rolls back the session first, so a failed request never leaves partial writes.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from incident_app.extensions import db

log = logging.getLogger("rootline.errors")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


class ApiError(Exception):
    """An expected failure with a status, a stable machine-readable code and details."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def not_found(what: str, ident: object) -> ApiError:
    return ApiError(404, "not_found", f"{what} {ident} does not exist")


def field_error(field: str, message: str, status: int = 422) -> ApiError:
    code = "validation_error" if status == 422 else HTTP_CODES.get(status, "error")
    return ApiError(status, code, message, [{"field": field, "message": message}])


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    db.session.rollback()
    return _json_error(status, code, message, details)


def _json_error(status: int, code: str, message: str, details: Any = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    return response


def validation_details(exc: ValidationError, prefix: str = "") -> list[dict[str, str]]:
    """Pydantic errors as [{field, message, type}], field as a dotted path."""
    details = []
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        path = ".".join(str(part) for part in err["loc"])
        details.append(
            {
                "field": f"{prefix}{path}" if path else prefix.rstrip(".") or "body",
                "message": err["msg"],
                "type": err["type"],
            }
        )
    return details


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        response = error_response(
            status, HTTP_CODES.get(status, "error"), exc.description or exc.name
        )
        for name, value in exc.get_headers():
            if name.lower() in {"allow", "retry-after", "www-authenticate"}:
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def handle_database_down(exc: OperationalError | InterfaceError) -> Response:
        """The database is unreachable or dropped the connection (restart, failover): a quick
        503 the client may retry, and the pool's pre-ping reconnects once it is back."""
        log.warning("database unavailable: %s", str(exc.orig or exc).strip()[:300])
        try:
            db.session.rollback()
        except Exception:  # the connection is gone: discard the session with it
            db.session.remove()
        response = _json_error(
            503, "database_unavailable", "The database is unavailable; retry shortly."
        )
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(500, "internal_error", "An internal error occurred; it was logged.")
