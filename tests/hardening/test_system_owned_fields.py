"""Issue 15 item 15: users cannot speak for the system. A timeline event posted through the API
is always source `user`, and the metadata keys Rootline writes itself (business_impact,
alert_group, slo_burn, simulation) are refused on incident create, incident patch and timeline
posts."""

from __future__ import annotations

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, row_counts

from incident_app.timeline.service import SYSTEM_METADATA_KEYS


@pytest.mark.parametrize("source", ["correlation_engine", "prometheus", "slo_system", "system"])
def test_a_posted_event_is_always_from_the_user(
    client: FlaskClient, responder: Actor, source: str
) -> None:
    incident = make_incident(client, responder)
    body = {"event_type": "note", "source": source, "title": "Root cause: the database"}
    response = client.post(
        f"/api/incidents/{incident['id']}/timeline", json=body, headers=responder.headers
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["source"] == "user"
    timeline = client.get(
        f"/api/incidents/{incident['id']}/timeline", headers=responder.headers
    ).get_json()["items"]
    assert {event["source"] for event in timeline} == {"user"}


def test_the_system_owned_keys_are_the_ones_rootline_writes() -> None:
    assert {"business_impact", "alert_group", "slo_burn", "simulation"} == SYSTEM_METADATA_KEYS


@pytest.mark.parametrize("key", sorted(SYSTEM_METADATA_KEYS))
def test_system_owned_metadata_is_refused_on_create_and_timeline(
    app: Flask, client: FlaskClient, responder: Actor, key: str
) -> None:
    incident = make_incident(client, responder)
    before = row_counts(app)
    forged = {key: {"revenue_at_risk": 0}, "ticket": "OPS-1"}
    create = client.post(
        "/api/incidents",
        json={"title": "t", "severity": "low", "metadata": forged},
        headers=responder.headers,
    )
    post = client.post(
        f"/api/incidents/{incident['id']}/timeline",
        json={"title": "note", "metadata": forged},
        headers=responder.headers,
    )
    for response in (create, post):
        assert response.status_code == 422, response.get_json()
        detail = response.get_json()["error"]["details"][0]
        assert detail["field"] == "metadata" and key in detail["message"]
    assert row_counts(app) == before


def test_metadata_cannot_be_patched(client: FlaskClient, responder: Actor) -> None:
    incident = make_incident(client, responder)
    response = client.patch(
        f"/api/incidents/{incident['id']}",
        json={"metadata": {"business_impact": {"revenue_at_risk": 0}}},
        headers=responder.headers,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["field"] == "metadata"


def test_other_metadata_is_still_free_form(client: FlaskClient, responder: Actor) -> None:
    incident = make_incident(client, responder, metadata={"ticket": "OPS-1", "impact": "some"})
    assert incident["metadata"] == {"ticket": "OPS-1", "impact": "some"}
