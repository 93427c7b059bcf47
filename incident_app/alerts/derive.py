"""What an incident opened from alerts looks like: title, severity and service names, read from
the alerts' labels and annotations (pure functions, no database)."""

from __future__ import annotations

from collections.abc import Iterable

from incident_app.models import Severity

# `severity` label values seen in Prometheus, Grafana and pager setups, mapped onto ours.
SEVERITY_ALIASES: dict[str, Severity] = {
    **dict.fromkeys(
        ("critical", "crit", "page", "fatal", "emergency", "p1", "sev1"), Severity.critical
    ),
    **dict.fromkeys(("high", "error", "major", "p2", "sev2"), Severity.high),
    **dict.fromkeys(("medium", "warning", "warn", "moderate", "p3", "sev3"), Severity.medium),
    **dict.fromkeys(("low", "info", "informational", "minor", "notice", "p4", "p5"), Severity.low),
}
DEFAULT_SEVERITY = Severity.medium
# Labels that name the service an alert is about, most specific first.
SERVICE_LABELS = ("service", "app", "app_kubernetes_io_name", "deployment", "container", "job")
TITLE_ANNOTATIONS = ("summary", "title")
DESCRIPTION_ANNOTATIONS = ("description", "message")


def severity_for(labels: dict[str, str]) -> Severity:
    return SEVERITY_ALIASES.get(labels.get("severity", "").strip().lower(), DEFAULT_SEVERITY)


def most_severe(severities: Iterable[Severity]) -> Severity:
    order = list(Severity)  # critical first
    return min(severities, key=order.index, default=DEFAULT_SEVERITY)


def _first(maps: Iterable[dict[str, str]], keys: tuple[str, ...]) -> str:
    for mapping in maps:
        for key in keys:
            if mapping.get(key, "").strip():
                return mapping[key].strip()
    return ""


def incident_title(
    common_annotations: dict[str, str],
    annotations: list[dict[str, str]],
    labels: list[dict[str, str]],
    group_labels: dict[str, str],
) -> str:
    """The summary annotation if there is one, else the alert name and its group labels."""
    title = _first([common_annotations, *annotations], TITLE_ANNOTATIONS)
    if not title:
        name = _first(labels, ("alertname",)) or "Alert"
        others = [f"{k}={v}" for k, v in sorted(group_labels.items()) if k != "alertname"]
        title = f"{name} ({', '.join(others)})" if others else name
    return title[:200]


def incident_description(
    common_annotations: dict[str, str], annotations: list[dict[str, str]]
) -> str:
    return _first([common_annotations, *annotations], DESCRIPTION_ANNOTATIONS)[:20_000]


def service_refs(labels: Iterable[dict[str, str]]) -> dict[str, set[str]]:
    """Candidate catalog names from the alerts' labels, in order, each with the namespaces the
    alerts naming it ran in ("" when an alert has no `namespace` label)."""
    refs: dict[str, set[str]] = {}
    for alert_labels in labels:
        namespace = alert_labels.get("namespace", "").strip()
        for key in SERVICE_LABELS:
            value = alert_labels.get(key, "").strip()
            if value:
                refs.setdefault(value, set()).add(namespace)
    return refs
