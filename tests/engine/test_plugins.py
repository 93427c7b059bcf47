"""Plugin discovery: entry points (built-in and third-party), defensive loading, config."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Actor, make_app
from flask import Flask
from flask.testing import FlaskClient

from incident_app.correlation.hookspecs import Analyzer
from incident_app.correlation.plugins import load_plugins

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rootline-log-volume"


@pytest.fixture(scope="session")
def example_installed() -> None:
    """Install the example package the way a user would (pip, not editable)."""
    if importlib.util.find_spec("rootline_log_volume") is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", str(EXAMPLE)],
            check=True,
        )
        importlib.invalidate_caches()


def test_third_party_package_is_discovered_through_its_entry_point(example_installed: None) -> None:
    plugins = load_plugins()
    entry = plugins.analyzers["log-volume"]
    assert isinstance(entry.analyzer, Analyzer)
    assert entry.distribution == "rootline-log-volume 0.2.0"
    assert entry.plugin == "log-volume" and entry.enabled


def test_builtin_analyzers_use_the_same_entry_points() -> None:
    plugins = load_plugins()
    for name in ("metrics", "logs", "traces", "k8s"):
        assert plugins.analyzers[name].distribution.startswith("rootline ")


def test_broken_and_misbehaving_plugins_are_reported_not_fatal() -> None:
    plugins = load_plugins(modules=["broken_plugin", "misbehaving_plugins", "no.such.module"])
    assert "ImportError" in plugins.failures["broken_plugin"]
    assert "ModuleNotFoundError" in plugins.failures["no.such.module"]
    assert plugins.failures["misbehaving_plugins:"] == "not an Analyzer"
    assert {"raising", "hanging"} <= set(plugins.analyzers)


def test_disabled_analyzers_do_not_run(example_installed: None) -> None:
    plugins = load_plugins(disabled=["log-volume"])
    assert plugins.analyzers["log-volume"].enabled is False
    assert "log-volume" not in [a.name for a in plugins.enabled()]


def test_api_and_cli_list_analyzers(pg_url: str, app: Flask, example_installed: None) -> None:
    custom = make_app(pg_url, DISABLED_ANALYZERS=["traces"], PLUGIN_MODULES=["broken_plugin"])
    from conftest import create_actor

    from incident_app.models import Role

    viewer: Actor = create_actor(custom, Role.viewer)
    client: FlaskClient = custom.test_client()
    body = client.get("/api/analyzers", headers=viewer.headers).get_json()
    by_name = {a["name"]: a for a in body["analyzers"]}
    assert by_name["traces"]["status"] == "disabled"
    assert by_name["log-volume"]["signals"] == ["logs"]
    assert by_name["metrics"]["status"] == "enabled"
    assert body["failures"][0]["plugin"] == "broken_plugin"
    assert client.get("/api/analyzers").status_code == 401

    out = custom.test_cli_runner().invoke(args=["analyzers", "list"]).output
    assert "log-volume\t0.2.0\tlogs\tenabled\trootline-log-volume 0.2.0" in out
    assert "traces" in out and "disabled" in out
    assert "FAILED broken_plugin" in out
