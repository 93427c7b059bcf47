"""Correlation jobs: `run_analysis_job(run_id)` is a plain importable function that RQ workers
run from queue `correlation`, or that an in-process executor runs when REDIS_URL is unset.

A run is executed by whoever claims it (an atomic conditional UPDATE) and the claim is a lease
renewed while the analysis works, so two workers never analyze one run at once and a run whose
worker died is handed out again by the relay (outbox.py) once its lease expires."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from rq import get_current_job
from sqlalchemy import and_, or_, update

from incident_app.correlation.context import incident_context
from incident_app.correlation.engine import analyze
from incident_app.correlation.outbox import QUEUE_NAME, dispatch, mark_dispatched, queue, relay_once
from incident_app.correlation.slots import analysis_slot
from incident_app.correlation.store import mark_failed, store_result
from incident_app.extensions import db, get_redis
from incident_app.models import AnalysisRun, EventSource, Incident, RunStatus, User, utcnow
from incident_app.timeline.service import record_event

__all__ = [
    "QUEUE_NAME",
    "add_run",
    "dispatch_after_commit",
    "enqueue_analysis",
    "execute_run",
    "queue",
    "run_analysis_job",
]
log = logging.getLogger("rootline.correlation")
_executor: ThreadPoolExecutor | None = None
_worker_app: Flask | None = None
# Set in app.extensions when this process left a run undispatched (Redis down): its next
# successful dispatch runs one cheap relay pass; the workers' relay thread covers the rest.
BACKLOG = "rootline.outbox_backlog"


def plugins_for(app: Flask) -> Any:
    return app.extensions["rootline.plugins"]


def add_run(incident: Incident, trigger: str, actor: User | None) -> AnalysisRun:
    """Add a queued run (the outbox record) to the session without committing: it must commit
    in the caller's transaction, or a crash between two commits leaves an incident nothing
    will ever analyze. After its commit the caller hands it over with dispatch_after_commit."""
    run = AnalysisRun(
        id=uuid.uuid4(),
        incident_id=incident.id,
        trigger=trigger,
        requested_by_id=actor.id if actor else None,
        status=RunStatus.queued,
        queued_at=utcnow(),
    )
    db.session.flush()  # the run names its incident by id only: the unit of work can't order them
    db.session.add(run)
    return run


def enqueue_analysis(incident: Incident, trigger: str, actor: User | None) -> AnalysisRun:
    """Commit a queued run with whatever the caller changed, then dispatch it."""
    run = add_run(incident, trigger, actor)
    run_id = run.id
    db.session.commit()
    dispatch_after_commit(run_id)
    return run


def dispatch_after_commit(run_id: uuid.UUID) -> None:
    """Hand a committed run to RQ or the in-process executor. With Redis unreachable the run
    stays queued and undispatched until the relay dispatches it; the incident itself is never
    affected. Takes the id, not the run: the commit expired the run and reloading it costs
    two queries."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    client = get_redis()
    if client is None:
        mark_dispatched(run_id)
        db.session.commit()
        _in_process(app, str(run_id))
        return
    try:
        dispatch(client, run_id, app.config)
    except Exception as exc:  # Redis down: the relay dispatches it later
        db.session.rollback()
        app.extensions[BACKLOG] = True
        log.warning("analysis %s stays in the outbox: %s: %s", run_id, type(exc).__name__, exc)
        return
    mark_dispatched(run_id)
    db.session.commit()
    if app.extensions.pop(BACKLOG, False):  # Redis answers again: hand over what piled up
        try:
            relay_once(app.config, limit=20, sweep=False)
        except Exception:
            db.session.rollback()
            app.extensions[BACKLOG] = True
            log.exception("opportunistic relay failed")


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
        attempt = _claim(run, incident, config["CORRELATION_RUN_LEASE_SECONDS"])
        if attempt is None:  # another worker holds a live lease, or it is done meanwhile
            return {"run_id": str(run_id), "status": "claimed-elsewhere"}
        try:
            with _renewing_lease(run_id, attempt, config["CORRELATION_RUN_LEASE_SECONDS"]):
                result = analyze(
                    incident_context(incident, config),
                    plugins_for(current_app),
                    config,
                    source_timeout=config["SOURCE_TIMEOUT_SECONDS"],
                    analyzer_timeout=config["ANALYZER_TIMEOUT_SECONDS"],
                )
            if not _still_ours(run, attempt):
                return {"run_id": str(run_id), "status": "superseded"}
            run.lease_expires_at = None
            store_result(run, incident, result)
        except Exception as exc:
            db.session.rollback()
            job = get_current_job()
            if job is not None and (job.retries_left or 0) > 0:
                _release(run_id, attempt)
                raise  # RQ retries; the run is stored once, on success
            failed = db.session.get(AnalysisRun, run_id) or run
            failed.lease_expires_at = None
            return mark_failed(failed, f"{type(exc).__name__}: {exc}")
    _notify(run, result)
    return {
        "run_id": str(run.id),
        "status": run.status.value,
        "hypotheses": len(result.hypotheses),
        "degraded": run.degraded,
    }


