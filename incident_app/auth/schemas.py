"""Auth request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from incident_app.api.schemas import Input, Output
from incident_app.models import Role


def _password_fits_bcrypt(value: str) -> str:
    if len(value.encode()) > 72:
        raise ValueError("must be at most 72 bytes (bcrypt ignores the rest)")
    return value


Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        min_length=3,
        max_length=64,
        # Checked before to_lower is applied, so accept upper case here; it is stored lowered.
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    ),
]
Password = Annotated[str, Field(min_length=8, max_length=72), AfterValidator(_password_fits_bcrypt)]


class RegisterIn(Input):
    username: Username
    email: EmailStr
    password: Password


class LoginIn(Input):
    username: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=254)
    ]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class LogoutIn(Input):
    refresh_token: str | None = Field(None, max_length=4096)


class UserOut(Output):
    id: uuid.UUID
    username: str
    email: str
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class TokensOut(Output):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int
    user: UserOut


class AccessTokenOut(Output):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
