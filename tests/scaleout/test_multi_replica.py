"""Issue 9's acceptance: two API replicas (gunicorn, two workers each) and two RQ workers on one
PostgreSQL database and one Redis database. Fifty incidents created concurrently through both
APIs are each analyzed exactly once, their timelines hold exactly the expected events, and the
APIs' /metrics together count every creation."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from conftest import REDIS_URL
from flask import Flask
from serving import (
    app_env,
    free_port,
    sample_sum,
    scrape,
    start_gunicorn,
    start_worker,
    stop,
    wait_for,
    wait_serving,
)
from sqlalchemy import func, select

from incident_app.extensions import db
from incident_app.models import AnalysisRun, Incident, RunStatus, TimelineEvent

INCIDENTS, SERVICES = 50, 5
PASSWORD = "violet-harbor-lantern-91"
# No telemetry source and no analyzer: every analysis completes with no root cause.
EXPECTED = Counter(
    {"incident_created": 1, "correlation_analysis_started": 1, "correlation_analysis_completed": 1}
)


def call(method: str, url: str, token: str | None = None, **body: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.request(method, url, json=body or None, headers=headers, timeout=30)
    assert response.status_code in (200, 201), (url, response.status_code, response.text)
    return response.json() if response.content else {}


def sign_up(base: str, username: str) -> dict[str, Any]:
    email = f"{username}@example.com"
    return call(
        "POST", f"{base}/api/auth/register", username=username, email=email, password=PASSWORD
    )


def log_in(base: str, username: str) -> str:
    return str(
        call("POST", f"{base}/api/auth/login", username=username, password=PASSWORD)["access_token"]
    )


def test_two_apis_two_workers_analyze_each_incident_once(
    pg_url: str, app: Flask, tmp_path: Path
) -> None:
    env = app_env(pg_url, REDIS_URL)
    processes = []
    try:
        metric_ports = [free_port(), free_port()]
        for i, port in enumerate(metric_ports):  # they boot while the APIs do
            log, metrics_dir = tmp_path / f"worker{i}.log", tmp_path / f"worker{i}-metrics"
            processes.append(start_worker(env, port, log, metrics_dir))
        ports = [free_port(), free_port()]
        for i, port in enumerate(ports):
            processes.append(start_gunicorn(env, port, 2, tmp_path / f"api{i}.log"))
        for i, port in enumerate(ports):
            wait_serving(processes[2 + i], port, tmp_path / f"api{i}.log")
        apis = [f"http://127.0.0.1:{p}" for p in ports]
        workers = [f"http://127.0.0.1:{p}/metrics" for p in metric_ports]
        for url in workers:  # served just before each starts taking jobs
            wait_for(f"worker metrics at {url}", lambda url=url: scrape(url), 45)

        sign_up(apis[0], "ada")  # the first user becomes admin
        bob = sign_up(apis[1], "bob")
        tokens = [log_in(apis[0], "ada"), log_in(apis[1], "bob")]
        call("PATCH", f"{apis[0]}/api/users/{bob['id']}", tokens[0], role="responder")
        for n in range(SERVICES):
            call("POST", f"{apis[n % 2]}/api/services", tokens[0], name=f"svc-{n}")

        def create(n: int) -> str:
            body = {
                "title": f"incident {n}",
                "severity": "high",
                "services": [{"name": f"svc-{n % SERVICES}"}],
            }
            return str(call("POST", f"{apis[n % 2]}/api/incidents", tokens[n % 2], **body)["id"])

        with ThreadPoolExecutor(max_workers=10) as pool:
            created = list(pool.map(create, range(INCIDENTS)))
        assert len(set(created)) == INCIDENTS

        def finished() -> bool:
            with app.app_context():
                done = select(func.count()).where(
                    AnalysisRun.status.in_([RunStatus.completed, RunStatus.failed])
                )
                return (db.session.scalar(done) or 0) >= INCIDENTS

        wait_for("every analysis to finish", finished, 45)
        creations = {"method": "POST", "route": "/api/incidents", "status": "201"}
        counted = sum(
            sample_sum(scrape(f"{api}/metrics"), "rootline_http_requests_total", **creations)
            for api in apis
        )
        analyzed = [sample_sum(scrape(url), "rootline_analysis_runs_total") for url in workers]
    finally:
        stop(*processes)

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Incident)) == INCIDENTS
        runs = db.session.scalars(select(AnalysisRun)).all()
        assert sorted(str(r.incident_id) for r in runs) == sorted(created)  # one run each
        assert {(r.status, r.attempts) for r in runs} == {(RunStatus.completed, 1)}
        events = db.session.execute(
            select(TimelineEvent.id, TimelineEvent.incident_id, TimelineEvent.event_type)
        ).all()
    assert len({e.id for e in events}) == len(events) == INCIDENTS * sum(EXPECTED.values())
    per_incident: dict[str, Counter[str]] = {}
    for event in events:
        per_incident.setdefault(str(event.incident_id), Counter())[event.event_type] += 1
    assert per_incident == {incident_id: EXPECTED for incident_id in created}
    assert counted == INCIDENTS  # the two APIs' /metrics together
    assert sum(analyzed) == INCIDENTS and min(analyzed) > 0  # both workers took a share
