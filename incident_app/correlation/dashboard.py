"""The RQ dashboard at /rq, for admins only (HTTP Basic with an admin's credentials, so a
browser can open it, or an admin's Bearer token).

HTTP Basic checks a password on every request, so it spends the login limits (auth/throttle.py)
and a successful check is remembered for BASIC_AUTH_CACHE_SECONDS (the dashboard polls: bcrypt
per request would be an easy way to load the API). A browser sends Basic credentials along with
any request to us, including one another site makes it send: a state-changing request whose
Origin (or Referer) is another site's (not this host, not in CORS_ORIGINS) is refused, and the
dashboard's one GET that changes state (requeue all) answers 405."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from urllib.parse import urlsplit

import rq_dashboard
from flask import Flask, Response, current_app, request
from flask_jwt_extended import current_user, verify_jwt_in_request
from rq_dashboard.web import config as dashboard_config
from rq_dashboard.web import setup_rq_connection

from incident_app.auth import throttle
from incident_app.auth.service import authenticate
from incident_app.correlation.outbox import SERIALIZER
from incident_app.errors import ApiError, error_response
from incident_app.extensions import db
from incident_app.models import Role, User

PREFIX = "/rq"
CACHE = "rootline.basic_auth_cache"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# rq-dashboard accepts GET as well as POST here; its own UI posts.
MUTATING_ON_GET = frozenset({"rq_dashboard.requeue_all"})


class BasicAuthCache:
    """Successful checks by an HMAC of the credentials (a per-process key: nothing a memory
    dump could brute-force offline), with the password hash that matched. Every hit re-reads
    the user, so a disabled or demoted admin is refused at once, and so is one whose password
    changed (the hash differs)."""

    def __init__(self, seconds: float, size: int = 256) -> None:
        self.seconds = seconds
        self.size = size
        self.key = secrets.token_bytes(32)
        self.entries: dict[bytes, tuple[float, uuid.UUID, str]] = {}
        self.lock = threading.Lock()

    def _digest(self, username: str, password: str) -> bytes:
        message = username.encode() + b"\0" + password.encode("utf-8", "surrogatepass")
        return hmac.new(self.key, message, hashlib.sha256).digest()

    def get(self, username: str, password: str) -> User | None:
        with self.lock:
            entry = self.entries.get(self._digest(username, password))
        if entry is None or entry[0] < time.monotonic():
            return None
        user = db.session.get(User, entry[1])
        return user if user is not None and user.password_hash == entry[2] else None

    def put(self, username: str, password: str, user: User) -> None:
        if self.seconds <= 0:
            return
        now = time.monotonic()
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries = {k: v for k, v in self.entries.items() if v[0] >= now}
                if len(self.entries) >= self.size:
                    self.entries.clear()
            digest = self._digest(username, password)
            self.entries[digest] = (now + self.seconds, user.id, user.password_hash)


def _basic_user(username: str, password: str) -> User | None:
    """The user these Basic credentials name, from the cache or a (limited) password check."""
    cache: BasicAuthCache = current_app.extensions[CACHE]
    user = cache.get(username, password)
    if user is not None:
        return user
    wait = throttle.retry_after(username)
    if wait is not None:
        raise ApiError(
            429, "rate_limited", "Too many sign-in attempts; retry later", {"retry_after": wait}
        )
    throttle.count_attempt(username)
    try:
        user = authenticate(username, password)
    except (ApiError, ValueError):  # wrong, unknown, disabled; a password bcrypt refuses
        return None
    cache.put(username, password, user)
    return user


def _is_admin() -> bool:
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        user = _basic_user((auth.username or "").lower(), auth.password or "")
    else:
        try:
            verify_jwt_in_request()
        except Exception:
            return False
        user = current_user
    return user is not None and user.is_active and bool(user.role.allows(Role.admin))


def _same_origin() -> bool:
    """Browsers name the page a request comes from; other clients carry no ambient
    credentials, so a request naming no page is not a cross-site one. Ours: this host, or an
    origin CORS_ORIGINS trusts (behind a proxy that rewrites the Host header)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True
    parts = urlsplit(source.lower())
    trusted = {origin.lower().rstrip("/") for origin in current_app.config["CORS_ORIGINS"]}
    return parts.netloc == request.host.lower() or f"{parts.scheme}://{parts.netloc}" in trusted


def _challenge() -> Response:
    response = error_response(401, "unauthorized", "The job dashboard is for admins")
    response.headers["WWW-Authenticate"] = 'Basic realm="Rootline jobs"'
    return response


def mount_rq_dashboard(app: Flask) -> None:
    """Mount only when Redis is configured (embedded mode has no queue to show)."""
    if not app.config.get("REDIS_URL"):
        return
    app.config["RQ_DASHBOARD_REDIS_URL"] = [app.config["REDIS_URL"]]
    dashboard_config.serializer = SERIALIZER  # job payloads are JSON (worker.py)
    setup_rq_connection(app)
    app.extensions[CACHE] = BasicAuthCache(float(app.config["BASIC_AUTH_CACHE_SECONDS"]))
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=PREFIX)

    @app.before_request
    def admins_only() -> Response | None:
        if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
            return None
        if request.method not in SAFE_METHODS and not _same_origin():
            return error_response(
                403, "cross_origin", "Requests that change jobs must come from this site"
            )
        try:
            if not _is_admin():
                return _challenge()
        except ApiError as exc:  # rate-limited
            response = error_response(exc.status, exc.code, exc.message, exc.details)
            response.headers["Retry-After"] = str(exc.details["retry_after"])
            return response
        if request.method in SAFE_METHODS and request.endpoint in MUTATING_ON_GET:
            response = error_response(405, "method_not_allowed", "Use POST to change jobs")
            response.headers["Allow"] = "POST"
            return response
        return None
