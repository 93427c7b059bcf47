"""Plumbing shared by the telemetry sources: JSON over HTTP with a timeout and timings, errors
worded for the engine's degraded-source record, concurrent fan-out, log-level names."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from incident_app.correlation.sources.access import Credentials, mask_urls, split_userinfo

Timings = list[tuple[str, float]]  # (query, seconds) for each call of one fetch
Params = Mapping[str, str | int | float]

# What a controller appends to a workload's name: `-<hash>` (ReplicaSet, Job pod),
# `-<hash>-<hash>` (Deployment pod), `-<n>` (StatefulSet pod). Valid in Python and RE2 alike;
# stricter than `-.*`, so pods of `cart-db` are never taken for pods of `cart`.
POD_SUFFIX = r"-([0-9]+|[a-z0-9]{5,10}(-[a-z0-9]{5})?)"

# Status codes that reject one query (bad selector, no permission, unknown id) rather than
# show the backend is down: the query is skipped and reported, the other queries still count.
REJECTED = frozenset({400, 403, 404, 422})


class SourceError(RuntimeError):
    """A telemetry backend could not answer; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def rejected(self) -> bool:
        return self.status in REJECTED


class HttpApi:
    """A JSON HTTP API at `base_url`: every call has `timeout` and failures raise SourceError.

    The session carries `credentials` (see access.py); `url` is the base URL as it may be
    shown, its userinfo masked."""

    def __init__(
        self,
        name: str,
        base_url: str,
        timeout: float,
        pool_size: int = 10,
        credentials: Credentials | None = None,
    ) -> None:
        self.name = name
        self.url = mask_urls(base_url.rstrip("/"))
        bare, credentials = split_userinfo(base_url.rstrip("/"), credentials or Credentials())
        self.base_url = bare
        self.timeout = timeout
        self.session = requests.Session()
        credentials.apply(self.session)
        # Sized to the fetch's thread pool so concurrent queries reuse connections.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def get_json(
        self,
        path: str,
        params: Params | None = None,
        timings: Timings | None = None,
        label: str = "",
    ) -> Any:
        started = time.perf_counter()
        try:
            response = self.session.get(self.base_url + path, params=params, timeout=self.timeout)
        except requests.Timeout as exc:
            raise SourceError(
                f"{self.name} gave no answer to {path} within {self.timeout:g}s"
            ) from exc
        except requests.RequestException as exc:
            raise SourceError(
                f"{self.name} unreachable at {self.url}: {mask_urls(str(exc))}"
            ) from exc
        finally:
            if timings is not None:
                timings.append((label or path, time.perf_counter() - started))
        if response.status_code >= 400:
            raise SourceError(
                f"{self.name} {path} answered HTTP {response.status_code}: {response.text[:300]}",
                response.status_code,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise SourceError(f"{self.name} {path} answered with invalid JSON") from exc

    def probe(self, *paths: str) -> dict[str, Any]:
        """Reachability for /health: the first path that answers 2xx means up. Never raises."""
        failures = []
        for path in paths:
            started = time.perf_counter()
            try:
                response = self.session.get(self.base_url + path, timeout=self.timeout)
            except requests.RequestException as exc:
                return {"status": "down", "url": self.url, "error": mask_urls(str(exc))}
            if response.ok:
                latency_ms = round((time.perf_counter() - started) * 1000, 1)
                return {"status": "up", "url": self.url, "latency_ms": latency_ms}
            failures.append(f"{path}: HTTP {response.status_code}")
        return {"status": "down", "url": self.url, "error": "; ".join(failures)}


@contextmanager
def worker_pool(size: int) -> Iterator[ThreadPoolExecutor]:
    """A pool that does not wait for stragglers when a fetch fails: their calls end by their
    own timeouts, and the error reaches the engine at once."""
    pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="rootline-source")
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def drain(
    futures: Iterable[Future[Any]], on_done: Callable[[Future[Any]], Iterable[Future[Any]]]
) -> None:
    """Wait for every future; `on_done` may start follow-up calls, which begin at once instead
    of after the whole first round (discovery and trace look-ups stay one round trip behind)."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            pending.update(on_done(future))


class Outcome:
    """Per-fetch bookkeeping: rejected queries become one `problems` entry; when nothing at all
    succeeded the first error is raised, so a dead backend is never reported as 'no data'."""

    def __init__(self) -> None:
        self.succeeded = 0
        self.rejected: list[SourceError] = []

    def result(self, future: Future[Any]) -> Any:
        """The future's value, or None when its query was rejected; other errors propagate."""
        try:
            value = future.result()
        except SourceError as exc:
            if not exc.rejected:
                raise
            self.rejected.append(exc)
            return None
        self.succeeded += 1
        return value

    def problems(self, signal: str) -> dict[str, str]:
        if self.rejected and not self.succeeded:
            raise self.rejected[0]
        if not self.rejected:
            return {}
        return {signal: "; ".join(dict.fromkeys(str(exc) for exc in self.rejected))}


_LEVELS = {
    "trace": "debug",
    "debug": "debug",
    "dbg": "debug",
    "info": "info",
    "notice": "info",
    "warn": "warn",
    "warning": "warn",
    "error": "error",
    "err": "error",
    "fatal": "fatal",
    "critical": "fatal",
    "crit": "fatal",
    "panic": "fatal",
    "emerg": "fatal",
    "alert": "fatal",
}


def normalize_level(raw: str) -> str:
    """One spelling per level (debug, info, warn, error, fatal), whatever the logger wrote, so
    analyzers compare levels without knowing the source; unknown words pass through lower-cased
    and a missing level is "unknown"."""
    word = raw.strip().lower()
    return _LEVELS.get(word, word or "unknown")
