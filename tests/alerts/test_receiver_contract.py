"""The receivers' contract: integration-token auth, clear errors for bad deliveries (and no
writes), payload limits, and the alert listings."""

from __future__ import annotations

from typing import Any

import pytest
from alert_payloads import (
    am_alert,
    am_payload,
    assert_error,
    bearer,
    counts,
    deliver,
    iso,
    make_integration,
    resolved,
)
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient

AM = "/api/alerts/alertmanager"


def without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


def with_alert(**changes: Any) -> dict[str, Any]:
    return am_payload([{**am_alert(instance="a"), **changes}])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (without(am_payload([am_alert()]), "groupKey"), "groupKey"),
        (am_payload([am_alert()], version="3"), "version"),
        (am_payload([]), "alerts"),
        (with_alert(status="pending"), "alerts.0.status"),
        (with_alert(startsAt="yesterday"), "alerts.0.startsAt"),
        (with_alert(startsAt="2026-01-01T10:00:00"), "alerts.0.startsAt"),  # no timezone
        (with_alert(labels=["alertname"]), "alerts.0.labels"),
        (with_alert(labels={"alertname": 1}), "alerts.0.labels.alertname"),
        (with_alert(fingerprint="not/hex"), "alerts.0.fingerprint"),
        (with_alert(labels={"alertname": "nul\x00"}), "alerts.0.labels.alertname"),
        (with_alert(annotations={"summary": "nul\x00"}), "alerts.0.annotations.summary"),
        (without(am_payload([am_alert()]), "alerts"), "alerts"),
        (am_payload([am_alert()], truncatedAlerts=-1), "truncatedAlerts"),
    ],
)
def test_invalid_deliveries_are_422_and_write_nothing(
    client: FlaskClient, app: Flask, admin: Actor, payload: dict[str, Any], field: str
) -> None:
    token = make_integration(client, admin)["token"]
    before = counts(app)
    error = assert_error(client.post(AM, json=payload, headers=bearer(token)), 422)
    assert field in [d["field"] for d in error["details"]]
    assert counts(app) == before


def test_malformed_and_non_json_bodies(client: FlaskClient, admin: Actor) -> None:
    headers = bearer(make_integration(client, admin)["token"])
    malformed = client.post(AM, data="{oops", content_type="application/json", headers=headers)
    assert_error(malformed, 400, "malformed_json")
    text = client.post(AM, data="alerts", content_type="text/plain", headers=headers)
    assert_error(text, 415, "unsupported_media_type")


def test_too_many_alerts_is_413_and_writes_nothing(pg_url: str, app: Flask, admin: Actor) -> None:
    client = make_app(pg_url, ALERT_MAX_PER_DELIVERY=3).test_client()
    token = make_integration(client, admin)["token"]
    before = counts(app)
    storm = am_payload([am_alert(instance=str(i)) for i in range(4)])
    error = assert_error(client.post(AM, json=storm, headers=bearer(token)), 413)
    assert error["code"] == "payload_too_large"
    assert error["details"] == {"alerts": 4, "limit": 3}
    assert "max_alerts" in error["message"]
    assert counts(app) == before
    assert deliver(client, token, am_payload(storm["alerts"][:3]))["firing"] == 3


def test_oversized_body_is_413(pg_url: str, app: Flask, admin: Actor) -> None:
    client = make_app(pg_url, MAX_CONTENT_LENGTH=2000).test_client()
    token = make_integration(client, admin)["token"]
    before = counts(app)
    big = am_payload([am_alert(instance="a", annotations={"description": "x" * 3000})])
    assert_error(client.post(AM, json=big, headers=bearer(token)), 413, "payload_too_large")
    assert counts(app) == before


