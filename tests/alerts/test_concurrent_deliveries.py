"""Concurrent deliveries against PostgreSQL: one group never gets two incidents, and deliveries
of several groups racing with responders' changes neither deadlock nor lose an alert."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from alert_payloads import am_alert, am_payload, bearer, counts, make_integration, resolved
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from incident_app.extensions import db
from incident_app.models import Alert, AlertStatus, TimelineEvent

AM = "/api/alerts/alertmanager"


def together(app: Flask, calls: list[Callable[[FlaskClient], TestResponse]]) -> list[Any]:
    """Run the calls at once, one thread and one client (so one session) each."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[FlaskClient], TestResponse]) -> Any:
        client = app.test_client()
        start.wait()
        response = call(client)
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def post(token: str, payload: dict[str, Any]) -> Callable[[FlaskClient], TestResponse]:
    return lambda client: client.post(AM, json=payload, headers=bearer(token))


def event_count(app: Flask, event_type: str) -> int:
    with app.app_context():
        return (
            db.session.scalar(
                select(func.count())
                .select_from(TimelineEvent)
                .where(TimelineEvent.event_type == event_type)
            )
            or 0
        )


@pytest.mark.parametrize("known_group", [False, True])
def test_concurrent_first_deliveries_open_one_incident(
    client: FlaskClient, app: Flask, admin: Actor, known_group: bool
) -> None:
    """A new group (racing on its row's insert) or a known one without an open incident
    (racing on its row's lock): either way one incident, every alert in it."""
    token = make_integration(client, admin)["token"]
    shared = am_alert(instance="shared")
    for round_ in range(3):
        group = f"storm-{round_}"
        if known_group:  # a resolve Rootline never saw firing: the group exists, no incident
            client.post(AM, json=am_payload([resolved(shared)], group=group), headers=bearer(token))
        calls = [
            post(token, am_payload([shared, am_alert(instance=f"own-{i}")], group=group))
            for i in range(12)
        ]
        results = together(app, calls)

        assert {status for status, _ in results} == {200}, results
        assert len({body["incident_id"] for _, body in results}) == 1
        assert sum(body["incident_created"] for _, body in results) == 1
        assert sum(body["firing"] for _, body in results) == 13  # the shared one counted once
    assert counts(app)["incidents"] == 3
    assert counts(app)["alerts"] == 3 * 13
    assert counts(app)["alert_groups"] == 3
    assert counts(app)["analysis_runs"] == 3
    assert event_count(app, "incident_created") == 3
    assert event_count(app, "alert_firing") == 3 * 13


def test_racing_groups_resolves_and_responders_never_deadlock(
    client: FlaskClient, app: Flask, admin: Actor, responder: Actor
) -> None:
    token = make_integration(client, admin)["token"]
    alerts = {g: [am_alert(instance=f"{g}-{i}") for i in range(4)] for g in ("a", "b")}
    incidents = {
        g: client.post(AM, json=am_payload(alerts[g], group=g), headers=bearer(token)).get_json()[
            "incident_id"
        ]
        for g in alerts
    }
    calls: list[Callable[[FlaskClient], TestResponse]] = []
    for g, group_alerts in alerts.items():
        first, rest = group_alerts[0], group_alerts[1:]
        calls += [post(token, am_payload(rest, group=g)) for _ in range(4)]  # resends
        calls += [post(token, am_payload([resolved(first)], group=g)) for _ in range(2)]
        calls.append(
            lambda c, i=incidents[g]: c.patch(
                f"/api/incidents/{i}", json={"status": "investigating"}, headers=responder.headers
            )
        )
        calls.append(
            lambda c, i=incidents[g]: c.post(
                f"/api/incidents/{i}/timeline", json={"title": "looking"}, headers=responder.headers
            )
        )
    results = together(app, calls)

    assert [status for status, _ in results].count(200) == len(results) - 2, results
    assert [status for status, _ in results].count(201) == 2  # the timeline notes
    with app.app_context():
        states = {a.labels["instance"]: a.status for a in db.session.scalars(select(Alert)).all()}
    assert states == {
        f"{g}-{i}": AlertStatus.resolved if i == 0 else AlertStatus.firing
        for g in alerts
        for i in range(4)
    }
    assert event_count(app, "alert_resolved") == 2  # each resolve recorded once
    assert counts(app)["incidents"] == 2
    for incident_id in incidents.values():
        body = client.get(f"/api/incidents/{incident_id}", headers=responder.headers).get_json()
        assert body["status"] == "investigating"
