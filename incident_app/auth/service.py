"""Account logic: registration (first user becomes admin) and credential checks."""

from __future__ import annotations

from sqlalchemy import func, or_, select, text

from incident_app.auth.passwords import check_password, hash_password
from incident_app.auth.schemas import RegisterIn
from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.models import Role, User, utcnow

# Serializes concurrent registrations on PostgreSQL so exactly one first user becomes admin.
REGISTRATION_LOCK_KEY = 0x526F6F74


def register_user(data: RegisterIn) -> User:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": REGISTRATION_LOCK_KEY}
        )
    email = str(data.email).lower()
    taken = db.session.execute(
        select(User.username, User.email).where(
            or_(User.username == data.username, User.email == email)
        )
    ).first()
    if taken is not None:
        field = "username" if taken.username == data.username else "email"
        raise ApiError(
            409,
            "already_exists",
            f"That {field} is already registered",
            [{"field": field, "message": "already registered"}],
        )
    first = db.session.scalar(select(func.count()).select_from(User)) == 0
    user = User(
        username=data.username,
        email=email,
        password_hash=hash_password(data.password),
        role=Role.admin if first else Role.viewer,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(login: str, password: str) -> User:
    """The active user with these credentials (username or email), else a terse 401."""
    user = db.session.scalar(select(User).where(or_(User.username == login, User.email == login)))
    if not check_password(password, user.password_hash if user else None) or user is None:
        raise ApiError(401, "invalid_credentials", "Unknown username or wrong password")
    if not user.is_active:
        raise ApiError(403, "account_disabled", "This account is disabled")
    user.last_login_at = utcnow()
    db.session.commit()
    return user
