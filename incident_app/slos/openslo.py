"""OpenSLO v1 documents to and from Rootline's SLO fields (pure mapping; transfer.py stores).

Export writes self-contained documents (the service's default metric and selector spelled
out). Import reads an SLO with an inline indicator (or an `indicatorRef` to an SLI document in
the same upload) on a Prometheus source, one objective and one time window; Rootline-only
settings travel as `rootline.io/*` annotations, so an export imports back unchanged.

- ratioMetric with `counter: true` and series selectors: the events are their increase();
  a bad selector that narrows the total's (same metric, extra matchers) is an availability SLI,
  anything else a custom one. Queries that contain `$window` are taken as they are.
- thresholdMetric on a histogram with objective `op: lte`: a latency SLI, `value` its bound.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from incident_app.models import SliType, Slo, SloWindow
from incident_app.slos.promql import parse_selector, selector
from incident_app.slos.queries import WINDOW, histogram, request_counter, service_matchers

API_VERSION = "openslo/v1"
OWNER, RUNBOOK, MIN_EVENTS, TIERS = (
    f"rootline.io/{name}" for name in ("owner", "runbook-url", "min-events", "alert-tiers")
)
CALENDAR = {"startTime": "2020-01-01 00:00:00", "timeZone": "UTC"}
ROLLING = {w.value for w in SloWindow if w != SloWindow.calendar_month}
INDICATOR = "spec.indicator.spec"


class DocumentError(Exception):
    """What is wrong, and where (a dotted path inside the document)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def _mapping(value: Any, path: str) -> dict[str, Any]:
    """`value` if it is a mapping, {} if it is absent; else a DocumentError naming `path` (a
    hand-written document may hold anything anywhere)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DocumentError(path, "must be a mapping")
    return value


def _source(query: str) -> dict[str, Any]:
    return {"metricSource": {"type": "Prometheus", "spec": {"query": query}}}


def _indicator(slo: Slo) -> tuple[dict[str, Any], dict[str, Any]]:
    """(indicator spec, objective fields) for the SLO's SLI."""
    sli, service = slo.sli, slo.service
    matchers = service_matchers(sli, service)
    if slo.sli_type == SliType.latency:
        query = selector(histogram(sli, service), matchers)
        value = float(sli["threshold_seconds"])
        return {"thresholdMetric": _source(query)}, {"op": "lte", "value": value}
    if slo.sli_type == SliType.availability:
        metric = request_counter(sli, service)
        ratio = {
            "counter": True,
            "bad": _source(selector(metric, matchers, sli["bad"])),
            "total": _source(selector(metric, matchers)),
        }
        return {"ratioMetric": ratio}, {}
    part = "good" if sli.get("good_query") else "bad"  # $window queries: counts already
    ratio = {"counter": False, part: _source(sli[f"{part}_query"])}
    return {"ratioMetric": {**ratio, "total": _source(sli["total_query"])}}, {}


def export_document(slo: Slo) -> dict[str, Any]:
    indicator, objective = _indicator(slo)
    annotations = {
        OWNER: slo.owner,
        RUNBOOK: slo.runbook_url,
        MIN_EVENTS: str(slo.min_events),
        TIERS: json.dumps(slo.alert_tiers) if slo.alert_tiers else "",
    }
    if slo.window == SloWindow.calendar_month:
        window: dict[str, Any] = {"duration": "1M", "isRolling": False, "calendar": CALENDAR}
    else:
        window = {"duration": slo.window.value, "isRolling": True}
    return {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {"name": slo.name, "annotations": {k: v for k, v in annotations.items() if v}},
        "spec": {
            "description": slo.description,
            "service": slo.service.name,
            "indicator": {"metadata": {"name": f"{slo.name}-sli"}, "spec": indicator},
            "timeWindow": [window],
            "budgetingMethod": "Occurrences",
            "objectives": [{**objective, "target": float(slo.target / 100)}],
        },
    }


def slo_fields(doc: dict[str, Any], sli_docs: dict[str, Any]) -> dict[str, Any]:
    """The SloCreate fields an OpenSLO SLO document describes (validated by the caller)."""
    meta, spec = _mapping(doc.get("metadata"), "metadata"), _mapping(doc.get("spec"), "spec")
    indicator = spec.get("indicator")
    if indicator is None and spec.get("indicatorRef") is not None:
        if not isinstance(spec["indicatorRef"], str):
            raise DocumentError("spec.indicatorRef", "must be the name of an SLI document")
        indicator = sli_docs.get(spec["indicatorRef"])
        if indicator is None:
            raise DocumentError("spec.indicatorRef", "names no SLI document of this upload")
    if not isinstance(indicator, dict):
        raise DocumentError("spec.indicator", "an inline indicator or an indicatorRef is needed")
    objectives = spec.get("objectives")
    if not isinstance(objectives, list) or len(objectives) != 1:
        raise DocumentError("spec.objectives", "exactly one objective is supported")
    if spec.get("budgetingMethod", "Occurrences") != "Occurrences":
        raise DocumentError("spec.budgetingMethod", "only Occurrences (event-based) budgets")
    objective = objectives[0] if isinstance(objectives[0], dict) else {}
    return {
        "name": meta.get("name"),
        "service": spec.get("service"),
        "description": spec.get("description") or "",
        "sli": _sli(_mapping(indicator.get("spec"), INDICATOR), objective),
        "target": _target(objective),
        "window": _window(spec.get("timeWindow")),
        **_annotations(_mapping(meta.get("annotations"), "metadata.annotations")),
    }


