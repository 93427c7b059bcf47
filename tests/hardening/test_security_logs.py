"""No secrets in logs: a whole session (register, login, refresh, integration token and webhook
delivery, the event stream with ?access_token=, failures, logout) logs no password, JWT, refresh
token or integration token, in our JSON access log, error logs, or the HTTP server's own log."""

from __future__ import annotations

import json
import logging
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from conftest import make_app
from flask import Flask
from flask.testing import FlaskClient
from gunicorn.config import Config as GunicornConfig
from gunicorn.glogging import Logger as GunicornLogger
from werkzeug.serving import make_server

from incident_app.observability import JsonFormatter
from incident_app.security import RedactQuerySecrets, redact

PASSWORD = "tangerine-Otter-42"
WRONG = "wrong-Marmot-17"
GRAFANA = {
    "version": "1",
    "status": "firing",
    "receiver": "rootline",
    "orgId": 1,
    "title": "Secrets",
    "state": "alerting",
    "groupKey": '{}:{alertname="Secrets"}',
    "groupLabels": {"alertname": "Secrets"},
    "commonLabels": {"alertname": "Secrets"},
    "commonAnnotations": {},
    "externalURL": "http://grafana:3000",
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "Secrets"},
            "annotations": {},
            "startsAt": "2026-01-01T00:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "fingerprint": "secrets000000001",
        }
    ],
}


class Capture(logging.Handler):
    """Every record, rendered as the production JSON formatter would write it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []
        self.formatter_ = JsonFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.formatter_.format(record))


@pytest.fixture
def captured() -> Iterator[Capture]:
    """Attached to the root logger and to the loggers that do not propagate (rootline.*)."""
    handler = Capture()
    loggers = [logging.getLogger(), logging.getLogger("rootline"), logging.getLogger("werkzeug")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@pytest.fixture
def logged(pg_url: str, app: Flask) -> Flask:
    return make_app(pg_url, ACCESS_LOG=True, EVENT_STREAM_SECONDS=0.2)


def _session(client: FlaskClient) -> list[str]:
    """Run the flow; return every secret it handled."""
    user = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
    assert client.post("/api/auth/register", json=user).status_code == 201
    tokens = client.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    access, refresh = tokens.get_json()["access_token"], tokens.get_json()["refresh_token"]
    auth = {"Authorization": f"Bearer {access}"}
    renewed = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {refresh}"})
    access2 = renewed.get_json()["access_token"]
    created = client.post("/api/integrations", json={"name": "g", "kind": "grafana"}, headers=auth)
    token = created.get_json()["token"]
    delivery = client.post(
        "/api/alerts/grafana", json=GRAFANA, headers={"Authorization": f"Bearer {token}"}
    )
    assert delivery.status_code == 200, delivery.get_json()
    stream = client.get(f"/api/events/stream?access_token={access2}")
    assert stream.status_code == 200
    stream.close()
    # Failures: wrong password, weak password, a token where it is not accepted, bad JSON.
    assert client.post("/api/auth/login", json={"username": "ada", "password": WRONG}).status_code
    weak = {"username": "bob", "email": "b@example.com", "password": "password123"}
    assert client.post("/api/auth/register", json=weak).status_code == 422
    assert client.get(f"/api/incidents?access_token={access2}").status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": f"Bearer {token}"}).status_code
    broken = client.post(
        "/api/auth/login", data=f'{{"password": "{PASSWORD}"', content_type="application/json"
    )
    assert broken.status_code == 400
    assert client.get("/rq/", auth=("ada", WRONG)).status_code == 401
    logout = client.post("/api/auth/logout", json={"refresh_token": refresh}, headers=auth)
    assert logout.status_code == 204
    return [PASSWORD, WRONG, "password123", access, refresh, access2, token]


def _fragments(secrets: list[str]) -> list[str]:
    """Each secret, and each part of a JWT (header and payload are not secret; the signature
    is, and the payload names the user's email, which logs should not need)."""
    parts = list(secrets)
    for secret in secrets:
        if secret.count(".") == 2:
            parts.extend(secret.split(".")[1:])
    return parts


def test_a_whole_session_logs_no_secret(logged: Flask, captured: Capture) -> None:
    secrets = _session(logged.test_client())
    access_lines = [json.loads(line) for line in captured.lines if '"rootline.access"' in line]
    assert len(access_lines) == 13  # one line per request: the access log really was on
    assert {"path": "/api/events/stream", "status": 200}.items() <= next(
        entry for entry in access_lines if entry["path"] == "/api/events/stream"
    ).items()
    text = "\n".join(captured.lines)
    leaked = [f for f in _fragments(secrets) if f in text]
    assert leaked == []


def test_the_http_servers_request_log_masks_query_tokens(logged: Flask, captured: Capture) -> None:
    """werkzeug's server (flask run) logs each request line, query string included."""
    client = logged.test_client()
    client.post(
        "/api/auth/register",
        json={"username": "ada", "email": "ada@example.com", "password": PASSWORD},
    )
    login = client.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    access = login.get_json()["access_token"]
    server = make_server("127.0.0.1", 0, logged, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.port}/api/events/stream?access_token={access}"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            response.read()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url.replace("/events/stream", "/incidents"), timeout=10)
    finally:
        server.shutdown()
        thread.join(5)
    lines = [r.getMessage() for r in captured.records if r.name == "werkzeug"]
    assert any("/api/events/stream?access_token=[redacted] " in line for line in lines), lines
    assert not [f for f in _fragments([access]) if f in "\n".join(captured.lines)]


def test_gunicorn_access_atoms_are_masked() -> None:
    """gunicorn formats its access line from a dict of atoms: request line, query, URL."""
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(q)s', None, None
    )
    record.args = {
        "h": "10.0.0.1",
        "r": "GET /s?access_token=abc.def.ghi HTTP/1.1",
        "q": "token=rl_x",
    }
    assert RedactQuerySecrets().filter(record)
    assert record.getMessage() == (
        '10.0.0.1 "GET /s?access_token=[redacted] HTTP/1.1" token=[redacted]'
    )


