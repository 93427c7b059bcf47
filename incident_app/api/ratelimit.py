"""Rate-limit keys for Flask-Limiter beyond the client address of its default."""

from __future__ import annotations

from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_limiter.util import get_remote_address


def user_rate_key() -> str:
    """Per signed-in user (a verified token's subject, so nobody can spend another user's
    budget), else per client address; the limiter runs before the route's own auth check."""
    try:
        verify_jwt_in_request(optional=True, locations=["headers"])
        identity = get_jwt_identity()
    except Exception:  # invalid, expired, revoked: the route itself answers 401
        identity = None
    return f"user:{identity}" if identity else f"addr:{get_remote_address()}"