def test_receivers_take_integration_tokens_only(
    client: FlaskClient, app: Flask, admin: Actor
) -> None:
    grafana = make_integration(client, admin, "grafana")
    payload = am_payload([am_alert(instance="a")])
    before = counts(app)
    assert_error(client.post(AM, json=payload), 401, "unauthorized")
    assert_error(client.post(AM, json=payload, headers=admin.headers), 401, "invalid_token")
    assert_error(client.post(AM, json=payload, headers=bearer("rl_nope")), 401, "invalid_token")
    wrong = client.post(AM, json=payload, headers=bearer(grafana["token"]))
    error = assert_error(wrong, 403, "wrong_integration_kind")
    assert "/api/alerts/grafana" in error["message"]
    assert counts(app) == before


def test_a_deleted_integrations_token_stops_working_and_alerts_stay(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    created = make_integration(client, admin)
    incident_id = deliver(client, created["token"], am_payload([am_alert()]))["incident_id"]
    assert client.delete(f"/api/integrations/{created['id']}", headers=admin.headers).status_code
    assert_error(
        client.post(AM, json=am_payload([am_alert()]), headers=bearer(created["token"])),
        401,
        "invalid_token",
    )
    listed = client.get(f"/api/incidents/{incident_id}/alerts", headers=viewer.headers)
    [alert] = listed.get_json()["items"]
    assert (alert["integration_id"], alert["source"]) == (None, "alertmanager")


def test_alert_listing_filters(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    token = make_integration(client, admin)["token"]
    old = am_alert("DiskFull", instance="db-1", severity="warning", starts=iso(120))
    new = am_alert("HighErrorRate", instance="web-1", severity="critical", starts=iso(1))
    disk = deliver(client, token, am_payload([old], group="disk"))["incident_id"]
    deliver(client, token, am_payload([new], group="web"))
    deliver(client, token, am_payload([resolved(old)], group="disk"))

    def names(query: str) -> list[str]:
        response = client.get(f"/api/alerts?{query}", headers=viewer.headers)
        assert response.status_code == 200, response.get_json()
        return [a["name"] for a in response.get_json()["items"]]

    assert names("") == ["HighErrorRate", "DiskFull"]  # newest first
    assert names("sort=starts_at") == ["DiskFull", "HighErrorRate"]
    assert names("status=firing") == ["HighErrorRate"]
    assert names("severity=medium") == ["DiskFull"]
    assert names("name=DiskFull&status=resolved") == ["DiskFull"]
    assert names("label=instance=web-1") == ["HighErrorRate"]
    assert names("label=instance=nope") == []
    assert names(f"incident_id={disk}") == ["DiskFull"]
    assert names("source=grafana") == []
    assert names(f"since={iso(60).replace('+', '%2B')}") == ["HighErrorRate"]
    assert names("per_page=1&page=2") == ["DiskFull"]
    error = assert_error(client.get("/api/alerts?label=novalue", headers=viewer.headers), 422)
    assert error["details"][0]["field"] == "query.label"
    assert_error(client.get("/api/alerts?status=pending", headers=viewer.headers), 422)
    assert_error(client.get("/api/alerts?name=nul%00", headers=viewer.headers), 422)
    assert_error(client.get("/api/alerts"), 401)


def test_incident_alerts_list_firing_first(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    a, b = am_alert(instance="a", starts=iso(10)), am_alert(instance="b", starts=iso(5))
    incident_id = deliver(client, token, am_payload([a, b]))["incident_id"]
    deliver(client, token, am_payload([resolved(a), b]))
    url = f"/api/incidents/{incident_id}/alerts"
    items = client.get(url, headers=viewer.headers).get_json()["items"]
    assert [(x["labels"]["instance"], x["status"]) for x in items] == [
        ("b", "firing"),
        ("a", "resolved"),
    ]
    only = client.get(f"{url}?status=resolved", headers=viewer.headers).get_json()["items"]
    assert [x["labels"]["instance"] for x in only] == ["a"]
    missing = "/api/incidents/00000000-0000-0000-0000-000000000001/alerts"
    assert_error(client.get(missing, headers=viewer.headers), 404, "not_found")
