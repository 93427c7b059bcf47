"""Issue 15 item 1: the worker executes only Rootline's own job functions. Whoever can write to
Redis enqueues what they like; a real (forking) RootlineWorker against real Redis must fail
such jobs as `rejected`, log them, never run them (the side effect must not happen), and go
on to run Rootline's own job."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import create_actor, make_app
from flask import Flask
from helpers import make_incident, make_service
from rq import Queue
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from incident_app.correlation.jobs import queue
from incident_app.correlation.outbox import JOB_FUNCTION, job_id, relay_once
from incident_app.correlation.worker import RootlineWorker
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, Role, RunStatus


class Gadget:
    """Unpickling it runs a shell command: what reading a pickled job's function name would do
    with an attacker's payload."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def worker_app(pg_url: str, app: Flask) -> Flask:
    return make_app(pg_url, DISABLED_ANALYZERS=["metrics", "logs", "traces", "k8s"])


def work(app: Flask) -> None:
    with app.app_context():
        client = get_redis()
        assert client is not None
        RootlineWorker([queue(client)], connection=client).work(burst=True)


def test_foreign_jobs_are_rejected_never_run_and_ours_still_runs(
    worker_app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = worker_app.test_client()
    admin = create_actor(worker_app, Role.admin)
    make_service(client, admin, "checkout")
    incident = make_incident(client, admin, ["checkout"])  # queues Rootline's own job
    with worker_app.app_context():
        redis_client = get_redis()
        assert redis_client is not None
    markers = {name: tmp_path / name for name in ("pickled", "json", "gadget")}
    # The attack from the issue, as written (RQ's default serializer, pickle) ...
    pickled = Queue("correlation", connection=redis_client).enqueue(
        "subprocess.getoutput", f"id > {markers['pickled']}"
    )
    # ... by someone who knows the payloads are JSON ...
    json_job = Queue("correlation", connection=redis_client, serializer=JSONSerializer).enqueue(
        subprocess.getoutput, f"id > {markers['json']}"
    )
    # ... and a payload that runs code the moment it is unpickled.
    gadget = Queue("correlation", connection=redis_client).enqueue(
        "builtins.print", Gadget(markers["gadget"])
    )

    with caplog.at_level(logging.ERROR, logger="rootline.correlation.worker"):
        work(worker_app)

    assert not [m for m in markers.values() if m.exists()]  # nothing ran
    for job in (pickled, json_job, gadget):
        fetched = Job.fetch(job.id, connection=redis_client, serializer=JSONSerializer)
        assert fetched.get_status() == JobStatus.FAILED
        assert fetched.latest_result().exc_string.startswith("rejected: ")  # type: ignore[union-attr]
        assert job.id in Queue("correlation", connection=redis_client).failed_job_registry
    rejected = [r.getMessage() for r in caplog.records if "rejected job" in r.getMessage()]
    assert len(rejected) == 3
    assert any("'subprocess.getoutput' is not a Rootline job function" in m for m in rejected)
    assert sum("unreadable job payload" in m for m in rejected) == 2
    assert Queue("correlation", connection=redis_client).count == 0  # not requeued either
    # The dashboard shows them, reason included (reading them unpickles nothing either).
    listed = client.get("/rq/0/data/jobs/correlation/failed/8/asc/1.json", headers=admin.headers)
    assert listed.status_code == 200
    assert {j["id"] for j in listed.get_json()["jobs"]} == {pickled.id, json_job.id, gadget.id}
    for job in (pickled, gadget):
        shown = client.get(f"/rq/0/data/job/{job.id}.json", headers=admin.headers)
        assert shown.status_code == 200 and shown.get_json()["exc_info"].startswith("rejected: ")
    assert not markers["gadget"].exists()

    with worker_app.app_context():
        run = db.session.query(AnalysisRun).filter_by(incident_id=incident["id"]).one()
        assert run.status == RunStatus.completed


def test_a_run_whose_job_a_previous_release_pickled_is_redone(pg_url: str, app: Flask) -> None:
    """Upgrading: a job left in Redis with pickle is rejected like any unreadable one, and the
    relay hands its run out again once the lease has passed."""
    eng = make_app(
        pg_url,
        DISABLED_ANALYZERS=["metrics", "logs", "traces", "k8s"],
        CORRELATION_RUN_LEASE_SECONDS=0.2,
    )
    client = eng.test_client()
    admin = create_actor(eng, Role.admin)
    make_service(client, admin, "checkout")
    incident = make_incident(client, admin, ["checkout"])
    with eng.app_context():
        redis_client = get_redis()
        assert redis_client is not None
        run = db.session.query(AnalysisRun).filter_by(incident_id=incident["id"]).one()
        legacy = Queue("correlation", connection=redis_client)  # the old default: pickle
        queue(redis_client).remove(job_id(run.id))
        Job.fetch(job_id(run.id), connection=redis_client).delete()
        legacy.enqueue(JOB_FUNCTION, str(run.id), job_id=job_id(run.id))
    work(eng)
    with eng.app_context():
        assert db.session.get(AnalysisRun, run.id).status == RunStatus.queued  # type: ignore[union-attr]
        time.sleep(0.3)
        assert relay_once(eng.config).recovered == 1
    work(eng)
    with eng.app_context():
        assert db.session.get(AnalysisRun, run.id).status == RunStatus.completed  # type: ignore[union-attr]
