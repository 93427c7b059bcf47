"""Shared by the fault tests: a private redis-server the test may kill, `flask worker`
subprocesses, an app wired to them, and the counts every fault test compares before and after
(incidents, timeline events by type, analysis runs by status, stored hypotheses)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from incident_app.extensions import db
from incident_app.models import AnalysisRun, Correlation, Incident, TimelineEvent

ROOT = Path(__file__).resolve().parents[2]
FLASK = ROOT / ".venv" / "bin" / "flask"
BUILTIN_ANALYZERS = ["metrics", "logs", "traces", "k8s"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout}s")


class RedisServer:
    """A redis-server of our own on `port`, without persistence: killing it loses its data,
    as a crashed Redis without AOF would."""

    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir, self.port = workdir, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_for("private redis-server answers", up, 10)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL the worker, its scheduler and its work horse (which RQ puts in a process
        group of its own) at once: a machine or container dying."""
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(10)

    def kill_horse(self) -> None:
        """SIGKILL only the work horse (RQ makes it lead its own process group): the worker
        survives and sees its job die."""
        horses = [pid for pid in descendants(self.process.pid) if os.getpgid(pid) == pid]
        assert len(horses) == 1, horses
        os.kill(horses[0], signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text()[-4000:]


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (no psutil in the project)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def start_worker(
    log: Path, database_url: str, redis_url: str, *args: str, **env: str
) -> WorkerProcess:
    """`flask worker` in its own session (so the test can kill it with its work horse),
    with the fault plugin instead of the built-in analyzers."""
    environ = {
        **os.environ,
        "ROOTLINE_ENV": "testing",
        "TEST_DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ROOTLINE_PLUGINS": "fault_plugins",
        "ROOTLINE_DISABLED_ANALYZERS": ",".join(BUILTIN_ANALYZERS),
        "PYTHONPATH": str(Path(__file__).parent),
        "WORKER_METRICS_PORT": "0",
        **env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(FLASK), "--app", "incident_app", "worker", *args],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return WorkerProcess(process, log)


def fault_app(database_url: str, redis_url: str, **overrides: Any) -> Flask:
    settings = {
        "REDIS_URL": redis_url,
        "PLUGIN_MODULES": ["fault_plugins"],
        "DISABLED_ANALYZERS": BUILTIN_ANALYZERS,
        **overrides,
    }
    return make_app(database_url, **settings)


def add_services(client: FlaskClient, admin: Actor, *names: str) -> None:
    for name in names:
        r = client.post("/api/services", json={"name": name}, headers=admin.headers)
        assert r.status_code == 201, r.get_json()


def open_incident(client: FlaskClient, admin: Actor, service: str, title: str) -> str:
    r = client.post(
        "/api/incidents",
        headers=admin.headers,
        json={"title": title, "severity": "critical", "services": [{"name": service}]},
    )
    assert r.status_code == 201, r.get_json()
    return str(r.get_json()["id"])


def counts(app: Flask) -> dict[str, Any]:
    """Rows that must never be lost or doubled, read fresh from the database."""
    with app.app_context():
        runs = Counter(status.value for status in db.session.scalars(select(AnalysisRun.status)))
        events = Counter(db.session.scalars(select(TimelineEvent.event_type)).all())
        result = {
            "incidents": db.session.scalar(select(func.count()).select_from(Incident)),
            "runs": dict(runs),
            "events": dict(events),
            "hypotheses": db.session.scalar(select(func.count()).select_from(Correlation)),
        }
        db.session.remove()
        return result
