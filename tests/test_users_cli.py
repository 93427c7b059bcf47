"""Operator CLI: bootstrap and manage users without the HTTP API."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from incident_app.extensions import db
from incident_app.models import Role, User


def test_create_set_role_and_list(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Ops",
            "ops@example.com",
            "--role",
            "responder",
            "--password",
            "long-enough-pw",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "created ops (responder)" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ops"))
        assert user is not None and user.role == Role.responder
        assert user.password_hash.startswith("$2")

    assert runner.invoke(args=["users", "set-role", "ops", "admin"]).exit_code == 0
    listing = runner.invoke(args=["users", "list"])
    assert "ops\tadmin\tops@example.com" in listing.output


def test_create_rejects_duplicates_and_bad_input(app: Flask) -> None:
    runner = app.test_cli_runner()
    args = ["users", "create", "ops", "ops@example.com", "--password", "long-enough-pw"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already registered" in again.output
    bad = runner.invoke(args=["users", "create", "x", "not-an-email", "--password", "short"])
    assert bad.exit_code != 0
    unknown = runner.invoke(args=["users", "set-role", "ghost", "admin"])
    assert unknown.exit_code != 0 and "no user named ghost" in unknown.output
