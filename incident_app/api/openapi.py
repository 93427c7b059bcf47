"""Build the OpenAPI 3.1 document from the registered routes and their `Operation`s."""

from __future__ import annotations

import re
from typing import Any, Literal

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from incident_app.api.operation import Operation, get_operation
from incident_app.api.schemas import ErrorResponse

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


def _non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Query parameters are never JSON null: drop the null branch of Optional fields (and a
    `default: null`, which would no longer match the schema)."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {
            k: v for k, v in schema.items() if k != "anyOf" and not (k == "default" and v is None)
        }
        return {**options[0], **rest}
    return schema


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
                    "schema": _non_null(prop),
                }
                for name, prop in schema.get("properties", {}).items()
            ]
        responses: dict[str, Any] = {
            str(op.status): {"description": op.summary}
            if op.response is None
            else {
                "description": op.summary,
                "content": {
                    "text/event-stream" if op.event_stream else "application/json": {
                        "schema": ref(op.response, "serialization")
                    }
                },
            },
            "default": {
                "description": "Error",
                "content": {"application/json": {"schema": ref(ErrorResponse, "serialization")}},
            },
        }
        for code, text in op.extra_responses.items():
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
