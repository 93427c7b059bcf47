"""Integrations: admins create webhook senders; the token is shown once and stored hashed."""

from __future__ import annotations

import hashlib

from alert_payloads import assert_error, counts, make_integration
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from incident_app.extensions import db
from incident_app.models import Integration


def test_token_is_shown_once_and_stored_hashed(
    client: FlaskClient, app: Flask, admin: Actor
) -> None:
    created = make_integration(client, admin, "grafana", "grafana-cloud")
    token = created["token"]
    assert token.startswith("rl_") and len(token) >= 40
    assert created["token_hint"] == token[:8]
    assert created["webhook_path"] == "/api/alerts/grafana"
    assert created["created_by"]["username"] == admin.username
    with app.app_context():
        stored = db.session.scalars(select(Integration)).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in {stored.token_hash, stored.token_hint, stored.name}

    listed = client.get("/api/integrations", headers=admin.headers).get_json()
    assert listed["total"] == 1
    [item] = listed["items"]
    assert "token" not in item and "token_hash" not in item
    assert (item["id"], item["kind"], item["token_hint"]) == (created["id"], "grafana", token[:8])
    other = make_integration(client, admin, "alertmanager", "am")
    assert other["token"] != token
    kinds = client.get("/api/integrations?kind=alertmanager", headers=admin.headers).get_json()
    assert [i["name"] for i in kinds["items"]] == ["am"]


def test_only_admins_manage_integrations(
    client: FlaskClient, app: Flask, responder: Actor, viewer: Actor
) -> None:
    before = counts(app)
    body = {"name": "am", "kind": "alertmanager"}
    assert_error(client.post("/api/integrations", json=body, headers=responder.headers), 403)
    assert_error(client.get("/api/integrations", headers=viewer.headers), 403)
    missing = "/api/integrations/00000000-0000-0000-0000-000000000001"
    assert_error(client.delete(missing, headers=responder.headers), 403)
    assert_error(client.post("/api/integrations", json=body), 401)
    assert counts(app) == before


def test_invalid_and_duplicate_integrations(client: FlaskClient, app: Flask, admin: Actor) -> None:
    make_integration(client, admin, "alertmanager", "prod")
    before = counts(app)
    for body, field in (
        ({"name": "x", "kind": "pagerduty"}, "kind"),
        ({"name": "", "kind": "grafana"}, "name"),
        ({"kind": "grafana"}, "name"),
        ({"name": "x", "kind": "grafana", "token": "mine"}, "token"),
    ):
        response = client.post("/api/integrations", json=body, headers=admin.headers)
        assert [d["field"] for d in assert_error(response, 422)["details"]] == [field]
    duplicate = client.post(
        "/api/integrations", json={"name": "prod", "kind": "grafana"}, headers=admin.headers
    )
    assert_error(duplicate, 409, "already_exists")
    assert counts(app) == before


def test_delete_integration(client: FlaskClient, app: Flask, admin: Actor) -> None:
    created = make_integration(client, admin)
    url = f"/api/integrations/{created['id']}"
    assert client.delete(url, headers=admin.headers).status_code == 204
    assert counts(app)["integrations"] == 0
    assert_error(client.delete(url, headers=admin.headers), 404, "not_found")
