"""`/api/openapi.json` and interactive docs at `/api/docs` (Swagger UI served locally)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from incident_app.api.openapi import build_openapi

bp = Blueprint("docs", __name__)

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rootline API</title>
<link rel="stylesheet" href="/api/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/static/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui",
  persistAuthorization: true});</script>
</body></html>"""


@bp.get("/api/openapi.json")
def openapi_document() -> Response:
    from incident_app import __version__

    doc = current_app.extensions.get("rootline.openapi")
    if doc is None:
        doc = build_openapi(current_app, title="Rootline API", version=__version__)
        current_app.extensions["rootline.openapi"] = doc
    return jsonify(doc)


@bp.get("/api/docs")
def docs_page() -> Response:
    return Response(DOCS_PAGE, mimetype="text/html")


@bp.get("/api/docs/static/<path:filename>")
def docs_static(filename: str) -> Response:
    return send_from_directory(swagger_ui_path, filename, max_age=3600)
