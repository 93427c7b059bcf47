"""`/api/openapi.json` and interactive docs at `/api/docs`.

Swagger UI 5 (the first major version that reads OpenAPI 3.1) comes from the flask-swagger-ui
wheel's `dist/` folder and is served by this blueprint, so the docs work offline. The page has
no inline script: its init call is our own static file, so the CSP needs no hash.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, send_from_directory

from incident_app.api.openapi import build_openapi

bp = Blueprint("docs", __name__)

SWAGGER_UI_DIR = Path(str(files("flask_swagger_ui") / "dist"))
INIT_SCRIPT = "rootline-docs.js"  # next to this module; the only file not from Swagger UI

DOCS_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rootline API</title>
<link rel="stylesheet" href="/api/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/docs/static/{INIT_SCRIPT}"></script>
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
    folder = Path(__file__).parent if filename == INIT_SCRIPT else SWAGGER_UI_DIR
    return send_from_directory(folder, filename, max_age=3600)
