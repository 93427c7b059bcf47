"""A worker dies mid-analysis (SIGKILL to it and its work horse): the run's lease lapses, the
relay in another worker hands the run out again, and it is stored exactly once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from conftest import REDIS_URL, create_actor
from fault_harness import add_services, counts, fault_app, open_incident, start_worker, wait_for
from flask import Flask
from sqlalchemy import select

from incident_app.correlation.jobs import execute_run
from incident_app.extensions import db
from incident_app.models import AnalysisRun, Role

LEASE_SECONDS = 2
ANALYSIS_SECONDS = 6
WORKER_ENV = {
    "FAULT_ANALYZER_SECONDS": str(ANALYSIS_SECONDS),
    "ANALYZER_TIMEOUT_SECONDS": "30",
    "CORRELATION_RUN_LEASE_SECONDS": str(LEASE_SECONDS),
    "RELAY_INTERVAL_SECONDS": "0.5",
}


def run_state(app: Flask) -> tuple[str, int]:
    with app.app_context():
        run = db.session.scalars(select(AnalysisRun)).one()
        state = (run.status.value, run.attempts)
        db.session.remove()
        return state


@pytest.mark.parametrize("victim", ["worker", "horse"])
def test_a_killed_worker_s_analysis_is_redone_once(
    pg_url: str, app: Flask, tmp_path: Path, victim: str
) -> None:
    """`worker`: the whole worker dies, the other worker's relay requeues the run once its
    lease lapses. `horse`: only the work horse dies; RQ fails the job and its retry (or the
    relay) hands the run out again."""
    eng = fault_app(pg_url, REDIS_URL)
    client = eng.test_client()
    admin = create_actor(eng, Role.admin)
    add_services(client, admin, "payments")
    incident_id = open_incident(client, admin, "payments", "Payments down")
    assert counts(eng)["runs"] == {"queued": 1}

    first = start_worker(tmp_path / "first.log", pg_url, REDIS_URL, **WORKER_ENV)
    second = None
    try:
        wait_for("the first worker starts the analysis", lambda: run_state(eng)[0] == "running")
        second = start_worker(tmp_path / "second.log", pg_url, REDIS_URL, **WORKER_ENV)
        time.sleep(LEASE_SECONDS + 1)  # past the first lease: renewals keep it the first's
        assert run_state(eng) == ("running", 1), second.output()
        first.kill() if victim == "worker" else first.kill_horse()
        started = time.monotonic()
        wait_for("the second worker completes it", lambda: run_state(eng)[0] == "completed", 40)
        recovery = time.monotonic() - started
    finally:
        first.kill()
        if second is not None:
            second.kill()

    assert run_state(eng) == ("completed", 2)
    assert recovery < LEASE_SECONDS + 1 + ANALYSIS_SECONDS + 10, recovery
    assert counts(eng) == {
        "incidents": 1,
        "runs": {"completed": 1},
        "events": {
            "incident_created": 1,
            "correlation_analysis_started": 1,  # the redo does not announce a second start
            "metric_spike": 1,
            "root_cause_identified": 1,
        },
        "hypotheses": 1,
    }
    body = client.get(f"/api/incidents/{incident_id}/correlations", headers=admin.headers)
    assert [r["attempts"] for r in body.get_json()["runs"]] == [2]
    if victim == "worker":
        assert "requeued=1" in second.output()


def test_two_workers_handed_the_same_run_analyze_it_once(
    pg_url: str, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-dispatch racing the original job: both start `execute_run`, one claims the run,
    the other sees the live lease and leaves it alone."""
    monkeypatch.setenv("FAULT_ANALYZER_SECONDS", "1")
    eng = fault_app(pg_url, REDIS_URL)
    client = eng.test_client()
    admin = create_actor(eng, Role.admin)
    add_services(client, admin, "payments")
    open_incident(client, admin, "payments", "Payments down")
    with eng.app_context():
        run_id = db.session.scalars(select(AnalysisRun.id)).one()
    outcomes: list[str] = []

    def work() -> None:
        with eng.app_context():
            outcomes.append(execute_run(run_id)["status"])

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["claimed-elsewhere", "completed"]
    assert run_state(eng) == ("completed", 1)
    after = counts(eng)
    assert after["runs"] == {"completed": 1} and after["hypotheses"] == 1
    assert after["events"]["correlation_analysis_started"] == 1
    assert after["events"]["root_cause_identified"] == 1
