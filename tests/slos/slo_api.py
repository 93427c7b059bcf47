"""Helpers for the SLO tests: define SLOs through the API, point the app at a Prometheus (or
serve it to one), and compare reported figures with exact expectations to 4 decimals."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

FOUR = Decimal("0.0001")


def create_slo(client: FlaskClient, admin: Actor, **fields: Any) -> dict[str, Any]:
    body = {"sli": {"type": "availability"}, "target": 99.9, **fields}
    response = client.post("/api/slos", json=body, headers=admin.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def slo_status(
    client: FlaskClient, actor: Actor, slo_id: str, at: int | None = None
) -> dict[str, Any]:
    query = {} if at is None else {"at": datetime.fromtimestamp(at, UTC).isoformat()}
    response = client.get(f"/api/slos/{slo_id}/status", query_string=query, headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def four(value: float | None) -> Decimal | None:
    """A reported figure to 4 decimals."""
    return None if value is None else Decimal(repr(value)).quantize(FOUR)


def exact(value: Decimal) -> Decimal:
    return value.quantize(FOUR)


@contextmanager
def prometheus_at(app: Flask, url: str) -> Iterator[None]:
    """Evaluate SLOs against `url` for the duration (the app's setting is restored after)."""
    previous = app.config["PROMETHEUS_URL"]
    app.config["PROMETHEUS_URL"] = url
    try:
        yield
    finally:
        app.config["PROMETHEUS_URL"] = previous


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve `app` over real HTTP (for Prometheus to scrape); yield host:port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
