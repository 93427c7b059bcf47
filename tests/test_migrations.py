"""The schema comes only from Alembic migrations, and they match the models on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import MIGRATIONS, make_app
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from incident_app.extensions import db


def _schema_diff(app: Flask) -> list[object]:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, db.metadata))


def test_postgres_schema_matches_models(app: Flask) -> None:
    assert _schema_diff(app) == []
    with app.app_context():
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("incidents")}
    assert type(columns["metadata"]["type"]).__name__ == "JSONB"
    assert columns["started_at"]["type"].timezone is True


def test_sqlite_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'rootline.db'}", REDIS_URL="")
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert _schema_diff(app) == []
        downgrade(directory=MIGRATIONS, revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade(directory=MIGRATIONS)
        tables = set(inspect(db.engine).get_table_names())
    assert {
        "users",
        "services",
        "incidents",
        "incident_services",
        "timeline_events",
        "incident_tasks",
        "revoked_tokens",
        "service_dependencies",
    } <= tables
    assert _schema_diff(app) == []


def test_app_never_creates_tables_itself(tmp_path: Path) -> None:
    """Without `flask db upgrade` there is no schema: create_all is never called."""
    app = make_app(f"sqlite:///{tmp_path / 'empty.db'}", REDIS_URL="")
    with app.app_context():
        app.test_client().get("/health")
        assert inspect(db.engine).get_table_names() == []
