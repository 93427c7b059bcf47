"""Gunicorn settings: `gunicorn -c python:incident_app.gunicorn_conf wsgi:app`.

Environment: HOST (0.0.0.0), PORT (9000), WEB_CONCURRENCY (worker processes, 1) and
GUNICORN_THREADS (threads per worker, 8). With more than one worker, prometheus_client's
multiprocess mode makes `/metrics` add up every worker: PROMETHEUS_MULTIPROC_DIR (a fresh
temporary directory when unset) is set here, in the master, before any worker imports
prometheus_client; it is emptied at start, and a dead worker's live values are dropped.
The simulated shop needs one worker (its world lives in the process that serves it).
A worker whose app allows as many event streams as it has threads refuses to boot (and so
gunicorn exits): the streams could hold every thread and leave none for /health or the API.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '9000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

_created_dir = None
if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _created_dir = tempfile.mkdtemp(prefix="rootline-prometheus-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _created_dir


def on_starting(server: Any) -> None:
    """Values left by an earlier master would be added to this one's."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def post_worker_init(worker: Any) -> None:
    """Refuse EVENT_STREAM_MAX_CLIENTS >= the worker's threads (gunicorn then stops)."""
    config = getattr(worker.wsgi, "config", None)
    if config is None:  # not the Rootline app (e.g. an import error page)
        return
    check_stream_cap(int(config["EVENT_STREAM_MAX_CLIENTS"]), int(worker.cfg.threads))


def check_stream_cap(max_clients: int, threads: int) -> None:
    if max_clients >= threads:
        raise RuntimeError(
            f"EVENT_STREAM_MAX_CLIENTS={max_clients} must be below the {threads} gunicorn "
            "threads per worker (GUNICORN_THREADS): each open event stream holds one, and "
            "requests such as /health need the others"
        )


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    if _created_dir:
        shutil.rmtree(_created_dir, ignore_errors=True)
