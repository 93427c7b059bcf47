"""Gunicorn settings: `gunicorn -c python:incident_app.gunicorn_conf wsgi:app`.

Environment: HOST (0.0.0.0), PORT (9000), WEB_CONCURRENCY (worker processes, 1) and
GUNICORN_THREADS (threads per worker, 8). With more than one worker, prometheus_client's
multiprocess mode makes `/metrics` add up every worker: PROMETHEUS_MULTIPROC_DIR (a fresh
temporary directory when unset) is set here, in the master, before any worker imports
prometheus_client; it is emptied at start, and a dead worker's live values are dropped.
The simulated shop needs one worker (its world lives in the process that serves it).
A worker whose app allows as many event streams as it has threads refuses to boot (and so
gunicorn exits): the streams could hold every thread and leave none for /health or the API.

Gunicorn answers requests it cannot parse (a bad request line, a URI over 4094 bytes, headers
too large) itself, before the app sees them, with an HTML page; it has no setting for that
page, so `json_error` replaces the one function that writes it (gunicorn.util.write_error, which
the workers call by module attribute) and those answers carry Rootline's JSON error shape too.
tests/hardening/test_security_gunicorn_errors.py pins it against the installed gunicorn.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from gunicorn import util

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '9000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))


def json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error with {"error": {"code", "message", "details"}} as the body."""
    code = "internal_error" if status_int == 500 else reason.lower().replace(" ", "_")
    body = json.dumps({"error": {"code": code, "message": reason, "details": mesg or None}})
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + body).encode("latin1"))


util.write_error = json_error

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
