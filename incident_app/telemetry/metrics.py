"""Rootline's own series, on prometheus_client's default registry.

They are process-global, like every prometheus_client metric: under gunicorn with several
workers (PROMETHEUS_MULTIPROC_DIR set before the first import) each process writes its values
to files there and a scrape sums them (see exposition.py). Label values are bounded: routes are
URL rule templates, sources are signals, analyzers are installed plugins.
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import Counter, Histogram

# Requests: the API answers in milliseconds; the long tail is slow database pages.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Analyses: sources answer within SOURCE_TIMEOUT_SECONDS (5 s) and analyzers within
# ANALYZER_TIMEOUT_SECONDS (10 s); beyond that a run is stuck on something.
ANALYSIS_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0)

http_requests = Counter(
    "rootline_http_requests",
    "HTTP requests answered, by URL rule (not raw path) and status",
    ["method", "route", "status"],
)
http_duration = Histogram(
    "rootline_http_request_duration_seconds",
    "Time from the request's arrival to its response headers",
    ["method", "route"],
    buckets=HTTP_BUCKETS,
)
analysis_runs = Counter(
    "rootline_analysis_runs",
    "Analysis runs that ended, by outcome (completed or failed)",
    ["status"],
)
analysis_degraded = Counter(
    "rootline_analysis_degraded_runs",
    "Completed analysis runs with missing evidence (a source or an analyzer failed)",
)
analysis_duration = Histogram(
    "rootline_analysis_duration_seconds",
    "Engine time of a completed analysis (collect, analyze, merge)",
    buckets=ANALYSIS_BUCKETS,
)
source_errors = Counter(
    "rootline_source_errors",
    "Telemetry fetches that failed, timed out or answered partially, by signal (the reference"
    " period's as <signal>-reference)",
    ["source"],
)
analyzer_errors = Counter(
    "rootline_analyzer_errors",
    "Analyzer calls that raised or timed out, by analyzer",
    ["analyzer"],
)


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"  # any token is a valid method
    http_requests.labels(method, route, str(status)).inc()
    http_duration.labels(method, route).observe(seconds)


def record_problems(problems: Mapping[str, str]) -> None:
    """Count each `source:<signal>`, `reference:<signal>` (as `<signal>-reference`: the same
    source asked for its reference period) and `analyzer:<name>` problem an analysis
    recorded."""
    for key in problems:
        kind, _, name = key.partition(":")
        if kind == "source":
            source_errors.labels(name).inc()
        elif kind == "reference":
            source_errors.labels(f"{name}-reference").inc()
        elif kind == "analyzer":
            analyzer_errors.labels(name).inc()


def record_completed(seconds: float, degraded: bool) -> None:
    analysis_runs.labels("completed").inc()
    analysis_duration.observe(seconds)
    if degraded:
        analysis_degraded.inc()


def record_failed() -> None:
    analysis_runs.labels("failed").inc()
