"""Issue 15 item 6: a service's telemetry hints are spliced into PromQL and LogQL, so they are
parsed (promql-parser for PromQL, a strict stream-selector reader for LogQL) and anything but
label matchers, plain metric names and a bare stream selector is a 422 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Actor
from flask.testing import FlaskClient
from helpers import make_service

from incident_app.catalog.selectors import logql_stream_selector, promql_matchers, safe_regex
from incident_app.slos.promql import quote

ESCAPE = 'service="x"}) or count by (__name__) ({__name__=~".+"}) or sum(up{job="x"'
HOSTILE: list[tuple[str, str, str]] = [
    ("metrics", "selector", ESCAPE),
    ("metrics", "selector", 'service="x"} or {job="y"'),
    ("metrics", "selector", '__name__=~".+"'),
    ("metrics", "selector", 'service="x" or job="y"'),
    ("metrics", "selector", 'service="x"} offset 1w {a="b"'),
    ("metrics", "selector", 'service=~"(a+)+$"'),
    ("metrics", "selector", "service=~" + '"' + "a" * 201 + '"'),
    ("metrics", "requests_metric", 'http_requests_total{code="500"}'),
    ("metrics", "requests_metric", "count by (__name__) ({__name__=~'.+'})"),
    ("metrics", "requests_metric", "sum"),
    ("metrics", "duration_metric", "latency_seconds[5m]"),
    ("metrics", "duration_metric", "nan"),
    ("logs", "selector", '{app=~".+"} |~ "(a+)+$"'),
    ("logs", "selector", '{app="x"} | json | line_format "{{.password}}"'),
    ("logs", "selector", 'app="x"'),
    ("logs", "selector", '{app=~".*"}'),
    ("logs", "selector", "{app='x'}"),
    ("logs", "selector", '{app="x",}'),
    ("logs", "selector", '{app=~"(?=x)y"}'),
    ("logs", "selector", '{app=~"(a|aa)*"}'),
    ("logs", "selector", 'sum(count_over_time({app="x"}[1h]))'),
]


def _telemetry(signal: str, field: str, value: str) -> dict[str, Any]:
    return {signal: {field: value}}


@pytest.mark.parametrize(("signal", "field", "value"), HOSTILE)
def test_hostile_hints_are_422_naming_the_field(
    client: FlaskClient, admin: Actor, signal: str, field: str, value: str
) -> None:
    body = {"name": "checkout", "telemetry": _telemetry(signal, field, value)}
    created = client.post("/api/services", json=body, headers=admin.headers)
    assert created.status_code == 422, created.get_json()
    error = created.get_json()["error"]
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == [f"telemetry.{signal}.{field}"]
    service = make_service(client, admin, "cart")
    patched = client.patch(
        f"/api/services/{service['id']}",
        json={"telemetry": _telemetry(signal, field, value)},
        headers=admin.headers,
    )
    assert patched.status_code == 422
    assert patched.get_json()["error"]["details"][0]["field"] == f"telemetry.{signal}.{field}"


def test_plain_matchers_names_and_selectors_are_kept(client: FlaskClient, admin: Actor) -> None:
    hints = {
        "metrics": {
            "selector": '{service=~"checkout|cart", code!="200", env=~"prod-[a-z]+"}',
            "requests_metric": "checkout:requests_total",
            "duration_metric": "checkout_latency_seconds",
        },
        "logs": {"selector": '{app="checkout", namespace=~"shop|shop-2", level!="debug"}'},
    }
    svc = make_service(client, admin, "checkout", telemetry=hints)
    assert svc["telemetry"]["metrics"] == {
        "selector": 'service=~"checkout|cart", code!="200", env=~"prod-[a-z]+"',
        "requests_metric": "checkout:requests_total",
        "duration_metric": "checkout_latency_seconds",
    }
    assert svc["telemetry"]["logs"] == hints["logs"]


@pytest.mark.parametrize(
    "pattern", ["5..", "a|b|c", "prod-[a-z]+", "[)]+", "(?i)checkout", "(?:a|b)c", r"a\.b"]
)
def test_safe_regexes_pass(pattern: str) -> None:
    safe_regex(pattern)
    assert promql_matchers(f"x=~{quote(pattern)}") == f"x=~{quote(pattern)}"
    assert logql_stream_selector(f'{{app="a", x=~{quote(pattern)}}}')


@pytest.mark.parametrize("pattern", ["(a+)+", "(a*)*b", "(ab){2,}", "(?=a)", r"(a)\1", "a" * 201])
def test_unsafe_regexes_fail(pattern: str) -> None:
    with pytest.raises(ValueError):
        safe_regex(pattern)
