"""Build the OpenAPI 3.1 document from the registered routes and their `Operation`s."""

from __future__ import annotations

import re
from typing import Any, Literal

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from incident_app.api.operation import Operation, get_operation
from incident_app.api.schemas import ErrorResponse, non_null

REF = "#/components/schemas/{model}"
PATH_ARG = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")
CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "int": {"type": "integer"},
    "string": {"type": "string"},
}


def _routes(app: Flask) -> list[tuple[str, str, str, Operation]]:
    routes = []
    for rule in app.url_map.iter_rules():
        op = get_operation(app.view_functions[rule.endpoint])
        if op is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method.lower(), rule.endpoint, op))
    return routes


def _event_schema(data: dict[str, Any]) -> dict[str, Any]:
    """One Server-Sent Event, as an event-stream schema describes each event (OpenAPI 3.2's
    itemSchema reading, which tools apply to 3.1 too): its fields, `data` being JSON text, `data`
    for the stream's data events and `{}` for its control events (the opening `ready`)."""
    return {
        "type": "object",
        "required": ["data"],
        "properties": {
            "event": {"type": "string"},
            "id": {"type": "string"},
            "retry": {"type": "integer"},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": {"anyOf": [data, {"type": "object", "maxProperties": 0}]},
            },
        },
    }


# The errors any operation can answer with, by what it takes; `extra_responses` adds the
# operation-specific ones (409 conflicts, 503 when a dependency is down, ...).
AUTH_ERRORS = {
    401: "No valid token (missing, malformed, expired, revoked, or its user disabled)",
    403: "The token's user (or integration) may not do this",
}
BODY_ERRORS = {
    400: "The body is not valid JSON",
    413: "The body is too large",
    415: "The body is not application/json",
    422: "The body or parameters are invalid (details name each field)",
}
QUERY_ERRORS = {422: "The parameters are invalid (details name each field)"}
RATE_LIMITED = {429: "Too many requests from this address; retry later"}


def _error_codes(op: Operation, has_path_params: bool) -> dict[int, str]:
    codes: dict[int, str] = {}
    if not op.public:
        codes |= AUTH_ERRORS
    else:
        codes |= RATE_LIMITED  # the public operations (register, login) are rate-limited
    if has_path_params:
        codes[404] = "No such resource"
    if op.query is not None:
        codes |= QUERY_ERRORS
    if op.body is not None:
        codes |= BODY_ERRORS
    return {**codes, **op.extra_responses}


def build_openapi(app: Flask, *, title: str, version: str) -> dict[str, Any]:
    routes = _routes(app)
    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorResponse, "serialization")]
    for *_, op in routes:
        wanted += [(m, "validation") for m in (op.body, op.query) if m is not None]
        if op.response is not None:
            wanted.append((op.response, "serialization"))
    refs, defs = models_json_schema(list(dict.fromkeys(wanted)), ref_template=REF)
    components: dict[str, Any] = defs.get("$defs", {})

    def ref(model: type[BaseModel], mode: Literal["validation", "serialization"]) -> Any:
        return refs[(model, mode)]

    paths: dict[str, dict[str, Any]] = {}
    for rule, method, endpoint, op in routes:
        params: list[dict[str, Any]] = [
            {
                "name": m["name"],
                "in": "path",
                "required": True,
                "schema": CONVERTER_SCHEMAS.get(m["conv"] or "string", {"type": "string"}),
            }
            for m in PATH_ARG.finditer(rule)
        ]
        if op.query is not None:
            schema = components[ref(op.query, "validation")["$ref"].rsplit("/", 1)[-1]]
            required = set(schema.get("required", []))
            params += [
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "schema": non_null(prop),  # query values are never null
                }
                for name, prop in schema.get("properties", {}).items()
            ]
        success: dict[str, Any] = {"description": op.summary}
        if op.response is not None:
            body = ref(op.response, "serialization")
            success["content"] = (
                {"text/event-stream": {"schema": _event_schema(body)}}
                if op.event_stream
                else {"application/json": {"schema": body}}
            )
        responses: dict[str, Any] = {
            str(op.status): success,
            "default": {
                "description": "Error",
                "content": {"application/json": {"schema": ref(ErrorResponse, "serialization")}},
            },
        }
        for code, text in sorted(_error_codes(op, bool(PATH_ARG.search(rule))).items()):
            responses[str(code)] = {
                "description": text,
                "content": {"application/json": {"schema": ref(ErrorResponse, "serialization")}},
            }
        entry: dict[str, Any] = {
            "operationId": endpoint.replace(".", "_"),
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": params,
            "responses": responses,
        }
        if op.description:
            entry["description"] = op.description
        if op.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref(op.body, "validation")}},
            }
        if op.integration is not None:
            entry["security"] = [{"integrationToken": []}]
            entry["x-integration-kind"] = op.integration.value
        if op.role is not None:
            entry["security"] = [{"bearerAuth": []}]
            entry["x-required-role"] = op.role.value
            if op.refresh_token:
                entry["x-token-type"] = "refresh"
        paths.setdefault(PATH_ARG.sub(r"{\g<name>}", rule), {})[method] = entry

    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "integrationToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An integration's token from POST /api/integrations",
                },
            },
        },
    }
