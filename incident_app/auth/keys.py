"""JWT signing-key rotation: JWT_SECRET_KEY signs, JWT_PREVIOUS_SECRET_KEYS still verify.

Every token names its key in the `kid` header: a fingerprint (an HMAC of a constant under the
key, so it tells nothing about the key). flask-jwt-extended asks for one decode key per token,
given its unverified header, so the key named by `kid` is handed back; a token without a `kid`
(issued before rotation existed) or with an unknown one gets the current key, and its signature
then decides. Removing a key from JWT_PREVIOUS_SECRET_KEYS invalidates its remaining tokens.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app

KID_LENGTH = 16


def key_id(secret: str) -> str:
    return hmac.new(secret.encode(), b"rootline-jwt-kid", hashlib.sha256).hexdigest()[:KID_LENGTH]


def signing_key() -> str:
    return str(current_app.config["JWT_SECRET_KEY"])


def verification_keys() -> dict[str, str]:
    """kid -> secret for the current key and every previous one still accepted."""
    keys = [signing_key(), *current_app.config.get("JWT_PREVIOUS_SECRET_KEYS", [])]
    return {key_id(key): key for key in reversed(keys)}  # the current key wins a kid clash


def signing_headers(_identity: Any) -> dict[str, str]:
    return {"kid": key_id(signing_key())}


def decode_key(header: dict[str, Any], _payload: dict[str, Any]) -> str:
    kid = header.get("kid")
    keys = verification_keys()
    return keys.get(kid, signing_key()) if isinstance(kid, str) else signing_key()
