"""Test fixtures: a throwaway PostgreSQL database built by the real migrations, a real Redis
database, the app, a client, and users of each role with their access tokens."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg2
import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from config import TestingConfig
from incident_app import create_app
from incident_app.auth.passwords import hash_password
from incident_app.auth.tokens import issue_tokens
from incident_app.extensions import db
from incident_app.models import Role, User

PG_ADMIN_URL = os.environ.get("ROOTLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _redis_url() -> str:
    """Redis database 13 (ROOTLINE_TEST_REDIS), one more per extra pytest-xdist worker, so
    parallel workers never flush each other's queues."""
    base, _, number = os.environ.get("ROOTLINE_TEST_REDIS", "redis://127.0.0.1:6379/13").rpartition(
        "/"
    )
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"{base}/{int(number) + int(worker or 0)}"


REDIS_URL = _redis_url()
MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


def _admin_execute(sql: str) -> None:
    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    name = f"rootline_test_{uuid.uuid4().hex[:10]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_app(database_url: str, **overrides: Any) -> Flask:
    """An app on the given database with TestingConfig plus overrides."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": REDIS_URL,
        "MIGRATIONS_DIR": MIGRATIONS,
        **overrides,
    }
    config = type("PerTestConfig", (TestingConfig,), settings)
    return create_app(config)


@pytest.fixture(scope="session")
def app(pg_url: str) -> Iterator[Flask]:
    app = make_app(pg_url)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with empty tables and an empty Redis database."""
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class Actor:
    """A user with a valid access token, ready to call the API."""

    user_id: uuid.UUID
    username: str
    role: Role
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def create_actor(app: Flask, role: Role, username: str | None = None) -> Actor:
    username = username or f"{role.value}-{uuid.uuid4().hex[:6]}"
    with app.app_context():
        user = User(
            username=username,
            email=f"{username}@example.com",
            password_hash=hash_password("correct-horse-battery"),
            role=role,
        )
        db.session.add(user)
        db.session.commit()
        tokens = issue_tokens(user)
        return Actor(user.id, username, role, tokens["access_token"], tokens["refresh_token"])


@pytest.fixture
def admin(app: Flask) -> Actor:
    return create_actor(app, Role.admin)


@pytest.fixture
def responder(app: Flask) -> Actor:
    return create_actor(app, Role.responder)


@pytest.fixture
def viewer(app: Flask) -> Actor:
    return create_actor(app, Role.viewer)
