"""Reference windows against a real Prometheus: yesterday's series are backfilled with promtool
(OpenMetrics -> TSDB blocks) before it starts, today's are scraped live from the shop exporter,
and the reference a day back holds yesterday's points and only those."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from prom_harness import INSTALL_SCRIPT, PROMETHEUS, PrometheusHarness, run_prometheus

from incident_app.correlation.reference import ReferenceCache, fetch_reference
from incident_app.correlation.sources import PrometheusSource
from incident_app.correlation.types import AnalysisContext, Series, ServiceTarget, Telemetry

DAY = 86_400
PROMTOOL = PROMETHEUS.parent / "promtool"
SPREAD = 1200  # seconds of backfill on each side of "now, a day ago"
CHECKOUT = ServiceTarget("checkout", namespace="shop")
CHECKOUT_DB = ServiceTarget("checkout-db", namespace="shop")
CART = ServiceTarget(
    "cart.v2", namespace="shop", metrics_selector='app="cart"', k8s_workload="cart"
)
ONE_DAY = {"CORRELATION_REFERENCE": "1d"}


def backfill(data: Path, around: int) -> None:
    """Yesterday, quieter than today: checkout answers 7 req/s (today 10) and checkout-db's
    pool holds 33 connections (today 10), one sample a second."""
    times = range(around - SPREAD, around + SPREAD)
    lines = ["# HELP http_requests Requests", "# TYPE http_requests counter"]
    lines += [
        f'http_requests_total{{service="checkout",code="200"}} {7 * (t - times[0])} {t}'
        for t in times
    ]
    lines += ["# HELP db_connections_in_use Pool", "# TYPE db_connections_in_use gauge"]
    lines += [f'db_connections_in_use{{service="checkout-db"}} 33 {t}' for t in times]
    source = data.parent / "yesterday.om"
    source.write_text("\n".join([*lines, "# EOF"]) + "\n")
    subprocess.run(
        [str(PROMTOOL), "tsdb", "create-blocks-from", "openmetrics", str(source), str(data)],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusHarness]:
    if not PROMETHEUS.is_file() or not PROMTOOL.is_file():
        pytest.fail(f"no Prometheus binaries at {PROMETHEUS.parent}: run {INSTALL_SCRIPT} first")
    workdir = tmp_path_factory.mktemp("prometheus-reference")
    backfill(workdir / "data", int(time.time()) - DAY)
    yield from run_prometheus(workdir)


def incident(harness: PrometheusHarness, *services: ServiceTarget) -> AnalysisContext:
    """From the first scrape to 6 s after the spike, as the other Prometheus tests."""

    def moment(seconds: float) -> datetime:
        return datetime.fromtimestamp(seconds, UTC)

    return AnalysisContext(
        started_at=moment(harness.spike_at),
        window_start=moment(harness.first_scrape),
        window_end=moment(harness.spike_at + 6),
        services=services or (CHECKOUT, CHECKOUT_DB),
        step_seconds=1,
    )


def counting(source: PrometheusSource) -> list[str]:
    """Record the query of every call the source makes from now on."""
    calls: list[str] = []
    original = source.api.get_json

    def get_json(path: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        calls.append(str((params or {}).get("query", path)))
        return original(path, params, *args, **kwargs)

    source.api.get_json = get_json  # type: ignore[method-assign]
    return calls


def series(telemetry: Telemetry | None, service: str, metric: str) -> Series:
    assert telemetry is not None
    [found] = [s for s in telemetry.series or [] if (s.service, s.metric) == (service, metric)]
    return found


def test_the_reference_holds_yesterdays_points(prometheus: PrometheusHarness) -> None:
    source = PrometheusSource(prometheus.url, timeout=5, rate_window_seconds=5)
    context = incident(prometheus)
    got = fetch_reference(source, context, ONE_DAY, cache=ReferenceCache())
    assert got is not None and got.problems == {}
    yesterday = (prometheus.first_scrape - DAY - SPREAD, prometheus.spike_at - DAY + SPREAD)
    requests = series(got, "checkout", "requests")
    assert len(requests.points) > 60
    assert all(yesterday[0] <= t <= yesterday[1] for t, _ in requests.points)
    settled = [v for t, v in requests.points if t >= requests.points[0][0] + 5]
    assert settled and all(abs(v - 7) < 0.5 for v in settled), settled[:5]
    pool = series(got, "checkout-db", "db_connections_in_use")
    assert {v for _, v in pool.points} == {33.0}
    # Only what existed yesterday: today's other series are not in the reference.
    assert {(s.service, s.metric) for s in got.series or []} == {
        ("checkout", "requests"),
        ("checkout", "error"),
        ("checkout-db", "db_connections_in_use"),
    }
    # ...while the incident's own window has today's rate.
    today = series(source.fetch(context), "checkout", "requests")
    assert all(t >= prometheus.first_scrape for t, _ in today.points)
    assert max(v for _, v in today.points) > 8


def test_cached_services_are_not_queried_again(prometheus: PrometheusHarness) -> None:
    cache = ReferenceCache()
    source = PrometheusSource(prometheus.url, timeout=5, rate_window_seconds=5)
    calls = counting(source)
    first = fetch_reference(source, incident(prometheus), ONE_DAY, cache=cache)
    assert calls and first is not None
    asked = len(calls)
    again = fetch_reference(source, incident(prometheus), ONE_DAY, cache=cache)
    assert len(calls) == asked  # a second analysis: nothing asked
    assert again is not None and again.series == first.series
    wider = fetch_reference(
        source, incident(prometheus, CHECKOUT, CHECKOUT_DB, CART), ONE_DAY, cache=cache
    )
    new = calls[asked:]
    assert new and all("cart" in q and "checkout" not in q for q in new), new
    assert wider is not None and series(wider, "checkout", "requests") == series(
        first, "checkout", "requests"
    )
