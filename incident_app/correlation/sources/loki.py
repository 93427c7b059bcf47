"""Logs from Loki's HTTP API (/loki/api/v1/query_range with a LogQL stream selector).

Each service's window is read in two halves, before and after the incident start, each with
its own line limit: a chatty baseline then cannot use up the limit and hide the very lines
that show the failure. All queries run concurrently.
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from typing import Any

from incident_app.correlation.sources._common import (
    HttpApi,
    Outcome,
    Params,
    SourceError,
    Timings,
    drain,
    normalize_level,
    worker_pool,
)
from incident_app.correlation.sources.access import Credentials
from incident_app.correlation.types import (
    AnalysisContext,
    LogRecord,
    ServiceTarget,
    Signal,
    Telemetry,
)
from incident_app.slos.promql import quote  # LogQL strings are PromQL's

_LOGFMT_LEVEL = re.compile(r"""(?:^|\s)(?:level|lvl|severity)=["']?(\w+)""", re.IGNORECASE)
_JSON_LEVEL = re.compile(r'"(?:level|lvl|severity)"\s*:\s*"(\w+)"', re.IGNORECASE)
# An upper-case level word among the first tokens, after an optional timestamp: "ERROR ...",
# "[WARN] ...", "2024-05-01T10:00:00Z ERROR ...".
_LEADING_LEVEL = re.compile(
    r"^(?:\S+\s+){0,2}?\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|PANIC)\b"
)


def line_level(stream: dict[str, str], line: str) -> str:
    """The level from the stream's labels, else from the line (logfmt, JSON, leading word)."""
    for label in ("level", "detected_level", "severity"):
        if stream.get(label):
            return normalize_level(stream[label])
    for pattern in (_LOGFMT_LEVEL, _JSON_LEVEL, _LEADING_LEVEL):
        if match := pattern.search(line):
            return normalize_level(match.group(1))
    return "unknown"


class LokiSource:
    """The logs signal from a Loki server at `url`; `line_limit` caps each half-window query."""

    name = "loki"
    signal = Signal.logs

    def __init__(
        self,
        url: str,
        timeout: float = 5.0,
        *,
        credentials: Credentials | None = None,
        line_limit: int = 5000,
        max_workers: int = 16,
    ) -> None:
        self.api = HttpApi("Loki", url, timeout, max_workers, credentials)
        # what the reference cache keys on: the backend and the tenant whose data it holds
        self.location = f"{self.api.base_url}#{credentials.tenant if credentials else ''}"
        self.line_limit = line_limit
        self.max_workers = max_workers
        self.last_query_timings: Timings = []

    def check(self) -> dict[str, Any]:
        return self.api.probe("/ready")

    def fetch(self, context: AnalysisContext) -> Telemetry:
        start, split, end = (
            int(moment.timestamp() * 1e9)
            for moment in (context.window_start, context.started_at, context.window_end)
        )
        halves = [(start, split), (split, end)] if start < split < end else [(start, end)]
        timings: Timings = []
        logs: list[LogRecord] = []
        outcome = Outcome()

        def query(svc: ServiceTarget, lo: int, hi: int) -> list[LogRecord]:
            selector = svc.logs_selector.strip() or f"{{app={quote(svc.name)}}}"
            params: Params = {
                "query": selector,
                "start": lo,
                "end": hi,
                "limit": self.line_limit,
                "direction": "forward",
            }
            answer = self.api.get_json("/loki/api/v1/query_range", params, timings, selector)
            return parse_streams(answer, svc.name)

        def on_done(future: Future[Any]) -> list[Future[Any]]:
            logs.extend(outcome.result(future) or [])
            return []

        with worker_pool(self.max_workers) as pool:
            drain(
                [pool.submit(query, s, lo, hi) for s in context.services for lo, hi in halves],
                on_done,
            )
        self.last_query_timings = timings
        logs.sort(key=lambda r: (r.time, r.service))
        return Telemetry(logs=logs, problems=outcome.problems(self.signal))


def parse_streams(answer: Any, service: str) -> list[LogRecord]:
    """LogRecords from a Loki `streams` answer: {"data": {"result": [{"stream", "values"}]}}."""
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, dict) or answer.get("status") != "success":
        raise SourceError(f"Loki answered an unexpected document: {str(answer)[:200]}")
    if data.get("resultType") != "streams":
        raise SourceError(f"Loki answered {data.get('resultType')!r}, not streams")
    records = []
    for entry in data.get("result") or []:
        stream = entry.get("stream") or {}
        for value in entry.get("values") or []:
            timestamp, line = value[0], value[1]  # a third item may hold structured metadata
            level = line_level(stream, line)
            records.append(LogRecord(int(timestamp) / 1e9, service, level, line))
    return records
