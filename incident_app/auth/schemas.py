"""Auth request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from incident_app.api.schemas import Input, Output
from incident_app.auth.passwords import MAX_BYTES, MIN_LENGTH, password_problem
from incident_app.models import Role


def _password_fits_bcrypt(value: str) -> str:
    if len(value.encode()) > MAX_BYTES:
        raise ValueError(f"must be at most {MAX_BYTES} bytes (bcrypt ignores the rest)")
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
Password = Annotated[
    str,
    Field(
        min_length=MIN_LENGTH,
        max_length=MAX_BYTES,
        description=f"{MIN_LENGTH}+ characters, at most {MAX_BYTES} bytes; not a common "
        "password, and not containing the username or the email's local part",
    ),
    AfterValidator(_password_fits_bcrypt),
]


class RegisterIn(Input):
    username: Username
    email: EmailStr
    password: Password

    @field_validator("password")
    @classmethod
    def _not_guessable(cls, value: str, info: ValidationInfo) -> str:
        # username and email are declared first, so info.data holds them when they were valid.
        problem = password_problem(value, info.data.get("username"), info.data.get("email"))
        if problem:
            raise ValueError(problem)
        return value


class LoginIn(Input):
    username: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=254)
    ]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class PasswordChangeIn(Input):
    current_password: Annotated[str, Field(min_length=1, max_length=1024)]
    new_password: Password


class LogoutIn(Input):
    # No length limit here: whatever it holds, logout revokes the access token first.
    refresh_token: str | None = Field(
        None, description="Also revoke this refresh token (yours, from the same login)"
    )


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
