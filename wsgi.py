"""WSGI entry point: `gunicorn wsgi:app` (config from ROOTLINE_ENV, default production)."""

from incident_app import create_app

app = create_app()
