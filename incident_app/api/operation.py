"""`@operation`: one decorator that authorizes, validates and serializes a route.

A route is called by a signed-in user holding `role`, or (webhook receivers only) by an
integration holding its token, or, for register and login alone, by anyone.

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
from sqlalchemy import select

from incident_app.api.json_provider import MAX_DEPTH
from incident_app.errors import ApiError, validation_details
from incident_app.extensions import db
from incident_app.incidents.cache import cached_response
from incident_app.integrations.tokens import hash_token
from incident_app.models.alert import Integration, IntegrationKind
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
    # A webhook receiver: authenticated by a token of an integration of this kind, not a user.
    integration: IntegrationKind | None = None
    # A Server-Sent Events stream: the view returns the streaming Response itself (described by
    # `response`, one JSON object per event), and since EventSource cannot send headers the
    # access token may also come as the `access_token` query parameter (on this route alone).
    event_stream: bool = False
    # A read whose JSON each process keeps until a commit changes what it shows
    # (incidents/cache.py); authentication and role checks still run on every call.
    cached: bool = False

    @property
    def public(self) -> bool:
        return self.role is None and self.integration is None


def get_operation(view: Callable[..., Any]) -> Operation | None:
    op: Operation | None = getattr(view, OPERATION_ATTR, None)
    return op


def authorize(role: Role, *, refresh: bool = False, token_in_query: bool = False) -> Any:
    """Require a valid token whose (current, database-backed) user holds `role`; the token is
    read from the Authorization header, or also from the query string if `token_in_query`."""
    verify_jwt_in_request(
        refresh=refresh, locations=["headers", "query_string"] if token_in_query else None
    )
    user = current_user
    if not user.role.allows(role):
        raise ApiError(
            403, "forbidden", f"This action needs the {role.value} role", {"required_role": role}
        )
    return user


def authenticate_integration(kind: IntegrationKind) -> Integration:
    """The integration whose token is in `Authorization: Bearer <token>`; it must be `kind`."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "unauthorized", "Send the integration token as Authorization: Bearer <token>"
        )
    integration = db.session.scalar(
        select(Integration).where(Integration.token_hash == hash_token(token.strip()))
    )
    if integration is None:
        raise ApiError(401, "invalid_token", "The integration token is unknown or was revoked")
    if integration.kind != kind:
        raise ApiError(
            403,
            "wrong_integration_kind",
            f"This token belongs to a {integration.kind.value} integration; "
            f"deliver to /api/alerts/{integration.kind.value}",
            {"integration_kind": integration.kind.value, "endpoint_kind": kind.value},
        )
    return integration


def parse_body(model: type[BaseModel]) -> BaseModel:
    data: Any = {}  # an optional body may be left out entirely (a patch then changes nothing)
    if (
        request.content_length
        or request.data
        or any(f.is_required() for f in model.model_fields.values())
    ):
        if not request.is_json:
            raise ApiError(415, "unsupported_media_type", "Send the body as application/json")
        data = request.get_json(silent=True)
        if data is None:
            raise ApiError(
                400,
                "malformed_json",
                "The request body is not valid JSON (NaN and Infinity are not JSON; "
                f"objects and arrays nest at most {MAX_DEPTH} levels)",
            )
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
    integration: IntegrationKind | None = None,
    event_stream: bool = False,
    cached: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Declare a route's contract. `role=None` marks it public unless `integration` names the
    kind of integration token it takes (then the view gets an `integration` kwarg); views get
    `body`/`query` kwargs and may return an ORM object, serialized through `response`."""
    if role is not None and integration is not None:
        raise ValueError("a route takes a user role or an integration token, not both")
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
        integration=integration,
        event_stream=event_stream,
        cached=cached,
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Response]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            if op.role is not None:
                authorize(op.role, refresh=op.refresh_token, token_in_query=op.event_stream)
            if op.integration is not None:
                kwargs["integration"] = authenticate_integration(op.integration)
            if op.query is not None:
                kwargs["query"] = parse_query(op.query)
            if op.body is not None:
                kwargs["body"] = parse_body(op.body)
            if op.cached:
                return cached_response(_cache_key(kwargs), lambda: reply(op, view(*args, **kwargs)))
            result = view(*args, **kwargs)
            if op.event_stream:
                stream: Response = result
                return stream
            return reply(op, result)

        setattr(wrapper, OPERATION_ATTR, op)
        return wrapper

    return decorate


def reply(op: Operation, result: Any) -> Response:
    """The view's result serialized through the operation's response model."""
    if op.response is None:
        return Response(status=op.status)
    if not isinstance(result, op.response):
        result = op.response.model_validate(result, from_attributes=True)
    response = jsonify(result.model_dump(mode="json"))
    response.status_code = op.status
    return response


def _cache_key(kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The endpoint and its arguments: path ids and the normalized query."""
    arguments = (
        (name, value.model_dump_json() if isinstance(value, BaseModel) else str(value))
        for name, value in sorted(kwargs.items())
    )
    return (request.endpoint, *arguments)
