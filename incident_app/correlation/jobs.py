"""Correlation jobs: `run_analysis_job(run_id)` is a plain importable function that RQ workers
run from queue `correlation`, or that an in-process executor runs when REDIS_URL is unset."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from typing import Any

from flask import Flask, current_app, has_app_context
from rq import Queue, Retry, get_current_job

from incident_app.correlation.context import incident_context
from incident_app.correlation.engine import analyze
from incident_app.correlation.slots import analysis_slot
from incident_app.correlation.store import mark_failed, store_result
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, EventSource, Incident, RunStatus, User, utcnow
from incident_app.timeline.service import record_event

QUEUE_NAME = "correlation"
RETRY = Retry(max=3, interval=[5, 30, 120])
log = logging.getLogger("rootline.correlation")
_executor: ThreadPoolExecutor | None = None
_worker_app: Flask | None = None


def plugins_for(app: Flask) -> Any:
    return app.extensions["rootline.plugins"]


def queue(connection: Any) -> Queue:
    return Queue(QUEUE_NAME, connection=connection)


def enqueue_analysis(incident: Incident, trigger: str, actor: User | None) -> AnalysisRun:
    """Store a queued run (committed) and hand it to RQ or the in-process executor. If the
    queue is unreachable the run is marked failed; the incident itself is never affected."""
    run = AnalysisRun(
        id=uuid.uuid4(),
        incident_id=incident.id,
        trigger=trigger,
        requested_by_id=actor.id if actor else None,
        status=RunStatus.queued,
        queued_at=utcnow(),
    )
    db.session.add(run)
    db.session.commit()
    client = get_redis()
    try:
        if client is None:
            _in_process(current_app._get_current_object(), str(run.id))  # type: ignore[attr-defined]
        else:
            queue(client).enqueue(
                run_analysis_job,
                str(run.id),
                job_id=f"analysis-{run.id}",
                retry=RETRY,
                job_timeout=current_app.config["CORRELATION_JOB_TIMEOUT"],
                failure_ttl=7 * 24 * 3600,
                result_ttl=24 * 3600,
            )
    except Exception as exc:
        log.exception("could not enqueue analysis %s", run.id)
        mark_failed(run, f"could not enqueue: {type(exc).__name__}: {exc}")
    return run


def _in_process(app: Flask, run_id: str) -> None:
    """Embedded mode: the executor's size is the concurrency cap (one process)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(
            max_workers=app.config["CORRELATION_MAX_CONCURRENT"],
            thread_name_prefix="rootline-analysis",
        )

    def job() -> None:
        with app.app_context():
            try:
                execute_run(uuid.UUID(run_id))
            except Exception:
                log.exception("analysis %s failed", run_id)

    _executor.submit(job)


@contextmanager
def _app_context() -> Iterator[None]:
    """Workers started with `flask worker` already have one; a bare `rq worker` builds one."""
    global _worker_app
    if has_app_context():
        yield
        return
    if _worker_app is None:
        from incident_app import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        yield


def run_analysis_job(run_id: str) -> dict[str, Any]:
    """RQ entry point: analyze the run's incident and store the result exactly once."""
    with _app_context():
        return execute_run(uuid.UUID(run_id))


def execute_run(run_id: uuid.UUID) -> dict[str, Any]:
    run = db.session.get(AnalysisRun, run_id)
    if run is None:
        return {"run_id": str(run_id), "status": "missing"}
    if run.status in (RunStatus.completed, RunStatus.failed):
        return {"run_id": str(run_id), "status": run.status.value}  # a retry after success
    config = current_app.config
    client = get_redis()
    slot = (
        analysis_slot(
            client,
            config["CORRELATION_MAX_CONCURRENT"],
            lease_seconds=config["CORRELATION_JOB_TIMEOUT"],
            wait_seconds=config["CORRELATION_SLOT_WAIT_SECONDS"],
        )
        if client is not None
        else nullcontext()
    )
    with slot:
        incident = db.session.get(Incident, run.incident_id)
        if incident is None:
            return mark_failed(run, "incident no longer exists")
        _mark_running(run, incident)
        try:
            result = analyze(
                incident_context(incident, config),
                plugins_for(current_app),
                config,
                source_timeout=config["SOURCE_TIMEOUT_SECONDS"],
                analyzer_timeout=config["ANALYZER_TIMEOUT_SECONDS"],
            )
            store_result(run, incident, result)
        except Exception as exc:
            db.session.rollback()
            job = get_current_job()
            if job is not None and (job.retries_left or 0) > 0:
                raise  # RQ retries; the run stays `running` and is stored once on success
            return mark_failed(
                db.session.get(AnalysisRun, run_id) or run, f"{type(exc).__name__}: {exc}"
            )
    _notify(run, result)
    return {
        "run_id": str(run.id),
        "status": run.status.value,
        "hypotheses": len(result.hypotheses),
        "degraded": run.degraded,
    }


def _mark_running(run: AnalysisRun, incident: Incident) -> None:
    """The `started` event is written on the first attempt only, so retries don't repeat it."""
    run.attempts += 1
    run.status = RunStatus.running
    if run.started_at is None:
        run.started_at = utcnow()
        if not incident.timeline_locked:
            services = [s.service.name for s in incident.service_links]
            record_event(
                incident,
                "correlation_analysis_started",
                "Correlation analysis started",
                source=EventSource.correlation_engine,
                metadata={"run_id": str(run.id), "services": services},
            )
    db.session.commit()


def _notify(run: AnalysisRun, result: Any) -> None:
    try:
        plugins_for(current_app).manager.hook.rootline_analysis_finished(
            incident_id=str(run.incident_id), hypotheses=result.hypotheses, problems=result.problems
        )
    except Exception:
        log.exception("a rootline_analysis_finished hook failed")
