"""LokiSource against a fake Loki that answers /loki/api/v1/query_range like Loki does."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from fakes import FakeHttpServer, Query, free_port, static

from incident_app.correlation.sources import LokiSource, SourceError
from incident_app.correlation.sources.loki import line_level
from incident_app.correlation.types import AnalysisContext, ServiceTarget, Signal

T0 = 1_700_000_000  # window start; the incident starts at T0 + 60
NS = 1_000_000_000

# selector -> (labels of the stream, [(seconds after T0, line)])
STREAMS: dict[str, list[tuple[dict[str, str], list[tuple[float, str]]]]] = {
    '{app="checkout"}': [
        (
            {"app": "checkout", "level": "ERROR"},
            [(70, "payment failed"), (61, "payment failed")],
        ),
        (
            {"app": "checkout"},
            [
                (10, "level=info msg=started"),
                (65, '{"level":"warning","msg":"slow upstream"}'),
                (66, "2024-05-01T10:00:00Z ERROR connection pool exhausted"),
                (67, "[WARN] retrying"),
                (68, "plain line without a level"),
            ],
        ),
    ],
    '{namespace="shop", container="db"} |= "conn"': [
        ({"detected_level": "fatal"}, [(62, "conn refused")]),
    ],
}


def loki(query: Query) -> tuple[int, Any]:
    """Loki's contract: entries with start <= ts < end, `limit` of them, oldest first."""
    selector, limit = query["query"][0], int(query["limit"][0])
    start, end = int(query["start"][0]), int(query["end"][0])
    if selector not in STREAMS:
        return 400, "parse error at line 1, col 2: syntax error: unexpected IDENTIFIER"
    assert query["direction"] == ["forward"]
    found = sorted(
        ((T0 + s) * NS, line, index)
        for index, (_, entries) in enumerate(STREAMS[selector])
        for s, line in entries
        if start <= (T0 + s) * NS < end
    )[:limit]
    result = [
        {"stream": labels, "values": [[str(ns), line] for ns, line, i in found if i == index]}
        for index, (labels, _) in enumerate(STREAMS[selector])
        if any(i == index for *_, i in found)
    ]
    return 200, {"status": "success", "data": {"resultType": "streams", "result": result}}


SERVICES = (
    ServiceTarget("checkout"),
    ServiceTarget("postgres.shop", logs_selector='{namespace="shop", container="db"} |= "conn"'),
)


def context(*services: ServiceTarget) -> AnalysisContext:
    def moment(offset: float) -> datetime:
        return datetime.fromtimestamp(T0 + offset, UTC)

    return AnalysisContext(moment(60), moment(0), moment(120), services or SERVICES)


@pytest.fixture
def server() -> Any:
    with FakeHttpServer({"/loki/api/v1/query_range": lambda path, q: loki(q)}) as fake:
        yield fake


def test_fetch_reads_every_service_with_its_selector(server: FakeHttpServer) -> None:
    telemetry = LokiSource(server.url, timeout=2).fetch(context())
    assert telemetry.has(Signal.logs) and telemetry.problems == {}
    got = [(r.time - T0, r.service, r.level, r.message) for r in telemetry.logs or []]
    assert got == [
        (10, "checkout", "info", "level=info msg=started"),
        (61, "checkout", "error", "payment failed"),
        (62, "postgres.shop", "fatal", "conn refused"),
        (65, "checkout", "warn", '{"level":"warning","msg":"slow upstream"}'),
        (66, "checkout", "error", "2024-05-01T10:00:00Z ERROR connection pool exhausted"),
        (67, "checkout", "warn", "[WARN] retrying"),
        (68, "checkout", "unknown", "plain line without a level"),
        (70, "checkout", "error", "payment failed"),
    ]
    # Two half-window queries per service, split at the incident start, in nanoseconds.
    sent = sorted((q["query"][0], q["start"][0], q["end"][0]) for _, q in server.seen)
    checkout = [s for s in sent if s[0] == '{app="checkout"}']
    assert checkout == [
        ('{app="checkout"}', str(T0 * NS), str((T0 + 60) * NS)),
        ('{app="checkout"}', str((T0 + 60) * NS), str((T0 + 120) * NS)),
    ]
    assert all(q["limit"] == ["5000"] for _, q in server.seen)


def test_a_chatty_baseline_cannot_hide_the_lines_after_the_start(server: FakeHttpServer) -> None:
    telemetry = LokiSource(server.url, line_limit=1).fetch(context(SERVICES[0]))
    assert [r.time - T0 for r in telemetry.logs or []] == [10, 61]


@pytest.mark.parametrize(
    ("labels", "line", "level"),
    [
        ({"level": "Warning"}, "ERROR but the label wins", "warn"),
        ({"detected_level": "debug"}, "x", "debug"),
        ({}, 'ts=1 lvl=ERR msg="boom"', "error"),
        ({}, '{"msg":"x","severity":"CRITICAL"}', "fatal"),
        ({}, "2024-05-01 10:00:00,123 WARNING disk almost full", "warn"),
        ({}, "an error occurred in prose", "unknown"),
    ],
)
def test_level_comes_from_labels_then_the_line(
    labels: dict[str, str], line: str, level: str
) -> None:
    assert line_level(labels, line) == level


def test_a_rejected_selector_is_reported_and_the_others_still_count(server: FakeHttpServer) -> None:
    bad = ServiceTarget("broken", logs_selector="{app=")
    telemetry = LokiSource(server.url).fetch(context(SERVICES[0], bad))
    assert {r.service for r in telemetry.logs or []} == {"checkout"}
    assert "HTTP 400" in telemetry.problems["logs"]
    with pytest.raises(SourceError, match="HTTP 400"):  # nothing succeeded: the source failed
        LokiSource(server.url).fetch(context(bad))


def test_http_500_raises() -> None:
    with (
        FakeHttpServer(
            {"/loki/api/v1/query_range": static(500, "too many outstanding requests")}
        ) as fake,
        pytest.raises(SourceError, match="HTTP 500: too many outstanding"),
    ):
        LokiSource(fake.url).fetch(context())


def test_a_metric_answer_is_not_taken_for_logs() -> None:
    matrix = {"status": "success", "data": {"resultType": "matrix", "result": []}}
    with (
        FakeHttpServer({"/loki/api/v1/query_range": static(200, matrix)}) as fake,
        pytest.raises(SourceError, match="not streams"),
    ):
        LokiSource(fake.url).fetch(context())


def test_a_slow_loki_fails_within_the_timeout() -> None:
    with FakeHttpServer({"/loki/api/v1/query_range": lambda path, q: loki(q)}, delay=3) as fake:
        started = time.monotonic()
        with pytest.raises(SourceError, match=r"within 0\.5s"):
            LokiSource(fake.url, timeout=0.5).fetch(context())
        assert time.monotonic() - started < 2


def test_check_reports_up_and_down() -> None:
    with FakeHttpServer({"/ready": static(200, "ready")}) as fake:
        assert LokiSource(fake.url).check()["status"] == "up"
    with FakeHttpServer({"/ready": static(503, "Ingester not ready")}) as fake:
        down = LokiSource(fake.url).check()
        assert down["status"] == "down" and "HTTP 503" in down["error"]
    assert LokiSource(f"http://127.0.0.1:{free_port()}").check()["status"] == "down"
