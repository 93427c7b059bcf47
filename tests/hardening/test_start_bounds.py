"""Issue 15 item 9: an incident's `started_at` and an alert's `startsAt` are bounded: not before
2000-01-01, not more than 5 minutes ahead. Both are refused alike (422 naming the field, nothing
stored); a start up to 5 minutes ahead (a fast clock) is accepted and read as now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alerts.alert_payloads import am_alert, am_payload, bearer, counts, make_integration
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import row_counts, ts
from werkzeug.test import TestResponse

#: "+10min" stands for ten minutes from when the test runs: computed in the test, so that every
#: pytest-xdist worker collects the same parameters.
OUT_OF_BOUNDS = ["0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "+10min", "9999-12-31T23:59:59Z"]


def _moment(value: str) -> str:
    return (datetime.now(UTC) + timedelta(minutes=10)).isoformat() if value == "+10min" else value


def _create(client: FlaskClient, actor: Actor, started_at: str) -> TestResponse:
    body = {"title": "Checkout failing", "severity": "high", "started_at": started_at}
    return client.post("/api/incidents", json=body, headers=actor.headers)


@pytest.mark.parametrize("started_at", OUT_OF_BOUNDS)
def test_incident_started_at_out_of_bounds_is_a_422(
    app: Flask, client: FlaskClient, responder: Actor, started_at: str
) -> None:
    before = row_counts(app)
    response = _create(client, responder, _moment(started_at))
    assert response.status_code == 422, response.get_json()
    details = response.get_json()["error"]["details"]
    assert [d["field"] for d in details] == ["started_at"]
    assert row_counts(app) == before


def test_incident_started_at_within_bounds(client: FlaskClient, responder: Actor) -> None:
    oldest = _create(client, responder, "2000-01-01T00:00:00Z").get_json()
    assert ts(oldest["started_at"]) == datetime(2000, 1, 1, tzinfo=UTC)
    ahead = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
    skewed = _create(client, responder, ahead)
    assert skewed.status_code == 201
    incident = skewed.get_json()
    assert ts(incident["started_at"]) <= ts(incident["detected_at"])  # read as now


@pytest.mark.parametrize("kind", ["alertmanager", "grafana"])
@pytest.mark.parametrize("starts_at", OUT_OF_BOUNDS)
def test_alert_starts_at_out_of_bounds_is_a_422(
    app: Flask, client: FlaskClient, admin: Actor, kind: str, starts_at: str
) -> None:
    token = make_integration(client, admin, kind)["token"]
    before = counts(app)
    alerts = [am_alert("Fine"), am_alert("Ancient", starts=_moment(starts_at))]
    payload = {**am_payload(alerts), **({"version": "1"} if kind == "grafana" else {})}
    response = client.post(f"/api/alerts/{kind}", json=payload, headers=bearer(token))
    assert response.status_code == 422, response.get_json()
    details = response.get_json()["error"]["details"]
    assert [d["field"] for d in details] == ["alerts.1.startsAt"]
    assert counts(app) == before


def test_alert_starts_at_a_little_ahead_opens_an_incident_started_now(
    client: FlaskClient, admin: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    ahead = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
    response = client.post(
        "/api/alerts/alertmanager", json=am_payload([am_alert(starts=ahead)]), headers=bearer(token)
    )
    assert response.status_code == 200, response.get_json()
    incident_id = response.get_json()["incident_id"]
    incident = client.get(f"/api/incidents/{incident_id}", headers=admin.headers).get_json()
    assert ts(incident["started_at"]) <= ts(incident["detected_at"])
