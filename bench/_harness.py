"""What the HTTP benchmarks share: a throwaway PostgreSQL database with the migrations applied,
the app's production environment, gunicorn on a free port, and latency percentiles."""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("ROOTLINE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_USER = {
    "username": "bench",
    "email": "bench@example.com",
    "password": "correct-horse-battery-staple-7",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def admin_sql(sql: str) -> None:
    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


@contextmanager
def database() -> Iterator[str]:
    """A fresh database, dropped (connections and all) on the way out."""
    name = f"rootline_bench_{uuid.uuid4().hex[:10]}"
    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(db_url: str, redis_url: str) -> dict[str, str]:
    """The production profile against the throwaway database, with a fresh signing key."""
    return {
        **os.environ,
        "ROOTLINE_ENV": "production",
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
    }


def migrate(env: dict[str, str]) -> None:
    upgrade = [str(BIN / "flask"), "--app", "incident_app", "db", "upgrade"]
    done = subprocess.run(upgrade, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stderr[-3000:]}")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # gunicorn's master; its workers are its children


@contextmanager
def gunicorn(
    target: str, env: dict[str, str], workers: int, threads: int, log: IO[bytes] | None = None
) -> Iterator[Server]:
    """gunicorn serving `target` on a free port until the block ends, once /health answers
    (any status: the bare apps have none). Output goes to `log` or nowhere."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), target]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as scratch:
        sink = log or scratch
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
        try:
            for _ in range(300):
                try:
                    requests.get(f"{url}/health", timeout=10)
                    break
                except requests.RequestException:
                    if process.poll() is not None:
                        exited = f"gunicorn {target} exited with {process.returncode}"
                        raise RuntimeError(exited) from None
                    time.sleep(0.1)
            yield Server(url, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)


def create_admin(env: dict[str, str], user: dict[str, str] = BENCH_USER) -> None:
    """The production profile's way to an admin: `flask users create-admin` (self-registration
    there is closed and never makes one)."""
    command = [str(BIN / "flask"), "--app", "incident_app", "users", "create-admin"]
    command += [user["username"], user["email"], "--password", user["password"]]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask users create-admin failed:\n{done.stderr[-3000:]}")


def sign_in_admin(url: str) -> str:
    """Sign in as the benchmark's admin (made by create_admin); the access token."""
    credentials = {"username": BENCH_USER["username"], "password": BENCH_USER["password"]}
    login = requests.post(f"{url}/api/auth/login", json=credentials, timeout=10)
    login.raise_for_status()
    return str(login.json()["access_token"])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc; gone ones: 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Direct children of a process (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds of durations given in seconds."""
    if len(values) < 2:
        return {}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": round(cuts[49] * 1000, 1),
        "p95": round(cuts[94] * 1000, 1),
        "p99": round(cuts[98] * 1000, 1),
        "max": round(max(values) * 1000, 1),
        "n": len(values),
    }
