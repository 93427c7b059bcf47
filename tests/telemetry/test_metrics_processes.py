"""/metrics across processes: gunicorn with two workers (multiprocess mode set up by
incident_app.gunicorn_conf) and a `flask worker` whose analyses run in forked work horses."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests
from conftest import REDIS_URL, create_actor
from flask import Flask
from helpers import make_incident, make_service
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.multiprocess import MultiProcessCollector
from serving import (
    app_env,
    children,
    free_port,
    sample_sum,
    scrape,
    start_gunicorn,
    start_worker,
    stop,
    wait_for,
    wait_serving,
)

from incident_app import gunicorn_conf
from incident_app.models import Role
from incident_app.telemetry.worker import fold_dead_files

HITS = 24


def test_two_gunicorn_workers_add_up_and_survive_restarts(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    server = start_gunicorn(app_env(pg_url, REDIS_URL), port, 2, log)
    # Not /health: a readiness probe that timed out may still be counted after `start`.
    labels = {"method": "GET", "route": "/api/users", "status": "401"}
    try:
        wait_serving(server, port, log)
        start = sample_sum(scrape(f"{base}/metrics"), "rootline_http_requests_total", **labels)
        for _ in range(HITS):
            with requests.Session() as fresh:  # a new connection each, so both workers answer some
                assert fresh.get(f"{base}/api/users", timeout=10).status_code == 401
        text = scrape(f"{base}/metrics")
        assert sample_sum(text, "rootline_http_requests_total", **labels) == start + HITS

        # Replace both workers: their counts must outlive them (they live in the shared directory).
        old = children(server.pid)
        assert len(old) == 2
        for pid in old:
            os.kill(pid, signal.SIGTERM)
        wait_for("two new workers", lambda: len(set(children(server.pid)) - set(old)) == 2, 30)
        text = wait_for("a scrape after the restart", lambda: scrape(f"{base}/metrics"), 30)
        assert sample_sum(text, "rootline_http_requests_total", **labels) == start + HITS
        assert sample_sum(text, "rootline_build_info") == 1
    finally:
        stop(server)


def test_worker_serves_what_its_work_horses_counted(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    client = app.test_client()
    admin = create_actor(app, Role.admin)
    make_service(client, admin, "checkout")
    port = free_port()
    worker = start_worker(app_env(pg_url, REDIS_URL), port, tmp_path / "worker.log")
    url = f"http://127.0.0.1:{port}/metrics"
    completed = {"status": "completed"}
    try:
        text = wait_for("the worker's metrics", lambda: scrape(url), 30)
        assert sample_sum(text, "rootline_build_info") == 1
        assert sample_sum(text, "rootline_analysis_runs_total", **completed) == 0
        make_incident(client, admin, ["checkout"])
        make_incident(client, admin, ["checkout"])

        def two_done() -> bool:
            return sample_sum(scrape(url), "rootline_analysis_runs_total", **completed) == 2

        wait_for(f"2 completed runs ({tmp_path / 'worker.log'})", two_done, 30)
        again = scrape(url)  # the horses' files are folded into the archive by now
        assert sample_sum(again, "rootline_analysis_runs_total", **completed) == 2
        assert sample_sum(again, "rootline_analysis_duration_seconds_count") == 2
    finally:
        stop(worker)
    assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]


def test_gunicorn_conf_reads_the_agreed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)
    conf = importlib.reload(gunicorn_conf)
    assert (conf.bind, conf.workers, conf.threads) == ("0.0.0.0:9000", 1, 8)
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ  # one worker: plain in-process values

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # restored to unset afterwards
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "9100")
    conf = importlib.reload(gunicorn_conf)
    created = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert (conf.bind, conf.workers) == ("0.0.0.0:9100", 3) and created.is_dir()
    (created / "counter_1.db").write_bytes(b"stale")
    conf.on_starting(None)
    assert list(created.iterdir()) == []
    conf.on_exit(None)
    assert not created.exists()


def test_dead_processes_are_folded_into_one_archive(tmp_path: Path) -> None:
    key = mmap_key("jobs_total", "jobs_total", [], [], "Jobs")
    dead = []
    for value in (2.0, 3.0):
        child = subprocess.Popen(["true"])
        child.wait()
        dead.append(child.pid)
        values = MmapedDict(str(tmp_path / f"counter_{child.pid}.db"))
        values.write_value(key, value, 0.0)
        values.close()
    mine = MmapedDict(str(tmp_path / f"counter_{os.getpid()}.db"))  # alive: left alone
    mine.write_value(key, 4.0, 0.0)
    mine.close()

    for _ in range(2):  # folding twice adds nothing twice
        fold_dead_files(tmp_path)
        names = sorted(f.name for f in tmp_path.iterdir())
        assert names == sorted(["counter_archive.db", f"counter_{os.getpid()}.db"])
        families = list(MultiProcessCollector(None, str(tmp_path)).collect())
        assert [s.value for f in families for s in f.samples] == [9.0]
