"""Check an SLI at Prometheus before it is stored: every query must be accepted by
`/api/v1/query`, and a latency threshold must be one of the histogram's bucket bounds (else the
SLI would count nothing). Without PROMETHEUS_URL only the local checks of schemas.py apply."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from incident_app.correlation.sources._common import HttpApi, SourceError
from incident_app.errors import ApiError
from incident_app.models import Service, SliType
from incident_app.slos.prometheus import QueryRejected, instant, prometheus_api, unavailable
from incident_app.slos.promql import le_spellings
from incident_app.slos.queries import WINDOW, bucket_series, event_queries
from incident_app.slos.schemas import Sli

PROBE_WINDOW = "5m"


def _probes(sli_type: SliType, sli: dict[str, Any], service: Service) -> list[tuple[str, str]]:
    """(field to blame, query) for each part of the SLI."""
    if sli_type == SliType.custom:
        names = ("good_query", "bad_query", "total_query")
        return [(name, f"sum({sli[name]})") for name in names if sli.get(name)]
    queries = event_queries(sli_type, sli, service)
    probes = [("selector", queries.total)]
    if sli_type == SliType.availability:
        probes.append(("bad", queries.bad))
    return probes


def check_sli(sli: Sli, service: Service, field: str = "sli") -> None:
    """422 naming the field whose query Prometheus rejects (with its reason), or a latency
    threshold that names no bucket (listing the buckets there are); 503 if Prometheus is down."""
    api = prometheus_api()
    if api is None:
        return
    sli_type, spec = SliType(sli.type), sli.model_dump(mode="json")
    errors = []
    try:
        for name, promql in _probes(sli_type, spec, service):
            try:
                instant(api, promql.replace(WINDOW, PROBE_WINDOW))
            except QueryRejected as exc:
                errors.append({"field": f"{field}.{name}", "message": f"Prometheus: {exc}"})
        if sli_type == SliType.latency and not errors:
            message = _bucket_problem(api, spec, service)
            if message:
                errors.append({"field": f"{field}.threshold_seconds", "message": message})
    except SourceError as exc:
        raise unavailable(exc) from None
    if errors:
        raise ApiError(422, "validation_error", "Prometheus cannot evaluate this SLI", errors)


def _bucket_problem(api: HttpApi, spec: dict[str, Any], service: Service) -> str | None:
    series = bucket_series(spec, service)
    found = {labels.get("le", "") for labels, _ in instant(api, f"group by (le) ({series})")}
    if not found:
        return f"Prometheus has no buckets of {series}"
    if found & set(le_spellings(Decimal(spec["threshold_seconds"]))):
        return None
    bounds = sorted(found, key=_bound)
    return f"{spec['threshold_seconds']} is not a bucket bound of {series}: {', '.join(bounds)}"


def _bound(le: str) -> float:
    try:
        return float(le)
    except ValueError:
        return math.inf
