"""Traces from Tempo's HTTP API: TraceQL search, then each found trace by id.

Search answers only hold a few spans per trace, so every trace found is fetched whole (bounded,
concurrently, each as soon as its search returns): the analyzers need parents and children to
find the deepest failing span and the call graph between services.
"""

from __future__ import annotations

import base64
import binascii
import math
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
    worker_pool,
)
from incident_app.correlation.sources.access import Credentials
from incident_app.correlation.types import AnalysisContext, Signal, Span, Telemetry

_HEX = re.compile(r"[0-9a-fA-F]+")
_ERROR_CODES = (2, "2", "STATUS_CODE_ERROR")


def otlp_id(value: str) -> str:
    """Lower-case hex for a trace or span id that Tempo wrote as hex or (protobuf JSON) base64."""
    if not value or (len(value) in (16, 32) and _HEX.fullmatch(value)):
        return value.lower()
    try:
        return base64.b64decode(value, validate=True).hex()
    except (binascii.Error, ValueError):
        return value.lower()


def parse_trace(answer: Any) -> list[Span]:
    """Spans from an OTLP JSON trace: `batches` (Tempo) or `resourceSpans` (OTLP), optionally
    wrapped in {"trace": ...} (Tempo's v2 API), with `scopeSpans` or the older
    `instrumentationLibrarySpans`."""
    if not isinstance(answer, dict):
        raise SourceError("Tempo answered a trace that is not a JSON object")
    body = answer.get("trace", answer)
    spans = []
    for batch in body.get("batches") or body.get("resourceSpans") or []:
        attributes = (batch.get("resource") or {}).get("attributes") or []
        service = next(
            (
                a["value"].get("stringValue", "")
                for a in attributes
                if a.get("key") == "service.name"
            ),
            "",
        )
        for scope in batch.get("scopeSpans") or batch.get("instrumentationLibrarySpans") or []:
            for raw in scope.get("spans") or []:
                begin = int(raw.get("startTimeUnixNano") or 0)
                finish = int(raw.get("endTimeUnixNano") or begin)
                code = (raw.get("status") or {}).get("code")
                spans.append(
                    Span(
                        time=begin / 1e9,
                        trace_id=otlp_id(raw.get("traceId", "")),
                        span_id=otlp_id(raw.get("spanId", "")),
                        parent_span_id=otlp_id(raw.get("parentSpanId") or ""),
                        service=service or "unknown",
                        operation=raw.get("name", ""),
                        duration_ms=(finish - begin) / 1e6,
                        error=code in _ERROR_CODES,
                    )
                )
    return spans


class TempoSource:
    """The traces signal from a Tempo server at `url`.

    Per involved service it searches `error_limit` failing traces and `sample_limit` others,
    then fetches at most `max_traces` distinct traces in all.
    """

    name = "tempo"
    signal = Signal.traces

    def __init__(
        self,
        url: str,
        timeout: float = 5.0,
        *,
        credentials: Credentials | None = None,
        error_limit: int = 10,
        sample_limit: int = 5,
        max_traces: int = 100,
        max_workers: int = 16,
    ) -> None:
        self.api = HttpApi("Tempo", url, timeout, max_workers, credentials)
        # what the reference cache keys on: the backend and the tenant whose data it holds
        self.location = f"{self.api.base_url}#{credentials.tenant if credentials else ''}"
        self.error_limit = error_limit
        self.sample_limit = sample_limit
        self.max_traces = max_traces
        self.max_workers = max_workers
        self.last_query_timings: Timings = []

    def check(self) -> dict[str, Any]:
        return self.api.probe("/ready")

    def fetch(self, context: AnalysisContext) -> Telemetry:
        window = {
            "start": int(context.window_start.timestamp()),
            "end": math.ceil(context.window_end.timestamp()),
        }
        timings: Timings = []
        spans: list[Span] = []
        seen: set[str] = set()
        outcome = Outcome()

        def search(traceql: str, limit: int) -> list[str]:
            params: Params = {"q": traceql, "limit": limit, **window}
            answer = self.api.get_json("/api/search", params, timings, traceql)
            if not isinstance(answer, dict) or not isinstance(answer.get("traces", []), list):
                raise SourceError("Tempo search answer has no list of traces")
            return [t["traceID"] for t in answer.get("traces") or [] if t.get("traceID")]

        def trace(trace_id: str) -> list[Span]:
            try:
                path = f"/api/traces/{trace_id}"
                return parse_trace(self.api.get_json(path, window, timings, path))
            except SourceError as exc:
                if exc.status == 404:  # listed by search but not (or no longer) stored
                    return []
                raise

        with worker_pool(self.max_workers) as pool:
            searches = set()
            for svc in context.services:
                selector = 'resource.service.name="{}"'.format(
                    (svc.trace_service or svc.name).replace("\\", "\\\\").replace('"', '\\"')
                )
                searches.add(
                    pool.submit(search, f"{{{selector} && status=error}}", self.error_limit)
                )
                searches.add(pool.submit(search, f"{{{selector}}}", self.sample_limit))

            def on_done(future: Future[Any]) -> list[Future[Any]]:
                value = outcome.result(future) or []
                if future not in searches:
                    spans.extend(value)
                    return []
                fresh = [t for t in dict.fromkeys(value) if t not in seen]
                fresh = fresh[: max(0, self.max_traces - len(seen))]
                seen.update(fresh)
                return [pool.submit(trace, t) for t in fresh]

            drain(searches, on_done)
        self.last_query_timings = timings
        spans.sort(key=lambda s: (s.time, s.trace_id, s.span_id))
        return Telemetry(spans=spans, problems=outcome.problems(self.signal))
