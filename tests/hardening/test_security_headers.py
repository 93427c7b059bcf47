"""Security headers on every kind of response (API, errors, web UI, API docs), caching of
token-bearing answers, HSTS when configured, and a challenge on every 401.

(The authorization matrix checks the basic headers on every route for every caller; this file
checks the values per surface.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "correct-horse-battery"
HTML = {"Accept": "text/html"}


def csp(response: TestResponse) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    policy = response.headers["Content-Security-Policy"]
    return dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))


def assert_base_headers(response: TestResponse) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert csp(response)["frame-ancestors"].strip() == "'none'"
    assert "Strict-Transport-Security" not in response.headers  # off unless configured


@pytest.fixture
def ui(pg_url: str, app: Flask, tmp_path: Path) -> FlaskClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><script src=/assets/a.js></script>")
    (tmp_path / "assets" / "a.js").write_text("console.log(1)")
    return make_app(pg_url, WEB_UI_DIR=str(tmp_path)).test_client()


def test_api_answers_run_nothing_and_are_never_cached(client: FlaskClient, viewer: Actor) -> None:
    for response in (
        client.get("/api/incidents", headers=viewer.headers),
        client.get("/api/incidents/not-a-uuid", headers=viewer.headers),  # 404
        client.delete("/api/incidents", headers=viewer.headers),  # 405
        client.get("/health"),
    ):
        assert_base_headers(response)
        assert csp(response)["default-src"].strip() == "'none'"
    assert client.get("/api/incidents", headers=viewer.headers).headers["Cache-Control"] == (
        "no-store"
    )


def test_token_answers_are_no_store(client: FlaskClient, viewer: Actor) -> None:
    login = client.post("/api/auth/login", json={"username": viewer.username, "password": PASSWORD})
    assert login.status_code == 200 and "access_token" in login.get_json()
    refresh = client.post(
        "/api/auth/refresh", headers={"Authorization": f"Bearer {viewer.refresh_token}"}
    )
    failed = client.post("/api/auth/login", json={"username": viewer.username, "password": "no"})
    for response in (login, refresh, failed):
        assert_base_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_web_ui_runs_only_its_own_files(ui: FlaskClient) -> None:
    for response in (ui.get("/", headers=HTML), ui.get("/incidents/x", headers=HTML)):
        assert response.status_code == 200
        assert_base_headers(response)
        policy = csp(response)
        assert policy["script-src"].strip() == "'self'"
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert policy["connect-src"].strip() == "'self'"
        assert response.headers["Cache-Control"] == "no-cache"  # the UI's own caching stays
    asset = ui.get("/assets/a.js")
    assert_base_headers(asset)
    assert "max-age=31536000" in asset.headers["Cache-Control"]


def test_api_docs_run_only_their_own_files(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert_base_headers(page)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.get_data(as_text=True), re.DOTALL)
    assert len(scripts) == 2  # Swagger UI's bundle and our init file, neither inline
    assert all(attrs.startswith(' src="/api/docs/static/') and not body for attrs, body in scripts)
    policy = csp(page)
    assert policy["script-src"].split() == ["'self'"]
    assert policy["style-src"].split() == ["'self'"]
    for name in ("swagger-ui-bundle.js", "rootline-docs.js"):
        script = client.get(f"/api/docs/static/{name}")
        assert script.status_code == 200
        assert_base_headers(script)
        assert "max-age=3600" in script.headers["Cache-Control"]  # static files stay cacheable


def test_hsts_when_configured(pg_url: str, app: Flask) -> None:
    tls = make_app(pg_url, HSTS_SECONDS=63072000).test_client()
    for path in ("/health", "/api/openapi.json", "/api/nope"):
        assert tls.get(path).headers["Strict-Transport-Security"] == (
            "max-age=63072000; includeSubDomains"
        )


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "unauthorized"), ({"Authorization": "Bearer rl_unknown"}, "invalid_token")],
)
def test_integration_401s_carry_a_challenge(
    client: FlaskClient, headers: dict[str, str], code: str
) -> None:
    response = client.post("/api/alerts/grafana", json={}, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="integrations"'
    assert_base_headers(response)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic eDp5"}]
)
def test_user_401s_carry_a_bearer_challenge(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get("/api/incidents", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_job_dashboard_challenges_with_basic(client: FlaskClient, viewer: Actor) -> None:
    response = client.get("/rq/", headers=viewer.headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert_base_headers(response)
