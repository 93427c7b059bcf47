"""Alert intake: sustained alerts/s through POST /api/alerts/alertmanager (gunicorn, PostgreSQL),
and the latency from a delivery to its alerts being attached to their incident. The receiver
attaches them before it answers, so that latency is the delivery's round trip; afterwards the
database is checked: one incident per group, every alert stored once, resolved groups mitigated.

Senders behave like Alertmanager's notification pipelines, each working through alert groups
one after another: a group fires 10 alerts (opening an incident), is resent 3 times unchanged,
grows to 20 alerts, is resent twice, then resolves (mitigating the incident). A bare Flask JSON
endpoint under the same gunicorn settings and senders gives this machine's ceiling.

    .venv/bin/python bench/alert_ingest.py [--seconds 20] [--senders 8] [--workers 4] [--threads 4]

Prints one JSON object. Needs PostgreSQL (ROOTLINE_BENCH_PG, an admin URL) and Redis
(ROOTLINE_BENCH_REDIS, default db 7, flushed; analyses are queued there, no worker runs them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg2
import redis
import requests
from flask import Flask, jsonify, request

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._harness import (
    app_env,
    create_admin,
    database,
    gunicorn,
    migrate,
    percentiles,
    sign_in_admin,
)

REDIS_URL = os.environ.get("ROOTLINE_BENCH_REDIS", "redis://127.0.0.1:6379/7")
WARMUP = 2.0
NEW = ("open", "grow")  # deliveries that attach 10 new alerts each

bare_app = Flask("bare")


@bare_app.post("/bare")
def bare() -> Any:
    """The ceiling: parse the same delivery, answer JSON, touch nothing."""
    return jsonify({"received": len(request.get_json()["alerts"])})


def alert(group: str, index: int, starts: str, status: str = "firing") -> dict[str, Any]:
    ends = datetime.now(UTC).isoformat() if status == "resolved" else "0001-01-01T00:00:00Z"
    return {
        "status": status,
        "labels": {"alertname": "HighErrorRate", "group": group, "instance": f"pod-{index}"},
        "annotations": {"summary": f"{group}: 5xx above 20%", "description": "error budget"},
        "startsAt": starts,
        "endsAt": ends,
        "generatorURL": "http://prometheus:9090/graph?g0.expr=rate",
    }


def lifecycle(group: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(kind, alerts) of each delivery of one group, in Alertmanager's order."""
    starts = datetime.now(UTC).isoformat()
    first = [alert(group, i, starts) for i in range(10)]
    grown = first + [alert(group, i, starts) for i in range(10, 20)]
    yield "open", first
    for _ in range(3):
        yield "resend", first
    yield "grow", grown
    for _ in range(2):
        yield "resend", grown
    yield "resolve", [alert(group, i, starts, "resolved") for i in range(20)]


def payload(group: str, alerts: list[dict[str, Any]]) -> bytes:
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    body = {
        "version": "4",
        "receiver": "rootline",
        "status": status,
        "groupKey": f'{{}}:{{group="{group}"}}',
        "truncatedAlerts": 0,
        "groupLabels": {"group": group},
        "commonLabels": {"alertname": "HighErrorRate", "group": group},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts,
    }
    return json.dumps(body).encode()


