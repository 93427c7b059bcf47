"""Security headers on every response, a challenge on every 401, and no secrets in server logs.

One after-request hook, so no route can forget them (redirects to ourselves name a path, never
the Host header's host): browsers never sniff content types, never
frame us (clickjacking), send no referrer, run only our own scripts (a Content-Security-Policy per
surface: the JSON API runs nothing, the web UI and Swagger UI only their own files), cache no
API answer (tokens, incidents), and, behind TLS, stick to HTTPS (HSTS_SECONDS).

Our access log records the path, never the query; the servers' own request logs (werkzeug's
`flask run`, gunicorn's --access-logfile) print the whole request line, so a filter on their
loggers masks secrets in query strings (the event stream's ?access_token=), judged after
percent-decoding the parameter names.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Paths whose answers carry credentials: never stored by a browser or a proxy.
TOKEN_PATHS = ("/api/auth/",)
API_PREFIXES = ("/api/", "/health", "/metrics", "/simulation/metrics", "/rq")
DOCS_PREFIX = "/api/docs"
INTEGRATION_PREFIX = "/api/alerts/"


# JSON (and the metrics text): nothing may run, load or frame it.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The built React app: its own scripts and styles only (Vite emits no inline script); charts
# may use data: images; the API and the event stream are same-origin.
UI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI: its bundle and our init file (no inline script), data: icons, and "Try it out"
# calls to our own API (checked in Chromium: it renders and executes with no violation).
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The RQ dashboard ships inline scripts and CDN-free assets of its own; admins only.
RQ_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"


def relative_location(location: str) -> str:
    """Werkzeug's own redirects (a missing slash, /rq/0/ to /rq/) name the request's Host
    header: behind a proxy that passes any Host on, a crafted one sent users (and caches)
    elsewhere. A redirect to ourselves names the path only."""
    parts = urlsplit(location)
    if parts.netloc and parts.netloc.lower() == request.host.lower():
        return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return location


def content_security_policy(path: str) -> str:
    if path == DOCS_PREFIX or path.startswith(DOCS_PREFIX + "/"):
        return DOCS_CSP
    if path == "/rq" or path.startswith("/rq/"):
        return RQ_CSP
    if path.startswith(API_PREFIXES):
        return API_CSP
    return UI_CSP


# A `name=value` pair of a query string (or a form body) as a log line shows it, still
# percent-encoded: gunicorn logs the raw request line.
QUERY_PAIR = re.compile(r"([^\s?&=\"']+)=([^&\s\"']+)")
# access_token, refresh_token, token, password, api_key and their kin, by the name's ending.
SECRET_NAME_ENDINGS = ("token", "password", "api_key")
SERVER_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def _mask(pair: re.Match[str]) -> str:
    # Judged by the name as the app reads it: `?access_tok%65n=` is `access_token` to Flask.
    name = unquote_plus(pair[1]).lower()
    return f"{pair[1]}=[redacted]" if name.endswith(SECRET_NAME_ENDINGS) else pair[0]


def redact(text: str) -> str:
    return QUERY_PAIR.sub(_mask, text)


class RedactQuerySecrets(logging.Filter):
    """Mask secret query parameters in a record's message and arguments (kept in place: gunicorn
    formats its access line from a dict of atoms)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        args: Any = record.args
        if isinstance(args, dict):
            for key, value in args.items():
                if isinstance(value, str):
                    args[key] = redact(value)
        elif isinstance(args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        return True


def install_log_redaction() -> None:
    """Once per process, on the servers' request loggers."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactQuerySecrets) for f in logger.filters):
            logger.addFilter(RedactQuerySecrets())


def init_security(app: Flask) -> None:
    install_log_redaction()
    hops = int(app.config.get("TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        # Behind that many proxies, the client address (rate limits, logs) and scheme come from
        # X-Forwarded-For/-Proto; without them every client would share the proxy's address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    hsts_seconds = int(app.config.get("HSTS_SECONDS", 0))

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        path = request.path
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Content-Security-Policy"] = content_security_policy(path)
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if path.startswith(TOKEN_PATHS) or (
            path.startswith("/api/")
            and not path.startswith(DOCS_PREFIX)
            and "Cache-Control" not in headers
        ):
            headers["Cache-Control"] = "no-store"
        if "Location" in headers:
            headers["Location"] = relative_location(headers["Location"])
        if hsts_seconds > 0:
            headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}; includeSubDomains"
        if response.status_code == 401 and "WWW-Authenticate" not in headers:
            # RFC 7235: a 401 names how to authenticate; webhook senders use their own token.
            realm = "integrations" if path.startswith(INTEGRATION_PREFIX) else "rootline"
            headers["WWW-Authenticate"] = f'Bearer realm="{realm}"'
        return response
