"""The periodic evaluation (`flask slo evaluate`) against a real Prometheus with known series:
history for charts, an incident opened by a page-tier burn, and the business impact of an
incident on services with SLOs, with its `slo_breach` event and services recovered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_incident, make_service, resolve, timeline
from slo_api import create_slo, prometheus_at
from slo_prometheus import Backfilled
from slo_prometheus import backfilled_prometheus as start_prometheus
from sqlalchemy import select

from incident_app.extensions import db
from incident_app.models import AnalysisRun

CHECKOUT = {"users_served": 15234, "revenue_per_hour": 45000}
CART = {"users_served": 800, "revenue_per_hour": 1000.5}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backfilled]:
    with start_prometheus(Path(tmp_path_factory.mktemp("prometheus"))) as backfilled:
        yield backfilled


@pytest.fixture
def slos(
    app: Flask, client: FlaskClient, admin: Actor, shop: Backfilled
) -> Iterator[dict[str, Any]]:
    """checkout (failing 20% now, critical) and cart (healthy), each with an availability SLO."""
    make_service(client, admin, "checkout", **CHECKOUT)
    make_service(client, admin, "cart", **CART)
    make_service(client, admin, "search")
    with prometheus_at(app, shop.url):
        yield {
            name: create_slo(client, admin, name=f"{name}-availability", service=name, target=99.5)
            for name in ("checkout", "cart")
        }


def evaluate(app: Flask) -> dict[str, Any]:
    result = app.test_cli_runner().invoke(args=["slo", "evaluate"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_history_is_written_and_served_oldest_first(
    app: Flask, client: FlaskClient, viewer: Actor, slos: dict[str, Any]
) -> None:
    first, second = evaluate(app), evaluate(app)
    assert first["evaluated"] == second["evaluated"] == 2
    assert first["statuses"] == {"critical": 1, "healthy": 1} and first["failed"] == []
    path = f"/api/slos/{slos['checkout']['id']}"
    body = client.get(f"{path}/history", headers=viewer.headers).get_json()
    points = body["items"]
    assert [p["evaluated_at"] for p in points] == sorted(p["evaluated_at"] for p in points)
    assert len(points) == 2 and body["truncated"] is False
    assert {p["status"] for p in points} == {"critical"}
    assert "page 1h/5m" in points[-1]["firing_tiers"]
    assert set(points[-1]["burn_rates"]) == {"5m", "30m", "1h", "2h", "6h", "1d", "3d"}
    assert 99.8 < points[-1]["sli_percent"] < 99.9 and points[-1]["bad_events"] > 6000
    latest = client.get(path, headers=viewer.headers).get_json()
    assert (latest["status"], latest["sli_percent"]) == ("critical", points[-1]["sli_percent"])
    assert latest["evaluated_at"] == points[-1]["evaluated_at"]

    newest = client.get(f"{path}/history?limit=1", headers=viewer.headers).get_json()
    assert newest["truncated"] is True and newest["items"] == points[-1:]
    windows = [({"since": points[1]["evaluated_at"]}, points[1:])]
    windows.append(({"until": points[0]["evaluated_at"]}, points[:1]))
    for window, expected in windows:
        found = client.get(f"{path}/history", query_string=window, headers=viewer.headers)
        assert found.get_json()["items"] == expected
    until = datetime.now(UTC) - timedelta(days=1)
    wrong = {"since": until.isoformat(), "until": (until - timedelta(hours=1)).isoformat()}
    assert (
        client.get(f"{path}/history", query_string=wrong, headers=viewer.headers).status_code == 422
    )


@pytest.mark.usefixtures("slos")
def test_a_page_tier_burn_opens_one_incident(
    app: Flask, client: FlaskClient, viewer: Actor
) -> None:
    opened = evaluate(app)["incidents_opened"]
    assert len(opened) == 1  # checkout pages; cart is healthy
    incident = client.get(f"/api/incidents/{opened[0]}", headers=viewer.headers).get_json()
    assert incident["severity"] == "critical" and incident["status"] == "open"
    assert [s["name"] for s in incident["services"]] == ["checkout"]
    assert incident["metadata"]["slo_burn"] == {
        "slo": "checkout-availability",
        "tier": "page 1h/5m",
    }
    events = timeline(client, viewer, opened[0])
    assert [(e["event_type"], e["source"]) for e in events[:2]] == [
        ("incident_created", "slo_system"),
        ("slo_breach", "slo_system"),
    ]
    with app.app_context():
        runs = db.session.scalars(select(AnalysisRun).where(AnalysisRun.incident_id == opened[0]))
        assert [r.trigger for r in runs] == ["slo_burn"]
    assert evaluate(app)["incidents_opened"] == []  # the open incident covers checkout


def _impact(client: FlaskClient, actor: Actor, incident_id: str) -> dict[str, Any]:
    incident = client.get(f"/api/incidents/{incident_id}", headers=actor.headers).get_json()
    impact: dict[str, Any] = incident["metadata"]["business_impact"]
    return impact


def _revenue(impact: dict[str, Any]) -> float:
    hours = Decimal(str(impact["duration_seconds"])) / 3600
    cents = Decimal("0.01")
    rates = (CHECKOUT["revenue_per_hour"], CART["revenue_per_hour"])
    return float(sum((Decimal(str(r)) * hours).quantize(cents) for r in rates))


@pytest.mark.usefixtures("slos")
def test_business_impact_breach_event_and_services_recovered(
    app: Flask, client: FlaskClient, responder: Actor, viewer: Actor
) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    incident = make_incident(client, responder, ["checkout", "cart"], started_at=started)
    plain = make_incident(client, responder, ["search"])
    assert evaluate(app)["incidents_opened"] == []  # checkout is covered by the incident

    impact = _impact(client, viewer, incident["id"])
    assert impact["users_affected"] == 15234 + 800
    assert 1800 <= impact["duration_seconds"] < 1900
    assert impact["revenue_at_risk"] == _revenue(impact)
    assert (impact["slos_breached"], impact["slos_total"]) == (1, 2)
    by_slo = {s["slo"]: s for s in impact["slos"]}
    assert by_slo["checkout-availability"]["status"] == "critical"
    assert by_slo["cart-availability"]["breached_at"] is None
    # 30 minutes of 200 bad requests a minute, of a 0.5% budget of ~4.44 million requests.
    assert 25 < by_slo["checkout-availability"]["budget_consumed_percent"] < 30
    assert (
        impact["budget_consumed_percent"]
        == by_slo["checkout-availability"]["budget_consumed_percent"]
    )
    assert impact["services_recovered"] == "1/2"
    assert impact["formulas"]["revenue_at_risk"].startswith("sum of revenue_per_hour")

    breaches = [
        e for e in timeline(client, viewer, incident["id"]) if e["event_type"] == "slo_breach"
    ]
    assert len(breaches) == 1 and breaches[0]["source"] == "slo_system"
    assert breaches[0]["title"] == "SLO breached: checkout-availability (checkout)"
    meta = breaches[0]["metadata"]
    assert (meta["slos_breached"], meta["users_affected"]) == (1, 16034)
    assert meta["revenue_at_risk"] == impact["revenue_at_risk"]

    evaluate(app)  # kept current while open; the breach is recorded once
    again = _impact(client, viewer, incident["id"])
    assert again["revenue_at_risk"] > impact["revenue_at_risk"]
    checkout = {s["slo"]: s for s in again["slos"]}["checkout-availability"]
    assert checkout["breached_at"] == by_slo["checkout-availability"]["breached_at"]
    events = timeline(client, viewer, incident["id"])
    assert [e["event_type"] for e in events].count("slo_breach") == 1

    resolved = resolve(client, responder, incident["id"])
    final = resolved["metadata"]["business_impact"]
    assert final["services_recovered"] == "1/2"  # checkout still fails; cart is fine
    assert {s["service"]: s["recovered"] for s in final["services"]} == {
        "checkout": False,
        "cart": True,
    }
    assert final["revenue_at_risk"] == _revenue(final)
    last = timeline(client, viewer, incident["id"])[-1]
    assert (last["event_type"], last["metadata"]["services_recovered"]) == (
        "incident_resolved",
        "1/2",
    )

    # An incident on services without SLOs has no business impact and resolves as before.
    resolved_plain = resolve(client, responder, plain["id"])
    assert "business_impact" not in resolved_plain["metadata"]
    assert "services_recovered" not in timeline(client, viewer, plain["id"])[-1]["metadata"]


def test_evaluate_every_repeats_until_stopped(
    app: Flask, client: FlaskClient, viewer: Actor, slos: dict[str, Any], monkeypatch: Any
) -> None:
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            raise KeyboardInterrupt  # what stops a worker

    monkeypatch.setattr("incident_app.slos.cli.time.sleep", sleep)
    result = app.test_cli_runner().invoke(args=["slo", "evaluate", "--every", "30"])
    reports = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["evaluated"] for r in reports] == [2, 2]
    assert all(0 < p <= 30 for p in pauses)  # the interval, less the time the cycle took
    history = client.get(f"/api/slos/{slos['cart']['id']}/history", headers=viewer.headers)
    assert [p["status"] for p in history.get_json()["items"]] == ["healthy", "healthy"]
