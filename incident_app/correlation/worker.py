"""The RQ worker `flask worker` runs: it executes Rootline's own job functions and nothing else.

Anyone who can write to Redis can enqueue a job naming any importable callable
(`subprocess.getoutput`, ...), and RQ would run it. Redis is password-protected and
unpublished; this is the layer behind that. Job payloads are JSON (outbox.SERIALIZER), so
reading a job's function name never unpickles attacker-controlled bytes, and the name is
checked against an allow-list in the worker process before any work horse is forked. A
foreign or unreadable job is failed with a `rejected: ...` reason, logged, never executed
and never retried."""

from __future__ import annotations

import logging

from rq import Queue, Worker
from rq.job import Job

from incident_app.correlation.outbox import JOB_FUNCTION, SERIALIZER

ALLOWED_FUNCTIONS = frozenset({JOB_FUNCTION})
log = logging.getLogger("rootline.correlation.worker")


def rejection(job: Job) -> str | None:
    """Why the job must not run, or None if it is one of ours."""
    try:
        name, instance = job.func_name, job.instance
    except Exception as exc:  # not JSON (a pickled payload) or not a job tuple
        return f"unreadable job payload ({type(exc).__name__})"
    if name not in ALLOWED_FUNCTIONS or instance is not None:
        return f"{name!r} is not a Rootline job function"
    return None


class RootlineWorker(Worker):
    """An RQ Worker (forking a work horse per job) with the allow-list in front."""

    def __init__(self, queues: list[Queue], **kwargs: object) -> None:
        super().__init__(queues, serializer=SERIALIZER, **kwargs)  # type: ignore[arg-type]

    def execute_job(self, job: Job, queue: Queue) -> None:
        reason = rejection(job)
        if reason is None:
            super().execute_job(job, queue)
            return
        log.error("rejected job %s from queue %s: %s", job.id, queue.name, reason)
        job.retries_left = None  # a foreign job's retry policy is not honoured either
        self.connection.lrem(queue.intermediate_queue_key, 1, job.id)
        self.handle_job_failure(job, queue, exc_string=f"rejected: {reason}")
