"""User-directory request models (responses reuse auth.schemas.UserOut)."""

from __future__ import annotations

from pydantic import Field, field_validator

from incident_app.api.schemas import Input, PageQuery
from incident_app.models import Role


class UserQuery(PageQuery):
    role: Role | None = None
    q: str | None = Field(None, max_length=64, description="Substring of username or email")


class UserPatch(Input):
    role: Role | None = None
    is_active: bool | None = None

    @field_validator("role", "is_active")
    @classmethod
    def not_null(cls, value: object) -> object:
        """Omit a field to leave it unchanged; an explicit null would violate NOT NULL.

        (Field validators do not run on defaults, so this only sees values that were sent.)"""
        if value is None:
            raise ValueError("cannot be null")
        return value
