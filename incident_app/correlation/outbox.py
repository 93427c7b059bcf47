"""The analysis outbox and its relay: no requested analysis is lost to a Redis outage or a
dead worker.

An AnalysisRun committed with status `queued` is the outbox record of its RQ job. The job is
dispatched right after that commit and `dispatched_at` notes that RQ has it; with Redis down
the run just stays undispatched. The relay (a thread in every `flask worker`, and
`flask analyses relay --once`) then hands RQ the undispatched runs, re-dispatches queued runs
whose job vanished (Redis came back empty), and requeues running runs whose lease expired
(their worker died). Job ids are `analysis-{run_id}` and enqueued with RQ's `unique=True`, so
a re-dispatch never adds a second live job; `execute_run` claims a run atomically besides.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis
from flask import Flask
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql import Select

from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, RunStatus, utcnow

QUEUE_NAME = "correlation"
JOB_FUNCTION = "incident_app.correlation.jobs.run_analysis_job"
# JSON, not pickle: reading a job never unpickles what someone else put into Redis (worker.py).
SERIALIZER = JSONSerializer
RETRY = Retry(max=3, interval=[5, 30, 120])
# A job in one of these states will still run (or is running): it is never replaced.
LIVE = frozenset({JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED})
log = logging.getLogger("rootline.correlation.outbox")


def queue(connection: Any) -> Queue:
    return Queue(QUEUE_NAME, connection=connection, serializer=SERIALIZER)


def job_id(run_id: uuid.UUID | str) -> str:
    return f"analysis-{run_id}"


def dispatch(
    client: redis.Redis, run_id: uuid.UUID, config: Mapping[str, Any], *, replace: bool = False
) -> bool:
    """Give RQ the run's job unless a live one exists (`replace`: even a STARTED one, whose
    worker is known dead); True if a job was enqueued. Redis errors propagate: the caller
    leaves the run undispatched."""
    jobs = queue(client)

    def enqueue() -> None:
        jobs.enqueue(
            JOB_FUNCTION,
            str(run_id),
            job_id=job_id(run_id),
            unique=True,
            retry=RETRY,
            job_timeout=config["CORRELATION_JOB_TIMEOUT"],
            failure_ttl=7 * 24 * 3600,
            result_ttl=24 * 3600,
        )

    try:
        enqueue()
        return True
    except DuplicateJobError:
        pass
    try:
        job = Job.fetch(job_id(run_id), connection=client, serializer=SERIALIZER)
    except NoSuchJobError:  # expired between the two calls
        job = None
    if job is not None:
        status = job.get_status()
        if status in LIVE and not (replace and status == JobStatus.STARTED):
            return False
        job.delete()  # finished, failed, stopped or abandoned: it will not run the run again
    try:
        enqueue()
    except DuplicateJobError:
        return False  # another relay replaced it at the same moment: one live job either way
    return True


def mark_dispatched(run_id: uuid.UUID) -> None:
    db.session.execute(
        update(AnalysisRun).where(AnalysisRun.id == run_id).values(dispatched_at=utcnow())
    )


@dataclass
class RelayReport:
    dispatched: int = 0  # undispatched runs handed to RQ
    requeued: int = 0  # running runs whose lease expired
    recovered: int = 0  # queued runs whose job had vanished or ended
    error: str | None = None

    def __str__(self) -> str:
        text = f"dispatched={self.dispatched} requeued={self.requeued} recovered={self.recovered}"
        return text + (f" error={self.error}" if self.error else "")


def _claimable(query: Select[Any], limit: int) -> list[AnalysisRun]:
    """Rows no other relay holds: `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one
    writer at a time anyway)."""
    query = query.order_by(AnalysisRun.queued_at).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def relay_once(config: Mapping[str, Any], limit: int = 100, *, sweep: bool = True) -> RelayReport:
    """One pass of the relay; `sweep=False` only dispatches the undispatched (cheap enough to
    run in a request). Each batch keeps its rows locked until it commits; the first Redis
    error ends the pass, keeping what was done (a requeued run it could not send stays
    undispatched)."""
    report = RelayReport()
    client = get_redis()
    if client is None:
        return report
    now = utcnow()
    lease = timedelta(seconds=config["CORRELATION_RUN_LEASE_SECONDS"])
    queued = AnalysisRun.status == RunStatus.queued
    batches = [("dispatched", and_(queued, AnalysisRun.dispatched_at.is_(None)))]
    if sweep:
        expired = or_(
            AnalysisRun.lease_expires_at < now,
            and_(AnalysisRun.lease_expires_at.is_(None), AnalysisRun.started_at < now - lease),
        )
        batches += [
            ("requeued", and_(AnalysisRun.status == RunStatus.running, expired)),
            ("recovered", and_(queued, AnalysisRun.dispatched_at < now - lease)),
        ]
    try:
        for counter, condition in batches:
            for run in _claimable(select(AnalysisRun).where(condition), limit):
                if counter == "requeued":
                    run.status = RunStatus.queued
                    run.lease_expires_at = run.dispatched_at = None
                enqueued = dispatch(client, run.id, config, replace=counter == "requeued")
                run.dispatched_at = utcnow()  # a live job found counts: look again a lease later
                if enqueued or counter != "recovered":
                    setattr(report, counter, getattr(report, counter) + 1)
            db.session.commit()
    except redis.RedisError as exc:
        db.session.commit()
        report.error = f"{type(exc).__name__}: {exc}"
    return report


def start_relay(app: Flask) -> threading.Event:
    """Run `relay_once` every RELAY_INTERVAL_SECONDS in a daemon thread of this process;
    set the returned event to stop it. RQ forks a work horse per job: the child drops the
    pooled connections it inherited instead of sharing them with this thread."""
    with app.app_context():
        engine = db.engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    stop = threading.Event()
    interval = float(app.config["RELAY_INTERVAL_SECONDS"])

    def loop() -> None:
        while not stop.is_set():
            with app.app_context():
                try:
                    report = relay_once(app.config)
                    if report.error or report.requeued or report.recovered:  # a worker died
                        log.warning("relay: %s", report)
                    elif report.dispatched:
                        log.info("relay: %s", report)
                except Exception:  # the database may be down: try again next tick
                    log.exception("relay pass failed")
                finally:
                    db.session.remove()
            stop.wait(interval)

    threading.Thread(target=loop, daemon=True, name="rootline-relay").start()
    return stop
