"""A real Prometheus (Debian's binary, unpacked by scripts/install-prometheus.sh) scraping a
small exporter every second. The exporter's series are functions of time, so each value the
source reads back is known; `spike()` makes checkout fail from that moment on."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from fakes import free_port
from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

ROOT = Path(__file__).resolve().parents[1]
PROMETHEUS = ROOT / ".tools" / "prometheus" / "usr" / "bin" / "prometheus"
INSTALL_SCRIPT = "scripts/install-prometheus.sh"
BUCKETS = ("0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf")


class ShopCollector:
    """checkout (10 req/s, 2 pods) and checkout-db (4 req/s, pod checkout-db-0) on the default
    `service` label, cart.v2 on `app="cart"` (pods cart-...), all in namespace shop.

    After `spike()`: checkout answers half its requests with 500 in ~2 s instead of 75 ms, its
    pods burn 0.9 instead of 0.2 cores and one restarts 3 times; checkout-db's connection pool
    goes from 10 to 95 connections in use."""

    def __init__(self) -> None:
        self.started = time.time()
        self.spike_at: float | None = None

    def spike(self) -> None:
        self.spike_at = time.time()

    def collect(self) -> Iterator[Metric]:
        now = time.time()
        up = now - self.started
        hot = max(0.0, now - self.spike_at) if self.spike_at else 0.0
        spiking = self.spike_at is not None

        requests_total = CounterMetricFamily(
            "http_requests", "Requests", labels=["service", "app", "code"]
        )
        requests_total.add_metric(["checkout", "", "200"], 10 * up - 5 * hot)
        requests_total.add_metric(["checkout", "", "500"], 5 * hot)
        requests_total.add_metric(["checkout-db", "", "200"], 4 * up)
        requests_total.add_metric(["", "cart", "200"], 2 * up)
        yield requests_total

        duration = HistogramMetricFamily(
            "http_request_duration_seconds", "Latency", labels=["service"]
        )
        for service, rate, slow in (("checkout", 10, 10 * hot), ("checkout-db", 4, 0.0)):
            count = rate * up
            fast = count - slow  # 75 ms before the spike, 2 s after it
            cumulative = [0.0, fast, fast, fast, fast, count, count]
            duration.add_metric(
                [service], list(zip(BUCKETS, cumulative, strict=True)), 0.075 * fast + 2 * slow
            )
        yield duration

        cpu = CounterMetricFamily(
            "container_cpu_usage_seconds", "CPU", labels=["namespace", "pod", "container"]
        )
        checkout_cores = 0.2 * up + 0.7 * hot
        cpu.add_metric(["shop", "checkout-7d9f8-abcde", "checkout"], checkout_cores)
        cpu.add_metric(["shop", "checkout-7d9f8-fghij", "checkout"], checkout_cores)
        cpu.add_metric(["shop", "checkout-7d9f8-abcde", ""], 10 * up)  # pod cgroup: not summed
        cpu.add_metric(["shop", "checkout-7d9f8-abcde", "POD"], 0.5 * up)  # pause container
        cpu.add_metric(["shop", "checkout-db-0", "postgres"], 0.5 * up)
        cpu.add_metric(["shop", "cart-5c4d8-xk2p9", "cart"], 0.1 * up)
        cpu.add_metric(["other", "checkout-55f9c-zzzzz", "checkout"], 7 * up)  # other namespace
        yield cpu

        memory = GaugeMetricFamily(
            "container_memory_working_set_bytes", "Memory", labels=["namespace", "pod", "container"]
        )
        memory.add_metric(["shop", "checkout-7d9f8-abcde", "checkout"], 100e6)
        memory.add_metric(["shop", "checkout-7d9f8-fghij", "checkout"], 100e6)
        memory.add_metric(["shop", "checkout-db-0", "postgres"], 500e6)
        memory.add_metric(["shop", "cart-5c4d8-xk2p9", "cart"], 50e6)
        yield memory

        restarts = CounterMetricFamily(
            "kube_pod_container_status_restarts",
            "Restarts",
            labels=["namespace", "pod", "container"],
        )
        restarts.add_metric(["shop", "checkout-7d9f8-abcde", "checkout"], 3 if spiking else 0)
        restarts.add_metric(["shop", "checkout-7d9f8-fghij", "checkout"], 0)
        yield restarts

        connections = GaugeMetricFamily("db_connections_in_use", "Pool", labels=["service"])
        connections.add_metric(["checkout-db"], 95 if spiking else 10)
        yield connections
        hits = CounterMetricFamily("cache_hits", "Cache hits", labels=["service"])
        hits.add_metric(["checkout"], 50 * up)
        yield hits
        queue = GaugeMetricFamily("queue_depth", "Queue", labels=["app"])
        queue.add_metric(["cart"], 7)
        yield queue


@dataclass
class PrometheusHarness:
    url: str
    collector: ShopCollector
    first_scrape: float
    spike_at: float


def _wait(what: str, condition: Callable[[], bool], timeout: float, log: Path) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} within {timeout}s; Prometheus log:\n{log.read_text()[-2000:]}")


@contextmanager
def prometheus_from_config(workdir: Path, config: str, port: int | None = None) -> Iterator[str]:
    """Run Debian's Prometheus with `config` (storage in workdir/data, log in
    workdir/prometheus.log) until it is ready; yield its URL; stop it. Pass `port` when the URL
    must be known before it starts (an app configured with it)."""
    if not PROMETHEUS.exists():
        raise RuntimeError(f"{PROMETHEUS} is missing: run {INSTALL_SCRIPT} (make tools)")
    port = port or free_port()
    (workdir / "prometheus.yml").write_text(config)
    log = workdir / "prometheus.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(PROMETHEUS),
                f"--config.file={workdir / 'prometheus.yml'}",
                f"--storage.tsdb.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"Prometheus exited:\n{log.read_text()[-2000:]}")
            return requests.get(f"{url}/-/ready", timeout=1).ok

        _wait("Prometheus ready", ready, 30, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def prometheus(
    workdir: Path,
    targets: list[str],
    scrape_interval: str = "1s",
    wait_for_scrape: bool = True,
    *,
    port: int | None = None,
    job: str = "shop",
    metrics_path: str = "/metrics",
) -> Iterator[str]:
    """Prometheus scraping `targets` (host:port) as `job` every `scrape_interval`; yield its
    URL once it is ready (and, with `wait_for_scrape`, once a target is up)."""
    config = (
        f"global: {{scrape_interval: {scrape_interval}, evaluation_interval: {scrape_interval}}}\n"
        "scrape_configs:\n"
        f"  - job_name: {job}\n"
        f"    metrics_path: {metrics_path}\n"
        f"    static_configs: [{{targets: {targets!r}}}]\n"
    )
    with prometheus_from_config(workdir, config, port) as url:

        def scraped() -> bool:
            answer = requests.get(f"{url}/api/v1/query", {"query": "up"}, timeout=1).json()
            return any(r["value"][1] == "1" for r in answer["data"]["result"])

        if wait_for_scrape:
            _wait("first scrape", scraped, 60, workdir / "prometheus.log")
        yield url


def run_prometheus(
    workdir: Path, baseline: float = 8.0, after: float = 7.0
) -> Iterator[PrometheusHarness]:
    """Start the exporter and Prometheus, record `baseline` seconds from the first scrape,
    spike, record `after` seconds more, yield, and stop both."""
    collector = ShopCollector()
    registry = CollectorRegistry()
    registry.register(collector)
    exporter, _ = start_http_server(0, addr="127.0.0.1", registry=registry)
    try:
        with prometheus(workdir, [f"127.0.0.1:{exporter.server_port}"]) as url:
            first_scrape = time.time()
            time.sleep(baseline)
            collector.spike()
            time.sleep(after)
            assert collector.spike_at is not None
            yield PrometheusHarness(url, collector, first_scrape, collector.spike_at)
    finally:
        exporter.shutdown()
