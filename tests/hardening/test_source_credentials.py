"""Issue 15 item 2: telemetry credentials have their own settings (tenant, Basic, bearer) that
reach the backends, and no URL userinfo or driver error leaks through `/health`, errors, logs
or analysis reports."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import REDIS_URL, Actor, make_app
from fakes import FakeHttpServer, free_port, static
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_service

from incident_app.correlation.sources.access import Credentials, check_source_settings, mask_urls
from incident_app.correlation.sources.builtin import rootline_telemetry_source
from incident_app.correlation.sources.loki import LokiSource
from incident_app.correlation.sources.prometheus import PrometheusSource
from incident_app.correlation.types import AnalysisContext, ServiceTarget, Signal
from incident_app.extensions import db
from incident_app.observability import JsonFormatter
from incident_app.slos.prometheus import instant, require_api

SECRET = "s3cret-pa55"
VECTOR = {"status": "success", "data": {"resultType": "vector", "result": []}}
READY = {r"/-/ready|/ready": static(200, "ready"), "/api/v1/query": static(200, VECTOR)}
PREFIX = {Signal.metrics: "PROMETHEUS", Signal.logs: "LOKI", Signal.traces: "TEMPO"}


@pytest.fixture
def fake() -> Iterator[FakeHttpServer]:
    with FakeHttpServer(READY) as server:
        yield server


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _source(signal: Signal, url: str, **settings: str) -> Any:
    prefix = PREFIX[signal]
    named = {f"{prefix}_{key}": value for key, value in settings.items()}
    return rootline_telemetry_source(signal=signal, settings={f"{prefix}_URL": url, **named})


@pytest.mark.parametrize("signal", list(PREFIX), ids=lambda s: s.value)
@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"TENANT": "team-a"}, {"x-scope-orgid": "team-a"}),
        ({"USERNAME": "ro", "PASSWORD": SECRET}, {"authorization": basic("ro", SECRET)}),
        ({"BEARER_TOKEN": "tok-123", "TENANT": "t"}, {"authorization": "Bearer tok-123"}),
    ],
    ids=["tenant", "basic", "bearer"],
)
def test_each_source_sends_its_own_credentials(
    fake: FakeHttpServer, signal: Signal, settings: dict[str, str], expected: dict[str, str]
) -> None:
    assert _source(signal, fake.url, **settings).check()["status"] == "up"
    assert fake.headers and all(expected.items() <= h.items() for h in fake.headers)


def test_userinfo_in_the_url_is_sent_as_basic_and_masked(fake: FakeHttpServer) -> None:
    url = fake.url.replace("http://", f"http://ops:{SECRET}@")
    check = PrometheusSource(url).check()
    assert check["url"] == fake.url.replace("http://", "http://***@")
    assert fake.headers[0]["authorization"] == basic("ops", SECRET)


def test_the_slo_client_sends_the_prometheus_credentials(app: Flask, fake: FakeHttpServer) -> None:
    settings = {"PROMETHEUS_URL": fake.url, "PROMETHEUS_TENANT": "slo-team"}
    settings |= {"PROMETHEUS_BEARER_TOKEN": "slo-token"}
    with app.test_request_context():
        previous = {k: app.config[k] for k in settings}
        app.config.update(settings)
        try:
            assert instant(require_api(), "vector(1)") == []
        finally:
            app.config.update(previous)
    assert fake.headers[0]["x-scope-orgid"] == "slo-team"
    assert fake.headers[0]["authorization"] == "Bearer slo-token"


def test_basic_and_bearer_together_refuse_to_start() -> None:
    settings = {"LOKI_USERNAME": "a", "LOKI_BEARER_TOKEN": "b"}
    with pytest.raises(RuntimeError, match="LOKI_BEARER_TOKEN or LOKI_USERNAME"):
        check_source_settings(settings)


def test_masking_covers_every_url_in_a_text() -> None:
    text = f"redis://:{SECRET}@redis:6379/0 and https://u:{SECRET}@h/x, https://h/y?to=a@b"
    masked = "redis://***@redis:6379/0 and https://***@h/x, https://h/y?to=a@b"
    assert mask_urls(text) == masked
    assert mask_urls("http://ops:p@ss@host:9090/x") == "http://***@host:9090/x"


def test_anonymous_health_shows_statuses_only_admins_get_masked_details(
    pg_url: str, app: Flask, admin: Actor, fake: FakeHttpServer
) -> None:
    dead = f"http://ops:{SECRET}@127.0.0.1:{free_port()}"
    url = fake.url.replace("http://", f"http://ops:{SECRET}@")
    configured = make_app(pg_url, PROMETHEUS_URL=url, LOKI_URL=dead)
    client = configured.test_client()
    public = client.get("/health")
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert SECRET not in text and "127.0.0.1" not in text and "url" not in text
    assert public.get_json()["checks"]["telemetry"]["metrics"] == {
        "source": "prometheus",
        "status": "up",
    }
    assert public.get_json()["checks"]["telemetry"]["logs"] == {"source": "loki", "status": "down"}
    detailed = client.get("/health", headers=admin.headers)
    assert SECRET not in detailed.get_data(as_text=True)
    telemetry = detailed.get_json()["checks"]["telemetry"]
    assert telemetry["metrics"]["url"] == fake.url.replace("http://", "http://***@")
    assert telemetry["logs"]["url"].startswith("http://***@127.0.0.1:")
    assert telemetry["logs"]["error"]


def test_database_down_health_names_no_host_or_port(app: Flask) -> None:
    port = free_port()
    down = make_app(f"postgresql://rootline:{SECRET}@127.0.0.1:{port}/rootline")
    try:
        response = down.test_client().get("/health")
    finally:
        with down.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == {"status": "down"}
    text = response.get_data(as_text=True)
    assert str(port) not in text and SECRET not in text and "127.0.0.1" not in text


def test_a_viewers_slo_status_error_shows_no_credentials(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    make_service(client, admin, "checkout")
    body = {"name": "checkout-avail", "service": "checkout", "sli": {"type": "availability"}}
    slo = client.post("/api/slos", json={**body, "target": 99.9}, headers=admin.headers)
    assert slo.status_code == 201, slo.get_json()
    previous = app.config["PROMETHEUS_URL"]
    app.config["PROMETHEUS_URL"] = f"http://ops:{SECRET}@127.0.0.1:{free_port()}"
    try:
        with caplog.at_level(logging.INFO):
            status = client.get(f"/api/slos/{slo.get_json()['id']}/status", headers=viewer.headers)
    finally:
        app.config["PROMETHEUS_URL"] = previous
    assert status.status_code == 503
    assert status.get_json()["error"]["code"] == "prometheus_unavailable"
    assert SECRET not in status.get_data(as_text=True)
    assert "http://***@127.0.0.1" in status.get_json()["error"]["message"]
    assert SECRET not in caplog.text


def test_analysis_reports_carry_masked_urls_only() -> None:
    source = LokiSource(f"http://ops:{SECRET}@127.0.0.1:{free_port()}", 1.0)
    now = datetime.now(UTC)
    context = AnalysisContext(
        started_at=now - timedelta(minutes=5),
        window_start=now - timedelta(minutes=10),
        window_end=now,
        services=(ServiceTarget(name="checkout", namespace="shop"),),
        step_seconds=15,
    )
    with pytest.raises(Exception) as failure:
        source.fetch(context)
    assert SECRET not in str(failure.value) and "http://***@127.0.0.1" in str(failure.value)


def test_redis_password_is_masked_in_health_for_admins(
    pg_url: str, app: Flask, admin: Actor
) -> None:
    down = make_app(
        pg_url,
        REDIS_URL=f"redis://:{SECRET}@127.0.0.1:{free_port()}/0",
        RATELIMIT_STORAGE_URI=REDIS_URL,
    )
    detailed = down.test_client().get("/health", headers=admin.headers)
    assert detailed.get_json()["checks"]["redis"]["status"] == "down"
    assert SECRET not in detailed.get_data(as_text=True)


def test_log_lines_mask_url_userinfo() -> None:
    record = logging.makeLogRecord({"msg": "connecting to %s", "args": (f"redis://:{SECRET}@r/0",)})
    assert JsonFormatter().format(record).count("redis://***@r/0") == 1


def test_credentials_never_show_in_their_repr() -> None:
    shown = repr(Credentials("t", "ops", SECRET, ""))
    assert SECRET not in shown and "ops" in shown