def _claim(run: AnalysisRun, incident: Incident, lease_seconds: float) -> int | None:
    """Take the run if it is queued or its lease ran out (one conditional UPDATE, so only one
    claimant wins); return the attempt number it now runs as. The `started` event is written
    on the first start only, so retries and re-dispatches don't repeat it."""
    now = utcnow()
    lease_over = or_(AnalysisRun.lease_expires_at.is_(None), AnalysisRun.lease_expires_at < now)
    claimed = db.session.execute(
        update(AnalysisRun)
        .where(
            AnalysisRun.id == run.id,
            or_(
                AnalysisRun.status == RunStatus.queued,
                and_(AnalysisRun.status == RunStatus.running, lease_over),
            ),
        )
        .values(
            status=RunStatus.running,
            attempts=AnalysisRun.attempts + 1,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return None
    db.session.refresh(run)
    if run.started_at is None:
        run.started_at = now
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
    return run.attempts


def _still_ours(run: AnalysisRun, attempt: int) -> bool:
    """Lock the row and check no one took the run over while this attempt analyzed (its lease
    lapsed and the relay handed it out again): only the current claimant stores a result."""
    db.session.refresh(run, with_for_update=True)
    if run.status == RunStatus.running and run.attempts == attempt:
        return True
    db.session.rollback()
    log.warning("analysis %s attempt %s was superseded; its result is dropped", run.id, attempt)
    return False


def _release(run_id: uuid.UUID, attempt: int) -> None:
    """Give the claim back before RQ retries, so the retry can claim it at once."""
    db.session.execute(
        update(AnalysisRun)
        .where(AnalysisRun.id == run_id, AnalysisRun.attempts == attempt)
        .where(AnalysisRun.status == RunStatus.running)
        .values(status=RunStatus.queued, lease_expires_at=None)
    )
    db.session.commit()


@contextmanager
def _renewing_lease(run_id: uuid.UUID, attempt: int, seconds: float) -> Iterator[None]:
    """Extend this attempt's lease every third of it, from a thread with its own connection,
    while the analysis works; a worker that dies stops renewing and its lease lapses."""
    engine = db.engine
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(seconds / 3):
            try:
                with engine.begin() as conn:
                    conn.execute(
                        update(AnalysisRun)
                        .where(AnalysisRun.id == run_id, AnalysisRun.attempts == attempt)
                        .where(AnalysisRun.status == RunStatus.running)
                        .values(lease_expires_at=utcnow() + timedelta(seconds=seconds))
                    )
            except Exception:  # the database is down: the next tick tries again
                log.warning("could not renew the lease of analysis %s", run_id, exc_info=True)

    renewer = threading.Thread(target=renew, daemon=True, name=f"rootline-lease-{run_id}")
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=5)


def _notify(run: AnalysisRun, result: Any) -> None:
    try:
        plugins_for(current_app).manager.hook.rootline_analysis_finished(
            incident_id=str(run.incident_id), hypotheses=result.hypotheses, problems=result.problems
        )
    except Exception:
        log.exception("a rootline_analysis_finished hook failed")
