"""Rootline configuration, read from the environment.

`ROOTLINE_ENV` picks the class (development, testing, production; default production so a
misconfigured deployment fails loudly instead of running on embedded defaults).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from flask import Flask

INSTANCE_DIR = Path(os.environ.get("ROOTLINE_INSTANCE_DIR", Path(__file__).parent / "instance"))
INSECURE_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """A setting that must be one of `choices`; anything else refuses to start."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise RuntimeError(f"{name}={value!r} is not one of {', '.join(choices)}")
    return value


def normalize_database_url(url: str) -> str:
    """Use psycopg2 for postgres:// URLs (SQLAlchemy 2.1 would pick psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


def _sqlite_url(name: str) -> str:
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / name}"


def _instance_secret() -> str:
    """A random JWT secret kept under instance/ so embedded restarts keep sessions valid."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "jwt-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _weak_secret(secret: str) -> bool:
    return secret.strip().lower() in INSECURE_SECRETS or len(secret) < 32


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY", "")
    # Retired signing keys, still accepted for verification until their tokens expire.
    JWT_PREVIOUS_SECRET_KEYS = _env_list("JWT_PREVIOUS_SECRET_KEYS")
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=int(os.environ.get("JWT_REFRESH_DAYS", "30")))
    JWT_TOKEN_LOCATION: ClassVar[list[str]] = ["headers"]
    JWT_QUERY_STRING_NAME = "access_token"  # read only by the event stream (EventSource)
    CORS_ORIGINS = _env_list("CORS_ORIGINS", "http://localhost:5173,http://localhost:9000")
    PORT = int(os.environ.get("PORT", "9000"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024)))
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")  # per address+user
    LOGIN_IP_RATE_LIMIT = os.environ.get("LOGIN_IP_RATE_LIMIT", "100 per minute")
    # How long /rq remembers a successful HTTP Basic check (0: bcrypt on every request).
    BASIC_AUTH_CACHE_SECONDS = float(os.environ.get("BASIC_AUTH_CACHE_SECONDS", "30"))
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "20 per hour")
    REGISTRATION_OPEN = _env_bool("REGISTRATION_OPEN", True)
    # Live SLO status: evaluations shared per SLO and time bucket, and calls per user.
    SLO_STATUS_CACHE_SECONDS = int(os.environ.get("SLO_STATUS_CACHE_SECONDS", "30"))
    SLO_STATUS_RATE_LIMIT = os.environ.get("SLO_STATUS_RATE_LIMIT", "30 per minute")
    # Whether the first account to register becomes the admin (a convenience for a fresh local
    # install; in production whoever reached a new deployment first would own it).
    FIRST_USER_ADMIN = True
    ACCESS_LOG = _env_bool("ACCESS_LOG", True)
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0"))  # Strict-Transport-Security max-age
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))  # X-Forwarded-* to trust
    # Telemetry sources and simulation (used by the correlation engine and the demo).
    PROMETHEUS_URL = os.environ.get("PROMETHEUS_URL", "")
    LOKI_URL = os.environ.get("LOKI_URL", "")
    TEMPO_URL = os.environ.get("TEMPO_URL", "")
    # Their credentials (see incident_app/correlation/sources/access.py): X-Scope-OrgID tenant,
    # HTTP Basic, or a bearer token; never only inside the URL, which is shown in health and logs.
    PROMETHEUS_TENANT = os.environ.get("PROMETHEUS_TENANT", "")
    PROMETHEUS_USERNAME = os.environ.get("PROMETHEUS_USERNAME", "")
    PROMETHEUS_PASSWORD = os.environ.get("PROMETHEUS_PASSWORD", "")
    PROMETHEUS_BEARER_TOKEN = os.environ.get("PROMETHEUS_BEARER_TOKEN", "")
    LOKI_TENANT = os.environ.get("LOKI_TENANT", "")
    LOKI_USERNAME = os.environ.get("LOKI_USERNAME", "")
    LOKI_PASSWORD = os.environ.get("LOKI_PASSWORD", "")
    LOKI_BEARER_TOKEN = os.environ.get("LOKI_BEARER_TOKEN", "")
    TEMPO_TENANT = os.environ.get("TEMPO_TENANT", "")
    TEMPO_USERNAME = os.environ.get("TEMPO_USERNAME", "")
    TEMPO_PASSWORD = os.environ.get("TEMPO_PASSWORD", "")
    TEMPO_BEARER_TOKEN = os.environ.get("TEMPO_BEARER_TOKEN", "")
    KUBECONFIG = os.environ.get("KUBECONFIG", "")
    KUBERNETES_IN_CLUSTER = _env_bool("KUBERNETES_IN_CLUSTER", False)
    KUBERNETES_API_URL = os.environ.get("KUBERNETES_API_URL", "")
    # Namespaces the Kubernetes source may read (one RoleBinding each); empty: any the catalog names
    KUBERNETES_NAMESPACES = _env_list("KUBERNETES_NAMESPACES")
    SIMULATION_ENABLED = _env_bool("SIMULATION_ENABLED", False)
    SIMULATION_TOPOLOGY = os.environ.get("SIMULATION_TOPOLOGY", "")  # default: the shop
    SIMULATION_SEED = int(os.environ.get("SIMULATION_SEED", "7"))
    SIMULATION_BACKFILL_MINUTES = float(os.environ.get("SIMULATION_BACKFILL_MINUTES", "30"))
    SIMULATION_RETENTION_MINUTES = float(os.environ.get("SIMULATION_RETENTION_MINUTES", "120"))
    SIMULATION_ANALYSIS_DELAY_SECONDS = float(
        os.environ.get("SIMULATION_ANALYSIS_DELAY_SECONDS", "20")
    )
    # Correlation engine.
    CORRELATION_MAX_CONCURRENT = int(os.environ.get("CORRELATION_MAX_CONCURRENT", "10"))
    WORKER_METRICS_PORT = int(os.environ.get("WORKER_METRICS_PORT", "9101"))  # 0: not served
    # Where `flask worker` serves them: HOST when set, else loopback only (0.0.0.0 in a container
    # that Prometheus scrapes over the network).
    WORKER_METRICS_HOST = os.environ.get("WORKER_METRICS_HOST", os.environ.get("HOST", "127.0.0.1"))
    CORRELATION_JOB_TIMEOUT = int(os.environ.get("CORRELATION_JOB_TIMEOUT", "300"))
    CORRELATION_SLOT_WAIT_SECONDS = float(os.environ.get("CORRELATION_SLOT_WAIT_SECONDS", "60"))
    CORRELATION_LOOKBACK_MINUTES = int(os.environ.get("CORRELATION_LOOKBACK_MINUTES", "30"))
    CORRELATION_AFTER_MINUTES = int(os.environ.get("CORRELATION_AFTER_MINUTES", "15"))
    CORRELATION_STEP_SECONDS = int(os.environ.get("CORRELATION_STEP_SECONDS", "15"))
    # Reference periods (what normal looks like): the stretch before the baseline, the same
    # window yesterday and a week ago; checked at start (correlation/reference.py).
    CORRELATION_REFERENCE = os.environ.get("CORRELATION_REFERENCE", "before,1d,7d")
    # Outbox relay (in `flask worker`) and the lease a running analysis renews while it works.
    RELAY_INTERVAL_SECONDS = float(os.environ.get("RELAY_INTERVAL_SECONDS", "5"))
    CORRELATION_RUN_LEASE_SECONDS = float(os.environ.get("CORRELATION_RUN_LEASE_SECONDS", "60"))
    SOURCE_TIMEOUT_SECONDS = float(os.environ.get("SOURCE_TIMEOUT_SECONDS", "5"))
    ANALYZER_TIMEOUT_SECONDS = float(os.environ.get("ANALYZER_TIMEOUT_SECONDS", "10"))
    DISABLED_ANALYZERS = _env_list("ROOTLINE_DISABLED_ANALYZERS")
    # Alert intake (Alertmanager and Grafana webhooks).
    ALERT_MAX_PER_DELIVERY = int(os.environ.get("ALERT_MAX_PER_DELIVERY", "1000"))
    ALERT_ALL_RESOLVED_STATUS = _env_choice(
        "ALERT_ALL_RESOLVED_STATUS", "mitigated", ("mitigated", "resolved")
    )
    PLUGIN_MODULES = _env_list("ROOTLINE_PLUGINS")
    # Web UI (frontend/dist) and its live event stream.
    WEB_UI_DIR = os.environ.get("WEB_UI_DIR", str(Path(__file__).parent / "frontend" / "dist"))
    EVENT_STREAM_SECONDS = float(os.environ.get("EVENT_STREAM_SECONDS", "30"))
    EVENT_STREAM_POLL_SECONDS = float(os.environ.get("EVENT_STREAM_POLL_SECONDS", "1"))
    # Each open stream holds a gunicorn thread: gunicorn_conf refuses a cap not below --threads.
    EVENT_STREAM_MAX_CLIENTS = int(os.environ.get("EVENT_STREAM_MAX_CLIENTS", "4"))
    EVENT_STREAM_MAX_PER_USER = int(os.environ.get("EVENT_STREAM_MAX_PER_USER", "2"))

    @classmethod
    def init_app(cls, app: Flask) -> None:
        """Fill settings that need the file system, or refuse unsafe ones (per environment)."""


