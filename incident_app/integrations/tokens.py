"""Integration tokens: random, shown once, stored as SHA-256.

The tokens carry 256 random bits, so a fast hash is enough (no password stretching needed) and
lets each webhook delivery find its integration with one indexed lookup."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "rl_"
HINT_LENGTH = 8


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_hint(token: str) -> str:
    """The first characters, so admins can tell tokens apart without seeing them."""
    return token[:HINT_LENGTH]
