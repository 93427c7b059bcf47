"""JWT issuing, revocation, and flask-jwt-extended callbacks answering in our error shape."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, g
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import delete, exists, select

from incident_app.auth.keys import decode_key, signing_headers
from incident_app.errors import error_response
from incident_app.extensions import db, jwt
from incident_app.models import RevokedToken, User, utcnow

# When a token was issued, in microseconds: `iat` has whole seconds, too coarse to tell a
# token issued just before its user's cut-off (User.tokens_valid_after) from one just after.
ISSUED_CLAIM = "iat_us"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // MICROSECOND  # exact: no float rounding


def issued_before_cutoff(payload: dict[str, Any], user: User) -> bool:
    """Whether the token predates its user's tokens_valid_after (a token from before the claim
    existed counts from the start of its `iat` second)."""
    if user.tokens_valid_after is None:
        return False
    issued = payload.get(ISSUED_CLAIM)
    if not isinstance(issued, int):
        issued = int(payload.get("iat", 0)) * 1_000_000
    return issued < _micros(user.tokens_valid_after)


def issue_tokens(user: User, *, with_refresh: bool = True) -> dict[str, str]:
    claims = {
        "user_id": str(user.id),
        "username": user.username,
        "email": user.email,
        "roles": [user.role.value],
        ISSUED_CLAIM: _micros(utcnow()),
    }
    tokens = {
        "access_token": create_access_token(
            identity=str(user.id), additional_claims={**claims, "token_type": "access"}
        ),
        "token_type": "Bearer",
    }
    if with_refresh:
        tokens["refresh_token"] = create_refresh_token(
            identity=str(user.id), additional_claims={**claims, "token_type": "refresh"}
        )
    return tokens


def revoke(payload: dict[str, Any]) -> None:
    """Record a token's jti as revoked (idempotent) and forget revocations of tokens that have
    expired anyway, so the list stays small; caller commits."""
    db.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))
    if db.session.get(RevokedToken, payload["jti"]) is None:
        db.session.add(
            RevokedToken(
                jti=payload["jti"],
                token_type=payload.get("type", "access"),
                expires_at=datetime.fromtimestamp(payload["exp"], UTC),
                revoked_at=utcnow(),
            )
        )


def decode_refresh_token(token: str) -> dict[str, Any]:
    payload: dict[str, Any] = decode_token(token)
    if payload.get("type") != "refresh":
        raise ValueError("not a refresh token")
    return payload


def register_token_callbacks() -> None:
    """Wire flask-jwt-extended to the users table, the revocation list, the key ring and our
    error shape."""
    jwt.additional_headers_loader(signing_headers)
    jwt.decode_key_loader(decode_key)

    # Every request checks its token's jti against the revocation list and its issue time
    # against the user's cut-off, then loads its user (roles are read from the database each
    # time): one query answers all three, and the user waits in `g` for the lookup that
    # flask-jwt-extended makes right after the revocation check.
    @jwt.token_in_blocklist_loader
    def is_revoked(_header: dict[str, Any], payload: dict[str, Any]) -> bool:
        revoked = exists().where(RevokedToken.jti == payload["jti"]).label("revoked")
        try:
            user_id = uuid.UUID(str(payload["sub"]))
        except ValueError:
            return bool(db.session.scalar(select(revoked)))
        row = db.session.execute(select(User, revoked).where(User.id == user_id)).first()
        if row is None:
            return bool(db.session.scalar(select(revoked)))
        g.rootline_token_user = (payload["jti"], row[0])
        return bool(row[1]) or issued_before_cutoff(payload, row[0])

    @jwt.user_lookup_loader
    def load_user(_header: dict[str, Any], payload: dict[str, Any]) -> User | None:
        jti, user = g.pop("rootline_token_user", (None, None))
        if jti != payload["jti"]:
            try:
                user = db.session.get(User, uuid.UUID(str(payload["sub"])))
            except ValueError:
                return None
        return user if user is not None and user.is_active else None

    def unauthorized(code: str, message: str) -> Response:
        response = error_response(401, code, message)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @jwt.unauthorized_loader
    def missing_token(reason: str) -> Response:
        return unauthorized("unauthorized", f"Authentication required: {reason}")

    @jwt.invalid_token_loader
    def invalid_token(reason: str) -> Response:
        return unauthorized("invalid_token", f"The token is invalid: {reason}")

    @jwt.expired_token_loader
    def expired_token(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return unauthorized("token_expired", "The token has expired; refresh or log in again")

    @jwt.revoked_token_loader
    def revoked_token(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return unauthorized("token_revoked", "The token has been revoked; log in again")

    @jwt.user_lookup_error_loader
    def unknown_user(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return unauthorized("unauthorized", "The token's user no longer exists or is disabled")

    @jwt.needs_fresh_token_loader
    def needs_fresh(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return unauthorized("fresh_token_required", "This action needs a fresh login")

    @jwt.token_verification_failed_loader
    def failed(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return unauthorized("invalid_token", "The token failed verification")
