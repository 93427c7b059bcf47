"""The web UI: the built React app (WEB_UI_DIR, default frontend/dist) served at `/`.

Files in the build are served as they are (hashed `assets/` cached for a year, the rest
revalidated); any other path a browser navigates to gets index.html, so client routes such as
/incidents/<id> survive a reload. Paths under /api, /rq, /health, /metrics and
/simulation/metrics never fall back: they keep their JSON 404s (/simulation itself is a client
route).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_from_directory
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter
from werkzeug.security import safe_join

from incident_app.errors import ApiError

bp = Blueprint("webui", __name__)
YEAR = 365 * 24 * 3600


class ClientPath(BaseConverter):
    """Any path outside the server's own prefixes."""

    regex = r"(?!(?:api|rq|health|metrics|simulation/metrics)(?:/|$))[^/].*?"
    part_isolating = False


@bp.record_once
def _register_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters["client"] = ClientPath


def _index(dist: Path) -> Response:
    if not (dist / "index.html").is_file():
        raise ApiError(
            404,
            "ui_not_built",
            "The web UI is not built: run `make install` (npm ci and vite build in frontend/)",
        )
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def index() -> Response:
    return _index(Path(current_app.config["WEB_UI_DIR"]))


@bp.get("/<client:path>")
def client_route(path: str) -> Response:
    dist = Path(current_app.config["WEB_UI_DIR"])
    file = safe_join(str(dist), path)
    if file is not None and Path(file).is_file():
        return send_from_directory(dist, path, max_age=YEAR if path.startswith("assets/") else 0)
    if not request.accept_mimetypes.accept_html:
        raise ApiError(404, "not_found", f"{request.path} does not exist")
    return _index(dist)
