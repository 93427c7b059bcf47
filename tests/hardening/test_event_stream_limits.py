"""Issue 15 item 5: event streams cannot exhaust gunicorn's threads. A stream cap not below the
thread count refuses to start; beyond the process cap streams get 503 `stream_busy`, beyond the
per-user cap 429 `too_many_streams`; one viewer's dozen streams leave /health answering."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from conftest import REDIS_URL, Actor, create_actor, make_app
from flask import Flask
from serving import ROOT, app_env, free_port, start_gunicorn, stop, wait_serving
from werkzeug.test import TestResponse

from incident_app.gunicorn_conf import check_stream_cap
from incident_app.models import Role

STREAM = "/api/events/stream"


def test_a_stream_cap_not_below_the_threads_refuses_to_start(pg_url: str, app: Flask) -> None:
    env = app_env(pg_url, REDIS_URL, EVENT_STREAM_MAX_CLIENTS="4", GUNICORN_THREADS="4")
    env.update(HOST="127.0.0.1", PORT=str(free_port()))
    command = [sys.executable, "-m", "gunicorn", "-c", "python:incident_app.gunicorn_conf"]
    done = subprocess.run(
        [*command, "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "EVENT_STREAM_MAX_CLIENTS=4 must be below the 4 gunicorn threads" in done.stderr
    check_stream_cap(3, 4)  # one thread left over is enough


@pytest.fixture
def capped(pg_url: str, app: Flask) -> Flask:
    return make_app(
        pg_url,
        EVENT_STREAM_POLL_SECONDS=0.05,
        EVENT_STREAM_SECONDS=3,
        EVENT_STREAM_MAX_CLIENTS=2,
        EVENT_STREAM_MAX_PER_USER=1,
    )


def _open(app: Flask, actor: Actor) -> TestResponse:
    return app.test_client().get(f"{STREAM}?access_token={actor.access_token}", buffered=False)


def test_streams_are_capped_per_user_and_per_process(capped: Flask, viewer: Actor) -> None:
    first = _open(capped, viewer)
    assert first.status_code == 200
    again = _open(capped, viewer)
    assert again.status_code == 429
    assert again.get_json()["error"] == {
        "code": "too_many_streams",
        "message": "You have too many open event streams; close one, or poll instead",
        "details": {"max_per_user": 1},
    }
    other = create_actor(capped, Role.viewer)
    second = _open(capped, other)
    assert second.status_code == 200
    busy = _open(capped, create_actor(capped, Role.viewer))
    assert busy.status_code == 503
    assert busy.get_json()["error"]["code"] == "stream_busy"
    second.close()  # streams of one test thread close in reverse order (request contexts)
    first.close()  # frees the viewer's slot
    with _open(capped, viewer) as back:
        assert back.status_code == 200


def test_one_viewers_dozen_streams_leave_health_answering(
    pg_url: str, app: Flask, viewer: Actor, tmp_path: Path
) -> None:
    port = free_port()
    env = app_env(pg_url, REDIS_URL, EVENT_STREAM_SECONDS="4", EVENT_STREAM_POLL_SECONDS="0.2")
    process = start_gunicorn(env, port, 1, tmp_path / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_serving(process, port, tmp_path / "gunicorn.log")

        def open_stream(_: int) -> int:
            url = f"{base}{STREAM}?access_token={viewer.access_token}"
            with requests.get(url, stream=True, timeout=10) as response:
                if response.status_code == 200:
                    time.sleep(2)  # keep it open while the others are tried
                return response.status_code

        with ThreadPoolExecutor(12) as pool:
            statuses = pool.map(open_stream, range(12))
            time.sleep(0.5)
            started = time.monotonic()
            health = requests.get(f"{base}/health", timeout=5)
            health_seconds = time.monotonic() - started
            codes = sorted(statuses)
        assert health.status_code == 200 and health_seconds < 2
        assert codes.count(200) == 2 and codes.count(429) == 10  # EVENT_STREAM_MAX_PER_USER
    finally:
        stop(process)
