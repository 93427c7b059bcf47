"""Who may call what: every route x method in the url_map x every kind of caller.

authz_table.ROUTES holds one row per (method, rule): who may call it and what an allowed caller
gets; anyone else gets 401 without valid credentials and 403 with too small a role. A meta-check
fails when the url_map and the table disagree, so a new route cannot ship without a decision.
Objects named in paths are real, made once per identity batch; then uuid placeholders are
swapped for unknown ids, where an allowed caller gets 404 and anyone else the same 401/403 (no
existence oracle). Every answer must also carry the security headers, and every 401 a
WWW-Authenticate challenge.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from authz_table import (
    IDENTITIES,
    INTEGRATIONS,
    PLACEHOLDER,
    ROUTES,
    VALID_USERS,
    A,
    Row,
    V,
    expected,
)
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token, create_refresh_token
from helpers import make_incident, make_service
from rq import Queue
from werkzeug.datastructures import Headers

from incident_app.correlation.outbox import SERIALIZER
from incident_app.extensions import db, get_redis
from incident_app.models import Role, User
from incident_app.simulation.runtime import EXTENSION

PASSWORD = "correct-horse-battery"  # create_actor's
# Placeholders naming objects by uuid (swapped for unknown ids in the second pass).
UUID_NAMES = ["incident", "task", "task_del", "service", "service_del", "slo", "slo_del"]
UUID_NAMES += ["user", "integration_del"]


@dataclass
class Batch:
    """One identity's world: its credentials and the objects the paths name."""

    ident: str
    headers: dict[str, str]
    refresh_headers: dict[str, str]
    user_id: uuid.UUID | None
    names: dict[str, str]

    def fresh_headers(self, app: Flask) -> dict[str, str]:
        """A new access token for a valid user (the call spends it); others keep theirs."""
        if self.ident not in VALID_USERS or self.user_id is None:
            return self.headers
        with app.app_context():
            token = create_access_token(identity=str(self.user_id))
        return bearer(token)

    def spare_user_headers(self, app: Flask) -> dict[str, str]:
        """A token of a new user with this identity's role (the call ends all of its user's
        tokens); others keep theirs."""
        if self.ident not in VALID_USERS:
            return self.headers
        user_id = _user(app, VALID_USERS[self.ident], f"matrix-spare-{uuid.uuid4().hex[:8]}")
        return bearer(_tokens(app, user_id)[0])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _user(app: Flask, role: Role, name: str, *, active: bool = True) -> uuid.UUID:
    """A user who never logs in (no bcrypt cost)."""
    with app.app_context():
        user = User(
            username=name,
            email=f"{name}@example.com",
            password_hash="!",
            role=role,
            is_active=active,
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def _tokens(app: Flask, user_id: uuid.UUID, expires: timedelta | None = None) -> tuple[str, str]:
    with app.app_context():
        return (
            create_access_token(identity=str(user_id), expires_delta=expires),
            create_refresh_token(identity=str(user_id), expires_delta=expires),
        )


def _post(client: FlaskClient, actor: Actor, path: str, body: Any, status: int = 201) -> Any:
    response = client.post(path, json=body, headers=actor.headers)
    assert response.status_code == status, (path, response.get_json())
    return response.get_json()


def _objects(app: Flask, client: FlaskClient, setup: Actor) -> dict[str, str]:
    """Everything a path can name, made through the API by an admin."""
    main = make_service(client, setup, "svc-main")
    doomed = make_service(client, setup, "svc-del")
    incident = make_incident(client, setup, ["svc-main"])
    tasks = f"/api/incidents/{incident['id']}/tasks"
    _post(client, setup, f"/api/incidents/{incident['id']}/timeline", {"title": "entry"})
    slo = {"service": "svc-main", "sli": {"type": "availability"}, "target": 99.9}
    integration = {"kind": "alertmanager"}
    names = {
        "service": main["id"],
        "service_del": doomed["id"],
        "incident": incident["id"],
        "task": _post(client, setup, tasks, {"title": "keep"})["id"],
        "task_del": _post(client, setup, tasks, {"title": "drop"})["id"],
        "slo": _post(client, setup, "/api/slos", {**slo, "name": "slo-keep"})["id"],
        "slo_del": _post(client, setup, "/api/slos", {**slo, "name": "slo-drop"})["id"],
        "integration_del": _post(client, setup, "/api/integrations", {**integration, "name": "d"})[
            "id"
        ],
        "am_token": _post(client, setup, "/api/integrations", {**integration, "name": "am"})[
            "token"
        ],
        "grafana_token": _post(
            client, setup, "/api/integrations", {"name": "gf", "kind": "grafana"}
        )["token"],
        "user": str(_user(app, V, "matrix-target")),
        "setup": setup.username,
        "pw": PASSWORD,
        "queue": "matrix",
    }
    gone = _post(client, setup, "/api/integrations", {**integration, "name": "gone"})
    client.delete(f"/api/integrations/{gone['id']}", headers=setup.headers)
    names["revoked_integration"] = gone["token"]
    with app.app_context():
        queue = Queue("matrix", connection=get_redis(), serializer=SERIALIZER)  # as ours
        names["job"] = queue.enqueue("builtins.print", "kept").id
        failed = queue.enqueue("builtins.print", "failed")
        queue.remove(failed)
        queue.failed_job_registry.add(failed, ttl=-1)  # only failed jobs can be requeued
        names["job_failed"] = failed.id
        names["job_del"] = queue.enqueue("builtins.print", "dropped").id
    return names


def _identity(app: Flask, client: FlaskClient, ident: str, names: dict[str, str]) -> Batch:
    if ident == "anonymous":
        return Batch(ident, {}, {}, None, names)
    if ident in INTEGRATIONS:
        return Batch(ident, bearer(names[ident]), bearer(names[ident]), None, names)
    role = VALID_USERS.get(ident, A)
    user_id = _user(app, role, f"matrix-{ident}", active=ident != "disabled")
    access, refresh = _tokens(app, user_id, timedelta(minutes=-5) if ident == "expired" else None)
    if ident == "revoked":
        response = client.post(
            "/api/auth/logout", json={"refresh_token": refresh}, headers=bearer(access)
        )
        assert response.status_code == 204, response.get_json()
    if ident == "deleted":
        with app.app_context():
            db.session.delete(db.session.get(User, user_id))
            db.session.commit()
    return Batch(ident, bearer(access), bearer(refresh), user_id, names)


def _fill(template: Any, names: dict[str, str]) -> Any:
    if isinstance(template, str):
        return PLACEHOLDER.sub(lambda m: names.get(m[1], m[0]), template)
    if isinstance(template, dict):
        return {k: _fill(v, names) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, names) for v in template]
    return template


