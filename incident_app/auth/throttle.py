"""The password-guessing limits, shared by every place that checks a password: POST
/api/auth/login and the job dashboard's HTTP Basic (/rq). One budget per client address and
account (LOGIN_RATE_LIMIT) and one per address across accounts (LOGIN_IP_RATE_LIMIT): guessing
at /rq spends the same budget as guessing at the login form, so neither is a way around the
other. The checks outside a route use the limiter's strategy directly; with its storage (Redis)
unreachable they count in this process, as Flask-Limiter's own in-memory fallback does."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

from incident_app.extensions import limiter

# Flask-Limiter shared scopes: its decorators and the checks below name the same counters.
ACCOUNT_SCOPE, ADDRESS_SCOPE = "login-account", "login-address"
_fallback = MovingWindowRateLimiter(MemoryStorage())
log = logging.getLogger("rootline.auth")


def account_key(login: str) -> str:
    """Address and account; hashed, so keys stay short and Redis holds no usernames."""
    account = hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]
    return f"{get_remote_address()}|{account}"


def _login_form_key() -> str:
    body = request.get_json(silent=True)
    login = body.get("username") if isinstance(body, dict) else None
    return account_key(login if isinstance(login, str) else "")


def login_limits(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate the login route with both shared limits (read per request)."""
    per_account = limiter.shared_limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"], ACCOUNT_SCOPE, key_func=_login_form_key
    )
    per_address = limiter.shared_limit(
        lambda: current_app.config["LOGIN_IP_RATE_LIMIT"], ADDRESS_SCOPE
    )
    return per_address(per_account(view))


def _counters(login: str) -> list[tuple[RateLimitItem, str, str]]:
    config = current_app.config
    return [
        (parse(config["LOGIN_RATE_LIMIT"]), account_key(login), ACCOUNT_SCOPE),
        (parse(config["LOGIN_IP_RATE_LIMIT"]), get_remote_address(), ADDRESS_SCOPE),
    ]


def _strategy() -> RateLimiter:
    """The limiter's strategy if its storage answers, else this process's memory."""
    strategy = limiter.limiter
    if strategy.storage.check():  # never raises: an unreachable storage answers False
        return strategy
    log.warning("rate-limit storage unreachable: password checks counted in this process")
    return _fallback


def retry_after(login: str) -> int | None:
    """Seconds until this address may try `login`'s password again; None if it may now."""
    strategy = _strategy()
    waits = [
        strategy.get_window_stats(item, key, scope).reset_time - time.time()
        for item, key, scope in _counters(login)
        if not strategy.test(item, key, scope)
    ]
    return max(1, math.ceil(max(waits))) if waits else None


def count_attempt(login: str) -> None:
    """One password check spent from both budgets."""
    strategy = _strategy()
    for item, key, scope in _counters(login):
        strategy.hit(item, key, scope)
