"""Authentication: registration, login, JWT claims, refresh, logout/revocation, rate limiting."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import bcrypt
import pytest
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import JWTManager, create_access_token, decode_token
from werkzeug.test import TestResponse

from incident_app.extensions import db
from incident_app.models import Role, User

PASSWORD = "s3cret-passphrase"
USER_FIELDS = "id username email role is_active created_at last_login_at"


def register(client: FlaskClient, username: str, email: str | None = None, **extra: Any) -> Any:
    body = {"username": username, "email": email or f"{username}@example.com"}
    body["password"] = extra.pop("password", PASSWORD)
    return client.post("/api/auth/register", json={**body, **extra})


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/api/auth/login", json={"username": username, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(resp: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.is_json
    error = resp.get_json()["error"]
    assert set(error) == {"code", "message", "details"}
    if code is not None:
        assert error["code"] == code
    return error


def load_user(app: Flask, user_id: str | uuid.UUID) -> User:
    with app.app_context():
        user = db.session.get(User, uuid.UUID(str(user_id)))
        assert user is not None
        db.session.expunge(user)
        return user


def set_active(app: Flask, user_id: uuid.UUID, active: bool) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.is_active = active
        db.session.commit()


# --- registration -----------------------------------------------------------------------------


def test_register_returns_user_and_stores_bcrypt_hash(app: Flask, client: FlaskClient) -> None:
    """201 with the public user shape; the database holds a bcrypt hash, never the password."""
    resp = register(client, "alice")
    assert resp.status_code == 201
    body = resp.get_json()
    assert set(body) == set(USER_FIELDS.split())
    assert body["username"] == "alice"
    assert body["email"] == "alice@example.com"
    assert body["is_active"] is True
    assert body["last_login_at"] is None
    assert PASSWORD not in resp.get_data(as_text=True)

    user = load_user(app, body["id"])
    assert user.password_hash != PASSWORD
    assert user.password_hash.startswith("$2")
    assert bcrypt.checkpw(PASSWORD.encode(), user.password_hash.encode())


def test_first_user_is_admin_and_later_ones_are_viewers(client: FlaskClient) -> None:
    """Bootstrap: the very first account administers the install; the rest start read-only."""
    assert register(client, "first").get_json()["role"] == "admin"
    assert register(client, "second").get_json()["role"] == "viewer"
    assert register(client, "third").get_json()["role"] == "viewer"


def test_register_cannot_choose_its_role(client: FlaskClient, admin: Actor) -> None:
    """A `role` in the body is an unknown field (422), not a privilege escalation."""
    error = assert_error(register(client, "mallory", role="admin"), 422, "validation_error")
    assert any(d["field"] == "role" for d in error["details"])


def test_register_normalizes_username_and_email(client: FlaskClient) -> None:
    resp = register(client, "  Alice.Ops ", email="Alice.Ops@Example.COM")
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["username"] == "alice.ops"
    assert body["email"] == "alice.ops@example.com"
    assert login(client, "ALICE.OPS").status_code == 200


@pytest.mark.parametrize(
    ("username", "email"),
    [
        ("Alice", "other@example.com"),  # same username after lowercasing
        ("bob", "ALICE@example.com"),  # same email, different case
    ],
)
def test_register_duplicate_is_conflict(client: FlaskClient, username: str, email: str) -> None:
    assert register(client, "alice").status_code == 201
    error = assert_error(register(client, username, email=email), 409, "already_exists")
    # The same answer for either: it must not tell which account exists.
    assert error["message"] == "That username or email is already registered"
    assert error["details"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a@example.com", "password": PASSWORD}, "username"),
        ({"username": "ab", "email": "a@example.com", "password": PASSWORD}, "username"),
        ({"username": "-dash", "email": "a@example.com", "password": PASSWORD}, "username"),
        ({"username": "sp ace", "email": "a@example.com", "password": PASSWORD}, "username"),
        ({"username": "x" * 65, "email": "a@example.com", "password": PASSWORD}, "username"),
        ({"username": "alice", "email": "not-an-email", "password": PASSWORD}, "email"),
        ({"username": "alice", "password": PASSWORD}, "email"),
        ({"username": "alice", "email": "a@example.com"}, "password"),
        ({"username": "alice", "email": "a@example.com", "password": "short"}, "password"),
        ({"username": "alice", "email": "a@example.com", "password": "p" * 73}, "password"),
        ({"username": 123, "email": "a@example.com", "password": PASSWORD}, "username"),
    ],
)
def test_register_invalid_body_is_422_with_field_details(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    error = assert_error(client.post("/api/auth/register", json=body), 422, "validation_error")
    assert isinstance(error["details"], list) and error["details"]
    assert all({"field", "message"} <= set(d) for d in error["details"])
    assert field in {d["field"] for d in error["details"]}


def test_register_password_over_72_bytes_is_rejected(app: Flask, client: FlaskClient) -> None:
    """40 characters but 80 UTF-8 bytes: bcrypt would silently truncate, so refuse it."""
    password = "é" * 40
    error = assert_error(register(client, "alice", password=password), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["password"]
    assert "72 bytes" in error["details"][0]["message"]
    with app.app_context():
        assert db.session.query(User).count() == 0
    # Exactly 72 bytes is fine.
    assert register(client, "alice", password="é" * 36).status_code == 201


def test_register_closed(pg_url: str, app: Flask) -> None:
    closed = make_app(pg_url, REGISTRATION_OPEN=False).test_client()
    assert_error(register(closed, "alice"), 403, "registration_closed")


# --- login and token claims -------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["alice", "alice@example.com", "ALICE@EXAMPLE.COM"])
def test_login_by_username_or_email(app: Flask, client: FlaskClient, identifier: str) -> None:
    user_id = register(client, "alice").get_json()["id"]
    resp = login(client, identifier)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["access_token"] and body["refresh_token"]
    assert body["user"]["id"] == user_id
    assert body["user"]["last_login_at"] is not None
    assert load_user(app, user_id).last_login_at is not None
    me = client.get("/api/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.get_json()["id"] == user_id


def test_access_and_refresh_token_claims(app: Flask, client: FlaskClient) -> None:
    user = register(client, "alice").get_json()
    body = login(client, "alice").get_json()
    with app.app_context():
        access = decode_token(body["access_token"])
        refresh = decode_token(body["refresh_token"])
    assert access["sub"] == user["id"]
    assert access["user_id"] == user["id"]
    assert access["username"] == "alice"
    assert access["email"] == "alice@example.com"
    assert access["roles"] == ["admin"]
    assert access["token_type"] == "access"
    assert access["type"] == "access"
    assert access["exp"] - access["iat"] == 900
    assert refresh["token_type"] == "refresh"
    assert refresh["type"] == "refresh"
    assert refresh["sub"] == user["id"]
    assert refresh["exp"] - refresh["iat"] > 900
    assert access["jti"] != refresh["jti"]


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong-password"), ("nobody", PASSWORD)]
)
def test_login_bad_credentials_is_401(client: FlaskClient, username: str, password: str) -> None:
    """Wrong password and unknown user answer identically (no account enumeration)."""
    register(client, "alice")
    error = assert_error(login(client, username, password), 401, "invalid_credentials")
    assert error["message"] == "Unknown username or wrong password"


def test_login_invalid_body_is_422(client: FlaskClient) -> None:
    error = assert_error(client.post("/api/auth/login", json={"username": "alice"}), 422)
    assert [d["field"] for d in error["details"]] == ["password"]


def test_login_disabled_user_is_403(app: Flask, client: FlaskClient) -> None:
    user_id = register(client, "alice").get_json()["id"]
    set_active(app, uuid.UUID(user_id), False)
    assert_error(login(client, "alice"), 403, "account_disabled")
    # A wrong password on a disabled account still says only "invalid credentials".
    assert_error(login(client, "alice", "wrong-password"), 401, "invalid_credentials")


# --- refresh ----------------------------------------------------------------------------------


def test_refresh_issues_a_working_access_token(app: Flask, client: FlaskClient) -> None:
    register(client, "alice")
    tokens = login(client, "alice").get_json()
    resp = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["expires_in"] == 900
    with app.app_context():
        assert decode_token(body["access_token"])["token_type"] == "access"
    assert client.get("/api/auth/me", headers=bearer(body["access_token"])).status_code == 200


def test_refresh_rejects_an_access_token(client: FlaskClient, viewer: Actor) -> None:
    resp = client.post("/api/auth/refresh", headers=viewer.headers)
    assert resp.status_code in (401, 422)
    assert_error(resp, resp.status_code)


def test_refresh_token_is_not_an_access_token(client: FlaskClient, viewer: Actor) -> None:
    assert_error(client.get("/api/auth/me", headers=bearer(viewer.refresh_token)), 401)


def test_refresh_for_disabled_user_is_401(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    set_active(app, viewer.user_id, False)
    assert_error(client.post("/api/auth/refresh", headers=bearer(viewer.refresh_token)), 401)


# --- logout and revocation --------------------------------------------------------------------


def test_logout_revokes_the_access_token(client: FlaskClient, viewer: Actor) -> None:
    assert client.get("/api/auth/me", headers=viewer.headers).status_code == 200
    resp = client.post("/api/auth/logout", headers=viewer.headers)
    assert resp.status_code == 204
    assert resp.get_data() == b""
    assert_error(client.get("/api/auth/me", headers=viewer.headers), 401, "token_revoked")
    # The refresh token was not in the body, so it still works.
    assert client.post("/api/auth/refresh", headers=bearer(viewer.refresh_token)).status_code == 200


def test_logout_revokes_a_refresh_token_in_the_body(client: FlaskClient, viewer: Actor) -> None:
    resp = client.post(
        "/api/auth/logout", headers=viewer.headers, json={"refresh_token": viewer.refresh_token}
    )
    assert resp.status_code == 204
    refreshed = client.post("/api/auth/refresh", headers=bearer(viewer.refresh_token))
    assert_error(refreshed, 401, "token_revoked")
    assert_error(client.get("/api/auth/me", headers=viewer.headers), 401, "token_revoked")


@pytest.mark.parametrize("sent", ["garbage", "access token"])
def test_logout_rejects_an_invalid_refresh_token(
    client: FlaskClient, viewer: Actor, sent: str
) -> None:
    token = viewer.access_token if sent == "access token" else sent
    resp = client.post("/api/auth/logout", headers=viewer.headers, json={"refresh_token": token})
    error = assert_error(resp, 422, "validation_error")
    assert error["details"][0]["field"] == "refresh_token"


def test_logout_cannot_revoke_another_users_refresh_token(
    client: FlaskClient, viewer: Actor, responder: Actor
) -> None:
    resp = client.post(
        "/api/auth/logout", headers=viewer.headers, json={"refresh_token": responder.refresh_token}
    )
    assert_error(resp, 403, "forbidden")
    refreshed = client.post("/api/auth/refresh", headers=bearer(responder.refresh_token))
    assert refreshed.status_code == 200


def test_logout_requires_a_token(client: FlaskClient) -> None:
    assert_error(client.post("/api/auth/logout"), 401, "unauthorized")


# --- /me and token failures -------------------------------------------------------------------


def test_me_returns_the_current_user(client: FlaskClient, responder: Actor) -> None:
    body = client.get("/api/auth/me", headers=responder.headers).get_json()
    assert body["id"] == str(responder.user_id)
    assert body["username"] == responder.username
    assert body["role"] == "responder"
    assert "password_hash" not in body


def test_expired_token_is_401_token_expired(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    with app.app_context():
        token = create_access_token(
            identity=str(viewer.user_id), expires_delta=timedelta(seconds=-1)
        )
    resp = client.get("/api/auth/me", headers=bearer(token))
    assert_error(resp, 401, "token_expired")
    assert resp.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer garbage", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.e30."]
)
def test_garbage_token_is_401(client: FlaskClient, header: str) -> None:
    assert_error(client.get("/api/auth/me", headers={"Authorization": header}), 401)


def test_token_signed_with_another_key_is_401(client: FlaskClient, viewer: Actor) -> None:
    other = Flask("other")
    other.config["JWT_SECRET_KEY"] = "another-secret-key-that-is-long-enough-for-hs256"
    JWTManager(other)
    with other.app_context():
        token = create_access_token(identity=str(viewer.user_id))
    assert_error(client.get("/api/auth/me", headers=bearer(token)), 401, "invalid_token")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_missing_token_is_401_with_www_authenticate(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    for resp in (client.get("/api/auth/me", headers=headers), client.post("/api/auth/refresh")):
        assert_error(resp, 401, "unauthorized")
        assert resp.headers["WWW-Authenticate"] == "Bearer"


def test_token_of_deleted_user_is_401(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    with app.app_context():
        db.session.delete(db.session.get(User, viewer.user_id))
        db.session.commit()
    assert_error(client.get("/api/auth/me", headers=viewer.headers), 401, "unauthorized")


def test_token_with_non_uuid_subject_is_401(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        token = create_access_token(identity="not-a-uuid")
    assert_error(client.get("/api/auth/me", headers=bearer(token)), 401)


def test_token_of_disabled_user_is_401(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    set_active(app, viewer.user_id, False)
    assert_error(client.get("/api/auth/me", headers=viewer.headers), 401, "unauthorized")
    set_active(app, viewer.user_id, True)
    assert client.get("/api/auth/me", headers=viewer.headers).status_code == 200


# --- rate limiting ----------------------------------------------------------------------------


@pytest.fixture
def limited(pg_url: str, app: Flask) -> Iterator[FlaskClient]:
    """An app allowing 3 logins a minute. Its counters live in private memory storage, since
    Redis db 13 is flushed by every test session's cleanup; the limiter is process-wide, so
    building a default app afterwards puts it back on Redis for later tests."""
    yield make_app(
        pg_url, LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI="memory://"
    ).test_client()
    make_app(pg_url)


def test_login_rate_limit(limited: FlaskClient, admin: Actor) -> None:
    """The 4th login in a minute is refused with 429; other endpoints are unaffected."""
    for _ in range(3):
        assert login(limited, admin.username, "correct-horse-battery").status_code == 200
    resp = login(limited, admin.username, "correct-horse-battery")
    error = assert_error(resp, 429, "rate_limited")
    assert error["message"]
    assert "Retry-After" in resp.headers
    # Failed attempts count too, so guessing is throttled.
    assert_error(login(limited, admin.username, "wrong-password"), 429, "rate_limited")
    assert limited.get("/api/auth/me", headers=admin.headers).status_code == 200
    assert limited.get("/health").status_code == 200
    assert register(limited, "newcomer").status_code == 201


def test_role_claim_is_informational(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    """Authorization uses the stored role, so a token claiming admin grants nothing extra."""
    with app.app_context():
        token = create_access_token(
            identity=str(viewer.user_id), additional_claims={"roles": [Role.admin.value]}
        )
    resp = client.patch(
        f"/api/users/{viewer.user_id}", headers=bearer(token), json={"role": "admin"}
    )
    assert_error(resp, 403, "forbidden")
