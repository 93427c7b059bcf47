"""Auth endpoints under /api/auth."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app
from flask_jwt_extended import current_user, get_jwt

from incident_app.api.operation import operation
from incident_app.api.ratelimit import token_subject
from incident_app.auth import schemas, service
from incident_app.auth.throttle import account_key, login_limits
from incident_app.auth.tokens import decode_refresh_token, issue_tokens, revoke
from incident_app.errors import ApiError
from incident_app.extensions import db, limiter
from incident_app.models import Role

bp = Blueprint("auth", __name__, url_prefix="/api/auth")
TAG = "auth"


def password_rate_key() -> str:
    """Current-password guesses count like logins, per address and account (the token's
    verified user; an invalid token spends only its sender's address budget, and is refused)."""
    subject = token_subject()
    return account_key(f"user:{subject}" if subject else "")


def _expires_in() -> int:
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())


@bp.post("/register")
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"])
@operation(
    "Register a user",
    role=None,
    tag=TAG,
    body=schemas.RegisterIn,
    response=schemas.UserOut,
    status=201,
    description="Open unless REGISTRATION_OPEN=false (production's default). New accounts are "
    "viewers; in development the very first one becomes the admin.",
    extra_responses={403: "Self-registration is disabled", 409: "The username or email is taken"},
)
def register(body: schemas.RegisterIn) -> Any:
    if not current_app.config["REGISTRATION_OPEN"]:
        raise ApiError(403, "registration_closed", "Self-registration is disabled here")
    return service.register_user(body)


@bp.post("/login")
@login_limits
@operation(
    "Log in with username (or email) and password",
    role=None,
    tag=TAG,
    body=schemas.LoginIn,
    response=schemas.TokensOut,
    extra_responses={401: "Unknown username, wrong password, or a disabled user"},
)
def login(body: schemas.LoginIn) -> Any:
    user = service.authenticate(body.username, body.password)
    return {**issue_tokens(user), "expires_in": _expires_in(), "user": user}


@bp.post("/refresh")
@operation(
    "Exchange a refresh token for a new access token",
    role=Role.viewer,
    tag=TAG,
    response=schemas.AccessTokenOut,
    description="Send the refresh token (not the access token) as the Bearer token.",
    refresh_token=True,
)
def refresh() -> Any:
    return {**issue_tokens(current_user, with_refresh=False), "expires_in": _expires_in()}


@bp.post("/password")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=password_rate_key)
@operation(
    "Change your password",
    role=Role.viewer,
    tag=TAG,
    body=schemas.PasswordChangeIn,
    response=schemas.TokensOut,
    description="The new password follows registration's rules. Every token issued so far "
    "(refresh tokens too, on every device) stops working; the answer carries fresh ones.",
    extra_responses={403: "The current password is wrong"},
)
def change_password(body: schemas.PasswordChangeIn) -> Any:
    service.change_password(current_user, body.current_password, body.new_password)
    return {**issue_tokens(current_user), "expires_in": _expires_in(), "user": current_user}


def _revoke_when_refused(view: Callable[..., Any]) -> Callable[..., Any]:
    """Logout revokes the presented access token whatever its body holds: the token is
    verified before the body is read, so a body that is then refused (malformed JSON, a
    refresh_token that is no string) still ends the token."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except ApiError as exc:
            if exc.status in (400, 415, 422) and get_jwt().get("type") == "access":
                revoke(get_jwt())
                db.session.commit()
            raise

    return wrapper


@bp.post("/logout")
@_revoke_when_refused
@operation(
    "Revoke the access token (and the refresh token, if given)",
    role=Role.viewer,
    tag=TAG,
    body=schemas.LogoutIn,
    description="The access token is revoked even when the refresh token is then refused "
    "(422 invalid, 403 another user's).",
)
def logout(body: schemas.LogoutIn) -> None:
    revoke(get_jwt())
    db.session.commit()  # first, so a refused refresh token cannot keep the access token alive
    if body.refresh_token:
        try:
            payload = decode_refresh_token(body.refresh_token)
        except Exception:
            raise ApiError(
                422,
                "validation_error",
                "refresh_token is not a valid refresh token (the access token was revoked)",
                [{"field": "refresh_token", "message": "invalid token"}],
            ) from None
        if payload["sub"] != get_jwt()["sub"]:
            raise ApiError(
                403,
                "forbidden",
                "That refresh token belongs to another user (the access token was revoked)",
            )
        revoke(payload)
        db.session.commit()


@bp.post("/logout/everywhere")
@operation(
    "Sign out everywhere",
    role=Role.viewer,
    tag=TAG,
    description="Every token of yours issued until now (access and refresh, on every device, "
    "this one included) stops working.",
)
def logout_everywhere() -> None:
    current_user.sign_out_everywhere()
    db.session.commit()


@bp.get("/me")
@operation("The current user", role=Role.viewer, tag=TAG, response=schemas.UserOut)
def me() -> Any:
    return current_user
