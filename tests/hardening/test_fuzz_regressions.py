"""One focused test per bug the API fuzzer and the property tests found (see test_api_fuzz.py
and the test_property_*.py files beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alerts.alert_payloads import am_alert, am_payload, bearer, make_integration
from conftest import Actor
from flask.testing import FlaskClient

from incident_app.correlation.sources._common import SourceError
from incident_app.correlation.sources.bundle import load_case
from incident_app.correlation.sources.prometheus import _plan
from incident_app.correlation.types import ServiceTarget
from incident_app.slos.promql import quote, split_matchers, unquote


def _details(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.get_data(as_text=True)
    details: list[dict[str, Any]] = response.get_json()["error"]["details"]
    return details


def _incident(client: FlaskClient, admin: Actor) -> str:
    body = {"title": "Checkout failing", "severity": "high"}
    created = client.post("/api/incidents", json=body, headers=admin.headers)
    assert created.status_code == 201, created.get_json()
    incident_id: str = created.get_json()["id"]
    return incident_id


def test_nul_in_a_text_field_is_a_422_not_a_500(client: FlaskClient, admin: Actor) -> None:
    incident_id = _incident(client, admin)
    task = {"title": "Roll\x00back"}
    response = client.post(f"/api/incidents/{incident_id}/tasks", json=task, headers=admin.headers)
    assert _details(response)[0]["field"] == "title"


def test_nul_nested_in_json_metadata_is_a_422_not_a_500(client: FlaskClient, admin: Actor) -> None:
    incident_id = _incident(client, admin)
    event = {"title": "note", "metadata": {"a": [{"key\x00": 1}]}}
    response = client.post(
        f"/api/incidents/{incident_id}/timeline", json=event, headers=admin.headers
    )
    assert _details(response)[0]["field"] == "metadata"


def test_nul_in_a_query_parameter_is_a_422(client: FlaskClient, admin: Actor) -> None:
    response = client.get("/api/users?q=a%00b", headers=admin.headers)
    assert _details(response)[0]["field"] == "query.q"


@pytest.mark.parametrize("field", ["receiver", "title", "message", "state"])
def test_nul_in_a_grafana_webhook_field_is_a_422_not_a_500(
    client: FlaskClient, admin: Actor, field: str
) -> None:
    token = make_integration(client, admin, "grafana")["token"]
    payload = {**am_payload([am_alert()]), "version": "1", field: "x\x00"}
    response = client.post("/api/alerts/grafana", json=payload, headers=bearer(token))
    assert _details(response)[0]["field"] == field


def test_users_served_beyond_the_integer_column_is_a_422_not_a_500(
    client: FlaskClient, admin: Actor
) -> None:
    body = {"name": "checkout", "users_served": 10**10}
    response = client.post("/api/services", json=body, headers=admin.headers)
    assert _details(response)[0]["field"] == "users_served"
    body["users_served"] = 2**31 - 1
    assert client.post("/api/services", json=body, headers=admin.headers).status_code == 201


def test_patch_schemas_advertise_null_only_where_it_is_accepted(client: FlaskClient) -> None:
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    user = schemas["UserPatch"]["properties"]
    assert user["role"] == {"$ref": "#/components/schemas/Role"}
    assert user["is_active"]["type"] == "boolean" and "anyOf" not in user["is_active"]
    task = schemas["TaskPatch"]["properties"]
    assert {"type": "null"} in task["due_at"]["anyOf"]  # NULLABLE: null clears it
    assert "anyOf" not in task["title"]


def test_openapi_lists_each_operations_error_statuses(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    patch = set(paths["/api/incidents/{incident_id}"]["patch"]["responses"])
    assert {"400", "401", "403", "404", "409", "413", "415", "422", "default"} <= patch
    assert {"401", "429"} <= set(paths["/api/auth/login"]["post"]["responses"])
    assert "409" in paths["/api/services"]["post"]["responses"]
    assert "404" not in paths["/api/services"]["get"]["responses"]


def test_openslo_import_refuses_misshapen_documents_with_a_422(
    client: FlaskClient, admin: Actor
) -> None:
    base = {"apiVersion": "openslo/v1", "kind": "SLO", "metadata": {"name": "a"}}
    source = {"metricSource": {"type": "Prometheus", "spec": {"query": 'x_total{a="b"}'}}}
    indicator = {"spec": {"ratioMetric": {"counter": True, "total": source, "bad": source}}}
    spec = {"indicator": indicator, "objectives": [{"target": 0.99}]}
    unhashable = {**spec, "timeWindow": [{"duration": [1], "isRolling": True}]}
    for document, field in (
        ({**base, "metadata": ["a"]}, "documents.0.metadata"),
        ({**base, "spec": unhashable}, "documents.0.spec.timeWindow.0"),
        ({**base, "spec": {"indicatorRef": ["x"]}}, "documents.0.spec.indicatorRef"),
    ):
        text = yaml.safe_dump(document)
        response = client.post("/api/slos/import", json={"yaml": text}, headers=admin.headers)
        assert _details(response)[0]["field"].startswith(field)


def test_promql_strings_escape_newlines_and_refuse_unknown_escapes() -> None:
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert unquote(quote("a\nb")) == "a\nb"
    for bad in ('a="x\ny"', 'a="\\."', "a='\\\"'"):
        with pytest.raises(ValueError):
            split_matchers(bad)


def test_source_queries_quote_names_and_namespaces() -> None:
    queries, _ = _plan((ServiceTarget('we"ird\nname', namespace='ns"1'),), "1m")
    pod_query = next(q.promql for q in queries if q.metric == "restarts")
    assert 'namespace="ns\\"1"' in pod_query and "\n" not in pod_query
    assert all("\n" not in q.promql for q in queries)


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("case.json", "{not json"),
        ("case.json", "[1, 2]"),
        ("case.json", '{"inject_time": 1e300}'),
        ("case.json", '{"inject_time": 1700000000, "start": "soon"}'),
        ("label.json", "[]"),
        ("metrics.csv", b"\xff\xfe"),
    ],
)
def test_a_malformed_case_bundle_is_a_source_error(
    tmp_path: Path, file: str, content: str | bytes
) -> None:
    files: dict[str, str | bytes] = {
        "case.json": '{"inject_time": 1700000000}',
        "metrics.csv": "time,cart_cpu\n1700000000,1\n",
        file: content,
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(SourceError):
        load_case(tmp_path)
