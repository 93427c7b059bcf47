"""End to end through a real Alertmanager: alerts posted to its /api/v2/alerts reach Rootline
through its webhook receiver, grouped by alertname, resent every couple of seconds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alert_payloads import counts
from am_harness import Alertmanager, ServedApp, alertmanager, served_app, wait_for
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import event_types, make_service
from sqlalchemy import select

from incident_app.alerts.fingerprint import fingerprint
from incident_app.extensions import db
from incident_app.models import Alert, AnalysisRun, Incident

__all__ = ["alertmanager", "served_app"]  # fixtures


def fire(name: str, instance: str, **labels: str) -> dict[str, Any]:
    return {
        "labels": {"alertname": name, "instance": instance, **labels},
        "annotations": {"summary": f"{name}: checkout answers 5xx"},
        "generatorURL": "http://prometheus:9090/graph?g0.expr=rate",
    }


def resolve(alert: dict[str, Any]) -> dict[str, Any]:
    return {**alert, "endsAt": datetime.now(UTC).isoformat()}


def stored(app: Flask) -> dict[str, dict[str, Any]]:
    """Each stored alert by its instance label: status, incident, fingerprint, updated_at."""
    with app.app_context():
        return {
            a.labels["instance"]: {
                "status": a.status.value,
                "incident_id": str(a.incident_id),
                "fingerprint": a.fingerprint,
                "updated_at": a.updated_at,
            }
            for a in db.session.scalars(select(Alert))
        }


def only_incident(app: Flask) -> Incident:
    with app.app_context():
        incidents = db.session.scalars(select(Incident)).all()
        assert len(incidents) == 1, incidents
        db.session.expunge(incidents[0])
        return incidents[0]


def wait_for_resends(served: ServedApp, count: int = 2) -> None:
    """Let Alertmanager deliver the unchanged group `count` more times (repeat_interval)."""
    seen = len(served.delivered())
    wait_for(lambda: len(served.delivered()) >= seen + count, f"{count} resends")


def test_firing_alerts_open_one_incident_and_resends_add_nothing(
    alertmanager: Alertmanager,
    served_app: ServedApp,
    app: Flask,
    client: FlaskClient,
    admin: Actor,
    viewer: Actor,
) -> None:
    make_service(client, admin, "checkout")
    alerts = [fire("CheckoutErrors", i, service="checkout", severity="critical") for i in "ab"]
    alertmanager.post(alerts)

    wait_for(lambda: len(stored(app)) == 2, "both alerts in Rootline")
    incident = only_incident(app)
    assert incident.title == "CheckoutErrors: checkout answers 5xx"
    assert incident.severity.value == "critical"
    assert incident.status.value == "open"
    assert incident.meta["alert_group"]["group_key"] == '{}:{alertname="CheckoutErrors"}'
    body = client.get(f"/api/incidents/{incident.id}", headers=viewer.headers).get_json()
    assert [s["name"] for s in body["services"]] == ["checkout"]
    # Alertmanager's own fingerprints, equal to the ones Rootline computes from the labels.
    theirs = {a["labels"]["instance"]: a["fingerprint"] for a in alertmanager.alerts()}
    ours = stored(app)
    assert {i: ours[i]["fingerprint"] for i in "ab"} == theirs
    assert theirs == {a["labels"]["instance"]: fingerprint(a["labels"]) for a in alerts}
    with app.app_context():
        runs = db.session.scalars(select(AnalysisRun)).all()
        assert [r.trigger for r in runs] == ["alerts"]

    before, events = counts(app), event_types(client, viewer, str(incident.id))
    wait_for_resends(served_app, 3)
    assert counts(app) == before
    assert stored(app) == ours  # not even updated_at moved
    assert event_types(client, viewer, str(incident.id)) == events
    assert sorted(events) == ["alert_firing", "alert_firing", "incident_created"]
    assert set(served_app.delivered()) == {200}


def test_partial_resolve_keeps_incident_open_until_all_resolve(
    alertmanager: Alertmanager,
    served_app: ServedApp,
    app: Flask,
    client: FlaskClient,
    viewer: Actor,
) -> None:
    first, second = fire("DiskFull", "db-1"), fire("DiskFull", "db-2")
    alertmanager.post([first, second])
    wait_for(lambda: len(stored(app)) == 2, "both alerts in Rootline")
    incident_id = str(only_incident(app).id)

    alertmanager.post([resolve(first)])
    wait_for(lambda: stored(app)["db-1"]["status"] == "resolved", "db-1 resolved")
    wait_for_resends(served_app)
    assert stored(app)["db-2"]["status"] == "firing"
    assert only_incident(app).status.value == "open"
    alerts = client.get(f"/api/incidents/{incident_id}/alerts", headers=viewer.headers)
    assert [a["status"] for a in alerts.get_json()["items"]] == ["firing", "resolved"]

    alertmanager.post([resolve(second)])
    wait_for(lambda: only_incident(app).status.value == "mitigated", "incident mitigated")
    assert {a["status"] for a in stored(app).values()} == {"resolved"}
    events = event_types(client, viewer, incident_id)
    assert events.count("alert_resolved") == 2
    assert events[-1] == "status_changed"
    assert counts(app)["incidents"] == 1
    assert set(served_app.delivered()) == {200}
