"""A per-process cache of the incident read endpoints' JSON, invalidated by a shared generation.

Building a page of 50 incidents (three queries, pydantic, JSON) is most of a list request's
CPU. Readers read the generation in Redis (`GENERATION_KEY`) *before* querying and keep the
serialized body under it; every commit that wrote a table those responses show sets a new
generation *after* the commit, so a page built from older data is stored under an older
generation and never served again. The generation is a random token, not a counter, so a
flushed or restarted Redis cannot bring an old generation back. Without Redis (embedded mode)
or while it is unreachable nothing is cached. Authentication and the role check run before
the view as always: the cache replaces only the queries and the serialization.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable

import redis
from flask import Response, current_app, has_app_context
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import TextClause, event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from incident_app.extensions import get_redis
from incident_app.models import Incident, IncidentService, Service, TimelineEvent, User

log = logging.getLogger(__name__)

GENERATION_KEY = "rootline:gen:incidents"
CACHE_EXTENSION = "rootline.response_cache"
MAX_BYTES = 16 * 1024 * 1024  # per process
MAX_AGE_S = 60.0  # bounds staleness should a generation bump ever fail to reach Redis
REDIS_BACKOFF_S = 5.0  # after a Redis error, skip the cache instead of waiting on timeouts
# What IncidentOut and TimelineEventOut show: incidents, their service links and the services'
# names, users as commander, creator or actor, and timeline events.
SHOWN_MODELS = (Incident, IncidentService, Service, User, TimelineEvent)
SHOWN_TABLES = frozenset(model.__tablename__ for model in SHOWN_MODELS)
RAW_WRITE = re.compile(
    r"^\s*(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+\"?(\w+)",
    re.IGNORECASE,
)
DIRTY = "rootline_incidents_changed"
JSON_MIMETYPE = DefaultJSONProvider.mimetype  # what jsonify answers with (the app's provider)


class ResponseCache:
    """A thread-safe LRU of (generation, stored-at, JSON body) bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Hashable, tuple[str, float, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.redis_down_until = 0.0
        self.bump_pending = False  # a write of ours that Redis has not heard of yet

    def get(self, key: Hashable, generation: str) -> bytes | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != generation:
                return None
            if time.monotonic() - entry[1] > MAX_AGE_S:
                return None
            self.entries.move_to_end(key)
            return entry[2]

    def put(self, key: Hashable, generation: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.entries[key] = (generation, time.monotonic(), body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted[2])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


def current_generation(cache: ResponseCache) -> str | None:
    """The shared generation (created if Redis has none, renewed first if a bump of ours is
    pending), or None: do not cache."""
    client = get_redis()
    if client is None or time.monotonic() < cache.redis_down_until:
        return None
    try:
        if cache.bump_pending:
            client.set(GENERATION_KEY, uuid.uuid4().hex)
            cache.bump_pending = False
        value = client.get(GENERATION_KEY)
        if value is None:
            client.set(GENERATION_KEY, uuid.uuid4().hex, nx=True)
            value = client.get(GENERATION_KEY)
    except redis.RedisError:
        cache.redis_down_until = time.monotonic() + REDIS_BACKOFF_S
        return None
    return value.decode() if isinstance(value, bytes) else None


def cache_status() -> dict[str, str]:
    """For `/health`: `up`, `disabled` (no Redis) or `down` (this process serves uncached reads
    since it cannot know the shared generation)."""
    if get_redis() is None:
        return {"status": "disabled"}
    cache = _cache()
    if current_generation(cache) is None:
        return {
            "status": "down",
            "reason": "Redis unreachable or a generation bump pending: reads are not cached",
        }
    return {"status": "up"}


def _cache() -> ResponseCache:
    cache: ResponseCache = current_app.extensions.setdefault(CACHE_EXTENSION, ResponseCache())
    return cache


def cached_response(key: Hashable, build: Callable[[], Response]) -> Response:
    """What `build()` answers, from the cache while the generation still matches. Only 200s
    are kept: errors raised by `build` and other statuses never are."""
    cache = _cache()
    generation = current_generation(cache)
    if generation is not None:
        body = cache.get(key, generation)
        if body is not None:
            return current_app.response_class(body, mimetype=JSON_MIMETYPE)
    response = build()
    if generation is not None and response.status_code == 200:
        cache.put(key, generation, response.get_data())
    return response


def bump_generation() -> None:
    """A new generation: every process's cached responses are stale from now on. If Redis
    does not take it, the bump stays pending and is retried before this process caches again."""
    if not has_app_context():
        return
    client = get_redis()
    cache = _cache()
    cache.clear()
    if client is None:
        return
    try:
        client.set(GENERATION_KEY, uuid.uuid4().hex)
    except redis.RedisError:
        cache.bump_pending = True
        cache.redis_down_until = time.monotonic() + REDIS_BACKOFF_S
        log.warning(
            "could not bump %s; this process serves uncached reads until it can, others may "
            "serve pages up to %ss old",
            GENERATION_KEY,
            MAX_AGE_S,
        )


@event.listens_for(Session, "after_flush")
def _track_flush(session: Session, _flush: UOWTransaction) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, SHOWN_MODELS) for instance in changed):
        session.info[DIRTY] = True


@event.listens_for(Session, "do_orm_execute")
def _track_statement(state: ORMExecuteState) -> None:
    """Bulk INSERT/UPDATE/DELETE (and raw SQL writes) bypass the flush."""
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) in SHOWN_TABLES:
            state.session.info[DIRTY] = True
    elif isinstance(statement, TextClause):
        match = RAW_WRITE.match(statement.text)
        if match and match.group(1).lower() in SHOWN_TABLES:
            state.session.info[DIRTY] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    # A rollback leaves the mark in place: at worst the next commit bumps once too often.
    if session.info.pop(DIRTY, False):
        bump_generation()
