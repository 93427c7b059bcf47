"""Password rules, and bcrypt hashing (a dummy check makes unknown usernames and overlong
passwords as slow as wrong passwords)."""

from __future__ import annotations

import re

import bcrypt

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt ignores the rest


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The most common passwords of at least MIN_LENGTH characters (breach corpora) that are not just
# a common word plus digits or symbols; those are caught by COMMON_WORDS, so "Password2024!"
# fails like "password".
COMMON_PASSWORDS = _words(
    """
    1234567890 0123456789 0987654321 1111111111 0000000000 1234512345 1122334455 1q2w3e4r5t
    1qaz2wsx3edc qwertyuiop asdfghjkl; zxcvbnm123 abc1234567 abcdefghij qwer1234 q1w2e3r4t5
    correcthorsebatterystaple
    """
)
COMMON_WORDS = _words(
    """
    password passw0rd p@ssword p@ssw0rd qwerty qwertz azerty asdfgh zxcvbnm letmein welcome
    changeme admin administrator iloveyou sunshine princess football baseball monkey dragon
    master superman starwars trustno secret rootline root login abc qwe
    """
)
_DECORATION = re.compile(r"[\d\W_]+$")


def password_problem(password: str, username: str | None, email: str | None) -> str | None:
    """Why `password` is unacceptable for this account (a message naming no secret), or None."""
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or _DECORATION.sub("", lowered) in COMMON_WORDS:
        return "is one of the most common passwords; choose a less guessable one"
    if username and username.lower() in lowered:
        return "must not contain the username"
    local = (email or "").partition("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        return "must not contain the email address"
    return None


_DUMMY_HASH = bcrypt.hashpw(b"rootline-dummy-password", bcrypt.gensalt())


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str | None) -> bool:
    """Whether `password` matches; a password longer than bcrypt takes never does (no account
    has one, and bcrypt 5 raises on it), checked as slowly as any other."""
    secret = password.encode()
    if password_hash is None or len(secret) > MAX_BYTES:
        bcrypt.checkpw(secret[:MAX_BYTES], _DUMMY_HASH)
        return False
    return bcrypt.checkpw(secret, password_hash.encode())
