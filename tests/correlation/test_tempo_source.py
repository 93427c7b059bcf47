"""TempoSource against a fake Tempo answering /api/search and /api/traces/<id> with the
documented JSON (OTLP traces in each of the shapes Tempo versions have used)."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from fakes import FakeHttpServer, Query, free_port, static

from incident_app.correlation.sources import SourceError, TempoSource
from incident_app.correlation.sources.tempo import otlp_id, parse_trace
from incident_app.correlation.types import AnalysisContext, ServiceTarget, Span

T0 = 1_700_000_000
A, B, C, GONE = (
    "0af7651916cd43dd8448eb211c80319c",
    "5b8efff798038103d269b633813fc60c",
    "00000000000000000000000000c0ffee",
    "11111111111111111111111111111111",
)


def b64(hex_id: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_id)).decode()


def ns(seconds: float) -> str:
    return str(int((T0 + seconds) * 1e9))


def resource(service: str) -> dict[str, Any]:
    return {"attributes": [{"key": "service.name", "value": {"stringValue": service}}]}


TRACES: dict[str, dict[str, Any]] = {
    # Tempo's v1 answer: "batches", scopeSpans, ids in protobuf-JSON base64, numeric status.
    A: {
        "batches": [
            {
                "resource": resource("checkout"),
                "scopeSpans": [
                    {
                        "scope": {"name": "opentelemetry.instrumentation.flask"},
                        "spans": [
                            {
                                "traceId": b64(A),
                                "spanId": b64("b7ad6b7169203331"),
                                "parentSpanId": "",
                                "name": "POST /checkout",
                                "kind": "SPAN_KIND_SERVER",
                                "startTimeUnixNano": ns(61),
                                "endTimeUnixNano": ns(62.2),
                                "status": {},
                            }
                        ],
                    }
                ],
            },
            {
                "resource": resource("payments"),
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "traceId": b64(A),
                                "spanId": b64("00f067aa0ba902b7"),
                                "parentSpanId": b64("b7ad6b7169203331"),
                                "name": "charge",
                                "startTimeUnixNano": ns(61.05),
                                "endTimeUnixNano": ns(62.15),
                                "status": {"code": 2, "message": "pool exhausted"},
                            }
                        ]
                    }
                ],
            },
        ]
    },
    # OTLP export shape: "resourceSpans", the older instrumentationLibrarySpans, hex ids.
    B: {
        "resourceSpans": [
            {
                "resource": resource("checkout"),
                "instrumentationLibrarySpans": [
                    {
                        "spans": [
                            {
                                "traceId": B.upper(),
                                "spanId": "EEE19B7EC3C1B173",
                                "name": "GET /cart",
                                "startTimeUnixNano": ns(30),
                                "endTimeUnixNano": ns(30.04),
                                "status": {"code": "STATUS_CODE_OK"},
                            },
                            {
                                "traceId": B.upper(),
                                "spanId": "EEE19B7EC3C1B174",
                                "parentSpanId": "EEE19B7EC3C1B173",
                                "name": "SELECT cart",
                                "startTimeUnixNano": ns(30.01),
                                "endTimeUnixNano": ns(30.03),
                                "status": {"code": "STATUS_CODE_ERROR"},
                            },
                        ]
                    }
                ],
            }
        ]
    },
    # Tempo's v2 answer wraps the trace.
    C: {
        "trace": {
            "resourceSpans": [
                {
                    "resource": resource("checkout"),
                    "scopeSpans": [
                        {
                            "spans": [
                                {
                                    "traceId": b64(C),
                                    "spanId": b64("0000000000000001"),
                                    "name": "GET /health",
                                    "startTimeUnixNano": ns(10),
                                    "endTimeUnixNano": ns(10.001),
                                }
                            ]
                        }
                    ],
                }
            ]
        }
    },
}


def search(query: Query) -> tuple[int, Any]:
    traceql = query["q"][0]
    if 'resource.service.name="checkout"' not in traceql:
        return 200, {"traces": [], "metrics": {"inspectedTraces": 0}}
    # Tempo drops leading zeros from search trace ids; the error search finds A and a trace
    # the backend no longer holds.
    ids = [A, GONE] if "status=error" in traceql else [A, B, C.lstrip("0")]
    found = [
        {"traceID": i, "rootServiceName": "checkout", "startTimeUnixNano": ns(1), "durationMs": 5}
        for i in ids
    ]
    return 200, {"traces": found, "metrics": {"inspectedTraces": 40, "inspectedBytes": "9000"}}


def trace(path: str) -> tuple[int, Any]:
    trace_id = path.rsplit("/", 1)[1].rjust(32, "0")
    if trace_id not in TRACES:
        return 404, "trace not found"
    return 200, TRACES[trace_id]


def context() -> AnalysisContext:
    def moment(offset: float) -> datetime:
        return datetime.fromtimestamp(T0 + offset, UTC)

    services = (ServiceTarget("checkout"), ServiceTarget("payments-api", trace_service="payments"))
    return AnalysisContext(moment(60), moment(0), moment(120.5), services)


ROUTES = {"/api/search": lambda p, q: search(q), "/api/traces/[0-9a-f]+": lambda p, q: trace(p)}


def test_fetch_searches_then_reads_each_trace_once() -> None:
    with FakeHttpServer(ROUTES) as fake:
        src = TempoSource(fake.url, timeout=2)
        telemetry = src.fetch(context())
    assert telemetry.problems == {}
    spans = {s.span_id: s for s in telemetry.spans or []}
    charge = spans["00f067aa0ba902b7"]
    assert charge == Span(
        time=T0 + 61.05,
        trace_id=A,
        span_id="00f067aa0ba902b7",
        parent_span_id="b7ad6b7169203331",
        service="payments",
        operation="charge",
        duration_ms=charge.duration_ms,
        error=True,
    )
    assert charge.duration_ms == pytest.approx(1100, abs=0.01)
    root = spans["b7ad6b7169203331"]
    assert (root.service, root.parent_span_id, root.error) == ("checkout", "", False)
    assert root.duration_ms == pytest.approx(1200, abs=0.01)
    assert spans["eee19b7ec3c1b174"].error and not spans["eee19b7ec3c1b173"].error
    assert spans["eee19b7ec3c1b174"].trace_id == B
    assert spans["0000000000000001"].trace_id == C
    assert [s.time for s in telemetry.spans or []] == sorted(s.time for s in telemetry.spans or [])
    searches = [q for path, q in fake.seen if path == "/api/search"]
    assert sorted(q["q"][0] for q in searches) == [
        '{resource.service.name="checkout" && status=error}',
        '{resource.service.name="checkout"}',
        '{resource.service.name="payments" && status=error}',
        '{resource.service.name="payments"}',
    ]
    assert {(q["start"][0], q["end"][0]) for q in searches} == {(str(T0), str(T0 + 121))}
    assert {q["limit"][0] for q in searches} == {"10", "5"}
    fetched = sorted(path for path in fake.paths() if path.startswith("/api/traces/"))
    assert fetched == sorted(f"/api/traces/{i}" for i in (A, B, C.lstrip("0"), GONE))
    assert {label for label, _ in src.last_query_timings} >= {f"/api/traces/{A}"}


def test_the_number_of_traces_read_is_bounded() -> None:
    with FakeHttpServer(ROUTES) as fake:
        TempoSource(fake.url, max_traces=2).fetch(context())
    assert sum(path.startswith("/api/traces/") for path in fake.paths()) == 2


def test_ids_in_hex_or_base64() -> None:
    assert otlp_id(b64(A)) == A
    assert otlp_id(A.upper()) == A
    assert otlp_id(b64("b7ad6b7169203331")) == "b7ad6b7169203331"
    assert otlp_id("") == ""


def test_a_trace_that_is_not_otlp_json_raises() -> None:
    with pytest.raises(SourceError):
        parse_trace(["not", "a", "trace"])
    assert parse_trace({"batches": []}) == []


def test_http_500_raises() -> None:
    routes = {"/api/search": static(500, "internal error"), "/api/traces/.*": static(500, "")}
    with FakeHttpServer(routes) as fake, pytest.raises(SourceError, match="HTTP 500"):
        TempoSource(fake.url).fetch(context())


def test_a_slow_tempo_fails_within_the_timeout() -> None:
    with FakeHttpServer(ROUTES, delay=3) as fake:
        started = time.monotonic()
        with pytest.raises(SourceError, match=r"within 0\.5s"):
            TempoSource(fake.url, timeout=0.5).fetch(context())
        assert time.monotonic() - started < 2


def test_check() -> None:
    with FakeHttpServer({"/ready": static(200, "ready")}) as fake:
        assert TempoSource(fake.url).check()["status"] == "up"
    assert TempoSource(f"http://127.0.0.1:{free_port()}").check()["status"] == "down"
