"""OpenSLO v1: every kind of SLO exports and imports back to the same definition (same queries,
target, window, tiers and settings); hand-written documents import; bad ones are 422s naming
the place in the document, and an upload is stored whole or not at all."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import Actor
from flask.testing import FlaskClient
from helpers import make_service
from slo_api import create_slo
from test_http_contract import assert_error

COMPARED = (
    "name",
    "service",
    "description",
    "target",
    "window",
    "owner",
    "runbook_url",
    "alert_tiers",
    "default_tiers",
    "min_events",
    "queries",
)


def _definitions(client: FlaskClient, actor: Actor) -> dict[str, dict[str, Any]]:
    items = client.get("/api/slos", headers=actor.headers).get_json()["items"]
    return {s["name"]: {k: s[k] for k in COMPARED} for s in items}


def _import(client: FlaskClient, actor: Actor, text: str) -> Any:
    return client.post("/api/slos/import", json={"yaml": text}, headers=actor.headers)


def test_export_then_import_round_trips(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    make_service(client, admin, "checkout", telemetry={"metrics": {"selector": 'app="shop"'}})
    make_service(client, admin, "cart")
    tiers = [{"severity": "page", "long_window": "1h", "short_window": "5m", "burn_rate": 12}]
    create_slo(
        client,
        admin,
        name="checkout-availability",
        service="checkout",
        description="Checkout answers",
        target=99.95,
        window="7d",
        owner="payments",
        runbook_url="https://runbooks.example.com/checkout",
        alert_tiers=tiers,
        min_events=50,
    )
    create_slo(
        client,
        admin,
        name="checkout-latency",
        service="checkout",
        sli={"type": "latency", "threshold_seconds": 0.25},
        window="28d",
        target=99,
    )
    jobs = {"total_query": "increase(jobs_total[$window])"}
    create_slo(
        client,
        admin,
        name="cart-jobs",
        service="cart",
        sli={"type": "custom", "good_query": 'increase(jobs_total{ok="1"}[$window])', **jobs},
        window="calendar_month",
    )
    create_slo(
        client,
        admin,
        name="cart-failures",
        service="cart",
        sli={"type": "custom", "bad_query": 'increase(jobs_total{ok="0"}[$window])', **jobs},
    )
    before = _definitions(client, viewer)

    exported = client.get("/api/slos/export", headers=viewer.headers).get_json()
    assert [d["metadata"]["name"] for d in exported["documents"]] == sorted(before)
    assert list(yaml.safe_load_all(exported["yaml"])) == exported["documents"]
    availability = exported["documents"][2]
    assert availability["spec"]["indicator"]["spec"]["ratioMetric"] == {
        "counter": True,
        "bad": {
            "metricSource": {
                "type": "Prometheus",
                "spec": {"query": 'http_requests_total{app="shop",code=~"5.."}'},
            }
        },
        "total": {
            "metricSource": {
                "type": "Prometheus",
                "spec": {"query": 'http_requests_total{app="shop"}'},
            }
        },
    }
    assert availability["spec"]["timeWindow"] == [{"duration": "7d", "isRolling": True}]
    assert availability["spec"]["objectives"] == [{"target": 0.9995}]
    latency = exported["documents"][3]["spec"]
    assert latency["objectives"] == [{"op": "lte", "value": 0.25, "target": 0.99}]
    cart = client.get("/api/slos/export?service=cart", headers=viewer.headers).get_json()
    assert [d["metadata"]["name"] for d in cart["documents"]] == ["cart-failures", "cart-jobs"]

    for slo in client.get("/api/slos", headers=viewer.headers).get_json()["items"]:
        client.delete(f"/api/slos/{slo['id']}", headers=admin.headers)
    created = _import(client, admin, exported["yaml"])
    assert created.status_code == 200, created.get_json()
    assert sorted(created.get_json()["created"]) == sorted(before)
    assert _definitions(client, viewer) == before
    again = _import(client, admin, exported["yaml"]).get_json()
    assert (again["created"], sorted(again["updated"])) == ([], sorted(before))
    assert _definitions(client, viewer) == before
    assert_error(_import(client, viewer, exported["yaml"]), 403, "forbidden")


HAND_WRITTEN = """
apiVersion: openslo/v1
kind: Service
metadata: {name: checkout}
spec: {description: The shop's checkout}
---
apiVersion: openslo/v1
kind: SLI
metadata: {name: checkout-latency-sli}
spec:
  thresholdMetric:
    metricSource:
      type: Prometheus
      spec: {query: 'http_request_duration_seconds_bucket{service="checkout"}'}
---
apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-fast}
spec:
  service: checkout
  indicatorRef: checkout-latency-sli
  timeWindow: [{duration: 30d, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{displayName: fast, op: lte, value: 0.5, targetPercent: 99.5}]
---
apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-orders}
spec:
  service: checkout
  indicator:
    metadata: {name: orders}
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: prometheus, spec: {query: 'orders_paid_total{shop="eu"}'}}}
        total: {metricSource: {type: prometheus, spec: {query: 'orders_total{shop="eu"}'}}}
  timeWindow: [{duration: 28d, isRolling: true}]
  objectives: [{target: 0.98}]
