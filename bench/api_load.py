"""API load: throughput and latency of the incident API under gunicorn on PostgreSQL, beside a
bare Flask JSON endpoint served the same way (this machine's ceiling for one request).

A throwaway database gets the migrations and a bulk seed (10,000 incidents on 12 linked
services, each with a commander and 2-4 timeline events). Then wrk drives each target alone,
back to back, with the same connections: a warm-up, then the measured run.

    list      GET /api/incidents?per_page=50&page=1..4 (newest first, over every incident)
    get       GET /api/incidents/{id} (1,000 incidents in turn)
    timeline  GET /api/incidents/{id}/timeline (the same incidents)
    create    POST /api/incidents (one service; its analysis is queued in Redis, never run)
    bare      GET /bare on bench/bare_app.py: 50 small items, no database, no auth

Goals at 16 connections on 2 cores: list throughput at least half the bare endpoint's, p99 at
most 50 ms for every API target, no errors. Each target also reports the CPU time gunicorn's
workers, PostgreSQL and wrk spent per request, which a busy machine barely moves.

    .venv/bin/python bench/api_load.py [--duration 10] [--warmup 2] [--connections 16]
        [--workers 4] [--threads 4] [--incidents 10000]

Prints one JSON object. Needs wrk (Debian: apt-get install -y wrk), PostgreSQL
(ROOTLINE_BENCH_PG, an admin URL) and Redis (ROOTLINE_BENCH_REDIS, default db 7, flushed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg2
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._harness import (
    Server,
    app_env,
    children,
    cpu_seconds,
    create_admin,
    database,
    gunicorn,
    migrate,
    sign_in_admin,
)

HERE = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("ROOTLINE_BENCH_REDIS", "redis://127.0.0.1:6379/7")
GOALS = {"list_to_bare_ratio": 0.5, "p99_ms": 50.0, "errors": 0}
API_TARGETS = ("list", "get", "timeline", "create")
PAYMENTS = {"name": "payments"}
INSTALL_WRK = "wrk is missing: apt-get install -y wrk (Debian/Ubuntu), or put wrk on PATH"


def find_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit(INSTALL_WRK)
    return wrk


def sign_in(url: str) -> tuple[str, str]:
    """The benchmark's admin: (user id, access token)."""
    token = sign_in_admin(url)
    headers = {"Authorization": f"Bearer {token}"}
    me = requests.get(f"{url}/api/auth/me", headers=headers, timeout=10)
    me.raise_for_status()
    return str(me.json()["id"]), token


def seed(db_url: str, incidents: int, creator: str) -> list[str]:
    """Bulk-insert the incidents (seed_incidents.sql); returns 1,000 of their ids."""
    sql = (HERE / "seed_incidents.sql").read_text()
    sql = sql.replace("@INCIDENTS@", str(int(incidents)))
    sql = sql.replace("@CREATOR@", f"'{uuid.UUID(creator)}'::uuid")
    conn = psycopg2.connect(db_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql)
            cur.execute("SELECT id FROM incidents ORDER BY md5(id::text) LIMIT 1000")
            ids = [str(row[0]) for row in cur.fetchall()]
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return ids


def backends(db_url: str | None) -> list[int]:
    """PostgreSQL backend processes serving the database (the app's pooled connections)."""
    if db_url is None:
        return []
    conn = psycopg2.connect(db_url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cur.fetchall()]
    finally:
        conn.close()


