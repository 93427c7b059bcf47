"""Grafana-managed alerting webhooks (version 1), from the example body in Grafana's webhook
notifier documentation: its extra fields (orgId, title, state, message; per alert silenceURL,
dashboardURL, panelURL, values or, before Grafana 10, valueString) are accepted and kept."""

from __future__ import annotations

import copy
from typing import Any

from alert_payloads import (
    assert_error,
    bearer,
    counts,
    deliver,
    incident,
    incident_alerts,
    iso,
    make_integration,
)
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import timeline

GRAFANA = "/api/alerts/grafana"
SILENCE = "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers="
DOCUMENTED: dict[str, Any] = {
    "receiver": "My Super Webhook",
    "status": "firing",
    "orgId": 1,
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
            "annotations": {
                "description": "The system has high memory usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone us-1",
            },
            "startsAt": "2021-10-12T09:51:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
            "fingerprint": "c6eadffa33fcdf37",
            "silenceURL": SILENCE + "alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        },
        {
            "status": "firing",
            "labels": {"alertname": "High CPU usage", "team": "blue", "zone": "eu-1"},
            "annotations": {
                "description": "The system has high CPU usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone eu-1",
            },
            "startsAt": "2021-10-12T09:56:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/d1rdpdv7k/edit",
            "fingerprint": "bc97ff14869b13e3",
            "silenceURL": SILENCE + "alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        },
    ],
    "groupLabels": {},
    "commonLabels": {"team": "blue"},
    "commonAnnotations": {},
    "externalURL": "https://play.grafana.org/",
    "version": "1",
    "groupKey": "{}:{}",
    "truncatedAlerts": 0,
    "title": "[FIRING:2]  (blue)",
    "state": "alerting",
    "message": "**Firing**\n\nLabels:\n - alertname = T2\n - team = blue\n - zone = us-1\n",
}


def documented() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENTED)


def resolve_all(payload: dict[str, Any]) -> dict[str, Any]:
    for alert in payload["alerts"]:
        alert.update(status="resolved", endsAt=iso())
    payload.update(status="resolved", state="ok", title="[RESOLVED]  (blue)")
    return payload


def test_documented_payload_opens_an_incident(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin, "grafana")["token"]
    result = deliver(client, token, documented(), "grafana")
    assert (result["incident_created"], result["firing"]) == (True, 2)

    opened = incident(client, viewer, result["incident_id"])
    assert opened["title"] == "This alert was triggered for zone us-1"
    assert opened["severity"] == "medium"  # no severity label
    assert opened["started_at"] == "2021-10-12T07:51:03.157076Z"
    alerts = {a["fingerprint"]: a for a in incident_alerts(client, viewer, opened["id"])}
    assert set(alerts) == {"c6eadffa33fcdf37", "bc97ff14869b13e3"}  # Grafana's, kept as sent
    memory = alerts["c6eadffa33fcdf37"]
    assert memory["source"] == "grafana"
    assert memory["name"] == "High memory usage"
    assert memory["details"]["values"] == {"B": 44.23943737541908, "C": 1}
    assert memory["details"]["silence_url"].startswith(SILENCE)
    assert "dashboard_url" not in memory["details"]  # empty in the payload
    assert {e["source"] for e in timeline(client, viewer, opened["id"])} == {"grafana"}


def test_resolution_and_resends(
    client: FlaskClient, app: Flask, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin, "grafana")["token"]
    incident_id = deliver(client, token, documented(), "grafana")["incident_id"]
    before = counts(app)
    assert deliver(client, token, documented(), "grafana")["unchanged"] == 2
    assert counts(app) == before

    result = deliver(client, token, resolve_all(documented()), "grafana")
    assert (result["incident_id"], result["resolved"]) == (incident_id, 2)
    assert incident(client, viewer, incident_id)["status"] == "mitigated"


def test_older_value_string_format_and_new_fields(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin, "grafana")["token"]
    payload = documented()
    for alert in payload["alerts"]:
        del alert["values"]
        alert["valueString"] = "[ metric='' labels={} value=14151.331895396988 ]"
        alert["imageURL"] = "https://grafana.example/render/1.png"
        alert["futureField"] = {"nested": True}  # newer Grafana versions add fields
    payload["futureTopLevel"] = 1
    incident_id = deliver(client, token, payload, "grafana")["incident_id"]
    details = [a["details"] for a in incident_alerts(client, viewer, incident_id)]
    assert {d["value_string"] for d in details} == {payload["alerts"][0]["valueString"]}
    assert {d["image_url"] for d in details} == {"https://grafana.example/render/1.png"}


def test_grafana_endpoint_checks_version_and_token_kind(
    client: FlaskClient, app: Flask, admin: Actor
) -> None:
    grafana = make_integration(client, admin, "grafana")["token"]
    alertmanager = make_integration(client, admin, "alertmanager", "am")["token"]
    before = counts(app)
    wrong_version = {**documented(), "version": "4"}
    error = assert_error(client.post(GRAFANA, json=wrong_version, headers=bearer(grafana)), 422)
    assert [d["field"] for d in error["details"]] == ["version"]
    wrong_kind = client.post(GRAFANA, json=documented(), headers=bearer(alertmanager))
    assert_error(wrong_kind, 403, "wrong_integration_kind")
    assert counts(app) == before
