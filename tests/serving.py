"""Real Rootline processes for the telemetry and scale-out tests: gunicorn with the project's
config module, `flask worker`, and reading their Prometheus text."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import requests
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, check: Callable[[], T | None], timeout: float) -> T:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except requests.RequestException:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.1)


def app_env(pg_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Testing config on the given databases; no telemetry source anywhere, so an analysis
    completes (with every signal unavailable) without reaching out."""
    env = {**os.environ, "ROOTLINE_ENV": "testing", "TEST_DATABASE_URL": pg_url}
    for name in ("PROMETHEUS_URL", "LOKI_URL", "TEMPO_URL", "KUBECONFIG", "KUBERNETES_API_URL"):
        env.pop(name, None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(
        REDIS_URL=redis_url,
        ROOTLINE_DISABLED_ANALYZERS="metrics,logs,traces,k8s",
        KUBERNETES_IN_CLUSTER="false",
        SIMULATION_ENABLED="false",
        **extra,
    )
    return env


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, log: Path
) -> subprocess.Popen[Any]:
    command = [sys.executable, "-m", "gunicorn", "-c", "python:incident_app.gunicorn_conf"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "wsgi:app"],
            cwd=ROOT,
            env={
                **env,
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_THREADS": "4",
                "EVENT_STREAM_MAX_CLIENTS": "2",  # below the threads (gunicorn_conf)
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process


def wait_serving(process: subprocess.Popen[Any], port: int, log: Path, timeout: float = 45) -> None:
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"exited {process.returncode}: {log.read_text()[-3000:]}")
        return requests.get(f"{base}/health", timeout=2).status_code in (200, 503)

    wait_for(f"gunicorn on {base} ({log})", up, timeout)


def start_worker(
    env: dict[str, str], metrics_port: int, log: Path, metrics_dir: Path | None = None
) -> subprocess.Popen[Any]:
    """`flask worker`; given `metrics_dir` (PROMETHEUS_MULTIPROC_DIR) it skips re-executing
    itself to enter multiprocess mode, one app boot fewer."""
    extra = {"WORKER_METRICS_PORT": str(metrics_port)}
    if metrics_dir is not None:
        metrics_dir.mkdir()
        extra["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "incident_app", "worker"],
            cwd=ROOT,
            env={**env, **extra},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(*processes: subprocess.Popen[Any]) -> None:
    """SIGTERM all at once (they shut down in parallel), then wait for each; kill laggards."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def sample_sum(text: str, name: str, **labels: str) -> float:
    """The sum of the samples called `name` whose labels include `labels`."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def scrape(url: str) -> str:
    response = requests.get(url, timeout=5)
    assert response.status_code == 200, response.text
    return response.text