def test_percent_encoded_secret_names_are_masked_too() -> None:
    """Issue 15 item 13: Flask decodes `access_tok%65n` to `access_token` (and accepts it), so
    the mask judges names after percent-decoding; gunicorn logs them still encoded."""
    for raw in ("access_tok%65n", "access%5Ftoken", "REFRESH_TOKEN", "pass%77ord", "api%5fkey"):
        line = f"GET /api/events/stream?page=2&{raw}=abc.def.ghi&x=1 HTTP/1.1"
        masked = f"GET /api/events/stream?page=2&{raw}=[redacted]&x=1 HTTP/1.1"
        assert redact(line) == masked
    assert redact("GET /api/incidents?page=2&per_page=5 HTTP/1.1").endswith("per_page=5 HTTP/1.1")


def test_gunicorns_access_log_masks_an_encoded_stream_token(
    logged: Flask, captured: Capture
) -> None:
    """End to end through gunicorn's own access logger (its atoms, its default format)."""
    client = logged.test_client()
    client.post(
        "/api/auth/register",
        json={"username": "ada", "email": "ada@example.com", "password": PASSWORD},
    )
    login = client.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    access = login.get_json()["access_token"]
    query = f"access_tok%65n={access}"
    stream = client.get(f"/api/events/stream?{query}")
    assert stream.status_code == 200  # the encoded name is a working token parameter
    stream.close()

    config = GunicornConfig()
    config.set("accesslog", os.devnull)
    server_log = GunicornLogger(config)
    gunicorn_access = logging.getLogger("gunicorn.access")
    gunicorn_access.addHandler(captured)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/events/stream?{query}",
        "PATH_INFO": "/api/events/stream",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"http://rootline/api/events/stream?{query}",
    }
    try:
        response = SimpleNamespace(status="200 OK", sent=0, headers=[])
        server_log.access(response, SimpleNamespace(headers=[]), environ, timedelta(0))
    finally:
        gunicorn_access.removeHandler(captured)
        for logger in (server_log.access_log, server_log.error_log):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
                handler.close()
    lines = [r.getMessage() for r in captured.records if r.name == "gunicorn.access"]
    assert len(lines) == 1 and "GET /api/events/stream?access_tok%65n=[redacted] " in lines[0]
    assert not [f for f in _fragments([access]) if f in lines[0]]
