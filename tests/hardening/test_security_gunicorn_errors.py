"""Issue 15 item 17: what gunicorn answers itself (requests it cannot parse, before the app sees
them) is Rootline's JSON error shape, not an HTML page. A real gunicorn with the project's
config module, spoken to over a raw socket."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REDIS_URL
from flask import Flask
from serving import app_env, free_port, start_gunicorn, wait_serving


@pytest.fixture(scope="module")
def port(pg_url: str, app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    log = Path(tmp_path_factory.mktemp("gunicorn")) / "gunicorn.log"
    process = start_gunicorn(app_env(pg_url, REDIS_URL), port, 1, log)
    try:
        wait_serving(process, port, log)
        yield port
    finally:
        process.terminate()
        process.wait(15)


def raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"NOT A REQUEST\r\n\r\n", 400, "bad_request"),
        (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
        ),
    ],
    ids=["bad-line", "long-uri", "big-header"],
)
def test_gunicorns_own_errors_are_json(
    port: int, request_bytes: bytes, status: int, code: str
) -> None:
    got, headers, body = raw(port, request_bytes)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)["error"]
    assert error["code"] == code and set(error) == {"code", "message", "details"}


def test_the_app_still_answers(port: int) -> None:
    status, headers, _ = raw(port, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status in (200, 503) and headers["content-type"] == "application/json"