def _target(objective: dict[str, Any]) -> Any:
    try:
        if "target" in objective:
            return Decimal(str(objective["target"])) * 100
        return Decimal(str(objective["targetPercent"]))
    except (KeyError, InvalidOperation):
        raise DocumentError("spec.objectives.0.target", "a target (0-1) is needed") from None


def _window(windows: Any) -> str:
    window = windows[0] if isinstance(windows, list) and len(windows) == 1 else None
    if not isinstance(window, dict):
        raise DocumentError("spec.timeWindow", "exactly one time window is supported")
    duration, rolling = window.get("duration"), window.get("isRolling")
    if not isinstance(duration, str):
        duration = None
    if rolling is True and duration in ROLLING:
        return str(duration)
    if rolling is False and duration == "1M":
        return SloWindow.calendar_month.value
    raise DocumentError("spec.timeWindow.0", "rolling 7d, 28d or 30d, or a calendar month (1M)")


def _annotations(annotations: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, field in ((OWNER, "owner"), (RUNBOOK, "runbook_url"), (MIN_EVENTS, "min_events")):
        if key in annotations:
            fields[field] = annotations[key]
    if TIERS in annotations:
        try:
            fields["alert_tiers"] = json.loads(annotations[TIERS])
        except (TypeError, ValueError):
            raise DocumentError(f"metadata.annotations.{TIERS}", "is not JSON") from None
    return fields


def _query(part: Any, path: str) -> str:
    source = part.get("metricSource") if isinstance(part, dict) else None
    if not isinstance(source, dict) or str(source.get("type", "")).lower() != "prometheus":
        raise DocumentError(f"{path}.metricSource.type", "only Prometheus sources are supported")
    query = _mapping(source.get("spec"), f"{path}.metricSource.spec").get("query")
    if not isinstance(query, str) or not query.strip():
        raise DocumentError(f"{path}.metricSource.spec.query", "a PromQL query is needed")
    return query.strip()


def _selector(query: str, path: str) -> tuple[str, list[str]]:
    try:
        return parse_selector(query)
    except ValueError as exc:
        message = f"{exc}; or a query with {WINDOW}"
        raise DocumentError(f"{path}.metricSource.spec.query", message) from None


def _ratio_sli(ratio: dict[str, Any], path: str) -> dict[str, Any]:
    queries = {p: _query(ratio[p], f"{path}.{p}") for p in ("good", "bad", "total") if p in ratio}
    if "total" not in queries or ("good" in queries) == ("bad" in queries):
        raise DocumentError(path, "give total and exactly one of good or bad")
    if all(WINDOW in q for q in queries.values()):
        return {"type": "custom", **{f"{p}_query": q for p, q in queries.items()}}
    if ratio.get("counter") is not True:
        message = f"events are counted with increase(): use counter: true, or {WINDOW} queries"
        raise DocumentError(f"{path}.counter", message)
    parsed = {p: _selector(q, f"{path}.{p}") for p, q in queries.items()}
    metric, total = parsed["total"]
    bad_metric, bad = parsed.get("bad", ("", []))
    if bad_metric == metric and set(total) < set(bad):
        extra = ",".join(m for m in bad if m not in total)
        return {"type": "availability", "metric": metric, "selector": ",".join(total), "bad": extra}
    windowed = {f"{p}_query": f"increase({q}[{WINDOW}])" for p, q in queries.items()}
    return {"type": "custom", **windowed}


def _sli(indicator: dict[str, Any], objective: dict[str, Any]) -> dict[str, Any]:
    if isinstance(indicator.get("ratioMetric"), dict):
        return _ratio_sli(indicator["ratioMetric"], f"{INDICATOR}.ratioMetric")
    if "thresholdMetric" in indicator:
        path = f"{INDICATOR}.thresholdMetric"
        metric, matchers = _selector(_query(indicator["thresholdMetric"], path), path)
        if objective.get("op") != "lte" or objective.get("value") is None:
            message = "a latency objective needs op: lte and a value in seconds"
            raise DocumentError("spec.objectives.0", message)
        return {
            "type": "latency",
            "metric": metric,
            "selector": ",".join(matchers),
            "threshold_seconds": str(objective["value"]),
        }
    raise DocumentError(INDICATOR, "needs a ratioMetric or a thresholdMetric")
