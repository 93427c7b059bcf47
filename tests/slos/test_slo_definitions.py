"""Defining SLOs: CRUD and roles, the default tiers and queries, and clear 422s for every
invalid definition, including the ones only Prometheus can judge (a query it rejects, a
latency threshold that is no bucket bound)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_service
from slo_api import create_slo, prometheus_at
from slo_prometheus import Backfilled
from slo_prometheus import backfilled_prometheus as start_prometheus
from test_http_contract import assert_error


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backfilled]:
    with start_prometheus(Path(tmp_path_factory.mktemp("prometheus"))) as backfilled:
        yield backfilled


@pytest.fixture
def checkout(app: Flask, client: FlaskClient, admin: Actor, shop: Backfilled) -> Iterator[None]:
    make_service(
        client, admin, "checkout", telemetry={"metrics": {"selector": 'service="checkout"'}}
    )
    with prometheus_at(app, shop.url):
        yield


def _post(client: FlaskClient, admin: Actor, **fields: Any) -> Any:
    body = {"name": "checkout-slo", "service": "checkout", "sli": {"type": "availability"}}
    return client.post("/api/slos", json={"target": 99.9, **body, **fields}, headers=admin.headers)


@pytest.mark.usefixtures("checkout")
def test_crud_defaults_and_roles(
    client: FlaskClient, admin: Actor, responder: Actor, viewer: Actor
) -> None:
    slo = create_slo(client, admin, name="checkout-slo", service="checkout", owner="payments")
    assert slo["window"] == "30d" and slo["min_events"] == 10 and slo["default_tiers"]
    assert slo["sli"] == {
        "type": "availability",
        "metric": "",
        "selector": "",
        "bad": 'code=~"5.."',
    }
    assert (
        slo["queries"]["total"] == 'sum(increase(http_requests_total{service="checkout"}[$window]))'
    )
    assert slo["queries"]["bad"] == (
        '(sum(increase(http_requests_total{service="checkout",code=~"5.."}[$window])) or vector(0))'
    )
    assert [(t["severity"], t["long_window"], t["threshold"]) for t in slo["alert_tiers"]] == [
        ("page", "1h", 14.4),
        ("page", "6h", 6),
        ("ticket", "1d", 3),
        ("ticket", "3d", 1),
    ]
    assert slo["status"] is None  # not evaluated yet
    path = f"/api/slos/{slo['id']}"
    assert client.get(path, headers=viewer.headers).get_json()["name"] == "checkout-slo"
    listed = client.get("/api/slos?service=checkout", headers=viewer.headers).get_json()
    assert [s["id"] for s in listed["items"]] == [slo["id"]] and listed["total"] == 1
    assert client.get("/api/slos?service=cart", headers=viewer.headers).get_json()["total"] == 0

    tiers = [{"severity": "page", "long_window": "1h", "short_window": "5m", "burn_rate": 10}]
    patched = client.patch(
        path, json={"alert_tiers": tiers, "target": 99.95}, headers=admin.headers
    )
    assert patched.status_code == 200, patched.get_json()
    assert [t["threshold"] for t in patched.get_json()["alert_tiers"]] == [10]
    reset = client.patch(path, json={"alert_tiers": None}, headers=admin.headers).get_json()
    assert reset["default_tiers"] and reset["target"] == 99.95

    for actor in (viewer, responder):
        assert_error(_post(client, actor, name="other"), 403, "forbidden")
        assert_error(client.delete(path, headers=actor.headers), 403, "forbidden")
    assert client.delete(path, headers=admin.headers).status_code == 204
    assert_error(client.get(path, headers=viewer.headers), 404, "not_found")


@pytest.mark.usefixtures("checkout")
def test_duplicate_names_conflict(client: FlaskClient, admin: Actor) -> None:
    create_slo(client, admin, name="checkout-slo", service="checkout")
    error = assert_error(_post(client, admin), 409, "already_exists")
    assert error["details"] == [{"field": "name", "message": "already exists"}]


def _tiers(**fields: Any) -> list[dict[str, Any]]:
    return [{"severity": "page", "long_window": "1h", "short_window": "5m", **fields}]


def _custom(**queries: str) -> dict[str, Any]:
    return {"sli": {"type": "custom", **queries}}


INVALID = [
    ({"target": 100}, "target"),
    ({"target": 0}, "target"),
    ({"target": 99.1234567}, "target"),
    ({"window": "90d"}, "window"),
    ({"name": "Checkout SLO"}, "name"),
    ({"service": "nope"}, "service"),
    ({"min_events": 0}, "min_events"),
    ({"runbook_url": "ftp://x"}, "runbook_url"),
    ({"sli": {"type": "availability", "bad": 'code=~"5..'}}, "sli.availability.bad"),
    ({"sli": {"type": "availability", "selector": "service"}}, "sli.availability.selector"),
    ({"sli": {"type": "latency"}}, "sli.latency.threshold_seconds"),
    ({"sli": {"type": "latency", "threshold_seconds": -1}}, "sli.latency.threshold_seconds"),
    (_custom(total_query="sum(x)", good_query="sum(y)"), "sli.custom.total_query"),
    (_custom(total_query="x[$window]"), "sli.custom"),
    ({"sli": {"type": "ratio"}}, "sli"),
    ({"alert_tiers": []}, "alert_tiers"),
    ({"alert_tiers": _tiers(long_window="5m", short_window="1h", burn_rate=2)}, "alert_tiers.0"),
    ({"alert_tiers": _tiers()}, "alert_tiers.0"),
    ({"alert_tiers": _tiers(severity="sms", burn_rate=2)}, "alert_tiers.0.severity"),
]


@pytest.mark.parametrize(("fields", "field"), INVALID)
@pytest.mark.usefixtures("checkout")
def test_invalid_definitions_are_422(
    client: FlaskClient, admin: Actor, fields: dict[str, Any], field: str
) -> None:
    error = assert_error(_post(client, admin, **fields), 422, "validation_error")
    assert field in [d["field"] for d in error["details"]], error


@pytest.mark.parametrize(
    ("sli", "field", "says"),
    [
        (
            {
                "type": "custom",
                "good_query": 'increase(http_requests_total{code="200"[$window])',
                "total_query": "increase(http_requests_total[$window])",
            },
            "sli.good_query",
            "parse error",
        ),
        ({"type": "availability", "bad": 'code=~"5(("'}, "sli.bad", "error parsing regexp"),
        (
            {"type": "latency", "threshold_seconds": 0.3},
            "sli.threshold_seconds",
            'not a bucket bound of http_request_duration_seconds_bucket{service="checkout"}: '
            "0.1, 0.25, 0.5, 1.0, +Inf",
        ),
        (
            {"type": "latency", "metric": "rpc_duration_seconds", "threshold_seconds": 0.5},
            "sli.threshold_seconds",
            'Prometheus has no buckets of rpc_duration_seconds_bucket{service="checkout"}',
        ),
    ],
)
@pytest.mark.usefixtures("checkout")
def test_what_prometheus_cannot_evaluate_is_422(
    client: FlaskClient, admin: Actor, sli: dict[str, Any], field: str, says: str
) -> None:
    error = assert_error(_post(client, admin, sli=sli), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == [field]
    assert says in error["details"][0]["message"], error
    slo = create_slo(client, admin, name="checkout-slo", service="checkout")
    patch = client.patch(f"/api/slos/{slo['id']}", json={"sli": sli}, headers=admin.headers)
    assert assert_error(patch, 422, "validation_error")["details"][0]["field"] == field


def test_prometheus_down_or_missing(
    app: Flask, client: FlaskClient, admin: Actor, viewer: Actor
) -> None:
    make_service(client, admin, "checkout")
    slo = create_slo(client, admin, name="checkout-slo", service="checkout")  # checked locally
    status = f"/api/slos/{slo['id']}/status"
    assert_error(client.get(status, headers=viewer.headers), 503, "prometheus_not_configured")
    cli = app.test_cli_runner()
    missing = cli.invoke(args=["slo", "evaluate"])
    assert missing.exit_code == 1 and "set PROMETHEUS_URL" in missing.output
    with prometheus_at(app, "http://127.0.0.1:1"):
        assert_error(client.get(status, headers=viewer.headers), 503, "prometheus_unavailable")
        assert_error(_post(client, admin, name="other"), 503, "prometheus_unavailable")
        down = cli.invoke(args=["slo", "evaluate"])
    report = json.loads(down.output)
    assert (report["evaluated"], report["failed"]) == (0, ["checkout-slo"])
    assert "Prometheus unreachable" in report["error"]
    history = client.get(f"/api/slos/{slo['id']}/history", headers=viewer.headers).get_json()
    assert history["items"] == []
    future = client.get(status, query_string={"at": "2999-01-01T00:00:00Z"}, headers=viewer.headers)
    assert assert_error(future, 422)["details"][0]["field"] == "query.at"
