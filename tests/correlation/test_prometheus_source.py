"""PrometheusSource against a real Prometheus scraping a known exporter, and against fakes for
the failures a real one will not produce on demand."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fakes import FakeHttpServer, free_port, static
from prom_harness import INSTALL_SCRIPT, PROMETHEUS, PrometheusHarness, run_prometheus

from incident_app.correlation.sources import PrometheusSource, SourceError
from incident_app.correlation.types import AnalysisContext, Series, ServiceTarget, Telemetry

SHOP = (
    ServiceTarget("checkout", namespace="shop"),
    ServiceTarget("checkout-db", namespace="shop"),
    ServiceTarget("cart.v2", namespace="shop", metrics_selector='app="cart"', k8s_workload="cart"),
)


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusHarness]:
    if not PROMETHEUS.is_file():
        pytest.fail(f"no Prometheus binary at {PROMETHEUS}: run {INSTALL_SCRIPT} first")
    yield from run_prometheus(tmp_path_factory.mktemp("prometheus"))


def window(
    start: float, spike: float, end: float, services: tuple[ServiceTarget, ...] = SHOP
) -> AnalysisContext:
    def moment(seconds: float) -> datetime:
        return datetime.fromtimestamp(seconds, UTC)

    return AnalysisContext(
        started_at=moment(spike),
        window_start=moment(start),
        window_end=moment(end),
        services=services,
        step_seconds=1,
    )


def context(harness: PrometheusHarness, *services: ServiceTarget) -> AnalysisContext:
    """From the first scrape to 6 s after the spike."""
    return window(harness.first_scrape, harness.spike_at, harness.spike_at + 6, services or SHOP)


def last_minute() -> AnalysisContext:
    now = time.time()
    return window(now - 60, now - 30, now)


def source(url: str, **options: Any) -> PrometheusSource:
    return PrometheusSource(url, timeout=5, rate_window_seconds=5, **options)


@pytest.fixture(scope="module")
def fetched(prometheus: PrometheusHarness) -> tuple[PrometheusSource, Telemetry]:
    src = source(prometheus.url)
    return src, src.fetch(context(prometheus))


def one(telemetry: Telemetry, service: str, metric: str) -> Series:
    [found] = [s for s in telemetry.series or [] if (s.service, s.metric) == (service, metric)]
    return found


def before(series: Series, moment: float, settle: float = 5) -> list[float]:
    """Values once a full rate window of baseline exists, until the spike."""
    return [v for t, v in series.points if series.points[0][0] + settle <= t < moment]


def after(series: Series, moment: float, settle: float = 5.5) -> list[float]:
    """Values once the rate window lies wholly after the spike."""
    return [v for t, v in series.points if t >= moment + settle]


def test_http_metrics_have_the_exporters_values_and_the_spike(
    prometheus: PrometheusHarness, fetched: tuple[PrometheusSource, Telemetry]
) -> None:
    _, telemetry = fetched
    spike = prometheus.spike_at
    requests = one(telemetry, "checkout", "requests")
    assert len(requests.points) >= 10
    assert all(b[0] - a[0] == 1 for a, b in zip(requests.points, requests.points[1:], strict=False))
    assert before(requests, spike) == pytest.approx([10] * len(before(requests, spike)), rel=0.15)
    error = one(telemetry, "checkout", "error")
    assert max(before(error, spike)) == pytest.approx(0, abs=0.01)
    assert min(after(error, spike)) == pytest.approx(0.5, abs=0.08)
    latency = one(telemetry, "checkout", "latency")
    assert before(latency, spike) == pytest.approx([97.5] * len(before(latency, spike)), rel=0.02)
    assert min(after(latency, spike)) == pytest.approx(2425, rel=0.02)
    # checkout-db never answered 5xx: no such series, yet a zero error ratio, not a gap
    db_error = one(telemetry, "checkout-db", "error")
    assert {v for _, v in db_error.points} == {0.0}
    assert one(telemetry, "cart.v2", "requests").points[-1][1] == pytest.approx(2, rel=0.15)


def test_pod_metrics_are_matched_by_namespace_and_workload_prefix(
    prometheus: PrometheusHarness, fetched: tuple[PrometheusSource, Telemetry]
) -> None:
    _, telemetry = fetched
    spike = prometheus.spike_at
    cpu = one(telemetry, "checkout", "cpu")  # two containers; not the pod cgroup nor pause
    assert before(cpu, spike) == pytest.approx([0.4] * len(before(cpu, spike)), rel=0.15)
    assert min(after(cpu, spike)) == pytest.approx(1.8, rel=0.15)
    assert one(telemetry, "checkout-db", "cpu").points[-1][1] == pytest.approx(0.5, rel=0.15)
    assert one(telemetry, "checkout", "mem").points[-1][1] == 200e6
    assert one(telemetry, "checkout-db", "mem").points[-1][1] == 500e6  # not counted as checkout
    assert one(telemetry, "cart.v2", "mem").points[-1][1] == 50e6  # via k8s_workload "cart"
    restarts = one(telemetry, "checkout", "restarts")
    assert restarts.points[0][1] == 0 and restarts.points[-1][1] == 3


def test_discovery_adds_the_services_other_metrics(
    prometheus: PrometheusHarness, fetched: tuple[PrometheusSource, Telemetry]
) -> None:
    _, telemetry = fetched
    pool = one(telemetry, "checkout-db", "db_connections_in_use")
    assert pool.points[0][1] == 10 and pool.points[-1][1] == 95
    assert one(telemetry, "checkout", "cache_hits_total").points[-1][1] == pytest.approx(
        50, rel=0.1
    )
    assert one(telemetry, "cart.v2", "queue_depth").points[-1][1] == 7  # custom selector
    metrics = {s.metric for s in telemetry.series or []}
    assert not {m for m in metrics if m.endswith(("_bucket", "_sum", "_count", "_created"))}
    assert "up" not in metrics and "http_requests_total" not in metrics
    assert telemetry.problems == {}


def test_discovery_is_capped_per_service(prometheus: PrometheusHarness) -> None:
    checkout = ServiceTarget("checkout", namespace="shop")
    src = source(prometheus.url, discover_limit=0)
    series = src.fetch(context(prometheus, checkout)).series or []
    assert {s.metric for s in series} == {"requests", "error", "latency", "cpu", "mem", "restarts"}
    # alone, checkout still does not claim checkout-db-0's memory
    [mem] = [s for s in series if s.metric == "mem"]
    assert mem.points[-1][1] == 200e6


def test_default_selector_services_share_one_query_per_metric(
    fetched: tuple[PrometheusSource, Telemetry],
) -> None:
    src, _ = fetched
    queries = [query for query, _ in src.last_query_timings]
    batched = [q for q in queries if q.startswith("sum by (service) (rate(http_requests_total{")]
    assert batched == [
        'sum by (service) (rate(http_requests_total{service=~"checkout|checkout-db"}[5s]))'
    ]
    assert sum("container_cpu_usage_seconds_total" in q for q in queries) == 1  # one namespace
    assert sum(q.startswith("group by (__name__") for q in queries) == 2  # default + cart.v2
    # 3 batched + 3 for cart.v2 + 3 pod queries + 2 discovery calls + 3 discovered
    assert len(queries) == 14
    assert all(seconds > 0 for _, seconds in src.last_query_timings)


def test_a_rejected_query_is_reported_and_the_rest_still_count(
    prometheus: PrometheusHarness,
) -> None:
    broken = ServiceTarget("broken", namespace="shop", metrics_selector='job=~"(("')
    telemetry = source(prometheus.url).fetch(context(prometheus, SHOP[0], broken))
    assert {s.service for s in telemetry.series or []} == {"checkout"}
    assert "HTTP 400" in telemetry.problems["metrics"]


def test_instant_query_and_check(prometheus: PrometheusHarness) -> None:
    src = source(prometheus.url)
    [(labels, value)] = src.instant(
        'sum by (service) (db_connections_in_use{service="checkout-db"})'
    )
    assert labels == {"service": "checkout-db"} and value == 95
    health = src.check()
    assert health["status"] == "up" and health["latency_ms"] >= 0


def test_unreachable_prometheus_raises_at_once() -> None:
    src = PrometheusSource(f"http://127.0.0.1:{free_port()}", timeout=2)
    started = time.monotonic()
    with pytest.raises(SourceError, match="unreachable"):
        src.fetch(last_minute())
    assert time.monotonic() - started < 2
    assert src.check()["status"] == "down"


def test_a_slow_prometheus_fails_within_the_timeout() -> None:
    ok = {"status": "success", "data": {"resultType": "matrix", "result": []}}
    with FakeHttpServer({"/api/v1/.*": static(200, ok)}, delay=3) as fake:
        src = PrometheusSource(fake.url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(SourceError, match=r"no answer .* within 0.5s"):
            src.fetch(last_minute())
        assert time.monotonic() - started < 2


def test_queries_run_concurrently() -> None:
    empty: dict[str, Any] = {"status": "success", "data": {"resultType": "matrix", "result": []}}
    routes = {
        "/api/v1/query_range": static(200, empty),
        "/api/v1/query$": static(
            200, {"status": "success", "data": {"resultType": "vector", "result": []}}
        ),
    }
    with FakeHttpServer(routes, delay=0.4) as fake:
        src = PrometheusSource(fake.url, timeout=5)
        started = time.monotonic()
        telemetry = src.fetch(last_minute())
        elapsed = time.monotonic() - started
    assert telemetry.series == [] and len(src.last_query_timings) == 11
    assert elapsed < 2.2  # 11 calls of 0.4 s: one after another would take 4.4 s


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, {"status": "error", "error": "boom"}, "HTTP 500"),
        (200, "<html>not json</html>", "invalid JSON"),
        (200, {"status": "success", "data": {"resultType": "vector", "result": []}}, "matrix"),
    ],
)
def test_server_errors_and_bad_answers_raise(status: int, body: Any, message: str) -> None:
    discovery = static(200, {"status": "success", "data": {"resultType": "vector", "result": []}})
    routes = {"/api/v1/query_range": static(status, body), "/api/v1/query$": discovery}
    with (
        FakeHttpServer(routes) as fake,
        pytest.raises(SourceError, match=message),
    ):
        PrometheusSource(fake.url).fetch(last_minute())
