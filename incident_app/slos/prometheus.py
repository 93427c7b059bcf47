"""Prometheus instant queries for SLOs, with values kept as the exact decimal strings
Prometheus sends (a float would round them before the budget arithmetic)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from flask import current_app

from incident_app.correlation.sources._common import HttpApi, SourceError
from incident_app.correlation.sources.access import Credentials
from incident_app.errors import ApiError
from incident_app.slos.evaluation import Counts
from incident_app.slos.queries import EventQueries

Sample = tuple[dict[str, str], Decimal]
QUERY_ERRORS = frozenset({400, 422})  # bad_data, execution: the query's fault, not the server's
WINDOWS_PER_QUERY = 40  # label_replace(...) parts `or`-ed into one query: ~7 kB of URL


class QueryRejected(Exception):
    """Prometheus refused the query itself (it does not parse, or names a bad regex)."""


def prometheus_api() -> HttpApi | None:
    """The configured Prometheus, or None when PROMETHEUS_URL is unset."""
    url = current_app.config.get("PROMETHEUS_URL") or ""
    if not url:
        return None
    credentials = Credentials.from_settings(current_app.config, "PROMETHEUS")
    timeout = current_app.config["SOURCE_TIMEOUT_SECONDS"]
    return HttpApi("Prometheus", url, timeout, credentials=credentials)


def require_api() -> HttpApi:
    api = prometheus_api()
    if api is None:
        raise ApiError(
            503,
            "prometheus_not_configured",
            "SLOs are evaluated from Prometheus: set PROMETHEUS_URL",
        )
    return api


def unavailable(exc: SourceError) -> ApiError:
    return ApiError(503, "prometheus_unavailable", str(exc))


def instant(api: HttpApi, promql: str, at: float | None = None) -> list[Sample]:
    """(labels, value) per series of an instant query; NaN and infinities are left out."""
    params: dict[str, str | float] = {"query": promql}
    if at is not None:
        params["time"] = at
    try:
        answer = api.get_json("/api/v1/query", params)
    except SourceError as exc:
        if exc.status in QUERY_ERRORS:
            raise QueryRejected(_reason(str(exc))) from None
        raise
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, dict) or data.get("resultType") != "vector":
        raise SourceError(f"Prometheus answered an unexpected document: {str(answer)[:200]}")
    samples = []
    for item in data.get("result") or []:
        try:
            value = Decimal(item["value"][1])
        except (InvalidOperation, KeyError, IndexError, TypeError):
            continue
        if value.is_finite():
            samples.append((item.get("metric", {}), value))
    return samples


def _reason(message: str) -> str:
    """Prometheus's own `error` text from HttpApi's "... answered HTTP 400: <body>"."""
    body = message.partition(": ")[2]
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return message
    return str(error or message)


def window_counts(
    api: HttpApi, queries: EventQueries, windows: Mapping[str, str], at: float
) -> dict[str, Counts]:
    """Bad and total events over each window (name → PromQL duration) ending at `at`: two
    queries for up to WINDOWS_PER_QUERY windows, the windows told apart by a `window` label."""
    bad = batched(api, queries.bad_over, windows, at)
    total = batched(api, queries.total_over, windows, at)
    return {name: Counts(bad.get(name), total.get(name)) for name in windows}


def batched(
    api: HttpApi, over: Callable[[str], str], windows: Mapping[str, str], at: float
) -> dict[str, Decimal]:
    """`over(duration)` for every window, one query per WINDOWS_PER_QUERY windows (which keeps
    the URL short enough for any proxy); window name → value, absent when there is none."""
    names = list(windows)
    found: dict[str, Decimal] = {}
    for first in range(0, len(names), WINDOWS_PER_QUERY):
        parts = [
            f'label_replace({over(windows[name])}, "window", "{name}", "", "")'
            for name in names[first : first + WINDOWS_PER_QUERY]
        ]
        found.update(
            (labels.get("window", ""), value)
            for labels, value in instant(api, " or ".join(parts), at)
        )
    return found


def duration(seconds: float) -> str:
    """A PromQL duration of whole seconds, at least one."""
    return f"{max(1, round(seconds))}s"
