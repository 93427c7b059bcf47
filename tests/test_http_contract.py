"""Cross-cutting HTTP rules: error envelope, body handling, request ids, CORS, access log,
health, the OpenAPI document and docs, and that every /api route declares an Operation."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from conftest import REDIS_URL, Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate
from werkzeug.test import TestResponse

from incident_app.api.openapi import PATH_ARG
from incident_app.api.operation import get_operation
from incident_app.observability import JsonFormatter, configure_logging

LOGIN = {"username": "nobody", "password": "whatever-pass"}
DOCS_RULES = {"/api/openapi.json", "/api/docs", "/api/docs/static/<path:filename>"}


def assert_error(resp: TestResponse, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "details"}}, served as JSON."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def api_rules(app: Flask) -> list[Any]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api") and r.rule not in DOCS_RULES
    ]


# --- the error envelope -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("get", "/api/auth/me", {}, 401, "unauthorized"),
        ("get", "/api/nope", {}, 404, "not_found"),
        ("get", "/nope", {}, 404, "not_found"),
        ("delete", "/api/auth/login", {}, 405, "method_not_allowed"),
        ("post", "/api/auth/login", {"json": {**LOGIN, "extra": 1}}, 422, "validation_error"),
        ("post", "/api/auth/login", {"json": LOGIN}, 401, "invalid_credentials"),
    ],
)
def test_every_error_uses_the_envelope(
    client: FlaskClient, method: str, path: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    assert_error(getattr(client, method)(path, **kwargs), status, code)


@pytest.mark.parametrize("data", ["{oops", "", "{'single': 'quotes'}", "[1, 2", "null"])
def test_malformed_json_is_400(client: FlaskClient, data: str) -> None:
    resp = client.post("/api/auth/login", data=data, content_type="application/json")
    assert_error(resp, 400, "malformed_json")


def test_json_that_is_not_an_object_is_422(client: FlaskClient) -> None:
    resp = client.post("/api/auth/login", json=["alice", "password"])
    error = assert_error(resp, 422, "validation_error")
    assert error["details"][0]["field"] == "body"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_non_json_body_is_415(client: FlaskClient, content_type: str) -> None:
    resp = client.post(
        "/api/auth/register", data="username=alice&password=x", content_type=content_type
    )
    assert_error(resp, 415, "unsupported_media_type")


def test_json_with_charset_is_accepted(client: FlaskClient) -> None:
    ctype = "application/json; charset=utf-8"
    resp = client.post("/api/auth/login", data=json.dumps(LOGIN), content_type=ctype)
    assert_error(resp, 401, "invalid_credentials")


def test_oversized_body_is_413(pg_url: str, app: Flask) -> None:
    small = make_app(pg_url, MAX_CONTENT_LENGTH=1000).test_client()
    resp = small.post("/api/auth/login", json={"username": "a" * 2000, "password": "x"})
    assert_error(resp, 413, "payload_too_large")
    assert_error(small.post("/api/auth/login", json=LOGIN), 401, "invalid_credentials")


def test_unknown_route_is_404_json(client: FlaskClient) -> None:
    error = assert_error(client.get("/api/incidents/not-a-uuid/timeline"), 404, "not_found")
    assert error["details"] is None


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/auth/login", {"POST"}),
        ("put", "/api/users", {"GET"}),
        ("post", "/health", {"GET"}),
    ],
)
def test_wrong_method_is_405_with_allow(
    client: FlaskClient, method: str, path: str, allowed: set[str]
) -> None:
    resp = getattr(client, method)(path)
    assert_error(resp, 405, "method_not_allowed")
    assert allowed <= {m.strip() for m in resp.headers["Allow"].split(",")}


def test_unknown_body_fields_are_422(client: FlaskClient, admin: Actor) -> None:
    resp = client.post(
        "/api/incidents", headers=admin.headers, json={"title": "t", "severity": "low", "x": 1}
    )
    error = assert_error(resp, 422, "validation_error")
    assert error["details"][0]["field"] == "x"
    assert error["details"][0]["type"] == "extra_forbidden"


def test_unexpected_exception_is_500_without_traceback(pg_url: str, app: Flask) -> None:
    broken = make_app(pg_url)

    @broken.get("/api/_boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    resp = broken.test_client().get("/api/_boom")
    error = assert_error(resp, 500, "internal_error")
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text
    assert "hunter2" not in text and "RuntimeError" not in text
    assert error["details"] is None


# --- request ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("request_id", ["abc-123", "trace.id_42", "A" * 128])
def test_sane_request_id_is_echoed(client: FlaskClient, request_id: str) -> None:
    assert (
        client.get("/health", headers={"X-Request-ID": request_id}).headers["X-Request-ID"]
        == request_id
    )
    resp = client.get("/api/nope", headers={"X-Request-ID": request_id})
    assert resp.headers["X-Request-ID"] == request_id


@pytest.mark.parametrize("request_id", [None, "", "has space", "<script>", "A" * 129, "ü"])
def test_missing_or_unsafe_request_id_is_generated(
    client: FlaskClient, request_id: str | None
) -> None:
    headers = {} if request_id is None else {"X-Request-ID": request_id}
    generated = client.get("/health", headers=headers).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert generated != request_id
    assert client.get("/health", headers=headers).headers["X-Request-ID"] != generated


# --- CORS -------------------------------------------------------------------------------------


def test_cors_allows_configured_origin(client: FlaskClient, viewer: Actor) -> None:
    origin = "http://localhost:5173"
    resp = client.get("/api/users", headers={**viewer.headers, "Origin": origin})
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    assert "X-Request-ID" in resp.headers.get("Access-Control-Expose-Headers", "")
    # Errors carry CORS headers too, so a browser client can read them.
    unauthorized = client.get("/api/users", headers={"Origin": origin})
    assert unauthorized.headers["Access-Control-Allow-Origin"] == origin


def test_cors_preflight(client: FlaskClient) -> None:
    resp = client.options(
        "/api/incidents",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert "authorization" in resp.headers["Access-Control-Allow-Headers"].lower()


def test_cors_rejects_other_origins(client: FlaskClient, viewer: Actor) -> None:
    for origin in ("http://evil.example", "http://localhost:5174"):
        resp = client.get("/api/users", headers={**viewer.headers, "Origin": origin})
        assert resp.status_code == 200
        assert "Access-Control-Allow-Origin" not in resp.headers


def test_cors_origins_come_from_config(pg_url: str, app: Flask) -> None:
    custom = make_app(pg_url, CORS_ORIGINS=["https://ops.example.com"]).test_client()
    allowed = custom.get("/api/auth/me", headers={"Origin": "https://ops.example.com"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ops.example.com"
    default = custom.get("/api/auth/me", headers={"Origin": "http://localhost:5173"})
    assert "Access-Control-Allow-Origin" not in default.headers


# --- access log -------------------------------------------------------------------------------


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "rootline.access"]


@pytest.fixture
def capture_access(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let `rootline` (which does not propagate once JSON logging is configured) reach caplog."""
    configure_logging()  # what ACCESS_LOG=True does; it turns propagation off, so patch after
    monkeypatch.setattr(logging.getLogger("rootline"), "propagate", True)
    caplog.set_level(logging.INFO, logger="rootline.access")


