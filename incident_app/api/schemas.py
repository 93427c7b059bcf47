"""Schemas every blueprint shares: the error envelope, pagination, and strict input models."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

T = TypeVar("T")


# PostgreSQL text and JSONB cannot hold NUL, and an unpaired UTF-16 surrogate (JSON allows the
# escape "\ud800") has no UTF-8 encoding: both would reach the database as a 500.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable(value: Any) -> bool:
    """Whether a NUL or a lone surrogate is anywhere in a JSON value, keys included."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_unstorable(item) for item in value)
    return False


def reject_unstorable(value: Any) -> Any:
    """Refuse what the database cannot store as a field error (422), not a 500."""
    if has_unstorable(value):
        raise ValueError("must not contain NUL (\\u0000) or unpaired surrogate characters")
    return value


def non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A field schema without the null branch of its Optional (and a `default: null`, which
    would no longer match the schema)."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {
            k: v for k, v in schema.items() if k != "anyOf" and not (k == "default" and v is None)
        }
        return {**options[0], **rest}
    return schema


class Input(BaseModel):
    """Base for request bodies and queries: unknown fields are errors, strings are trimmed, and
    no string anywhere in a field (nested ones too) may hold NUL or a lone surrogate."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _storable = field_validator("*")(reject_unstorable)


class Patch(Input):
    """A partial update: omitted fields stay as they are; only fields named in NULLABLE may be
    cleared with an explicit null (the others would violate NOT NULL), and the published schema
    says so: the other fields' null branch is left out of it."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        target = handler.resolve_ref_schema(json_schema)
        properties = target.get("properties", {})
        for name, prop in properties.items():
            if name not in cls.NULLABLE:
                properties[name] = non_null(prop)
        return json_schema

    @field_validator("*")
    @classmethod
    def not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("cannot be null")
        return value

    @model_validator(mode="after")
    def changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("the patch changes nothing")
        return self


class Output(BaseModel):
    """Base for responses: built straight from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class PageQuery(Input):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(25, ge=1, le=100)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
