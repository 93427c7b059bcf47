"""Issue 15 item 10: every input an outside fuzzer turned into an HTTP 500 is a 4xx JSON error.

PATCH without a body, an overlong password for an unknown user, deeply nested JSON, NaN and
Infinity, lone surrogates, a Last-Event-ID that int() chokes on, and deeply nested YAML."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, make_service, row_counts


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    error: dict[str, Any] = response.get_json()["error"]
    assert set(error) == {"code", "message", "details"}
    return error


@pytest.fixture
def targets(client: FlaskClient, admin: Actor, viewer: Actor) -> dict[str, str]:
    """One existing resource of each kind that has a PATCH (SLOs need Prometheus to be
    created; the body is parsed before the SLO is looked up, so any id will do)."""
    service = make_service(client, admin, "checkout")
    incident = make_incident(client, admin)
    task = client.post(
        f"/api/incidents/{incident['id']}/tasks", json={"title": "Roll back"}, headers=admin.headers
    ).get_json()
    return {
        "incident": f"/api/incidents/{incident['id']}",
        "task": f"/api/incidents/{incident['id']}/tasks/{task['id']}",
        "service": f"/api/services/{service['id']}",
        "slo": f"/api/slos/{uuid.uuid4()}",
        "user": f"/api/users/{viewer.user_id}",
    }


@pytest.mark.parametrize("kind", ["incident", "task", "service", "slo", "user"])
def test_patch_without_a_body_is_a_422(
    app: Flask, client: FlaskClient, admin: Actor, targets: dict[str, str], kind: str
) -> None:
    before = row_counts(app)
    error = assert_json_error(client.patch(targets[kind], headers=admin.headers), 422)
    assert error["details"][0]["message"].endswith("the patch changes nothing")
    no_type = client.patch(targets[kind], data='{"title": "x"}', headers=admin.headers)
    assert_json_error(no_type, 415)
    assert row_counts(app) == before


@pytest.mark.parametrize("password", ["x" * 73, "é" * 37, "🔥" * 200])
def test_login_with_an_overlong_password_is_a_401(
    client: FlaskClient, viewer: Actor, password: str
) -> None:
    for username in ("nobody-here", viewer.username):  # bcrypt 5 raises either way
        response = client.post("/api/auth/login", json={"username": username, "password": password})
        assert assert_json_error(response, 401)["code"] == "invalid_credentials"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [65, 500, 100_000])
@pytest.mark.parametrize(
    ("path", "auth"),
    [("/api/auth/login", False), ("/api/auth/register", False), ("/api/incidents", True)],
)
def test_deeply_nested_json_is_a_400(
    client: FlaskClient, admin: Actor, path: str, auth: bool, depth: int
) -> None:
    headers = {"Content-Type": "application/json", **(admin.headers if auth else {})}
    body = '{"title": "t", "severity": "low", "metadata": {"a": ' + _nested(depth) + "}}"
    error = assert_json_error(client.post(path, data=body, headers=headers), 400)
    assert error["code"] == "malformed_json"


def test_nesting_up_to_the_limit_is_accepted(client: FlaskClient, admin: Actor) -> None:
    body = '{"title": "t", "severity": "low", "metadata": {"a": ' + _nested(62) + "}}"
    headers = {"Content-Type": "application/json", **admin.headers}
    assert client.post("/api/incidents", data=body, headers=headers).status_code == 201


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_metadata_are_a_400(
    app: Flask, client: FlaskClient, admin: Actor, constant: str
) -> None:
    before = row_counts(app)
    body = '{"title": "t", "severity": "low", "metadata": {"score": ' + constant + "}}"
    headers = {"Content-Type": "application/json", **admin.headers}
    response = client.post("/api/incidents", data=body, headers=headers)
    assert assert_json_error(response, 400)["code"] == "malformed_json"
    assert row_counts(app) == before


@pytest.mark.parametrize("metadata", ['{"k": "\\ud800"}', '{"\\udfff": 1}', '{"k": ["a\\udc00b"]}'])
def test_a_lone_surrogate_in_metadata_is_a_422(
    app: Flask, client: FlaskClient, admin: Actor, metadata: str
) -> None:
    before = row_counts(app)
    body = '{"title": "t", "severity": "low", "metadata": ' + metadata + "}"
    headers = {"Content-Type": "application/json", **admin.headers}
    error = assert_json_error(client.post("/api/incidents", data=body, headers=headers), 422)
    assert error["details"][0]["field"].startswith("metadata")
    assert row_counts(app) == before
    paired = '{"title": "t", "severity": "low", "metadata": {"k": "\\ud83d\\udd25"}}'
    assert client.post("/api/incidents", data=paired, headers=headers).status_code == 201


@pytest.mark.parametrize("last_event_id", ["5" * 5000, "١٢٣", "²", "12a", "-1"])
def test_a_last_event_id_that_is_not_an_event_id_is_a_400(
    client: FlaskClient, viewer: Actor, last_event_id: str
) -> None:
    response = client.get(
        "/api/events/stream",
        headers={**viewer.headers, "Last-Event-ID": last_event_id.encode().decode("latin-1")},
    )
    error = assert_json_error(response, 400)
    assert error["details"][0]["field"] == "Last-Event-ID"


@pytest.mark.parametrize("depth", [65, 900, 5000])
def test_deeply_nested_yaml_on_slo_import_is_a_422(
    client: FlaskClient, admin: Actor, depth: int
) -> None:
    body = {"yaml": f"apiVersion: openslo/v1\nkind: SLO\nspec: {_nested(depth)}\n"}
    response = client.post("/api/slos/import", json=body, headers=admin.headers)
    error = assert_json_error(response, 422)
    assert error["details"][0]["field"] == "yaml"
    assert "nested deeper than 64 levels" in error["message"]
