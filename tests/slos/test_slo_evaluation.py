"""SLO figures from a real Prometheus holding known series (slo_backfill.py): SLI, error
budget, burn rates and tiers to 4 decimals, "no data" for zero traffic, and every validation
error, including queries Prometheus itself rejects."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_service
from slo_api import create_slo, exact, four, prometheus_at, slo_status
from slo_prometheus import CART_RATE, FAILING, FAULT, HISTORY, RATE, SLOW, Backfilled
from slo_prometheus import backfilled_prometheus as start_prometheus

WINDOWS = {"5m": 5, "30m": 30, "1h": 60, "2h": 120, "6h": 360, "1d": 1440, "3d": 4320}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backfilled]:
    with start_prometheus(Path(tmp_path_factory.mktemp("prometheus"))) as backfilled:
        yield backfilled


@pytest.fixture
def prom(app: Flask, shop: Backfilled) -> Iterator[Backfilled]:
    with prometheus_at(app, shop.url):
        yield shop


def _expected_burns(bad_per_minute: int, allowed: Decimal) -> dict[str, Decimal]:
    """Checkout's burn rates at `at`: bad events only in the last FAULT minutes."""
    return {
        name: (Decimal(bad_per_minute * min(minutes, FAULT)) / (RATE * minutes)) / allowed
        for name, minutes in WINDOWS.items()
    }


def _burns(body: dict[str, Any]) -> dict[str, Decimal | None]:
    return {b["window"]: four(b["burn_rate"]) for b in body["burn_rates"]}


def test_availability_sli_budget_burn_rates_and_tiers(
    client: FlaskClient, admin: Actor, viewer: Actor, prom: Backfilled
) -> None:
    make_service(client, admin, "checkout")
    slo = create_slo(client, admin, name="checkout-availability", service="checkout", target=99.5)
    body = slo_status(client, viewer, slo["id"], at=prom.at)

    total, bad, allowed = Decimal(RATE * HISTORY), Decimal(FAILING * FAULT), Decimal("0.005")
    budget_events = allowed * total
    remaining = 1 - bad / budget_events
    budget_minutes = allowed * 30 * 1440
    assert (body["total_events"], body["bad_events"]) == (4_440_000, 6_000)
    assert four(body["sli_percent"]) == exact(100 * (total - bad) / total) == Decimal("99.8649")
    budget = body["error_budget"]
    assert four(budget["events"]) == exact(budget_events) == Decimal("22200")
    assert four(budget["minutes"]) == exact(budget_minutes) == Decimal("216")
    assert budget["consumed_events"] == 6_000
    assert four(budget["remaining_events"]) == exact(budget_events - bad)
    assert four(budget["remaining_percent"]) == exact(100 * remaining) == Decimal("72.9730")
    assert four(budget["remaining_minutes"]) == exact(budget_minutes * remaining)
    expected = _expected_burns(FAILING, allowed)
    assert _burns(body) == {w: exact(v) for w, v in expected.items()}
    assert _burns(body)["1h"] == Decimal("20") and _burns(body)["6h"] == Decimal("3.3333")
    exhaustion = remaining * 30 * 86400 / expected["1h"]
    assert four(budget["exhaustion_seconds"]) == exact(exhaustion)

    tiers = {(t["long_window"], t["short_window"]): t for t in body["tiers"]}
    assert {k: (four(t["threshold"]), t["firing"]) for k, t in tiers.items()} == {
        ("1h", "5m"): (Decimal("14.4"), True),
        ("6h", "30m"): (Decimal("6"), False),
        ("1d", "2h"): (Decimal("3"), False),
        ("3d", "6h"): (Decimal("1"), False),
    }
    assert four(tiers[("1h", "5m")]["short_burn_rate"]) == Decimal("40")
    assert body["status"] == "critical"
    assert body["window"] == "30d" and body["target"] == 99.5
    assert body["formulas"]["burn_rate"].startswith("(bad_w / total_w)")