class DevelopmentConfig(Config):
    """Embedded defaults for `make run`: SQLite under instance/, no Redis needed."""

    ENV_NAME = "development"
    SIMULATION_ENABLED = _env_bool("SIMULATION_ENABLED", True)

    @classmethod
    def init_app(cls, app: Flask) -> None:
        if not app.config["SQLALCHEMY_DATABASE_URI"]:
            app.config["SQLALCHEMY_DATABASE_URI"] = _sqlite_url("rootline.db")
        if not app.config["JWT_SECRET_KEY"]:
            app.config["JWT_SECRET_KEY"] = _instance_secret()


class TestingConfig(Config):
    """Tests: the database URL is supplied by the test session (PostgreSQL by default)."""

    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    JWT_SECRET_KEY = "testing-secret-key-that-is-long-enough-for-hs256"
    LOGIN_RATE_LIMIT = "1000 per minute"
    LOGIN_IP_RATE_LIMIT = "1000 per minute"
    REGISTER_RATE_LIMIT = "1000 per minute"
    SLO_STATUS_RATE_LIMIT = "1000 per minute"
    ACCESS_LOG = False
    CORRELATION_REFERENCE = ""  # tests that want reference windows ask for them


class ProductionConfig(Config):
    """Production: everything comes from the environment; unsafe defaults refuse to start."""

    ENV_NAME = "production"
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))  # behind TLS
    # Accounts come from `flask users create-admin` / `create` unless registration is opened on
    # purpose, and self-registration never makes an admin.
    REGISTRATION_OPEN = _env_bool("REGISTRATION_OPEN", False)
    FIRST_USER_ADMIN = False

    @classmethod
    def init_app(cls, app: Flask) -> None:
        problems = []
        secret = str(app.config.get("JWT_SECRET_KEY") or "")
        if _weak_secret(secret):
            problems.append(
                "JWT_SECRET_KEY must be set to a random value of at least 32 characters"
            )
        previous = list(app.config.get("JWT_PREVIOUS_SECRET_KEYS") or [])
        if any(_weak_secret(str(key)) for key in previous):
            problems.append("each of JWT_PREVIOUS_SECRET_KEYS must be at least 32 characters")
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            problems.append("DATABASE_URL must be set (e.g. postgresql://user@host:5432/rootline)")
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by ROOTLINE_ENV (default: production)."""
    name = os.environ.get("ROOTLINE_ENV", "production").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"ROOTLINE_ENV={name!r} is not one of {sorted(CONFIGS)}")
    return CONFIGS[name]