def drive(
    wrk: str,
    server: Server,
    token: str,
    run: tuple[str, list[str], Any],
    args: Any,
    db_url: str | None = None,
) -> dict[str, Any]:
    """A warm-up, then the measured wrk run: its figures, and the CPU time spent per request
    by wrk, by gunicorn's workers and by PostgreSQL (those last two do not move much when
    something else shares the machine, unlike throughput)."""
    method, paths, body = run
    with tempfile.TemporaryDirectory() as tmp:
        paths_file, body_file = Path(tmp) / "paths", Path(tmp) / "body"
        paths_file.write_text("\n".join(paths) + "\n")
        body_file.write_text(json.dumps(body) if body is not None else "")
        script = [str(HERE / "api_load.lua"), server.url, "--", token, method, str(paths_file)]
        script += [str(body_file) if body is not None else ""]
        threads = min(2, args.connections)
        base = [wrk, "-t", str(threads), "-c", str(args.connections), "--timeout", "10s"]
        if args.warmup > 0:
            warm = [*base, "-d", f"{args.warmup}s", "-s", *script]
            subprocess.run(warm, check=True, capture_output=True)
        workers, pg = children(server.pid), backends(db_url)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        app_cpu, pg_cpu = cpu_seconds(workers), cpu_seconds(pg)
        measured = [*base, "-d", f"{args.duration}s", "-s", *script]
        out = subprocess.run(measured, check=True, capture_output=True, text=True).stdout
        app_cpu, pg_cpu = cpu_seconds(workers) - app_cpu, cpu_seconds(pg) - pg_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in out.splitlines() if x.startswith("API_LOAD_JSON "))
    raw = json.loads(line.split(" ", 1)[1])
    seconds, count = raw["duration_us"] / 1e6, max(raw["requests"], 1)
    wrk_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "latency_ms": {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()},
        "errors": sum(raw["errors"].values()),
        "error_kinds": {k: v for k, v in raw["errors"].items() if v},
        "cpu_ms_per_request": {
            "gunicorn": round(1000 * app_cpu / count, 3),
            "postgres": round(1000 * pg_cpu / count, 3),
            "wrk": round(1000 * wrk_cpu / count, 3),
        },
        "wrk_cpu_percent_of_machine": round(100 * wrk_cpu / (seconds * (os.cpu_count() or 1)), 1),
    }


def judge(result: dict[str, Any]) -> dict[str, Any]:
    """Pass/fail per target against GOALS."""
    targets = result["targets"]
    ratio = targets["list"]["rps"] / max(targets["bare"]["rps"], 1e-9)
    verdicts: dict[str, Any] = {"list_to_bare_ratio": ratio >= GOALS["list_to_bare_ratio"]}
    for name in API_TARGETS:
        t = targets[name]
        t["pass"] = t["latency_ms"]["p99"] <= GOALS["p99_ms"] and t["errors"] == 0
        verdicts[name] = t["pass"]
    result["list_to_bare_ratio"] = round(ratio, 3)
    result["pass"] = verdicts
    result["meets_target"] = all(verdicts.values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--incidents", type=int, default=10_000)
    args = parser.parse_args()
    wrk = find_wrk()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    redis.Redis.from_url(REDIS_URL).flushdb()
    started = time.perf_counter()
    targets: dict[str, Any] = {}
    with database() as db_url:
        env = app_env(db_url, REDIS_URL)
        migrate(env)
        create_admin(env)
        with gunicorn("wsgi:app", env, args.workers, args.threads) as server:
            creator, token = sign_in(server.url)
            t0 = time.perf_counter()
            ids = seed(db_url, args.incidents, creator)
            seed_seconds = time.perf_counter() - t0
            body = {"title": "Checkout latency", "severity": "high", "services": [PAYMENTS]}
            pages = [f"/api/incidents?per_page=50&page={p}" for p in range(1, 5)]
            runs = {
                "list": ("GET", pages, None),
                "get": ("GET", [f"/api/incidents/{i}" for i in ids], None),
                "timeline": ("GET", [f"/api/incidents/{i}/timeline" for i in ids], None),
                "create": ("POST", ["/api/incidents"], body),
            }
            for name, run in runs.items():
                targets[name] = drive(wrk, server, token, run, args, db_url)
        with gunicorn("bench.bare_app:app", env, args.workers, args.threads) as server:
            targets["bare"] = drive(wrk, server, "-", ("GET", ["/bare"], None), args)
    result = {
        "benchmark": "api_load",
        "date": datetime.now(UTC).date().isoformat(),
        "machine": {"cpus": os.cpu_count(), "database": "postgresql"},
        "load_average_at_start": load_at_start,
        "generator": subprocess.run([wrk, "-v"], capture_output=True, text=True)
        .stdout.split(" Copyright")[0]
        .strip(),
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "connections": args.connections,
        "duration_s": args.duration,
        "incidents": args.incidents,
        "seed_seconds": round(seed_seconds, 2),
        "targets": targets,
        "goals": GOALS,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(judge(result), indent=2))


if __name__ == "__main__":
    main()
