"""JWT signing-key rotation: the new key signs, previous keys verify until they are dropped."""

from __future__ import annotations

from datetime import timedelta

import jwt as pyjwt
import pytest
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask_jwt_extended import create_access_token

from config import ProductionConfig
from incident_app.auth.keys import key_id
from incident_app.models import Role

OLD = "old-signing-key-" + "o" * 40
NEW = "new-signing-key-" + "n" * 40
OTHER = "someone-elses-key-" + "x" * 40


def _kid(token: str) -> str | None:
    kid: str | None = pyjwt.get_unverified_header(token).get("kid")
    return kid


def _me(app: Flask, token: str) -> tuple[int, str | None]:
    response = app.test_client().get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    body = response.get_json()
    return response.status_code, body.get("error", {}).get("code")


@pytest.fixture
def old_app(pg_url: str, app: Flask) -> Flask:
    return make_app(pg_url, JWT_SECRET_KEY=OLD)


@pytest.fixture
def rotated(pg_url: str, app: Flask) -> Flask:
    return make_app(pg_url, JWT_SECRET_KEY=NEW, JWT_PREVIOUS_SECRET_KEYS=[OLD])


@pytest.fixture
def old_actor(old_app: Flask) -> Actor:
    return create_actor(old_app, Role.viewer)


def test_tokens_name_their_key(old_actor: Actor) -> None:
    assert _kid(old_actor.access_token) == key_id(OLD)
    assert _kid(old_actor.refresh_token) == key_id(OLD)
    assert key_id(OLD) not in OLD and len(key_id(OLD)) == 16  # a fingerprint, not the key


def test_previous_key_still_verifies_after_rotation(
    pg_url: str, old_actor: Actor, rotated: Flask
) -> None:
    assert _me(rotated, old_actor.access_token) == (200, None)
    # Once the old key is dropped from the list, its tokens stop working.
    retired = make_app(pg_url, JWT_SECRET_KEY=NEW)
    assert _me(retired, old_actor.access_token) == (401, "invalid_token")


def test_refresh_under_a_previous_key_yields_a_token_signed_with_the_new_one(
    old_actor: Actor, rotated: Flask
) -> None:
    response = rotated.test_client().post(
        "/api/auth/refresh", headers={"Authorization": f"Bearer {old_actor.refresh_token}"}
    )
    assert response.status_code == 200, response.get_json()
    fresh = response.get_json()["access_token"]
    assert _kid(fresh) == key_id(NEW)
    pyjwt.decode(fresh, NEW, algorithms=["HS256"])  # really signed with the new key
    assert _me(rotated, fresh) == (200, None)


def test_a_kid_does_not_make_a_foreign_signature_valid(old_actor: Actor, rotated: Flask) -> None:
    """The kid only picks the key; the signature must still match it."""
    claims = pyjwt.decode(old_actor.access_token, OLD, algorithms=["HS256"])
    for kid in (key_id(OLD), key_id(NEW), "unknown", None):
        headers = {} if kid is None else {"kid": kid}
        forged = pyjwt.encode(claims, OTHER, algorithm="HS256", headers=headers)
        assert _me(rotated, forged) == (401, "invalid_token")


def test_tokens_without_kid_verify_with_the_current_key_only(
    old_actor: Actor, rotated: Flask
) -> None:
    """Tokens from before rotation existed carry no kid: the current key decides."""
    claims = pyjwt.decode(old_actor.access_token, OLD, algorithms=["HS256"])
    assert _me(rotated, pyjwt.encode(claims, NEW, algorithm="HS256")) == (200, None)
    assert _me(rotated, pyjwt.encode(claims, OLD, algorithm="HS256")) == (401, "invalid_token")


def test_expiry_still_applies_to_previous_key_tokens(old_app: Flask, rotated: Flask) -> None:
    actor = create_actor(old_app, Role.viewer)
    with old_app.app_context():
        expired = create_access_token(str(actor.user_id), expires_delta=timedelta(seconds=-1))
    assert _me(rotated, expired) == (401, "token_expired")
    assert _me(rotated, "not-a-jwt") == (401, "invalid_token")


@pytest.mark.parametrize("previous", [["short"], ["change-me"], ["k" * 48, "x" * 31]])
def test_production_refuses_weak_previous_keys(previous: list[str]) -> None:
    app = Flask("probe")
    app.config.from_object(ProductionConfig)
    app.config.update(
        JWT_SECRET_KEY="k" * 48,
        JWT_PREVIOUS_SECRET_KEYS=previous,
        SQLALCHEMY_DATABASE_URI="postgresql://x/y",
    )
    with pytest.raises(RuntimeError, match="JWT_PREVIOUS_SECRET_KEYS"):
        ProductionConfig.init_app(app)


def test_production_accepts_strong_previous_keys() -> None:
    app = Flask("probe")
    app.config.from_object(ProductionConfig)
    app.config.update(
        JWT_SECRET_KEY=NEW,
        JWT_PREVIOUS_SECRET_KEYS=[OLD],
        SQLALCHEMY_DATABASE_URI="postgresql://x/y",
    )
    ProductionConfig.init_app(app)
    assert app.config["HSTS_SECONDS"] > 0  # production answers with Strict-Transport-Security
