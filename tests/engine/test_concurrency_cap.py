"""At most CORRELATION_MAX_CONCURRENT analyses run at once, however many workers run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import redis
from conftest import REDIS_URL, create_actor, make_app
from flask import Flask
from slow_counting_plugin import PEAK

from incident_app.extensions import db
from incident_app.models import AnalysisRun, Role, RunStatus

HERE = Path(__file__).resolve().parent
CAP, WORKERS, INCIDENTS = 2, 4, 8


def test_cap_holds_across_worker_processes(pg_url: str, app: Flask) -> None:
    producer = make_app(pg_url)
    client = producer.test_client()
    admin = create_actor(producer, Role.admin)
    assert (
        client.post("/api/services", json={"name": "api"}, headers=admin.headers).status_code == 201
    )
    for i in range(INCIDENTS):
        r = client.post(
            "/api/incidents",
            headers=admin.headers,
            json={"title": f"incident {i}", "severity": "high", "services": [{"name": "api"}]},
        )
        assert r.status_code == 201
    redis.Redis.from_url(REDIS_URL).delete(PEAK)

    env = {
        **os.environ,
        "ROOTLINE_ENV": "testing",
        "TEST_DATABASE_URL": pg_url,
        "REDIS_URL": REDIS_URL,
        "ROOTLINE_PLUGINS": "slow_counting_plugin",
        "ROOTLINE_DISABLED_ANALYZERS": "metrics,logs,traces,k8s",
        "CORRELATION_MAX_CONCURRENT": str(CAP),
        "CORRELATION_SLOT_WAIT_SECONDS": "60",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "incident_app",
                "worker",
                "--burst",
                "--without-scheduler",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(WORKERS)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()[-2000:]

    peak = int(redis.Redis.from_url(REDIS_URL).get(PEAK) or 0)
    assert peak == CAP  # reached (the workers really ran in parallel) and never exceeded
    with producer.app_context():
        runs = db.session.scalars(db.select(AnalysisRun)).all()
        assert len(runs) == INCIDENTS
        assert {r.status for r in runs} == {RunStatus.completed}
        assert all(r.analyzers["slow-counting"]["status"] == "ok" for r in runs)
