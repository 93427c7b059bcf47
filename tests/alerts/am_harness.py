"""A real Alertmanager (Debian's binary, unpacked by scripts/install-alertmanager.sh) whose
webhook receiver delivers to Rootline served over real HTTP, with 1 s group_wait and
group_interval and a 2 s repeat_interval, so firing, resends and resolves arrive in seconds."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from alert_payloads import make_integration
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import BaseWSGIServer, make_server

ROOT = Path(__file__).resolve().parents[2]
ALERTMANAGER = ROOT / ".tools" / "alertmanager" / "usr" / "bin" / "prometheus-alertmanager"
TEMPLATE = Path("/usr/share/prometheus/alertmanager/default.tmpl")
INSTALL_SCRIPT = "scripts/install-alertmanager.sh"
RECEIVER_PATH = "/api/alerts/alertmanager"
CONFIG = """
route:
  receiver: rootline
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: rootline
    webhook_configs:
      - url: {url}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {token}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)


@dataclass
class ServedApp:
    """The app behind a real HTTP server; counts the deliveries each path received."""

    url: str
    deliveries: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delivered(self, path: str = RECEIVER_PATH) -> list[int]:
        """Status codes of the requests to `path` so far."""
        with self.lock:
            return list(self.deliveries.get(path, []))


@pytest.fixture(scope="module")
def served_app(app: Flask) -> Iterator[ServedApp]:
    served = ServedApp(url="")

    def counting(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: Any, *args: Any) -> Any:
            with served.lock:
                served.deliveries.setdefault(environ["PATH_INFO"], []).append(int(status[:3]))
            return start_response(status, headers, *args)

        return app(environ, start)

    server: BaseWSGIServer = make_server("127.0.0.1", 0, counting, threaded=True)
    served.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    thread.join(timeout=10)


@dataclass
class Alertmanager:
    url: str
    log: Path

    def post(self, alerts: list[dict[str, Any]]) -> None:
        """Feed alerts the way Prometheus does: POST /api/v2/alerts."""
        response = requests.post(f"{self.url}/api/v2/alerts", json=alerts, timeout=5)
        assert response.status_code == 200, response.text

    def alerts(self) -> list[dict[str, Any]]:
        response = requests.get(f"{self.url}/api/v2/alerts", timeout=5)
        response.raise_for_status()
        found: list[dict[str, Any]] = response.json()
        return found

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


def _ready(url: str) -> bool:
    try:
        return requests.get(f"{url}/-/ready", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.fixture
def alertmanager(
    tmp_path: Path, served_app: ServedApp, client: FlaskClient, admin: Actor
) -> Iterator[Alertmanager]:
    """A fresh Alertmanager per test, delivering with a fresh integration's token."""
    if not ALERTMANAGER.exists() or not TEMPLATE.exists():
        pytest.fail(
            f"Alertmanager is not installed ({ALERTMANAGER} and {TEMPLATE}); "
            f"run {INSTALL_SCRIPT} (make tools)"
        )
    token = make_integration(client, admin, "alertmanager", "alertmanager-e2e")["token"]
    config = tmp_path / "alertmanager.yml"
    config.write_text(CONFIG.format(url=served_app.url + RECEIVER_PATH, token=token))
    port = free_port()
    log = tmp_path / "alertmanager.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(ALERTMANAGER),
                f"--config.file={config}",
                f"--storage.path={tmp_path / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
                "--log.level=debug",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    manager = Alertmanager(url=f"http://127.0.0.1:{port}", log=log)
    try:
        deadline = time.monotonic() + 20
        while not _ready(manager.url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Alertmanager did not start:\n{manager.log_tail()}")
            time.sleep(0.1)
        yield manager
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
