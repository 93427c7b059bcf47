"""Issue 15 items 11, 12 and 14: a per-user token cut-off (disable, password change and "sign
out everywhere" move it; refresh tokens obey it too), logout that always revokes the access
token it was called with, and one registration answer for a taken username or email."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token, decode_token

from incident_app.auth.tokens import ISSUED_CLAIM
from incident_app.models import Role

PASSWORD = "correct-horse-battery"  # conftest's actors
NEW_PASSWORD = "tangerine-Otter-42"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def me(client: FlaskClient, token: str) -> Any:
    return client.get("/api/auth/me", headers=bearer(token))


def refresh(client: FlaskClient, token: str) -> Any:
    return client.post("/api/auth/refresh", headers=bearer(token))


def login(client: FlaskClient, username: str, password: str) -> Any:
    return client.post("/api/auth/login", json={"username": username, "password": password})


def change_password(client: FlaskClient, actor: Actor, current: str, new: str) -> Any:
    body = {"current_password": current, "new_password": new}
    return client.post("/api/auth/password", json=body, headers=actor.headers)


def assert_refused(response: Any, code: str = "token_revoked") -> None:
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code


# --- item 11: tokens valid after ----------------------------------------------------------------


def test_re_enabling_a_user_does_not_revive_old_tokens(
    client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    for active in (False, True):
        patched = client.patch(
            f"/api/users/{viewer.user_id}", json={"is_active": active}, headers=admin.headers
        )
        assert patched.status_code == 200, patched.get_json()
    assert_refused(me(client, viewer.access_token))
    assert_refused(refresh(client, viewer.refresh_token))  # a 30-day refresh token too
    tokens = login(client, viewer.username, PASSWORD).get_json()
    assert me(client, tokens["access_token"]).status_code == 200
    assert refresh(client, tokens["refresh_token"]).status_code == 200


def test_password_change_ends_every_session_and_answers_fresh_tokens(
    app: Flask, client: FlaskClient, responder: Actor
) -> None:
    other_device = login(client, responder.username, PASSWORD).get_json()
    changed = change_password(client, responder, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 200, changed.get_json()
    fresh = changed.get_json()
    for old in (responder.access_token, other_device["access_token"]):
        assert_refused(me(client, old))
    for old in (responder.refresh_token, other_device["refresh_token"]):
        assert_refused(refresh(client, old))
    # Issued within the same second as the cut-off, and still valid: it is after it.
    assert me(client, fresh["access_token"]).get_json()["username"] == responder.username
    assert refresh(client, fresh["refresh_token"]).status_code == 200
    assert login(client, responder.username, PASSWORD).status_code == 401
    assert login(client, responder.username, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("current", "new", "status", "field"),
    [
        ("wrong-Marmot-17", NEW_PASSWORD, 403, None),
        (PASSWORD, "password2024!", 422, "new_password"),  # registration's rules
        (PASSWORD, "short", 422, "new_password"),
        (PASSWORD, "é" * 40, 422, "new_password"),  # 80 bytes: more than bcrypt takes
        ("x" * 100, NEW_PASSWORD, 403, None),  # an overlong guess is just wrong, not a 500
    ],
)
def test_password_change_refusals_change_nothing(
    client: FlaskClient, viewer: Actor, current: str, new: str, status: int, field: str | None
) -> None:
    response = change_password(client, viewer, current, new)
    assert response.status_code == status, response.get_json()
    if field is not None:
        assert response.get_json()["error"]["details"][0]["field"] == field
    assert me(client, viewer.access_token).status_code == 200
    assert login(client, viewer.username, PASSWORD).status_code == 200


def test_password_change_must_not_contain_the_username(client: FlaskClient, app: Flask) -> None:
    actor = create_actor(app, Role.viewer, "marmalade")
    response = change_password(client, actor, PASSWORD, "Marmalade-2026-x")
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["field"] == "new_password"


def test_current_password_guesses_are_rate_limited(pg_url: str, app: Flask) -> None:
    limited = make_app(pg_url, LOGIN_RATE_LIMIT="3 per minute")
    actor = create_actor(limited, Role.viewer)
    client = limited.test_client()
    codes = [change_password(client, actor, f"guess-{n}-aaaa", NEW_PASSWORD) for n in range(4)]
    assert [r.status_code for r in codes] == [403, 403, 403, 429]


def test_sign_out_everywhere(client: FlaskClient, viewer: Actor) -> None:
    laptop = login(client, viewer.username, PASSWORD).get_json()
    response = client.post("/api/auth/logout/everywhere", headers=viewer.headers)
    assert response.status_code == 204
    for token in (viewer.access_token, laptop["access_token"]):
        assert_refused(me(client, token))
    for token in (viewer.refresh_token, laptop["refresh_token"]):
        assert_refused(refresh(client, token))
    assert me(client, login(client, viewer.username, PASSWORD).get_json()["access_token"])


def test_a_token_without_the_precise_issue_time_falls_back_to_iat(
    app: Flask, client: FlaskClient, viewer: Actor
) -> None:
    """Tokens issued before the claim existed are judged by their whole-second `iat`."""
    with app.app_context():
        legacy = create_access_token(
            identity=str(viewer.user_id), additional_claims={"token_type": "access"}
        )
    assert me(client, legacy).status_code == 200
    assert client.post("/api/auth/logout/everywhere", headers=viewer.headers).status_code == 204
    assert_refused(me(client, legacy))


def test_tokens_carry_the_precise_issue_time(app: Flask, viewer: Actor) -> None:
    with app.app_context():
        payload = decode_token(viewer.access_token)
    assert payload[ISSUED_CLAIM] // 1_000_000 == payload["iat"]


def test_the_new_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/auth/password"]
    assert "post" in paths["/api/auth/logout/everywhere"]


# --- item 12: logout always revokes the presented access token ----------------------------------


@pytest.mark.parametrize(
    ("sent", "status"),
    [("garbage", 422), ("x" * 10_000, 422), ("access token", 422), ("foreign", 403)],
)
def test_logout_revokes_the_access_token_whatever_the_refresh_token(
    app: Flask, client: FlaskClient, viewer: Actor, sent: str, status: int
) -> None:
    other = create_actor(app, Role.responder)
    token = {"access token": viewer.access_token, "foreign": other.refresh_token}.get(sent, sent)
    response = client.post(
        "/api/auth/logout", json={"refresh_token": token}, headers=viewer.headers
    )
    assert response.status_code == status, response.get_json()
    assert "the access token was revoked" in response.get_json()["error"]["message"]
    assert_refused(me(client, viewer.access_token))
    assert refresh(client, other.refresh_token).status_code == 200  # not someone else's


# --- item 14: one answer for a taken username or email ------------------------------------------


def test_registration_does_not_tell_which_account_exists(client: FlaskClient) -> None:
    def register(username: str, email: str) -> Any:
        body = {"username": username, "email": email, "password": NEW_PASSWORD}
        return client.post("/api/auth/register", json=body)

    assert register("ada", "ada@example.com").status_code == 201
    by_name = register("ada", "someone@example.com")
    by_email = register("someone", "ada@example.com")
    assert by_name.status_code == by_email.status_code == 409
    assert by_name.get_json() == by_email.get_json()
    assert "username or email" in by_name.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"refresh_token": 123}', "application/json", 422),
        ('{"refresh_token": ', "application/json", 400),
        ("refresh_token=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_logout_revokes_the_access_token_whatever_the_body(
    app: Flask, client: FlaskClient, body: str, content_type: str, status: int
) -> None:
    user = create_actor(app, Role.viewer)
    response = client.post(
        "/api/auth/logout",
        data=body,
        headers={**user.headers, "Content-Type": content_type},
    )
    assert response.status_code == status, response.get_json()
    assert_refused(me(client, user.access_token))
