"""Rate-limit keys for Flask-Limiter beyond the client address of its default."""

from __future__ import annotations

from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_limiter.util import get_remote_address


def token_subject() -> str | None:
    """The user id of the request's verified bearer token, or None. Rate limits run before the
    route's own auth check, so they verify here: nobody can spend another user's budget."""
    try:
        verify_jwt_in_request(optional=True, locations=["headers"])
        identity = get_jwt_identity()
    except Exception:  # invalid, expired, revoked: the route itself answers 401
        return None
    return str(identity) if identity else None


def user_rate_key() -> str:
    """Per signed-in user, else per client address."""
    identity = token_subject()
    return f"user:{identity}" if identity else f"addr:{get_remote_address()}"
