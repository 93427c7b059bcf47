"""Issue 15 item 7: viewers cannot make Prometheus work. Live SLO statuses are evaluated once
per SLO and time bucket (shared through Redis, or per process without it) and rate-limited per
user, and one `flask slo evaluate` cycle asks per SLO, not per open incident."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import REDIS_URL, Actor, create_actor, make_app
from fakes import FakeHttpServer, static
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, make_service
from sqlalchemy import select

from incident_app.extensions import db
from incident_app.models import Incident, Role, utcnow
from incident_app.slos.impact import update_impact
from incident_app.slos.prometheus import require_api

EMPTY = {"status": "success", "data": {"resultType": "vector", "result": []}}
QUERY = "/api/v1/query"


@pytest.fixture
def prometheus() -> Iterator[FakeHttpServer]:
    with FakeHttpServer({QUERY: static(200, EMPTY)}) as fake:
        yield fake


@contextmanager
def prometheus_at(app: Flask, url: str) -> Iterator[None]:
    app.config["PROMETHEUS_URL"] = url
    try:
        yield
    finally:
        app.config["PROMETHEUS_URL"] = ""


def queries(fake: FakeHttpServer) -> int:
    return fake.paths().count(QUERY)


def _slo(client: FlaskClient, admin: Actor, service: str) -> str:
    """An availability SLO (defined without Prometheus: only the local checks run)."""
    body = {"name": f"{service}-avail", "service": service, "target": 99.5}
    response = client.post(
        "/api/slos", json={**body, "sli": {"type": "availability"}}, headers=admin.headers
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def _status(client: FlaskClient, actor: Actor, slo_id: str, at: datetime | None = None) -> Any:
    query = {"at": at.isoformat()} if at else {}
    return client.get(f"/api/slos/{slo_id}/status", query_string=query, headers=actor.headers)


def test_statuses_are_evaluated_once_per_slo_and_bucket_across_processes(
    pg_url: str,
    app: Flask,
    client: FlaskClient,
    admin: Actor,
    viewer: Actor,
    prometheus: FakeHttpServer,
) -> None:
    make_service(client, admin, "checkout")
    slo_id = _slo(client, admin, "checkout")
    other = make_app(pg_url, PROMETHEUS_URL=prometheus.url)  # another replica, same Redis
    at = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    with prometheus_at(app, prometheus.url):
        first = _status(client, viewer, slo_id, at)
        assert first.status_code == 200 and queries(prometheus) == 2  # bad and total
        for actor in (viewer, admin, create_actor(app, Role.viewer)):
            for moment in (at, at + timedelta(seconds=29)):  # the same 30 s bucket
                again = _status(client, actor, slo_id, moment)
                assert again.get_json() == first.get_json()
        replica = _status(other.test_client(), viewer, slo_id, at + timedelta(seconds=10))
        assert replica.get_json() == first.get_json()
        assert queries(prometheus) == 2
        assert _status(client, viewer, slo_id, at + timedelta(seconds=30)).status_code == 200
        assert queries(prometheus) == 4  # the next bucket
        for _ in range(5):
            assert _status(client, viewer, slo_id).status_code == 200  # now: one more bucket
        assert queries(prometheus) == 6
        patched = client.patch(f"/api/slos/{slo_id}", json={"target": 99}, headers=admin.headers)
        assert patched.status_code == 200, patched.get_json()
        assert _status(client, viewer, slo_id, at).get_json()["target"] == 99
        assert queries(prometheus) == 8  # a changed SLO is evaluated afresh


def test_without_redis_each_process_caches_its_own(
    pg_url: str, app: Flask, client: FlaskClient, admin: Actor, prometheus: FakeHttpServer
) -> None:
    make_service(client, admin, "checkout")
    slo_id = _slo(client, admin, "checkout")
    alone = make_app(
        pg_url, REDIS_URL="", RATELIMIT_STORAGE_URI=REDIS_URL, PROMETHEUS_URL=prometheus.url
    )
    for _ in range(10):
        assert _status(alone.test_client(), admin, slo_id).status_code == 200
    assert queries(prometheus) == 2


def test_status_calls_are_limited_per_user(
    pg_url: str, app: Flask, client: FlaskClient, admin: Actor, prometheus: FakeHttpServer
) -> None:
    make_service(client, admin, "checkout")
    slo_id = _slo(client, admin, "checkout")
    limited = make_app(pg_url, PROMETHEUS_URL=prometheus.url, SLO_STATUS_RATE_LIMIT="3 per minute")
    api = limited.test_client()
    greedy, patient = create_actor(limited, Role.viewer), create_actor(limited, Role.viewer)
    assert [_status(api, greedy, slo_id).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = _status(api, greedy, slo_id)
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert _status(api, patient, slo_id).status_code == 200  # another user's own budget
    anonymous = api.get(f"/api/slos/{slo_id}/status")
    assert anonymous.status_code == 401


def _open_incidents(app: Flask) -> list[Incident]:
    return list(db.session.scalars(select(Incident).where(Incident.resolved_at.is_(None))))


def test_one_evaluation_cycle_asks_per_slo_not_per_open_incident(
    app: Flask, client: FlaskClient, admin: Actor, prometheus: FakeHttpServer
) -> None:
    for name in ("checkout", "cart"):
        make_service(client, admin, name)
        _slo(client, admin, name)
    started = (utcnow() - timedelta(minutes=20)).isoformat()
    for number in range(45):  # more than one query's worth of windows (WINDOWS_PER_QUERY)
        make_incident(client, admin, ["checkout"], title=f"Checkout #{number}", started_at=started)
    with prometheus_at(app, prometheus.url):
        cycle = app.test_cli_runner().invoke(args=["slo", "evaluate"])
        assert cycle.exit_code == 0, cycle.output
        assert json.loads(cycle.output)["impacts_updated"] == 45
        after = queries(prometheus)
        # Two per SLO (its windows), then the bad events of all 45 incidents: two queries of 40
        # and 5 windows for checkout, none for cart (no open incident).
        assert after == 2 * 2 + 2

        # The per-incident way this replaced: two queries per incident and SLO.
        with app.test_request_context():
            api, now = require_api(), utcnow()
            for incident in _open_incidents(app):
                update_impact(incident, api, now)
            db.session.rollback()
        assert queries(prometheus) - after == 45 * 2
