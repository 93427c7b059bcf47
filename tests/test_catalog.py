"""The service catalog: admin-only writes, names, dependencies, telemetry hints and deletion."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import error_fields, make_incident, make_service, row_counts

DEFAULT_TELEMETRY = {
    "metrics": {
        "selector": "",
        "requests_metric": "http_requests_total",
        "duration_metric": "http_request_duration_seconds",
    },
    "logs": {"selector": ""},
    "traces": {"service_name": ""},
    "kubernetes": {"namespace": "", "workload": "", "label_selector": ""},
}


def _get(client: FlaskClient, actor: Actor, service_id: str) -> dict[str, Any]:
    response = client.get(f"/api/services/{service_id}", headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _patch(client: FlaskClient, actor: Actor, service_id: str, **body: Any) -> Any:
    return client.patch(f"/api/services/{service_id}", json=body, headers=actor.headers)


def test_create_with_defaults(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    svc = make_service(client, admin, "checkout")
    uuid.UUID(svc["id"])
    assert {k: v for k, v in svc.items() if k not in {"id", "created_at", "updated_at"}} == {
        "name": "checkout",
        "description": "",
        "namespace": "default",
        "tier": 3,
        "owner_team": "",
        "users_served": 0,
        "revenue_per_hour": 0.0,
        "telemetry": DEFAULT_TELEMETRY,
        "depends_on": [],
    }
    assert _get(client, viewer, svc["id"]) == svc


def test_telemetry_round_trips_with_defaults(client: FlaskClient, admin: Actor) -> None:
    hints = {
        "metrics": {"selector": 'service="checkout"'},
        "kubernetes": {"namespace": "shop", "label_selector": "app=checkout"},
    }
    svc = make_service(
        client,
        admin,
        "checkout",
        telemetry=hints,
        tier=1,
        owner_team="payments",
        users_served=120_000,
        revenue_per_hour=5400.5,
    )
    telemetry = svc["telemetry"]
    assert telemetry["metrics"] == {
        "selector": 'service="checkout"',
        "requests_metric": "http_requests_total",
        "duration_metric": "http_request_duration_seconds",
    }
    assert telemetry["kubernetes"] == {
        "namespace": "shop",
        "workload": "",
        "label_selector": "app=checkout",
    }
    assert telemetry["logs"] == {"selector": ""} and telemetry["traces"] == {"service_name": ""}
    assert (svc["tier"], svc["users_served"], svc["revenue_per_hour"]) == (1, 120_000, 5400.5)

    replaced = _patch(client, admin, svc["id"], telemetry={"traces": {"service_name": "co"}})
    assert replaced.status_code == 200
    assert replaced.get_json()["telemetry"] == {
        **DEFAULT_TELEMETRY,
        "traces": {"service_name": "co"},
    }
    assert _get(client, admin, svc["id"])["telemetry"] == replaced.get_json()["telemetry"]
    bad = _patch(client, admin, svc["id"], telemetry={"metrics": {"bogus": "x"}})
    assert bad.status_code == 422 and error_fields(bad) == ["telemetry.metrics.bogus"]


def test_writes_need_admin_reads_do_not(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor, viewer: Actor
) -> None:
    svc = make_service(client, admin, "checkout")
    before = row_counts(app)
    for actor in (responder, viewer):
        attempts = (
            client.post("/api/services", json={"name": "other"}, headers=actor.headers),
            _patch(client, actor, svc["id"], description="mine now"),
            client.delete(f"/api/services/{svc['id']}", headers=actor.headers),
        )
        for response in attempts:
            assert response.status_code == 403
            assert response.get_json()["error"]["code"] == "forbidden"
        assert _get(client, actor, svc["id"]) == svc
        listed = client.get("/api/services", headers=actor.headers).get_json()
        assert listed["items"] == [svc]
    assert client.get("/api/services").status_code == 401
    assert client.post("/api/services", json={"name": "other"}).status_code == 401
    assert row_counts(app) == before


@pytest.mark.parametrize("name", ["a", "api", "api.v2", "my_service-1", "x" * 63, "9lives"])
def test_valid_names(client: FlaskClient, admin: Actor, name: str) -> None:
    assert make_service(client, admin, name)["name"] == name


@pytest.mark.parametrize(
    "name", ["", "Checkout", "-api", "api-", "api.", "a b", "x" * 64, "café", "api/v2"]
)
def test_invalid_names_are_422(app: Flask, client: FlaskClient, admin: Actor, name: str) -> None:
    response = client.post("/api/services", json={"name": name}, headers=admin.headers)
    assert response.status_code == 422
    assert error_fields(response) == ["name"]
    assert row_counts(app)["services"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tier": 0}, "tier"),
        ({"tier": 5}, "tier"),
        ({"users_served": -1}, "users_served"),
        ({"revenue_per_hour": -0.5}, "revenue_per_hour"),
        ({"namespace": ""}, "namespace"),
        ({"owner": "x"}, "owner"),
        ({"depends_on": ["Bad Name"]}, "depends_on.0"),
    ],
)
def test_invalid_fields_are_422(client: FlaskClient, admin: Actor, body: dict, field: str) -> None:
    response = client.post("/api/services", json={"name": "svc", **body}, headers=admin.headers)
    assert response.status_code == 422
    assert field in error_fields(response)


def test_duplicate_name_is_409(app: Flask, client: FlaskClient, admin: Actor) -> None:
    make_service(client, admin, "checkout")
    response = client.post("/api/services", json={"name": "checkout"}, headers=admin.headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "already_exists"
    assert error["details"] == [{"field": "name", "message": "already exists"}]
    assert row_counts(app)["services"] == 1


def test_depends_on_by_name(client: FlaskClient, admin: Actor) -> None:
    make_service(client, admin, "db")
    make_service(client, admin, "cache")
    api = make_service(client, admin, "api", depends_on=["db", "cache"])
    assert api["depends_on"] == ["cache", "db"]
    assert _get(client, admin, api["id"])["depends_on"] == ["cache", "db"]


@pytest.mark.parametrize(
    ("depends_on", "fields"),
    [
        (["db", "ghost"], ["depends_on.1"]),
        (["api"], ["depends_on.0"]),
        (["db", "cache", "db"], ["depends_on.2"]),
        (["ghost", "api", "db", "db"], ["depends_on.0", "depends_on.1", "depends_on.3"]),
    ],
)
def test_invalid_dependencies_are_422(
    app: Flask, client: FlaskClient, admin: Actor, depends_on: list, fields: list
) -> None:
    make_service(client, admin, "db")
    make_service(client, admin, "cache")
    before = row_counts(app)
    response = client.post(
        "/api/services", json={"name": "api", "depends_on": depends_on}, headers=admin.headers
    )
    assert response.status_code == 422
    assert error_fields(response) == fields
    assert row_counts(app) == before


def test_patch_replaces_dependencies(client: FlaskClient, admin: Actor) -> None:
    for name in ("db", "cache", "queue"):
        make_service(client, admin, name)
    api = make_service(client, admin, "api", depends_on=["db", "cache"])
    replaced = _patch(client, admin, api["id"], depends_on=["queue", "db"])
    assert replaced.status_code == 200
    assert replaced.get_json()["depends_on"] == ["db", "queue"]
    self_dep = _patch(client, admin, api["id"], depends_on=["db", "api"])
    assert self_dep.status_code == 422 and error_fields(self_dep) == ["depends_on.1"]
    renamed_self = _patch(client, admin, api["id"], name="gateway", depends_on=["gateway"])
    assert renamed_self.status_code == 422 and error_fields(renamed_self) == ["depends_on.0"]
    assert _get(client, admin, api["id"])["depends_on"] == ["db", "queue"]
    assert _get(client, admin, api["id"])["name"] == "api"
    cleared = _patch(client, admin, api["id"], depends_on=[])
    assert cleared.get_json()["depends_on"] == []


def test_patch_fields_and_names(client: FlaskClient, admin: Actor) -> None:
    make_service(client, admin, "payments")
    svc = make_service(client, admin, "checkout")
    same = _patch(client, admin, svc["id"], name="checkout", tier=2)
    assert same.status_code == 200 and same.get_json()["tier"] == 2
    taken = _patch(client, admin, svc["id"], name="payments", tier=1)
    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "already_exists"
    renamed = _patch(client, admin, svc["id"], name="checkout-v2", owner_team="web")
    assert renamed.status_code == 200
    assert (renamed.get_json()["name"], renamed.get_json()["owner_team"]) == ("checkout-v2", "web")
    after = _get(client, admin, svc["id"])
    assert (after["name"], after["tier"], after["owner_team"]) == ("checkout-v2", 2, "web")
    bad_name = _patch(client, admin, svc["id"], name="Nope")
    assert bad_name.status_code == 422 and error_fields(bad_name) == ["name"]
    missing = _patch(client, admin, str(uuid.uuid4()), tier=1)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "field",
    ["name", "description", "namespace", "tier", "owner_team", "users_served", "revenue_per_hour"],
)
def test_null_for_required_field_is_422(client: FlaskClient, admin: Actor, field: str) -> None:
    svc = make_service(client, admin, "checkout", tier=2, owner_team="web", users_served=10)
    response = _patch(client, admin, svc["id"], **{"description": "changed", field: None})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
    assert field in error_fields(response)
    assert _get(client, admin, svc["id"]) == svc


def test_delete_linked_service_is_409(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor
) -> None:
    svc = make_service(client, admin, "checkout")
    incident = make_incident(client, responder, ["checkout"])
    before = row_counts(app)
    response = client.delete(f"/api/services/{svc['id']}", headers=admin.headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "service_in_use"
    assert row_counts(app) == before
    assert _get(client, admin, svc["id"]) == svc
    linked = client.get(f"/api/incidents/{incident['id']}", headers=admin.headers).get_json()
    assert [s["name"] for s in linked["services"]] == ["checkout"]


def test_delete_unlinked_dependency(app: Flask, client: FlaskClient, admin: Actor) -> None:
    db_svc = make_service(client, admin, "db")
    make_service(client, admin, "cache")
    api = make_service(client, admin, "api", depends_on=["db", "cache"])
    worker = make_service(client, admin, "worker", depends_on=["db"])
    response = client.delete(f"/api/services/{db_svc['id']}", headers=admin.headers)
    assert response.status_code == 204 and response.data == b""
    assert client.get(f"/api/services/{db_svc['id']}", headers=admin.headers).status_code == 404
    assert _get(client, admin, api["id"])["depends_on"] == ["cache"]
    assert _get(client, admin, worker["id"])["depends_on"] == []
    assert row_counts(app)["services"] == 3
    again = client.delete(f"/api/services/{db_svc['id']}", headers=admin.headers)
    assert again.status_code == 404
    # a service with its own dependencies can be deleted too
    assert client.delete(f"/api/services/{api['id']}", headers=admin.headers).status_code == 204
    assert [
        s["name"] for s in client.get("/api/services", headers=admin.headers).get_json()["items"]
    ] == ["cache", "worker"]


def test_list_pagination_and_filters(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    for name, namespace, team in (
        ("e", "shop", "web"),
        ("b", "shop", "data"),
        ("d", "infra", "sre"),
        ("a", "default", "web"),
        ("c", "shop", "web"),
    ):
        make_service(client, admin, name, namespace=namespace, owner_team=team)

    def names(**params: Any) -> tuple[list[str], int]:
        response = client.get("/api/services", query_string=params, headers=viewer.headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        return [s["name"] for s in body["items"]], body["total"]

    assert names() == (["a", "b", "c", "d", "e"], 5)
    assert names(per_page=2) == (["a", "b"], 5)
    assert names(per_page=2, page=3) == (["e"], 5)
    assert names(per_page=2, page=4) == ([], 5)
    assert names(namespace="shop") == (["b", "c", "e"], 3)
    assert names(namespace="shop", per_page=2, page=2) == (["e"], 3)
    assert names(namespace="nowhere") == ([], 0)
    assert names(owner_team="web", namespace="shop") == (["c", "e"], 2)
    default = client.get("/api/services", headers=viewer.headers).get_json()
    assert default["per_page"] == 100
    for bad in ({"per_page": 501}, {"page": 0}):
        response = client.get("/api/services", query_string=bad, headers=viewer.headers)
        assert response.status_code == 422
        assert error_fields(response) == [f"query.{next(iter(bad))}"]
    unknown = client.get(f"/api/services/{uuid.uuid4()}", headers=viewer.headers)
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"
