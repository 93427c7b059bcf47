"""User directory: listing, filters, pagination, and admin-only role and access changes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import Actor, create_actor
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from incident_app.extensions import db
from incident_app.models import Role, User

INCIDENT = {"title": "Checkout latency", "severity": "high"}


def assert_error(resp: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.get_data(as_text=True)
    error = resp.get_json()["error"]
    assert set(error) == {"code", "message", "details"}
    if code is not None:
        assert error["code"] == code
    return error


def patch(client: FlaskClient, actor: Actor, target: uuid.UUID, **body: Any) -> TestResponse:
    return client.patch(f"/api/users/{target}", headers=actor.headers, json=body)


def stored(app: Flask, user_id: uuid.UUID) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        db.session.expunge(user)
        return user


# --- reading ----------------------------------------------------------------------------------


def test_viewer_lists_users(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    resp = client.get("/api/users", headers=viewer.headers)
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert body["total"] == 2
    assert body["page"] == 1
    assert body["per_page"] == 25
    names = [u["username"] for u in body["items"]]
    assert names == sorted([admin.username, viewer.username])
    for item in body["items"]:
        assert "password_hash" not in item
        assert set(item) >= {"id", "username", "email", "role", "is_active"}


def test_listing_requires_authentication(client: FlaskClient, admin: Actor) -> None:
    assert_error(client.get("/api/users"), 401, "unauthorized")


def test_pagination(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    for i in range(5):
        create_actor(app, Role.viewer, username=f"user{i}")
    page1 = client.get("/api/users?per_page=2&page=1", headers=viewer.headers).get_json()
    page3 = client.get("/api/users?per_page=2&page=3", headers=viewer.headers).get_json()
    page9 = client.get("/api/users?per_page=2&page=9", headers=viewer.headers).get_json()
    assert (page1["total"], page1["page"], page1["per_page"]) == (6, 1, 2)
    assert [u["username"] for u in page1["items"]] == ["user0", "user1"]
    assert [u["username"] for u in page3["items"]] == ["user4", viewer.username]
    assert page9["items"] == [] and page9["total"] == 6
    full = client.get("/api/users?per_page=100", headers=viewer.headers).get_json()
    assert len(full["items"]) == 6


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=101", "query.per_page"),
        ("per_page=0", "query.per_page"),
        ("page=0", "query.page"),
        ("page=abc", "query.page"),
        ("role=superuser", "query.role"),
        ("q=" + "x" * 65, "query.q"),
        ("bogus=1", "query.bogus"),
    ],
)
def test_invalid_query_is_422(client: FlaskClient, viewer: Actor, query: str, field: str) -> None:
    error = assert_error(
        client.get(f"/api/users?{query}", headers=viewer.headers), 422, "validation_error"
    )
    assert field in [d["field"] for d in error["details"]]


def test_filter_by_role(client: FlaskClient, admin: Actor, responder: Actor, viewer: Actor) -> None:
    for role, actor in (("admin", admin), ("responder", responder), ("viewer", viewer)):
        body = client.get(f"/api/users?role={role}", headers=viewer.headers).get_json()
        assert body["total"] == 1
        assert [u["id"] for u in body["items"]] == [str(actor.user_id)]


def test_filter_by_substring(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    """`q` matches username or email, case-insensitively."""
    create_actor(app, Role.viewer, username="alice")
    create_actor(app, Role.viewer, username="bob")
    with app.app_context():
        bob = db.session.query(User).filter_by(username="bob").one()
        bob.email = "Robert@Corp.Example"
        db.session.commit()

    def names(q: str) -> list[str]:
        body = client.get("/api/users", query_string={"q": q}, headers=viewer.headers).get_json()
        return [u["username"] for u in body["items"]]

    assert names("ALI") == ["alice"]
    assert names("corp.example") == ["bob"]
    assert names("ROBERT") == ["bob"]
    assert names("nobody") == []


def test_substring_filter_treats_wildcards_literally(
    app: Flask, client: FlaskClient, viewer: Actor
) -> None:
    """`_` and `%` in `q` are literal characters, not SQL LIKE wildcards."""
    create_actor(app, Role.viewer, username="on_call")
    create_actor(app, Role.viewer, username="oncall")

    def names(q: str) -> list[str]:
        body = client.get("/api/users", query_string={"q": q}, headers=viewer.headers).get_json()
        return [u["username"] for u in body["items"]]

    assert names("_") == ["on_call"]
    assert names("n_c") == ["on_call"]
    assert names("%") == []


def test_get_one_user(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    resp = client.get(f"/api/users/{admin.user_id}", headers=viewer.headers)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["id"] == str(admin.user_id)
    assert body["username"] == admin.username
    assert body["role"] == "admin"


def test_unknown_user_is_404(client: FlaskClient, viewer: Actor) -> None:
    missing = uuid.uuid4()
    error = assert_error(
        client.get(f"/api/users/{missing}", headers=viewer.headers), 404, "not_found"
    )
    assert str(missing) in error["message"]
    assert_error(client.get("/api/users/not-a-uuid", headers=viewer.headers), 404, "not_found")


# --- changing roles and access ----------------------------------------------------------------


def test_admin_changes_role(app: Flask, client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    resp = patch(client, admin, viewer.user_id, role="responder")
    assert resp.status_code == 200
    assert resp.get_json()["role"] == "responder"
    assert stored(app, viewer.user_id).role == Role.responder


def test_promotion_applies_to_existing_tokens(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    """Roles are read from the database per request, so the old token gains the permission."""
    before = client.post("/api/incidents", headers=viewer.headers, json=INCIDENT)
    assert_error(before, 403, "forbidden")
    assert patch(client, admin, viewer.user_id, role="responder").status_code == 200
    after = client.post("/api/incidents", headers=viewer.headers, json=INCIDENT)
    assert after.status_code == 201, after.get_data(as_text=True)
    assert after.get_json()["created_by"]["id"] == str(viewer.user_id)


def test_demotion_applies_to_existing_tokens(
    client: FlaskClient, admin: Actor, responder: Actor
) -> None:
    assert (
        client.post("/api/incidents", headers=responder.headers, json=INCIDENT).status_code == 201
    )
    assert patch(client, admin, responder.user_id, role="viewer").status_code == 200
    resp = client.post("/api/incidents", headers=responder.headers, json=INCIDENT)
    error = assert_error(resp, 403, "forbidden")
    assert error["details"] == {"required_role": "responder"}
    assert client.get("/api/incidents", headers=responder.headers).status_code == 200


@pytest.mark.parametrize("who", ["viewer", "responder"])
def test_non_admin_cannot_patch(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor, responder: Actor, who: str
) -> None:
    actor = viewer if who == "viewer" else responder
    error = assert_error(patch(client, actor, actor.user_id, role="admin"), 403, "forbidden")
    assert error["details"] == {"required_role": "admin"}
    assert stored(app, actor.user_id).role == actor.role
    assert_error(patch(client, actor, admin.user_id, is_active=False), 403, "forbidden")
    assert stored(app, admin.user_id).is_active is True


def test_patch_unknown_user_is_404(client: FlaskClient, admin: Actor) -> None:
    assert_error(patch(client, admin, uuid.uuid4(), role="viewer"), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "root"}, "role"),
        ({"is_active": "maybe"}, "is_active"),
        ({"username": "renamed"}, "username"),
        ({"role": None}, "role"),
        ({"is_active": None}, "is_active"),
    ],
)
def test_patch_invalid_body_is_422(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor, body: dict[str, Any], field: str
) -> None:
    resp = client.patch(f"/api/users/{viewer.user_id}", headers=admin.headers, json=body)
    error = assert_error(resp, 422, "validation_error")
    assert field in [d["field"] for d in error["details"]]
    user = stored(app, viewer.user_id)
    assert (user.role, user.is_active) == (Role.viewer, True)


def test_last_admin_cannot_be_demoted_or_disabled(
    app: Flask, client: FlaskClient, admin: Actor
) -> None:
    for body in ({"role": "responder"}, {"role": "viewer"}, {"is_active": False}):
        assert_error(patch(client, admin, admin.user_id, **body), 409, "last_admin")
    user = stored(app, admin.user_id)
    assert (user.role, user.is_active) == (Role.admin, True)
    # Re-asserting the admin role is not a demotion.
    assert patch(client, admin, admin.user_id, role="admin").status_code == 200


def test_one_of_two_admins_may_be_demoted(app: Flask, client: FlaskClient, admin: Actor) -> None:
    other = create_actor(app, Role.admin)
    assert patch(client, admin, other.user_id, role="viewer").status_code == 200
    # Now `admin` is the last one and cannot step down.
    assert_error(patch(client, admin, admin.user_id, role="viewer"), 409, "last_admin")


def test_disabled_admin_does_not_count_but_can_be_demoted(
    app: Flask, client: FlaskClient, admin: Actor
) -> None:
    """Only active admins count: a disabled admin never blocks, nor is it the last one."""
    other = create_actor(app, Role.admin)
    assert patch(client, admin, other.user_id, is_active=False).status_code == 200
    assert_error(patch(client, admin, admin.user_id, role="viewer"), 409, "last_admin")
    resp = patch(client, admin, other.user_id, role="viewer")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert stored(app, other.user_id).role == Role.viewer


def test_admin_cannot_disable_self(app: Flask, client: FlaskClient, admin: Actor) -> None:
    create_actor(app, Role.admin)  # so the last-admin rule is not what stops it
    assert_error(patch(client, admin, admin.user_id, is_active=False), 409, "cannot_disable_self")
    assert stored(app, admin.user_id).is_active is True


def test_disabled_user_is_locked_out(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    resp = patch(client, admin, viewer.user_id, is_active=False)
    assert resp.status_code == 200
    assert resp.get_json()["is_active"] is False
    assert_error(client.get("/api/users", headers=viewer.headers), 401, "token_revoked")
    assert_error(
        client.post(
            "/api/auth/refresh", headers={"Authorization": f"Bearer {viewer.refresh_token}"}
        ),
        401,
    )
    credentials = {"username": viewer.username, "password": "correct-horse-battery"}
    assert_error(client.post("/api/auth/login", json=credentials), 403, "account_disabled")
    # Re-enabling restores the account, not the tokens issued before it was disabled.
    assert patch(client, admin, viewer.user_id, is_active=True).status_code == 200
    assert_error(client.get("/api/users", headers=viewer.headers), 401, "token_revoked")
    fresh = client.post("/api/auth/login", json=credentials).get_json()["access_token"]
    assert client.get("/api/users", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_empty_patch_is_rejected(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    """Like every other PATCH here, a patch that changes nothing is a 422, and changes nothing."""
    resp = patch(client, admin, viewer.user_id)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_error"
    assert stored(app, viewer.user_id).role == Role.viewer
