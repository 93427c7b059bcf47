"""The password-guessing limits, shared by every place that checks a password: POST
/api/auth/login and the job dashboard's HTTP Basic (/rq). One budget per client address and
account (LOGIN_RATE_LIMIT) and one per address across accounts (LOGIN_IP_RATE_LIMIT): guessing
at /rq spends the same budget as guessing at the login form, so neither is a way around the
other."""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse

from incident_app.extensions import limiter

# Flask-Limiter shared scopes: its decorators and the checks below name the same counters.
ACCOUNT_SCOPE, ADDRESS_SCOPE = "login-account", "login-address"


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


def _counters(login: str) -> list[tuple[Any, str, str]]:
    config = current_app.config
    return [
        (parse(config["LOGIN_RATE_LIMIT"]), account_key(login), ACCOUNT_SCOPE),
        (parse(config["LOGIN_IP_RATE_LIMIT"]), get_remote_address(), ADDRESS_SCOPE),
    ]


def retry_after(login: str) -> int | None:
    """Seconds until this address may try `login`'s password again; None if it may now."""
    waits = [
        limiter.limiter.get_window_stats(item, key, scope).reset_time - time.time()
        for item, key, scope in _counters(login)
        if not limiter.limiter.test(item, key, scope)
    ]
    return max(1, math.ceil(max(waits))) if waits else None


def count_attempt(login: str) -> None:
    """One password check spent from both budgets."""
    for item, key, scope in _counters(login):
        limiter.limiter.hit(item, key, scope)
