"""Alertmanager deliveries, one by one: idempotent upserts by fingerprint, grouping into one
incident, per-alert resolution, and what the incident does as its alerts fire and resolve."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alert_payloads import (
    am_alert,
    am_payload,
    counts,
    deliver,
    incident,
    incident_alerts,
    iso,
    make_integration,
    resolved,
)
from am_harness import wait_for
from conftest import MIGRATIONS, Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from helpers import event_types, make_service, resolve, timeline
from sqlalchemy import select

from incident_app.alerts.fingerprint import fingerprint
from incident_app.extensions import db
from incident_app.models import AnalysisRun, RunStatus


def test_first_firing_alert_opens_an_incident(
    client: FlaskClient, app: Flask, admin: Actor, viewer: Actor
) -> None:
    make_service(client, admin, "checkout", namespace="shop")
    make_service(client, admin, "cart", namespace="other-team")
    token = make_integration(client, admin)["token"]
    alerts = [
        am_alert(instance="a", severity="warning", service="checkout", namespace="shop"),
        am_alert(instance="b", severity="critical", starts=iso(9), app="checkout"),
        am_alert(instance="c", service="cart", namespace="shop"),  # cart is not in shop
        am_alert(instance="d", job="node-exporter"),  # not in the catalog
    ]
    summary = {"summary": "Checkout is failing", "description": "5xx above 20%"}
    result = deliver(client, token, am_payload(alerts, commonAnnotations=summary))

    assert result == {
        "incident_id": result["incident_id"],
        "incident_created": True,
        "received": 4,
        "firing": 4,
        "resolved": 0,
        "unchanged": 0,
        "ignored": 0,
        "truncated_alerts": 0,
    }
    opened = incident(client, viewer, result["incident_id"])
    assert opened["title"] == "Checkout is failing"
    assert opened["description"] == "5xx above 20%"
    assert opened["severity"] == "critical"  # the most severe alert's
    assert opened["status"] == "open"
    assert opened["started_at"] == alerts[1]["startsAt"].replace("+00:00", "Z")
    assert [s["name"] for s in opened["services"]] == ["checkout"]
    assert opened["created_by"] is None
    assert opened["metadata"]["alert_group"] == {
        "integration": "alertmanager-prod",
        "receiver": "rootline",
        "group_key": '{}:{group="checkout"}',
        "labels": {"group": "checkout"},
        "external_url": "http://alertmanager:9093",
    }
    events = timeline(client, viewer, result["incident_id"])
    assert sorted(e["event_type"] for e in events) == ["alert_firing"] * 4 + ["incident_created"]
    assert {e["source"] for e in events} == {"alertmanager"}
    stored = incident_alerts(client, viewer, result["incident_id"])
    assert {a["severity"] for a in stored} == {"medium", "critical"}
    assert {a["ends_at"] for a in stored} == {None}  # 0001-01-01T00:00:00Z: still firing
    with app.app_context():
        runs = db.session.scalars(select(AnalysisRun)).all()
        assert [(str(r.incident_id), r.trigger) for r in runs] == [
            (result["incident_id"], "alerts")
        ]


def test_the_same_delivery_twice_changes_nothing(
    client: FlaskClient, app: Flask, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    payload = am_payload([am_alert(instance="a"), am_alert(instance="b")])
    first = deliver(client, token, payload)
    before = counts(app), incident_alerts(client, viewer, first["incident_id"])

    again = deliver(client, token, payload)
    assert (counts(app), incident_alerts(client, viewer, first["incident_id"])) == before
    assert again["incident_id"] == first["incident_id"]
    assert (again["incident_created"], again["firing"], again["unchanged"]) == (False, 0, 2)


def test_missing_fingerprint_is_computed_like_alertmanager(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    labels = {
        "instance": "https://server.example.org",
        "job": "http_checks",
        "monitor": "master",
        "severity": "critical",
    }
    bare = am_alert("ProbeFailure", **labels)
    result = deliver(client, token, am_payload([bare]))
    [alert] = incident_alerts(client, viewer, result["incident_id"])
    # What a real Alertmanager 0.25 reports for these labels.
    assert alert["fingerprint"] == fingerprint(alert["labels"]) == "fe986f5dcb3e6510"

    explicit = am_alert("ProbeFailure", fingerprint="fe986f5dcb3e6510", **labels)
    assert deliver(client, token, am_payload([explicit]))["unchanged"] == 1


def test_each_alerts_own_status_counts(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    token = make_integration(client, admin)["token"]
    a, b = am_alert(instance="a"), am_alert(instance="b")
    created = deliver(client, token, am_payload([a, b]))
    # The group says "resolved", but only alert a has resolved.
    result = deliver(client, token, am_payload([resolved(a), b], status="resolved"))
    assert (result["resolved"], result["unchanged"]) == (1, 1)
    states = {
        x["labels"]["instance"]: x["status"]
        for x in incident_alerts(client, viewer, created["incident_id"])
    }
    assert states == {"a": "resolved", "b": "firing"}
    assert incident(client, viewer, created["incident_id"])["status"] == "open"


def test_a_resolved_subgroup_never_resolves_alerts_still_firing(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    a, b, c = (am_alert(instance=i) for i in "abc")
    incident_id = deliver(client, token, am_payload([a, b, c]))["incident_id"]

    # Truncated or partial deliveries name some alerts only; the others are left alone.
    deliver(client, token, am_payload([resolved(a)], truncatedAlerts=2))
    deliver(client, token, am_payload([resolved(b)]))
    assert incident(client, viewer, incident_id)["status"] == "open"
    deliver(client, token, am_payload([resolved(c)]))

    mitigated = incident(client, viewer, incident_id)
    assert mitigated["status"] == "mitigated"
    assert mitigated["mitigated_at"] is not None
    assert event_types(client, viewer, incident_id)[-2:] == ["alert_resolved", "status_changed"]


def test_resolved_alert_never_seen_firing_is_ignored(
    client: FlaskClient, app: Flask, admin: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    before = counts(app)
    result = deliver(client, token, am_payload([resolved(am_alert(instance="a"))]))
    assert (result["incident_id"], result["ignored"], result["incident_created"]) == (
        None,
        1,
        False,
    )
    after = counts(app)
    assert after["incidents"] == before["incidents"] == 0
    assert after["alerts"] == 0


def test_firing_again_after_mitigation_reopens_investigation(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    alert = am_alert(instance="a")
    incident_id = deliver(client, token, am_payload([alert]))["incident_id"]
    deliver(client, token, am_payload([resolved(alert)]))
    assert incident(client, viewer, incident_id)["status"] == "mitigated"

    again = am_alert(instance="a", starts=iso(0))
    result = deliver(client, token, am_payload([again]))
    assert (result["incident_id"], result["firing"]) == (incident_id, 1)
    assert incident(client, viewer, incident_id)["status"] == "investigating"
    [row] = incident_alerts(client, viewer, incident_id)  # the same alert, firing again
    assert (row["status"], row["ends_at"]) == ("firing", None)
    assert datetime.fromisoformat(row["starts_at"]) == datetime.fromisoformat(again["startsAt"])
    assert event_types(client, viewer, incident_id)[-2:] == ["alert_firing", "status_changed"]


def test_alerts_after_the_incident_resolved_open_a_new_one(
    client: FlaskClient, admin: Actor, responder: Actor, viewer: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    alert = am_alert(instance="a")
    first = deliver(client, token, am_payload([alert]))["incident_id"]
    resolve(client, responder, first)  # by hand, while the alert still fires
    locked = event_types(client, viewer, first)

    second = deliver(client, token, am_payload([alert]))
    assert second["incident_created"] and second["incident_id"] != first
    result = deliver(client, token, am_payload([resolved(alert)]))
    assert result["incident_id"] == second["incident_id"]
    # The resolve reaches the alert in both incidents; the resolved one's timeline stays shut.
    assert [a["status"] for a in incident_alerts(client, viewer, first)] == ["resolved"]
    assert event_types(client, viewer, first) == locked
    assert incident(client, viewer, second["incident_id"])["status"] == "mitigated"


def test_all_resolved_may_resolve_the_incident(pg_url: str, app: Flask, admin: Actor) -> None:
    client = make_app(pg_url, ALERT_ALL_RESOLVED_STATUS="resolved").test_client()
    token = make_integration(client, admin)["token"]
    alert = am_alert(instance="a")
    incident_id = deliver(client, token, am_payload([alert]))["incident_id"]
    deliver(client, token, am_payload([resolved(alert)]))

    done = incident(client, admin, incident_id)
    assert done["status"] == "resolved"
    assert done["timeline_locked"] is True
    assert done["resolution"] == "All alerts resolved."
    assert done["mttr_seconds"] is not None
    assert event_types(client, admin, incident_id)[-1] == "incident_resolved"
    # The next firing of the group opens a new incident.
    assert deliver(client, token, am_payload([alert]))["incident_created"] is True


def test_new_alerts_raise_severity_and_add_services(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    make_service(client, admin, "checkout")
    make_service(client, admin, "payments")
    token = make_integration(client, admin)["token"]
    incident_id = deliver(
        client, token, am_payload([am_alert(instance="a", severity="info", service="checkout")])
    )["incident_id"]
    deliver(
        client,
        token,
        am_payload([am_alert(instance="b", severity="page", starts=iso(0), service="payments")]),
    )

    grown = incident(client, viewer, incident_id)
    assert grown["severity"] == "critical"
    assert [(s["name"], s["impact_level"]) for s in grown["services"]] == [
        ("checkout", "primary"),
        ("payments", "secondary"),
    ]
    tail = event_types(client, viewer, incident_id)[-3:]
    assert sorted(tail) == ["alert_firing", "services_changed", "severity_changed"]
    # A milder alert never lowers it.
    deliver(client, token, am_payload([am_alert(instance="c", severity="info")]))
    assert incident(client, viewer, incident_id)["severity"] == "critical"


def test_groups_get_their_own_incidents(client: FlaskClient, admin: Actor) -> None:
    token = make_integration(client, admin)["token"]
    one = deliver(client, token, am_payload([am_alert(instance="a")], group="checkout"))
    two = deliver(client, token, am_payload([am_alert(instance="a")], group="payments"))
    assert one["incident_id"] != two["incident_id"]
    assert two["incident_created"] is True


def test_intake_on_embedded_sqlite(tmp_path: Path) -> None:
    """The same intake (ON CONFLICT on SQLite, no row locks needed) in the embedded setup."""
    app = make_app(f"sqlite:///{tmp_path / 'rootline.db'}", REDIS_URL="")
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    client = app.test_client()
    client.post(
        "/api/auth/register",
        json={"username": "ada", "email": "ada@example.com", "password": "s3cret-pass"},
    )
    login = client.post("/api/auth/login", json={"username": "ada", "password": "s3cret-pass"})
    admin = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    created = client.post(
        "/api/integrations", json={"name": "am", "kind": "alertmanager"}, headers=admin
    )
    token = created.get_json()["token"]
    alert = am_alert(instance="a")
    first = deliver(client, token, am_payload([alert]))
    assert deliver(client, token, am_payload([alert]))["unchanged"] == 1
    deliver(client, token, am_payload([resolved(alert)]))
    body = client.get(f"/api/incidents/{first['incident_id']}", headers=admin).get_json()
    assert body["status"] == "mitigated"

    def analysis_finished() -> bool:
        with app.app_context():
            run = db.session.scalars(select(AnalysisRun)).one()
            db.session.remove()
            return run.status in (RunStatus.completed, RunStatus.failed)

    wait_for(analysis_finished, "the in-process analysis")