def test_latency_sli_counts_requests_slower_than_the_bucket(
    client: FlaskClient, admin: Actor, viewer: Actor, prom: Backfilled
) -> None:
    make_service(client, admin, "checkout")
    sli = {"type": "latency", "threshold_seconds": 0.25}
    slo = create_slo(client, admin, name="checkout-fast", service="checkout", sli=sli, target=99)
    assert slo["sli"]["threshold_seconds"] == 0.25
    slo = client.patch(
        f"/api/slos/{slo['id']}", json={"window": "28d"}, headers=admin.headers
    ).get_json()
    body = slo_status(client, viewer, slo["id"], at=prom.at)

    total, bad, allowed = Decimal(RATE * HISTORY), Decimal(SLOW * FAULT), Decimal("0.01")
    assert (body["total_events"], body["bad_events"]) == (4_440_000, 3_000)
    assert four(body["sli_percent"]) == exact(100 * (total - bad) / total) == Decimal("99.9324")
    remaining = 1 - bad / (allowed * total)
    assert four(body["error_budget"]["remaining_percent"]) == exact(100 * remaining)
    assert four(body["error_budget"]["minutes"]) == exact(allowed * 28 * 1440)
    expected = _expected_burns(SLOW, allowed)
    assert _burns(body) == {w: exact(v) for w, v in expected.items()}
    # Thresholds scale to 28 days: 2% of 28 days in 1 hour is 13.44.
    assert [four(t["threshold"]) for t in body["tiers"]] == [
        Decimal("13.44"),
        Decimal("5.6"),
        Decimal("2.8"),
        Decimal("0.9333"),
    ]
    assert not any(t["firing"] for t in body["tiers"]) and body["status"] == "healthy"

    # The exporter writes le="1.0"; a threshold of 1 second still names that bucket.
    sli = {"type": "latency", "threshold_seconds": 1}
    slow = create_slo(client, admin, name="checkout-1s", service="checkout", sli=sli)
    body = slo_status(client, viewer, slow["id"], at=prom.at)
    assert (body["sli_percent"], body["bad_events"], body["status"]) == (100, 0, "healthy")


def test_calendar_month_counts_from_the_first_of_the_month(
    client: FlaskClient, admin: Actor, viewer: Actor, prom: Backfilled
) -> None:
    make_service(client, admin, "checkout")
    slo = create_slo(
        client, admin, name="checkout-month", service="checkout", window="calendar_month"
    )
    body = slo_status(client, viewer, slo["id"], at=prom.at)
    at = datetime.fromtimestamp(prom.at, UTC)
    month_start = at.replace(day=1, hour=0, minute=0, second=0)
    minutes = min(HISTORY, int((at - month_start).total_seconds()) // 60)
    assert datetime.fromisoformat(body["window_start"]) == month_start
    assert body["total_events"] == RATE * minutes
    assert body["bad_events"] == FAILING * min(FAULT, minutes)
    days = calendar.monthrange(at.year, at.month)[1]
    assert four(body["error_budget"]["minutes"]) == exact(Decimal("0.001") * days * 1440)


def test_zero_traffic_is_no_data_and_no_failures_is_100_percent(
    client: FlaskClient, admin: Actor, viewer: Actor, prom: Backfilled
) -> None:
    for name in ("ledger", "search", "cart"):
        make_service(client, admin, name)
    for name in ("ledger", "search"):  # a counter that never moves; no series at all
        slo = create_slo(client, admin, name=f"{name}-availability", service=name)
        body = slo_status(client, viewer, slo["id"], at=prom.at)
        assert body["status"] == "no_data"
        assert body["sli_percent"] is None
        assert body["error_budget"]["remaining_percent"] is None
        assert body["error_budget"]["exhaustion_seconds"] is None
        assert {b["burn_rate"] for b in body["burn_rates"]} == {None}
        assert not any(t["firing"] for t in body["tiers"])
    # cart never answered a 5xx: no such series, yet 0 bad events, not "no data".
    slo = create_slo(client, admin, name="cart-availability", service="cart")
    body = slo_status(client, viewer, slo["id"], at=prom.at)
    assert (body["status"], body["sli_percent"], body["bad_events"]) == ("healthy", 100, 0)
    assert body["total_events"] == CART_RATE * HISTORY
    assert {b["burn_rate"] for b in body["burn_rates"]} == {0}
    assert body["error_budget"]["exhaustion_seconds"] is None  # not burning


def test_min_events_makes_low_traffic_windows_no_data(
    client: FlaskClient, admin: Actor, viewer: Actor, prom: Backfilled
) -> None:
    make_service(client, admin, "checkout")
    slo = create_slo(client, admin, name="checkout-a", service="checkout", min_events=10_000)
    body = slo_status(client, viewer, slo["id"], at=prom.at)
    assert [w for w, b in _burns(body).items() if b is None] == ["5m"]  # 5,000 events
    page = body["tiers"][0]
    assert (page["short_burn_rate"], page["firing"]) == (None, False)
    assert body["status"] == "critical"  # the budget is spent all the same (6,000 > 4,440)
    assert four(body["error_budget"]["remaining_percent"]) == exact(
        100 * (1 - Decimal(6_000) / Decimal(4_440))
    )
