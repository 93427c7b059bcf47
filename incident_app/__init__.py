"""Rootline: incident intelligence on a Flask app factory."""

from __future__ import annotations

from flask import Flask

from config import Config, config_from_env, normalize_database_url

__version__ = "0.1.0"


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, request logging, CLI."""
    from incident_app.alerts.routes import bp as alerts_bp
    from incident_app.api.docs import bp as docs_bp
    from incident_app.api.json_provider import RootlineJSONProvider
    from incident_app.auth.routes import bp as auth_bp
    from incident_app.auth.tokens import register_token_callbacks
    from incident_app.catalog.routes import bp as catalog_bp
    from incident_app.cli import users_cli
    from incident_app.correlation.cli import analyses_cli, analyzers_cli, worker
    from incident_app.correlation.dashboard import mount_rq_dashboard
    from incident_app.correlation.plugins import load_plugins
    from incident_app.correlation.reference import parse_offsets
    from incident_app.correlation.routes import bp as correlation_bp
    from incident_app.correlation.sources.access import check_source_settings
    from incident_app.errors import register_error_handlers
    from incident_app.events.routes import bp as events_bp
    from incident_app.extensions import init_extensions
    from incident_app.health import bp as health_bp
    from incident_app.incidents.routes import bp as incidents_bp
    from incident_app.integrations.routes import bp as integrations_bp
    from incident_app.observability import init_request_logging
    from incident_app.rca.cli import rca_cli
    from incident_app.security import init_security
    from incident_app.simulation import init_simulation
    from incident_app.slos.cli import slo_cli
    from incident_app.slos.routes import bp as slos_bp
    from incident_app.tasks.routes import bp as tasks_bp
    from incident_app.telemetry import init_telemetry
    from incident_app.timeline.routes import bp as timeline_bp
    from incident_app.users.routes import bp as users_bp
    from incident_app.webui import bp as webui_bp

    config_class = config_class or config_from_env()
    app = Flask(__name__)
    app.json = RootlineJSONProvider(app)
    app.config.from_object(config_class)
    config_class.init_app(app)
    check_source_settings(app.config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    try:  # a typo would otherwise surface as a failed reference in every analysis
        parse_offsets(app.config.get("CORRELATION_REFERENCE"))
    except ValueError as exc:
        raise RuntimeError(f"Refusing to start: {exc}") from None

    init_extensions(app)
    register_token_callbacks()
    register_error_handlers(app)
    init_request_logging(app)
    init_security(app)
    app.extensions["rootline.plugins"] = load_plugins(
        app.config["DISABLED_ANALYZERS"], app.config["PLUGIN_MODULES"]
    )
    blueprints = (
        health_bp,
        docs_bp,
        auth_bp,
        users_bp,
        catalog_bp,
        incidents_bp,
        timeline_bp,
        tasks_bp,
        correlation_bp,
        slos_bp,
        integrations_bp,
        alerts_bp,
        events_bp,
        webui_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_simulation(app)
    init_telemetry(app)
    mount_rq_dashboard(app)
    for command in (users_cli, analyzers_cli, analyses_cli, worker, slo_cli, rca_cli):
        app.cli.add_command(command)
    return app
