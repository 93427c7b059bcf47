"""Account logic: registration, credential checks, password changes and signing out everywhere."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, or_, select, text

from incident_app.auth.passwords import check_password, hash_password, password_problem
from incident_app.auth.schemas import RegisterIn
from incident_app.errors import ApiError, field_error
from incident_app.extensions import db
from incident_app.models import Role, User, utcnow

# Serializes concurrent registrations on PostgreSQL so at most one first user becomes admin.
REGISTRATION_LOCK_KEY = 0x526F6F74


def register_user(data: RegisterIn, role: Role | None = None) -> User:
    """Create an account with `role`; by default a viewer, or the admin if it is the first
    account and FIRST_USER_ADMIN allows that (development: on; production: off, the first admin
    comes from `flask users create-admin`)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": REGISTRATION_LOCK_KEY}
        )
    email = str(data.email).lower()
    taken = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(or_(User.username == data.username, User.email == email))
    )
    if taken:
        # One answer for either clash: which one would tell whether an account exists.
        raise ApiError(409, "already_exists", "That username or email is already registered")
    if role is None:
        first = db.session.scalar(select(func.count()).select_from(User)) == 0
        role = Role.admin if first and current_app.config["FIRST_USER_ADMIN"] else Role.viewer
    user = User(
        username=data.username,
        email=email,
        password_hash=hash_password(data.password),
        role=role,
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


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password (registration's rules) once the current one is proven; every token
    issued so far stops working."""
    if not check_password(current, user.password_hash):
        raise ApiError(403, "invalid_credentials", "The current password is wrong")
    problem = password_problem(new, user.username, user.email)
    if problem:
        raise field_error("new_password", problem)
    user.password_hash = hash_password(new)
    user.sign_out_everywhere()
    db.session.commit()
