"""Flask extensions, created unbound here and bound to an app in `create_app`."""

from __future__ import annotations

import sqlite3
from typing import Any

import redis
from flask import Flask, current_app
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

from incident_app.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
cors = CORS()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

REDIS_EXTENSION = "rootline.redis"


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite ignores foreign keys (and their ON DELETE rules) unless asked on each connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_extensions(app: Flask) -> None:
    """Bind every extension; Redis is optional (embedded mode runs without it)."""
    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", "migrations"))
    jwt.init_app(app)
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
        expose_headers=["X-Request-ID"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        max_age=600,
    )
    redis_url = app.config.get("REDIS_URL") or ""
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    # A sliding window: a fixed one lets a guesser spend two budgets across a window boundary
    # (and makes limits flaky to test).
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # Redis down must not lock everyone out: limits fall back to per-process memory.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.init_app(app)
    app.extensions[REDIS_EXTENSION] = (
        redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
        if redis_url
        else None
    )


def get_redis() -> redis.Redis | None:
    """The app's Redis client, or None when REDIS_URL is unset."""
    client: redis.Redis | None = current_app.extensions.get(REDIS_EXTENSION)
    return client
