"""Issue 15 item 8: a fresh production deployment belongs to no one who merely reaches it first.

Registration is closed by default there and never makes an admin; `flask users create-admin`
creates the first admin. Development (`make run`) keeps "the first account is the admin"."""

from __future__ import annotations

from typing import Any

from conftest import MIGRATIONS, REDIS_URL
from flask import Flask
from sqlalchemy import select

from config import DevelopmentConfig, ProductionConfig
from incident_app import create_app
from incident_app.extensions import db
from incident_app.models import Role, User

PASSWORD = "tangerine-Otter-42"


def _production(pg_url: str, **overrides: Any) -> Flask:
    settings = {
        "SQLALCHEMY_DATABASE_URI": pg_url,
        "REDIS_URL": REDIS_URL,
        "MIGRATIONS_DIR": MIGRATIONS,
        "JWT_SECRET_KEY": "p" * 48,
        "TESTING": True,
        **overrides,
    }
    return create_app(type("ProductionUnderTest", (ProductionConfig,), settings))


def _register(app: Flask, username: str) -> Any:
    body = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
    return app.test_client().post("/api/auth/register", json=body)


def test_profiles_differ_on_registration() -> None:
    assert ProductionConfig.REGISTRATION_OPEN is False
    assert ProductionConfig.FIRST_USER_ADMIN is False
    assert DevelopmentConfig.REGISTRATION_OPEN is True
    assert DevelopmentConfig.FIRST_USER_ADMIN is True


def test_production_registration_is_closed_by_default(pg_url: str, app: Flask) -> None:
    response = _register(_production(pg_url), "mallory")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "registration_closed"


def test_opened_production_registration_never_makes_an_admin(pg_url: str, app: Flask) -> None:
    """Even on an empty database the first self-registered account is only a viewer."""
    opened = _production(pg_url, REGISTRATION_OPEN=True)
    first = _register(opened, "mallory")
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["role"] == "viewer"


def test_create_admin_bootstraps_production(pg_url: str, app: Flask) -> None:
    production = _production(pg_url)
    result = production.test_cli_runner().invoke(
        args=["users", "create-admin", "Root", "root@example.com", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "created root (admin)" in result.output
    with production.app_context():
        user = db.session.scalar(select(User).where(User.username == "root"))
        assert user is not None and user.role == Role.admin
    login = production.test_client().post(
        "/api/auth/login", json={"username": "root", "password": PASSWORD}
    )
    assert login.status_code == 200 and login.get_json()["user"]["role"] == "admin"


def test_create_admin_also_when_users_exist_and_refuses_bad_input(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert _register(app, "first").get_json()["role"] == "admin"  # development's convenience
    second = runner.invoke(
        args=["users", "create-admin", "second", "second@example.com", "--password", PASSWORD]
    )
    assert second.exit_code == 0 and "created second (admin)" in second.output
    weak = runner.invoke(
        args=["users", "create-admin", "third", "third@example.com", "--password", "password123"]
    )
    assert weak.exit_code != 0 and "common" in weak.output
    taken = runner.invoke(
        args=["users", "create-admin", "second", "other@example.com", "--password", PASSWORD]
    )
    assert taken.exit_code != 0 and "already registered" in taken.output