def load(url: str, token: str, args: argparse.Namespace, seconds: float) -> dict[str, Any]:
    """Senders deliver group lifecycles until `seconds` are up; samples after the warm-up."""
    samples: list[tuple[float, float, str, int, bool]] = []
    groups: dict[str, set[str]] = {}  # group -> instances delivered firing
    finished: list[str] = []  # groups whose resolve was delivered
    lock = threading.Lock()
    started = time.perf_counter()
    stop = started + seconds

    def sender(number: int) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for g in range(10**6):
            group = f"s{number}-g{g}"
            for kind, alerts in lifecycle(group):
                if time.perf_counter() >= stop:
                    return
                t0 = time.perf_counter()
                response = session.post(url, data=payload(group, alerts), headers=headers)
                took, ok = time.perf_counter() - t0, response.status_code == 200
                with lock:
                    samples.append((t0, took, kind, len(alerts), ok))
                    if ok and kind != "resolve":
                        groups.setdefault(group, set()).update(
                            a["labels"]["instance"] for a in alerts
                        )
                    if ok and kind == "resolve":
                        finished.append(group)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(args.senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window_start = started + WARMUP
    measured = [s for s in samples if s[0] >= window_start]
    window = max(s[0] + s[1] for s in measured) - window_start
    ok = [s for s in measured if s[4]]
    return {
        "window_s": round(window, 2),
        "deliveries": len(measured),
        "errors": len(measured) - len(ok),
        "alerts": sum(s[3] for s in ok),
        "alerts_per_s": round(sum(s[3] for s in ok) / window, 1),
        "new_alerts_attached_per_s": round(10 * sum(s[2] in NEW for s in ok) / window, 1),
        "deliveries_per_s": round(len(ok) / window, 1),
        "latency_ms": {
            "all": percentiles([s[1] for s in ok]),
            "attach": percentiles([s[1] for s in ok if s[2] in NEW]),
            "resend": percentiles([s[1] for s in ok if s[2] == "resend"]),
            "resolve": percentiles([s[1] for s in ok if s[2] == "resolve"]),
        },
        "groups": groups,
        "finished": finished,
    }


def verify(db_url: str, run: dict[str, Any]) -> dict[str, Any]:
    """What the database holds against what was delivered."""
    groups, finished = run.pop("groups"), run.pop("finished")
    conn = psycopg2.connect(db_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*), count(DISTINCT incident_id) FROM alert_groups")
            group_rows, group_incidents = cur.fetchone()
            cur.execute("SELECT count(*) FROM incidents")
            (incidents,) = cur.fetchone()
            cur.execute("SELECT count(*) FROM alerts")
            (alerts,) = cur.fetchone()
            cur.execute("SELECT count(*) FROM incidents WHERE status = 'mitigated'")
            (mitigated,) = cur.fetchone()
    finally:
        conn.close()
    expected_alerts = sum(len(instances) for instances in groups.values())
    return {
        "groups": len(groups),
        "incidents": incidents,
        "one_incident_per_group": incidents == group_rows == group_incidents == len(groups),
        "alerts_stored": alerts,
        "alerts_expected": expected_alerts,
        "resolved_groups_mitigated": mitigated == len(finished),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--baseline-seconds", type=float, default=8)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    redis.Redis.from_url(REDIS_URL).flushdb()
    with database() as db_url:
        env = app_env(db_url, REDIS_URL)
        migrate(env)
        create_admin(env)
        with gunicorn("wsgi:app", env, args.workers, args.threads) as server:
            url = server.url
            created = requests.post(
                f"{url}/api/integrations",
                json={"name": "bench", "kind": "alertmanager"},
                headers={"Authorization": f"Bearer {sign_in_admin(url)}"},
                timeout=10,
            )
            token = created.json()["token"]
            run = load(f"{url}/api/alerts/alertmanager", token, args, args.seconds + WARMUP)
        run["check"] = verify(db_url, run)
    with gunicorn("bench.alert_ingest:bare_app", env, args.workers, args.threads) as server:
        baseline = load(f"{server.url}/bare", "-", args, args.baseline_seconds + WARMUP)
    baseline.pop("groups"), baseline.pop("finished")
    p99 = run["latency_ms"]["attach"].get("p99", float("inf"))
    result = {
        "benchmark": "alert_ingest",
        "machine": {"cpus": os.cpu_count(), "database": "postgresql"},
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "senders": args.senders,
        "rootline": run,
        "bare_endpoint": {
            **{k: baseline[k] for k in ("alerts_per_s", "deliveries_per_s", "errors")},
            "latency_ms": baseline["latency_ms"]["all"],
        },
        "target": {"alerts_per_s": 100, "attach_p99_ms": 1000},
        "meets_target": run["alerts_per_s"] >= 100 and p99 < 1000 and run["errors"] == 0,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
