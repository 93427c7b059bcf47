"""The failure-simulation API (/api/test), /simulation/metrics, the catalog registration and the
telemetry source plugin, on real PostgreSQL."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from incident_app.correlation.engine import resolve_sources
from incident_app.correlation.jobs import plugins_for
from incident_app.correlation.sources._common import POD_SUFFIX
from incident_app.correlation.types import Signal
from incident_app.extensions import db
from incident_app.models import Role, Service
from incident_app.simulation.catalog import ensure_catalog
from incident_app.simulation.runtime import EXTENSION, SimulationRuntime

SEED_PAYLOAD = {
    "service": "payment-processing",
    "error_rate": 0.95,
    "cpu_usage": 92,
    "memory_usage": 60,
    "response_time_ms": 3400,
    "db_connections": 45,
}


@pytest.fixture
def sim(pg_url: str, app: Flask) -> Iterator[Flask]:
    """An app with the simulation on (and a short backfill); its ticker stops afterwards."""
    sim_app = make_app(pg_url, SIMULATION_ENABLED=True, SIMULATION_BACKFILL_MINUTES=1)
    yield sim_app
    sim_app.extensions[EXTENSION].stop()


@pytest.fixture
def sim_admin(sim: Flask) -> Actor:
    return create_actor(sim, Role.admin)


def runtime(app: Flask) -> SimulationRuntime:
    found: SimulationRuntime = app.extensions[EXTENSION]
    return found


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.get_json()["error"]
    return body


def test_disabled_by_default_answers_404(client: FlaskClient, admin: Actor) -> None:
    for method, path in (
        ("post", "/api/test/fail"),
        ("post", "/api/test/recover"),
        ("post", "/api/test/reset"),
        ("get", "/api/test/scenarios"),
        ("post", "/api/test/scenarios/pool-exhaustion"),
    ):
        body = SEED_PAYLOAD if path.endswith("fail") else None
        r = client.open(path, method=method, json=body, headers=admin.headers)
        assert r.status_code == 404, path
        assert error(r)["code"] == "simulation_disabled"
    assert client.get("/simulation/metrics").status_code == 404


def test_admin_only(sim: Flask) -> None:
    c = sim.test_client()
    assert c.post("/api/test/fail", json=SEED_PAYLOAD).status_code == 401
    for role in (Role.viewer, Role.responder):
        actor = create_actor(sim, role)
        for method, path in (("post", "/api/test/fail"), ("get", "/api/test/scenarios")):
            r = c.open(path, method=method, json=SEED_PAYLOAD, headers=actor.headers)
            assert r.status_code == 403 and error(r)["details"] == {"required_role": "admin"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"error_rate": 1.5}, "error_rate"),
        ({"error_rate": -0.1}, "error_rate"),
        ({"cpu_usage": 100.5}, "cpu_usage"),
        ({"memory_usage": -1}, "memory_usage"),
        ({"response_time_ms": 0}, "response_time_ms"),
        ({"response_time_ms": 60_001}, "response_time_ms"),
        ({"db_connections": -1}, "db_connections"),
        ({"db_connections": 51}, "db_connections"),  # the pool holds 50
        ({"db_connections": 2.5}, "db_connections"),
        ({"ramp_seconds": 601}, "ramp_seconds"),
        ({"service": "no-such-service"}, "service"),
        ({"service": "Bad Name"}, "service"),
        ({"service": "shipping"}, "db_connections"),  # shipping has no pool
        ({"color": "red"}, "color"),
    ],
)
def test_payload_validation(
    sim: Flask, sim_admin: Actor, change: dict[str, Any], field: str
) -> None:
    r = sim.test_client().post(
        "/api/test/fail", json={**SEED_PAYLOAD, **change}, headers=sim_admin.headers
    )
    assert r.status_code == 422, r.get_json()
    assert error(r)["code"] == "validation_error"
    assert field in [d["field"] for d in error(r)["details"]]
    assert runtime(sim).world is None or runtime(sim).world.sim.faults == []  # type: ignore[union-attr]


def test_payload_must_change_something(sim: Flask, sim_admin: Actor) -> None:
    r = sim.test_client().post(
        "/api/test/fail", json={"service": "cart"}, headers=sim_admin.headers
    )
    assert r.status_code == 422 and "at least one of" in error(r)["details"][0]["message"]


def test_scenarios_are_listed_and_unknown_ones_are_404(sim: Flask, sim_admin: Actor) -> None:
    c = sim.test_client()
    body = c.get("/api/test/scenarios", headers=sim_admin.headers).get_json()
    by_name = {s["name"]: s for s in body["items"]}
    assert set(by_name) == {
        "pool-exhaustion",
        "memory-leak",
        "cpu-saturation",
        "bad-rollout",
        "downstream-latency",
        "dependency-errors",
    }
    pool = by_name["pool-exhaustion"]
    assert pool["service"] == "payment-processing" and pool["fault"] == "pool-exhaustion"
    assert {k: pool["payload"][k] for k in SEED_PAYLOAD} == SEED_PAYLOAD
    assert by_name["memory-leak"]["fault"] == "oom"
    assert len(body["services"]) == 12
    r = c.post("/api/test/scenarios/nope", headers=sim_admin.headers)
    assert r.status_code == 404 and error(r)["code"] == "not_found"


def test_failure_opens_an_incident_on_the_service_and_its_callers(
    sim: Flask, sim_admin: Actor
) -> None:
    c = sim.test_client()
    before = time.time()
    r = c.post("/api/test/fail", json=SEED_PAYLOAD, headers=sim_admin.headers)
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    assert body["fault"]["fault"] == "pool-exhaustion"
    assert body["affected_services"] == ["payment-processing", "checkout", "frontend"]
    assert body["peak_error_rate"] > 0.9
    incident = c.get(f"/api/incidents/{body['incident']['id']}", headers=sim_admin.headers)
    incident = incident.get_json()
    assert incident["severity"] == "critical"
    assert incident["started_at"] == body["fault"]["started_at"]
    assert [(s["name"], s["impact_level"]) for s in incident["services"]] == [
        ("payment-processing", "primary"),
        ("checkout", "secondary"),
        ("frontend", "tertiary"),
    ]
    assert incident["metadata"]["simulation"]["fault"] == "pool-exhaustion"
    # Correlation waits until the fault has ramped up and been visible for a while.
    ((due, incident_id, actor_id),) = runtime(sim).pending
    assert str(incident_id) == incident["id"] and actor_id == sim_admin.user_id
    assert due == pytest.approx(before + 5 + 20, abs=2)
    assert body["analysis_scheduled_at"] is not None
    # The topology is in the catalog with its dependencies.
    services = c.get("/api/services?per_page=100", headers=sim_admin.headers).get_json()
    deps = {s["name"]: s["depends_on"] for s in services["items"]}
    assert len(deps) == 12 and deps["payment-processing"] == ["postgres"]
    assert {s["namespace"] for s in services["items"]} == {"shop"}


def test_mild_failure_opens_no_incident(sim: Flask, sim_admin: Actor) -> None:
    c = sim.test_client()
    r = c.post(
        "/api/test/fail",
        json={"service": "cart", "cpu_usage": 70, "error_rate": 0.05},
        headers=sim_admin.headers,
    )
    assert r.status_code == 202
    assert r.get_json()["incident"] is None and r.get_json()["analysis_scheduled_at"] is None
    assert c.get("/api/incidents", headers=sim_admin.headers).get_json()["total"] == 0


def test_latency_that_fails_the_callers_opens_an_incident(sim: Flask, sim_admin: Actor) -> None:
    r = sim.test_client().post("/api/test/scenarios/downstream-latency", headers=sim_admin.headers)
    body = r.get_json()
    assert r.status_code == 202 and body["fault"]["error_rate"] is None
    assert body["peak_error_rate"] > 0.25 and body["incident"] is not None


def test_recover_ends_the_faults(sim: Flask, sim_admin: Actor) -> None:
    c = sim.test_client()
    c.post("/api/test/scenarios/memory-leak", headers=sim_admin.headers)
    c.post("/api/test/fail", json=SEED_PAYLOAD, headers=sim_admin.headers)
    r = c.post("/api/test/recover", json={"service": "cart"}, headers=sim_admin.headers)
    assert [f["service"] for f in r.get_json()["recovered"]] == ["cart"]
    recovered = c.post("/api/test/recover", headers=sim_admin.headers).get_json()["recovered"]
    assert [f["service"] for f in recovered] == ["payment-processing"]
    assert recovered[0]["ended_at"] is not None
    assert c.post("/api/test/recover", headers=sim_admin.headers).get_json() == {"recovered": []}
    r = c.post("/api/test/recover", json={"service": "nope"}, headers=sim_admin.headers)
    assert r.status_code == 422


def test_reset_starts_over_with_a_fresh_shop(sim: Flask, sim_admin: Actor) -> None:
    c = sim.test_client()
    c.post("/api/test/scenarios/bad-rollout", headers=sim_admin.headers)
    old = runtime(sim).world
    assert old is not None and runtime(sim).pending
    r = c.post("/api/test/reset", headers=sim_admin.headers)
    assert [f["service"] for f in r.get_json()["recovered"]] == ["checkout"]
    new = runtime(sim).world
    assert new is not None and new is not old and new.sim.faults == []
    assert runtime(sim).pending == []
    new.advance(time.time())  # waits for the back-fill
    assert not new.cluster.rollouts and new.clock >= old.clock
    assert c.get("/simulation/metrics").status_code == 200


def scrape(c: FlaskClient) -> dict[str, list[Any]]:
    r = c.get("/simulation/metrics")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    return {f.name: f.samples for f in text_string_to_metric_families(r.get_data(as_text=True))}


def test_metrics_expose_what_the_prometheus_source_queries(sim: Flask, sim_admin: Actor) -> None:
    c = sim.test_client()
    metrics = scrape(c)
    codes = {(s.labels["service"], s.labels["code"]) for s in metrics["http_requests"]}
    assert ("checkout", "200") in codes and ("checkout", "500") in codes
    buckets = [s for s in metrics["http_request_duration_seconds"] if s.name.endswith("_bucket")]
    assert {s.labels["le"] for s in buckets} >= {"0.1", "1", "+Inf"}
    pods = {s.labels["pod"] for s in metrics["container_cpu_usage_seconds"]}
    assert len(pods) == sum(s.replicas for s in runtime(sim).topology.services.values())
    for sample in metrics["container_memory_working_set_bytes"]:
        assert sample.labels["namespace"] == "shop"
        assert re.fullmatch(f"{sample.labels['container']}{POD_SUFFIX}", sample.labels["pod"])
    assert {s.labels["pod"] for s in metrics["kube_pod_container_status_restarts"]} == pods
    pool = {s.labels["service"]: s.value for s in metrics["db_connections_in_use"]}
    assert 15 <= pool["payment-processing"] <= 25 and "shipping" not in pool
    assert {s.labels["service"]: s.value for s in metrics["db_connections_max"]}[
        "payment-processing"
    ] == 50

    c.post("/api/test/fail", json={**SEED_PAYLOAD, "ramp_seconds": 0}, headers=sim_admin.headers)
    time.sleep(2.5)
    pool = {s.labels["service"]: s.value for s in scrape(c)["db_connections_in_use"]}
    assert pool["payment-processing"] >= 42


def test_catalog_registration_is_idempotent_and_keeps_existing_services(sim: Flask) -> None:
    with sim.app_context():
        db.session.add(Service(name="postgres", description="ours", namespace="db"))
        db.session.commit()
        topology = runtime(sim).topology
        created = ensure_catalog(topology)
        assert len(created) == 11 and "postgres" not in created
        assert ensure_catalog(topology) == []
        postgres = db.session.query(Service).filter_by(name="postgres").one()
        assert (postgres.description, postgres.namespace) == ("ours", "db")


def test_the_simulation_supplies_telemetry_unless_prometheus_is_configured(sim: Flask) -> None:
    sim.test_client().get("/health")  # the first request starts the simulation
    with sim.app_context():
        sources, _ = resolve_sources(plugins_for(sim), sim.config)
        assert {s.value: src.name for s, src in sources.items()} == {
            "metrics": "simulation",
            "logs": "simulation",
            "traces": "simulation",
            "k8s": "simulation",
        }
        with_prometheus = {**sim.config, "PROMETHEUS_URL": "http://127.0.0.1:1"}
        sources, _ = resolve_sources(plugins_for(sim), with_prometheus)
        assert sources[Signal.metrics].name == "prometheus"
        assert sources[Signal.logs].name == "simulation"
        replay = {**sim.config, "CASE_DIR": "/nonexistent"}
        sources, _ = resolve_sources(plugins_for(sim), replay)
        assert {src.name for src in sources.values()} == {"case-bundle"}
    health = sim.test_client().get("/health").get_json()
    assert health["checks"]["telemetry"]["logs"]["source"] == "simulation"
    assert health["checks"]["telemetry"]["logs"]["status"] == "up"
