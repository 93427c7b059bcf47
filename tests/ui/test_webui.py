"""The built web UI at `/`: files as they are, client routes fall back to index.html, and the
API's own paths keep their JSON errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_app
from flask import Flask
from flask.testing import FlaskClient

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
INDEX = "<!doctype html><title>Rootline</title><div id=root></div>"


@pytest.fixture
def ui(pg_url: str, app: Flask, tmp_path: Path) -> FlaskClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-3f2a.js").write_text("console.log('rootline')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return make_app(pg_url, WEB_UI_DIR=str(tmp_path)).test_client()


def test_index_is_served_and_revalidated(ui: FlaskClient) -> None:
    response = ui.get("/", headers=HTML)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == INDEX
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path", ["/incidents/0b5c7f0e-9c1b-4b5e-8d55-5f0b6a0d1e11", "/slos", "/login"]
)
def test_client_routes_fall_back_to_the_index(ui: FlaskClient, path: str) -> None:
    response = ui.get(path, headers=HTML)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == INDEX


def test_hashed_assets_are_cached_for_a_year(ui: FlaskClient) -> None:
    asset = ui.get("/assets/index-3f2a.js")
    assert asset.status_code == 200
    assert asset.get_data(as_text=True) == "console.log('rootline')"
    assert "max-age=31536000" in asset.headers["Cache-Control"]
    favicon = ui.get("/favicon.svg")
    assert favicon.status_code == 200 and "max-age=31536000" not in favicon.headers.get(
        "Cache-Control", ""
    )


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/nope", 404),
        ("post", "/api/nope", 404),
        ("get", "/api", 404),
        ("get", "/rq/nope", 401),  # the RQ dashboard's own answer
        ("delete", "/api/auth/login", 405),
    ],
)
def test_server_paths_never_fall_back(ui: FlaskClient, method: str, path: str, status: int) -> None:
    response = getattr(ui, method)(path, headers=HTML)
    assert response.status_code == status
    assert INDEX not in response.get_data(as_text=True)


def test_health_stays_json(ui: FlaskClient) -> None:
    response = ui.get("/health", headers=HTML)
    assert response.status_code == 200 and response.get_json()["status"] in {"ok", "degraded"}


def test_only_page_navigations_get_the_index(ui: FlaskClient) -> None:
    assert ui.get("/missing.png", headers={"Accept": "image/*"}).status_code == 404
    assert ui.get("/assets/missing.js", headers={"Accept": "*/*"}).status_code == 200
    traversal = ui.get("/assets/../../etc/passwd", headers={"Accept": "image/*"})
    assert traversal.status_code == 404


def test_an_unbuilt_ui_says_how_to_build_it(pg_url: str, app: Flask, tmp_path: Path) -> None:
    client = make_app(pg_url, WEB_UI_DIR=str(tmp_path / "missing")).test_client()
    response = client.get("/", headers=HTML)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "ui_not_built"
    assert "make install" in response.get_json()["error"]["message"]
