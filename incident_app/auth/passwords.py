"""bcrypt hashing; a dummy check makes unknown usernames as slow as wrong passwords."""

from __future__ import annotations

import bcrypt

_DUMMY_HASH = bcrypt.hashpw(b"rootline-dummy-password", bcrypt.gensalt())


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        bcrypt.checkpw(password.encode(), _DUMMY_HASH)
        return False
    return bcrypt.checkpw(password.encode(), password_hash.encode())