"""


def test_hand_written_documents_import(client: FlaskClient, admin: Actor, viewer: Actor) -> None:
    make_service(client, admin, "checkout")
    response = _import(client, admin, HAND_WRITTEN)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["created"], body["ignored"]) == (
        ["checkout-fast", "checkout-orders"],
        ["Service/checkout"],
    )
    fast, orders = body["items"]
    assert fast["sli"] == {
        "type": "latency",
        "metric": "http_request_duration_seconds",
        "selector": 'service="checkout"',
        "threshold_seconds": 0.5,
    }
    assert (fast["target"], fast["window"]) == (99.5, "30d")
    assert orders["sli"] == {
        "type": "custom",
        "good_query": 'increase(orders_paid_total{shop="eu"}[$window])',
        "bad_query": None,
        "total_query": 'increase(orders_total{shop="eu"}[$window])',
    }
    assert (orders["target"], orders["window"]) == (98, "28d")


def _source(query: str, kind: str = "Prometheus") -> dict[str, Any]:
    return {"metricSource": {"type": kind, "spec": {"query": query}}}


def _slo_doc(**spec: Any) -> dict[str, Any]:
    ratio = {"counter": True, "bad": _source('x_total{code="5"}'), "total": _source("x_total")}
    base = {
        "service": "checkout",
        "indicator": {"spec": {"ratioMetric": ratio}},
        "timeWindow": [{"duration": "30d", "isRolling": True}],
        "objectives": [{"target": 0.99}],
    }
    return {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": "ok"},
        "spec": {**base, **spec},
    }


def _dump(**spec: Any) -> str:
    return yaml.safe_dump(_slo_doc(**spec))


DATADOG = {"spec": {"thresholdMetric": _source("x", "Datadog")}}
RATE = {"spec": {"ratioMetric": {"good": _source("sum(rate(x[5m]))"), "total": _source("x")}}}
COUNTED = {"spec": {"ratioMetric": {**RATE["spec"]["ratioMetric"], "counter": True}}}
IN = "documents.0.spec.indicator.spec"
INVALID = [
    ("a: [1", "yaml"),
    (yaml.safe_dump({**_slo_doc(), "apiVersion": "openslo/v2"}), "documents.0.apiVersion"),
    (_dump(budgetingMethod="Timeslices"), "documents.0.spec.budgetingMethod"),
    (_dump(timeWindow=[{"duration": "1w", "isRolling": True}]), "documents.0.spec.timeWindow.0"),
    (_dump(objectives=[{"target": 1.5}]), "documents.0.target"),
    (_dump(objectives=[{}, {}]), "documents.0.spec.objectives"),
    (_dump(service="nope"), "documents.0.service"),
    (_dump(indicator=None, indicatorRef="missing"), "documents.0.spec.indicatorRef"),
    (_dump(indicator=DATADOG), f"{IN}.thresholdMetric.metricSource.type"),
    (_dump(indicator=RATE), f"{IN}.ratioMetric.counter"),
    (_dump(indicator=COUNTED), f"{IN}.ratioMetric.good.metricSource.spec.query"),
    # all or nothing: the first document is fine, the second is not
    (
        yaml.safe_dump_all([_slo_doc(), {**_slo_doc(), "metadata": {"name": "X"}}]),
        "documents.1.name",
    ),
    (yaml.safe_dump_all([_slo_doc(), _slo_doc()]), "documents.1.metadata.name"),
]


@pytest.mark.parametrize(("text", "field"), INVALID)
def test_invalid_documents_are_422_and_store_nothing(
    client: FlaskClient, admin: Actor, viewer: Actor, text: str, field: str
) -> None:
    make_service(client, admin, "checkout")
    error = assert_error(_import(client, admin, text), 422, "validation_error")
    assert field in [d["field"] for d in error["details"]], error
    assert client.get("/api/slos", headers=viewer.headers).get_json()["total"] == 0
