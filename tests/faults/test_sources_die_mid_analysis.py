"""Every telemetry backend fails during one analysis: a real Prometheus is killed while the
analysis waits on its queries, Loki and Kubernetes answer 500 and Tempo hangs. The analysis
still completes, degraded, and says which source failed how, in the stored run and the API.
(tests/engine/test_jobs.py covers one fake source down or slow; this is the real process
dying mid-fetch, with the built-in sources and analyzers.)"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

from conftest import REDIS_URL, create_actor, make_app
from fault_harness import add_services, counts, descendants, open_incident, wait_for
from flask import Flask
from prometheus_client import CollectorRegistry, start_http_server
from rq import SimpleWorker

from incident_app.correlation.jobs import queue
from incident_app.correlation.outbox import SERIALIZER
from incident_app.extensions import get_redis
from incident_app.models import Role

# The Prometheus launcher and the fake backends live with the source tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "correlation"))
from fakes import FakeHttpServer, static
from prom_harness import PROMETHEUS, ShopCollector, prometheus

SOURCE_TIMEOUT = 4.0


def prometheus_pid(url: str) -> int:
    """Our Prometheus child, found by its listen address."""
    address = url.removeprefix("http://")
    for pid in descendants(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
        except OSError:
            continue
        if str(PROMETHEUS) in cmdline and address in cmdline:
            return pid
    raise AssertionError(f"no Prometheus process listens on {address}")


def test_prometheus_killed_mid_fetch_and_other_sources_failing_degrade_the_run(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    collector = ShopCollector()
    registry = CollectorRegistry()
    registry.register(collector)
    exporter, _ = start_http_server(0, addr="127.0.0.1", registry=registry)
    error_500 = static(500, {"message": "internal error"})
    loki = FakeHttpServer({"/loki/api/v1/.*": error_500})
    tempo = FakeHttpServer({".*": static(200, {"traces": []})}, delay=SOURCE_TIMEOUT + 1)
    kubernetes = FakeHttpServer({".*": error_500})
    try:
        with (
            prometheus(tmp_path, [f"127.0.0.1:{exporter.server_port}"]) as prom_url,
            loki,
            tempo,
            kubernetes,
        ):
            eng = _app(pg_url, prom_url, loki.url, tempo.url, kubernetes.url)
            client = eng.test_client()
            admin = create_actor(eng, Role.admin)
            add_services(client, admin, "checkout")
            incident_id = open_incident(client, admin, "checkout", "Checkout failing")
            before = counts(eng)
            assert before["runs"] == {"queued": 1} and before["incidents"] == 1

            pid = prometheus_pid(prom_url)
            os.kill(pid, signal.SIGSTOP)  # its queries now hang: the fetch is under way...
            killed = threading.Event()

            def kill_when_fetching() -> None:
                wait_for("the analysis queries Loki", lambda: bool(loki.seen), 20)
                time.sleep(0.5)
                os.kill(pid, signal.SIGKILL)  # ...when the process dies
                killed.set()

            killer = threading.Thread(target=kill_when_fetching, daemon=True)
            killer.start()
            started = time.monotonic()
            with eng.app_context():
                connection = get_redis()
                assert connection is not None
                SimpleWorker(
                    [queue(connection)], connection=connection, serializer=SERIALIZER
                ).work(burst=True)
            elapsed = time.monotonic() - started
            killer.join(5)
            assert killed.is_set()
    finally:
        exporter.shutdown()
        # Let the timed-out fetches end here rather than during the next test.
        for thread in threading.enumerate():
            if thread.name.startswith("rootline-"):
                thread.join(SOURCE_TIMEOUT + 5)

    body = client.get(f"/api/incidents/{incident_id}/correlations", headers=admin.headers)
    assert body.status_code == 200
    run = body.get_json()["run"]
    assert run["status"] == "completed" and run["degraded"] is True and run["attempts"] == 1
    sources = run["sources"]
    assert sources["metrics"]["status"] == "error", sources  # died, not timed out
    assert "unreachable" in sources["metrics"]["error"]
    assert sources["metrics"]["duration_ms"] < SOURCE_TIMEOUT * 1000
    assert sources["logs"]["status"] == "error" and "HTTP 500" in sources["logs"]["error"]
    # The Kubernetes client backs off and retries a 500: on a busy machine that can reach the
    # source deadline first.
    assert sources["k8s"]["status"] in ("error", "timeout"), sources
    assert sources["k8s"]["status"] == "timeout" or "answered 500" in sources["k8s"]["error"]
    assert sources["traces"]["status"] in ("error", "timeout"), sources["traces"]
    problems = run["problems"]
    assert {"source:metrics", "source:logs", "source:traces", "source:k8s"} <= set(problems)
    assert "unreachable" in problems["source:metrics"]
    assert elapsed < SOURCE_TIMEOUT + 10, (elapsed, run)  # the source deadline bounds it

    after = counts(eng)
    assert after["incidents"] == 1 and after["runs"] == {"completed": 1}
    assert after["events"] == {
        "incident_created": 1,
        "correlation_analysis_started": 1,
        "correlation_degraded": 1,
        "correlation_analysis_completed": 1,  # no evidence left, so no root cause claimed
    }
    assert after["hypotheses"] == 0
    timeline = client.get(f"/api/incidents/{incident_id}/timeline", headers=admin.headers)
    degraded = [
        e for e in timeline.get_json()["items"] if e["event_type"] == "correlation_degraded"
    ]
    assert "metrics" in degraded[0]["description"] and "HTTP 500" in degraded[0]["description"]


def _app(pg_url: str, prom: str, loki: str, tempo: str, kubernetes: str) -> Flask:
    return make_app(
        pg_url,
        REDIS_URL=REDIS_URL,
        PROMETHEUS_URL=prom,
        LOKI_URL=loki,
        TEMPO_URL=tempo,
        KUBERNETES_API_URL=kubernetes,
        SOURCE_TIMEOUT_SECONDS=SOURCE_TIMEOUT,
    )