def header_problems(status: int, headers: Headers) -> list[str]:
    """What every response must carry, whoever calls (test_security_headers has the details)."""
    problems = [
        name
        for name, value in (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"))
        if headers.get(name) != value
    ]
    if "frame-ancestors 'none'" not in headers.get("Content-Security-Policy", ""):
        problems.append("Content-Security-Policy")
    if status == 401 and not headers.get("WWW-Authenticate"):
        problems.append("WWW-Authenticate")
    return problems


def call(app: Flask, client: FlaskClient, row: Row, batch: Batch, path: str) -> int | str:
    headers = batch.refresh_headers if row.refresh else batch.headers
    if row.fresh:
        headers = batch.fresh_headers(app)
    if row.spends_user:
        headers = batch.spare_user_headers(app)
    headers = {**headers, "Accept": "text/html,application/json"}
    kwargs: dict[str, Any] = {"headers": headers}
    if row.body is not None:
        kwargs["json"] = _fill(row.body, batch.names)
    response = client.open(path, method=row.method, **kwargs)
    status = response.status_code
    response.close()  # ends an event stream at once
    missing = header_problems(status, response.headers)
    return status if not missing else f"{status} without {', '.join(missing)}"


@pytest.fixture
def matrix_app(pg_url: str, app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """Every route registered: simulation on (short backfill), Redis (for /rq), a UI build."""
    (tmp_path / "index.html").write_text("<!doctype html><title>Rootline</title>")
    live = make_app(
        pg_url,
        SIMULATION_ENABLED=True,
        SIMULATION_BACKFILL_MINUTES=1,
        SIMULATION_ANALYSIS_DELAY_SECONDS=3600,
        WEB_UI_DIR=str(tmp_path),
        EVENT_STREAM_SECONDS=0.1,
    )
    yield live
    live.extensions[EXTENSION].stop()


def _rules(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }


def test_every_route_has_exactly_one_row(matrix_app: Flask) -> None:
    table = [(row.method, row.rule) for row in ROUTES]
    assert len(table) == len(set(table)), "duplicate rows"
    routes = _rules(matrix_app)
    assert sorted(routes - set(table)) == [], "routes without a row: decide who may call them"
    assert sorted(set(table) - routes) == [], "rows for routes that no longer exist"


@pytest.mark.parametrize("ident", IDENTITIES)
def test_authorization_matrix(matrix_app: Flask, ident: str) -> None:
    client = matrix_app.test_client()
    setup = create_actor(matrix_app, A, "matrix-setup")
    names = _objects(matrix_app, client, setup)
    batch = _identity(matrix_app, client, ident, {**names, "ident": ident})
    wrong: dict[str, tuple[int | str, int]] = {}
    for row in ROUTES:
        path = _fill(row.path or row.rule, batch.names)
        got = call(matrix_app, client, row, batch, path)
        if got != expected(row, ident):
            wrong[f"{row.method} {path}"] = (got, expected(row, ident))
    # The same calls on objects that do not exist.
    unknown = {**batch.names, **{key: str(uuid.uuid4()) for key in UUID_NAMES}}
    by_id = [row for row in ROUTES if "<uuid:" in row.rule]
    for row in by_id:
        want = expected(row, ident)
        want = 404 if want == row.ok else want
        got = call(matrix_app, client, row, batch, _fill(row.path, unknown))
        if got != want:
            wrong[f"{row.method} {row.rule} (unknown id)"] = (got, want)
    assert len(by_id) >= 20
    assert not wrong, "(got, expected) per call:\n" + pformat(wrong)
