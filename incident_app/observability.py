"""Request ids, one structured JSON access-log line per request, and the request metrics."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request
from flask_jwt_extended import get_jwt_identity

from incident_app.correlation.sources.access import mask_urls
from incident_app.telemetry.metrics import record_request

access_log = logging.getLogger("rootline.access")
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class JsonFormatter(logging.Formatter):
    """Log records as one JSON object per line (extra fields merged in), URL userinfo masked."""

    RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in self.RESERVED})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return mask_urls(json.dumps(entry, default=str))


def configure_logging() -> None:
    """Send `rootline.*` loggers to stderr as JSON lines (once per process)."""
    root = logging.getLogger("rootline")
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False


def init_request_logging(app: Flask) -> None:
    if app.config.get("ACCESS_LOG", True):
        configure_logging()

    @app.before_request
    def start_request() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish_request(response: Response) -> Response:
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        rule = request.url_rule
        record_request(
            request.method, rule.rule if rule else "unmatched", response.status_code, elapsed
        )
        if app.config.get("ACCESS_LOG", True):
            access_log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 2),
                    "user_id": _user_id(),
                    "remote_addr": request.remote_addr,
                },
            )
        return response


def _user_id() -> str | None:
    try:
        identity = get_jwt_identity()
    except RuntimeError:  # no JWT was verified for this request
        return None
    return str(identity) if identity else None
