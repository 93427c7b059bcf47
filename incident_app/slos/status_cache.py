"""A cache of live SLO statuses (`GET /api/slos/{id}/status`), so viewers cannot make
Prometheus work: one evaluation per SLO and `at` bucket (SLO_STATUS_CACHE_SECONDS long; the
moment asked for, or now, is rounded down to its bucket's start and evaluated there), shared
through Redis when configured, kept per process otherwise or while Redis fails.

The key holds the SLO's definition (its `updated_at` and the two queries, which also follow
the service's telemetry hints), so a changed SLO is never answered from its old figures.
Only successful evaluations are kept; a Prometheus error is raised again by the next caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import redis
from flask import current_app

from incident_app.extensions import get_redis
from incident_app.models import Slo
from incident_app.slos.queries import queries_of

log = logging.getLogger("rootline.slos")
KEY_PREFIX = "rootline:slo-status:"
EXTENSION = "rootline.slo_status_cache"
MAX_ENTRIES = 2048  # per process


class LocalCache:
    """A thread-safe LRU of (expires at, JSON text)."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, text: str, seconds: int) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, text)
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)


def bucket_start(at: datetime, seconds: int) -> datetime:
    """`at` rounded down to a multiple of `seconds` (unchanged when caching is off)."""
    if seconds <= 0:
        return at
    stamp = at.timestamp()
    return datetime.fromtimestamp(stamp - stamp % seconds, UTC)


def _key(slo: Slo, at: datetime) -> str:
    queries = queries_of(slo)
    parts = (str(slo.id), slo.updated_at.isoformat(), queries.bad, queries.total, at.isoformat())
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def cached_status(slo: Slo, at: datetime, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The status of `slo` at `at` (a bucket start): cached, else `build()` (JSON-ready)."""
    seconds = int(current_app.config["SLO_STATUS_CACHE_SECONDS"])
    if seconds <= 0:
        return build()
    local: LocalCache = current_app.extensions.setdefault(EXTENSION, LocalCache())
    key, client = _key(slo, at), get_redis()
    text = local.get(key)
    if text is None and client is not None:
        try:
            raw = client.get(key)
            text = raw.decode() if isinstance(raw, bytes) else None
        except redis.RedisError:
            log.warning("SLO status cache: Redis unreachable, caching in this process only")
    if text is not None:
        cached: dict[str, Any] = json.loads(text)
        return cached
    value = build()
    text = json.dumps(value)
    local.put(key, text, seconds)
    if client is not None:
        with contextlib.suppress(redis.RedisError):  # warned on the read, or on the next one
            client.set(key, text, ex=seconds)
    return value
