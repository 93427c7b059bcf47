"""Configuration: production refuses unsafe settings and says why; embedded defaults work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

import config
from config import DevelopmentConfig, ProductionConfig, config_from_env, normalize_database_url


def _production_app(**settings: object) -> Flask:
    app = Flask("probe")
    app.config.from_object(ProductionConfig)
    app.config.update(settings)
    ProductionConfig.init_app(app)
    return app


@pytest.mark.parametrize("secret", ["", "change-me", "short-but-random-7f3a"])
def test_production_refuses_weak_or_missing_secret(secret: str) -> None:
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        _production_app(JWT_SECRET_KEY=secret, SQLALCHEMY_DATABASE_URI="postgresql://x/y")


def test_production_refuses_missing_database_url() -> None:
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        _production_app(JWT_SECRET_KEY="x" * 48, SQLALCHEMY_DATABASE_URI="")


def test_production_accepts_explicit_settings() -> None:
    app = _production_app(JWT_SECRET_KEY="k" * 48, SQLALCHEMY_DATABASE_URI="postgresql://x/y")
    assert app.config["JWT_SECRET_KEY"] == "k" * 48


def test_production_is_the_default_and_unknown_env_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ROOTLINE_ENV", raising=False)
    assert config_from_env() is ProductionConfig
    monkeypatch.setenv("ROOTLINE_ENV", "staging")
    with pytest.raises(RuntimeError, match="ROOTLINE_ENV"):
        config_from_env()


def test_development_fills_embedded_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    app = Flask("probe")
    app.config.from_object(DevelopmentConfig)
    app.config.update(SQLALCHEMY_DATABASE_URI="", JWT_SECRET_KEY="")
    DevelopmentConfig.init_app(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'rootline.db'}"
    secret = app.config["JWT_SECRET_KEY"]
    assert len(secret) >= 48
    # The generated secret is kept, so restarts keep sessions valid.
    again = Flask("probe2")
    again.config.update(SQLALCHEMY_DATABASE_URI="", JWT_SECRET_KEY="")
    DevelopmentConfig.init_app(again)
    assert again.config["JWT_SECRET_KEY"] == secret


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg2(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


def test_a_bad_reference_offset_refuses_to_start() -> None:
    from incident_app import create_app

    bad = type("BadReference", (config.TestingConfig,), {"CORRELATION_REFERENCE": "1d,3x"})
    with pytest.raises(RuntimeError, match="Refusing to start: CORRELATION_REFERENCE: '3x'"):
        create_app(bad)


def test_reference_windows_are_on_outside_tests() -> None:
    assert config.TestingConfig.CORRELATION_REFERENCE == ""  # query counts in tests stay put
    default = os.environ.get("CORRELATION_REFERENCE", "before,1d,7d")
    live = {c.CORRELATION_REFERENCE for c in (config.ProductionConfig, config.DevelopmentConfig)}
    assert live == {default}
