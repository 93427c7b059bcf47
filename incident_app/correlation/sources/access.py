"""How Rootline signs in to a telemetry backend, and how it shows that backend's URL.

Credentials come from their own settings (`<PREFIX>_TENANT`, `_USERNAME`/`_PASSWORD`,
`_BEARER_TOKEN`, the names Grafana's stack uses), never only from the URL: a URL is printed in
health checks, errors, logs and analysis reports, so whatever userinfo it still carries is
taken out of the URL the session calls (used as HTTP Basic when no setting says otherwise) and
shown as `***` (`https://***@host`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import requests

SOURCE_PREFIXES = ("PROMETHEUS", "LOKI", "TEMPO")
TENANT_HEADER = "X-Scope-OrgID"  # Cortex, Mimir, Loki and Tempo multi-tenancy
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s?#'\"]*@")  # to the last @


def mask_urls(text: str) -> str:
    """`text` with the userinfo of every URL in it replaced by `***`."""
    return _USERINFO.sub(r"\g<scheme>***@", text)


@dataclass(frozen=True)
class Credentials:
    """What a backend's session sends: a tenant header, and HTTP Basic or a bearer token."""

    tenant: str = ""
    username: str = ""
    password: str = field(default="", repr=False)  # never in a log line or a traceback
    bearer_token: str = field(default="", repr=False)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], prefix: str) -> Credentials:
        """`<prefix>_TENANT` and friends; ValueError for Basic and bearer both set."""
        values = (
            str(settings.get(f"{prefix}_{name}") or "")
            for name in ("TENANT", "USERNAME", "PASSWORD", "BEARER_TOKEN")
        )
        found = cls(*values)
        if found.bearer_token and (found.username or found.password):
            raise ValueError(
                f"set {prefix}_BEARER_TOKEN or {prefix}_USERNAME/{prefix}_PASSWORD, not both"
            )
        return found

    @property
    def basic(self) -> bool:
        return bool(self.username or self.password)

    def apply(self, session: requests.Session) -> None:
        if self.tenant:
            session.headers[TENANT_HEADER] = self.tenant
        if self.bearer_token:
            session.headers["Authorization"] = f"Bearer {self.bearer_token}"
        elif self.basic:
            session.auth = (self.username, self.password)


def split_userinfo(url: str, credentials: Credentials) -> tuple[str, Credentials]:
    """The URL without userinfo, and the credentials to use: the settings', else the URL's
    userinfo as HTTP Basic (kept working for deployments that still put it there)."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at:
        return url, credentials
    bare = urlunsplit(parts._replace(netloc=host))
    if credentials.basic or credentials.bearer_token:
        return bare, credentials
    username, _, password = userinfo.partition(":")
    return bare, Credentials(credentials.tenant, unquote(username), unquote(password))


def check_source_settings(settings: Mapping[str, Any]) -> None:
    """Refuse to start with contradictory credentials for any telemetry source."""
    problems = []
    for prefix in SOURCE_PREFIXES:
        try:
            Credentials.from_settings(settings, prefix)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise RuntimeError("Refusing to start: " + "; ".join(problems))
