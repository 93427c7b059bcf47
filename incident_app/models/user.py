"""Users, their role, and revoked JWTs."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from incident_app.models.base import Base, Timestamps, UTCDateTime, UUIDPk, utcnow


class Role(enum.StrEnum):
    """Roles are ranked: each one may do everything the ones below it may."""

    viewer = "viewer"
    responder = "responder"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, required: Role) -> bool:
        return self.rank >= required.rank


class User(UUIDPk, Timestamps, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(128), nullable=False)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, length=16), nullable=False
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Tokens (refresh tokens too) issued before this are refused: disabling the account,
    # changing its password and signing out everywhere move it. None: no cut-off.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def sign_out_everywhere(self) -> None:
        self.tokens_valid_after = utcnow()


class RevokedToken(Base):
    """A logged-out JWT, kept until it would have expired anyway."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_type: Mapped[str] = mapped_column(String(16), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
