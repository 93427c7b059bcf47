"""User-directory request models (responses reuse auth.schemas.UserOut)."""

from __future__ import annotations

from pydantic import Field

from incident_app.api.schemas import PageQuery, Patch
from incident_app.models import Role


class UserQuery(PageQuery):
    role: Role | None = None
    q: str | None = Field(None, max_length=64, description="Substring of username or email")


class UserPatch(Patch):
    role: Role | None = None
    is_active: bool | None = None
