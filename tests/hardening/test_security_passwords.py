"""Password rules at registration (API and CLI): length, bcrypt's byte limit, no common
passwords, nothing taken from the account itself; 422s name the rule, never the password."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from incident_app.extensions import db
from incident_app.models import User


def register(client: FlaskClient, password: str, username: str = "margaret", **extra: str) -> dict:
    body = {"username": username, "email": "peggy.h@example.com", "password": password, **extra}
    response = client.post("/api/auth/register", json=body)
    return {"status": response.status_code, **(response.get_json() or {})}


def users(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User)) or 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("nine-char", "at least 10 characters"),
        ("é" * 37, "72 bytes"),
        ("1234567890", "most common passwords"),
        ("qwertyuiop", "most common passwords"),
        ("Password2024!", "most common passwords"),
        ("LetMeIn-2025", "most common passwords"),
        ("Welcome_1234", "most common passwords"),
        ("margaret-rules-42", "must not contain the username"),
        ("xxMARGARETxx-99", "must not contain the username"),
        ("peggy.h-is-great", "must not contain the email address"),
    ],
)
def test_weak_passwords_are_422_on_the_password_field(
    app: Flask, client: FlaskClient, password: str, message: str
) -> None:
    answer = register(client, password)
    assert answer["status"] == 422
    error = answer["error"]
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == ["password"]
    assert message in error["details"][0]["message"]
    assert password not in str(answer)  # the details never echo the secret
    assert users(app) == 0


@pytest.mark.parametrize(
    "password",
    # The README's example, the e2e suite's and the test suite's passwords, and 72 bytes exactly.
    ["correct-horse", "correct-horse-battery", "s3cret-pass", "long-enough-pw", "é" * 36],
)
def test_reasonable_passwords_are_accepted(client: FlaskClient, password: str) -> None:
    assert register(client, password)["status"] == 201


def test_username_rule_needs_a_valid_username(client: FlaskClient) -> None:
    """An invalid username is reported on its own field, not as a password problem."""
    error = register(client, "correct-horse", username="-x")["error"]
    assert [d["field"] for d in error["details"]] == ["username"]


def test_the_cli_applies_the_same_rules(app: Flask) -> None:
    runner = app.test_cli_runner()
    args = ["users", "create", "ops", "ops@example.com", "--password"]
    weak = runner.invoke(args=[*args, "password123"])
    assert weak.exit_code != 0 and "most common passwords" in weak.output
    own = runner.invoke(args=[*args, "ops-on-call-2026"])
    assert own.exit_code != 0 and "must not contain the username" in own.output
    assert users(app) == 0
    assert runner.invoke(args=[*args, "long-enough-pw"]).exit_code == 0