@pytest.mark.usefixtures("capture_access")
def test_access_log_line(
    pg_url: str, app: Flask, viewer: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    logged = make_app(pg_url, ACCESS_LOG=True).test_client()
    resp = logged.get("/api/auth/me", headers={**viewer.headers, "X-Request-ID": "req-1"})
    assert resp.status_code == 200
    missing = logged.get("/api/nope")
    records = access_records(caplog)
    assert len(records) == 2
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["logger"] == "rootline.access"
    assert line["request_id"] == "req-1"
    assert line["method"] == "GET"
    assert line["path"] == "/api/auth/me"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] == str(viewer.user_id)
    anonymous = json.loads(JsonFormatter().format(records[1]))
    assert (anonymous["path"], anonymous["status"]) == ("/api/nope", 404)
    assert anonymous["user_id"] is None
    assert anonymous["request_id"] == missing.headers["X-Request-ID"]


@pytest.mark.usefixtures("capture_access")
def test_access_log_off_in_testing(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    assert client.get("/health").status_code == 200
    assert access_records(caplog) == []


# --- health -----------------------------------------------------------------------------------


def test_health_is_public_and_reports_dependencies(client: FlaskClient, admin: Actor) -> None:
    resp = client.get("/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "up"}  # statuses only, for anyone
    assert body["checks"]["redis"] == {"status": "up"}
    assert body["checks"]["response_cache"] == {"status": "up"}
    detailed = client.get("/health", headers=admin.headers).get_json()
    assert detailed["checks"]["database"]["latency_ms"] >= 0


def test_health_without_redis(pg_url: str, app: Flask) -> None:
    # Keep the (process-wide) rate-limit storage on Redis for the tests that follow.
    no_redis = make_app(pg_url, REDIS_URL="", RATELIMIT_STORAGE_URI=REDIS_URL)
    body = no_redis.test_client().get("/health").get_json()
    assert body["status"] == "ok"
    assert body["checks"]["redis"] == {"status": "disabled"}
    assert body["checks"]["database"]["status"] == "up"


def test_health_with_redis_down_is_degraded(pg_url: str, app: Flask, admin: Actor) -> None:
    down = make_app(pg_url, REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_STORAGE_URI=REDIS_URL)
    resp = down.test_client().get("/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"] == {"status": "down"}  # the driver's error is for admins
    assert body["checks"]["response_cache"] == {"status": "down"}
    detailed = down.test_client().get("/health", headers=admin.headers).get_json()
    assert detailed["checks"]["redis"]["error"]


# --- OpenAPI and docs -------------------------------------------------------------------------


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    doc: dict[str, Any] = resp.get_json()
    return doc


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_openapi_is_valid_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_openapi_covers_every_api_route(app: Flask, spec: dict[str, Any]) -> None:
    for rule in api_rules(app):
        path = PATH_ARG.sub(r"{\g<name>}", rule.rule)
        assert path in spec["paths"], rule.rule
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], f"{method} {rule.rule}"
    assert not any(p.startswith("/api/docs") or p == "/api/openapi.json" for p in spec["paths"])
    op_ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(op_ids) == len(set(op_ids))


def test_openapi_security(app: Flask, spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["integrationToken"]["scheme"] == "bearer"
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if op["operationId"] in {"auth_register", "auth_login"}:
                assert "x-required-role" not in op
                continue
            if "x-integration-kind" in op:
                assert op["security"] == [{"integrationToken": []}], f"{method} {path}"
                assert "x-required-role" not in op
                continue
            assert op["security"] == [{"bearerAuth": []}], f"{method} {path}"
            assert op["x-required-role"] in {"viewer", "responder", "admin"}
    assert "security" not in spec["paths"]["/api/auth/login"]["post"]
    assert spec["paths"]["/api/auth/refresh"]["post"]["x-token-type"] == "refresh"
    assert spec["paths"]["/api/users/{user_id}"]["patch"]["x-required-role"] == "admin"
    receiver = spec["paths"]["/api/alerts/alertmanager"]["post"]
    assert receiver["x-integration-kind"] == "alertmanager"


def test_openapi_incident_body_lists_severities(spec: dict[str, Any]) -> None:
    body = spec["paths"]["/api/incidents"]["post"]["requestBody"]
    assert body["required"] is True
    schema = resolve(spec, body["content"]["application/json"]["schema"])
    assert "severity" in schema["required"]
    severity = resolve(spec, schema["properties"]["severity"])
    assert set(severity["enum"]) == {"critical", "high", "medium", "low"}
    params = spec["paths"]["/api/incidents/{incident_id}"]["get"]["parameters"]
    assert params[0] == {
        "name": "incident_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }


def test_docs_page_and_static_assets(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert '<script src="/api/docs/static/swagger-ui-bundle.js">' in html
    # Every asset the page loads is ours (the product runs offline: no CDN), with its own type.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(assets) == [
        "/api/docs/static/rootline-docs.js",
        "/api/docs/static/swagger-ui-bundle.js",
        "/api/docs/static/swagger-ui.css",
    ]
    types = {".js": {"text/javascript", "application/javascript"}, ".css": {"text/css"}}
    served = {url: client.get(url) for url in assets}
    for url, response in served.items():
        assert response.status_code == 200
        assert response.mimetype in types[url[url.rindex(".") :]]
    assert "/api/openapi.json" in served["/api/docs/static/rootline-docs.js"].get_data(as_text=True)
    bundle = served["/api/docs/static/swagger-ui-bundle.js"].get_data(as_text=True)
    assert len(bundle) > 10_000
    # Swagger UI reads OpenAPI 3.1 (our document's version) from 5.0 on; 4.x cannot render it.
    version = re.search(r'PACKAGE_VERSION:"(\d+)\.(\d+)\.(\d+)"', bundle)
    assert version and int(version.group(1)) >= 5
    assert client.get("/api/openapi.json").get_json()["openapi"].startswith("3.1")
    assert_error(client.get("/api/docs/static/nope.js"), 404, "not_found")
    assert_error(client.get("/api/docs/static/../../../etc/passwd"), 404)


# --- meta: every /api route declares its contract ---------------------------------------------


def test_every_api_route_has_an_operation(app: Flask) -> None:
    """No /api view can skip authorization or validation by forgetting `@operation`."""
    rules = api_rules(app)
    assert len(rules) >= 20
    missing = [r.rule for r in rules if get_operation(app.view_functions[r.endpoint]) is None]
    assert missing == []


def test_who_may_call_each_route(app: Flask) -> None:
    """The rule: every /api route needs a signed-in user with a role, except
    - register and login, which are public (nobody has a token yet), and
    - the webhook receivers, POST /api/alerts/<kind>, which take the token of an integration of
      exactly that kind instead (Alertmanager and Grafana cannot log in as users).
    No route takes both a role and an integration token."""
    public, by_token = set(), set()
    for rule in api_rules(app):
        op = get_operation(app.view_functions[rule.endpoint])
        assert op is not None
        assert op.role is None or op.integration is None, rule.rule
        if op.public:
            public.add(rule.endpoint)
        elif op.integration is not None:
            by_token.add(rule.endpoint)
            assert rule.rule == f"/api/alerts/{op.integration.value}", rule.rule
            assert rule.methods is not None and rule.methods - {"HEAD", "OPTIONS"} == {"POST"}
    assert public == {"auth.register", "auth.login"}
    assert by_token == {"alerts.receive_alertmanager", "alerts.receive_grafana"}


def test_protected_routes_reject_anonymous_calls(client: FlaskClient, app: Flask) -> None:
    """Exercise the rule: every non-public /api route (user or integration token) answers 401
    without a token."""
    sample = "00000000-0000-0000-0000-000000000001"
    for rule in api_rules(app):
        op = get_operation(app.view_functions[rule.endpoint])
        assert op is not None
        if op.public:
            continue
        path = PATH_ARG.sub(sample, rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            resp = client.open(path, method=method, json={})
            assert_error(resp, 401)
