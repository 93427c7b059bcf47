"""Issue 15 item 17: a worker's /metrics listened on 0.0.0.0 whatever HOST said. It binds
WORKER_METRICS_HOST, which defaults to HOST and else to loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from serving import ROOT, free_port, wait_for

from incident_app.telemetry.worker import serve_worker_metrics


def listening(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port` (Linux's /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, _, hex_port = local.partition(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_metrics_listen_on_the_given_host_only() -> None:
    port = free_port()
    serve_worker_metrics("127.0.0.1", port, "test")
    wait_for("worker metrics", lambda: requests.get(f"http://127.0.0.1:{port}/metrics").ok, 10)
    assert listening(port) == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "127.0.0.1"),
        ({"HOST": "10.1.2.3"}, "10.1.2.3"),
        ({"HOST": "10.1.2.3", "WORKER_METRICS_HOST": "0.0.0.0"}, "0.0.0.0"),
    ],
)
def test_worker_metrics_host_defaults_to_host_then_loopback(
    env: dict[str, str], expected: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"HOST", "WORKER_METRICS_HOST"}}
    out = subprocess.run(
        [sys.executable, "-c", "import config; print(config.Config.WORKER_METRICS_HOST)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == expected
