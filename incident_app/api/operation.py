"""`@operation`: one decorator that authorizes, validates and serializes a route.

The same pydantic models that validate a request are the ones the OpenAPI document is built
from (see openapi.py), so the published contract cannot drift from the enforced one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, jsonify, request
from flask_jwt_extended import current_user, verify_jwt_in_request
from pydantic import BaseModel, ValidationError

from incident_app.errors import ApiError, validation_details
from incident_app.models.user import Role

OPERATION_ATTR = "__rootline_operation__"


@dataclass(frozen=True)
class Operation:
    """What a route promises: who may call it, what it accepts, what it answers."""

    summary: str
    role: Role | None
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    description: str = ""
    refresh_token: bool = False  # authenticate with the refresh token instead of the access one
    extra_responses: dict[int, str] = field(default_factory=dict)


def get_operation(view: Callable[..., Any]) -> Operation | None:
    op: Operation | None = getattr(view, OPERATION_ATTR, None)
    return op


def authorize(role: Role, *, refresh: bool = False) -> Any:
    """Require a valid token whose (current, database-backed) user holds `role`."""
    verify_jwt_in_request(refresh=refresh)
    user = current_user
    if not user.role.allows(role):
        raise ApiError(
            403, "forbidden", f"This action needs the {role.value} role", {"required_role": role}
        )
    return user


def parse_body(model: type[BaseModel]) -> BaseModel:
    if (
        not request.content_length
        and not request.data
        and not any(f.is_required() for f in model.model_fields.values())
    ):
        return model.model_validate({})  # an optional body may be left out entirely
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "malformed_json", "The request body is not valid JSON")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(
            422, "validation_error", "The request body is invalid", validation_details(exc)
        ) from None


def parse_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise ApiError(
            422,
            "validation_error",
            "The query parameters are invalid",
            validation_details(exc, "query."),
        ) from None


def operation(
    summary: str,
    *,
    role: Role | None,
    tag: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int | None = None,
    description: str = "",
    extra_responses: dict[int, str] | None = None,
    refresh_token: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Declare a route's contract. `role=None` marks it public; views get `body`/`query` kwargs
    and may return an ORM object, which is serialized through `response`."""
    op = Operation(
        summary=summary,
        role=role,
        tag=tag,
        body=body,
        query=query,
        response=response,
        status=status or (200 if response else 204),
        description=description,
        extra_responses=extra_responses or {},
        refresh_token=refresh_token,
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Response]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            if op.role is not None:
                authorize(op.role, refresh=op.refresh_token)
            if op.query is not None:
                kwargs["query"] = parse_query(op.query)
            if op.body is not None:
                kwargs["body"] = parse_body(op.body)
            result = view(*args, **kwargs)
            if op.response is None:
                return Response(status=op.status)
            if not isinstance(result, op.response):
                result = op.response.model_validate(result, from_attributes=True)
            reply = jsonify(result.model_dump(mode="json"))
            reply.status_code = op.status
            return reply

        setattr(wrapper, OPERATION_ATTR, op)
        return wrapper

    return decorate
