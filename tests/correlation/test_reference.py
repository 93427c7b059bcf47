"""Live reference windows: offsets and their windows, the per-service cache, and the Loki, Tempo
and Kubernetes sources asked for the shifted windows (fakes answering like the real APIs), then
the engine collecting a reference beside the incident and reusing it from the cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fakes import FakeHttpServer, Query, kubernetes_routes

from incident_app.correlation import reference
from incident_app.correlation.engine import analyze
from incident_app.correlation.plugins import AnalyzerEntry, load_plugins
from incident_app.correlation.reference import (
    Key,
    ReferenceCache,
    fetch_reference,
    merge,
    parse_offsets,
    reference_contexts,
    split,
)
from incident_app.correlation.sources import KubernetesSource, LokiSource, TempoSource
from incident_app.correlation.types import (
    AnalysisContext,
    LogRecord,
    Series,
    ServiceTarget,
    Signal,
    Span,
    Telemetry,
)

START = 1_700_000_100  # the incident's start, a multiple of 5 minutes
DAY = 86_400
YESTERDAY = START - DAY
NS = 1_000_000_000
ONE_DAY = {"CORRELATION_REFERENCE": "1d"}
CHECKOUT, PAYMENTS, CART = (
    ServiceTarget("checkout"),
    ServiceTarget("payments"),
    ServiceTarget("cart"),
)


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def incident(*services: ServiceTarget, at: float = START) -> AnalysisContext:
    """30 minutes of baseline and 15 after the start, like incident_context."""
    return AnalysisContext(
        moment(at), moment(at - 1800), moment(at + 900), services or (CHECKOUT, PAYMENTS)
    )


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    reference.CACHE.clear()
    yield
    reference.CACHE.clear()


# --- offsets and windows ------------------------------------------------------------------


def test_offsets_are_parsed_once_each() -> None:
    assert parse_offsets(" before, 1D,7d,1d ,") == ["before", "1d", "7d"]
    assert parse_offsets("") == parse_offsets(None) == []
    assert parse_offsets(["6h", "2w"]) == ["6h", "2w"]


@pytest.mark.parametrize("bad", ["3x", "0d", "-1d", "yesterday", "1.5d"])
def test_a_bad_offset_names_itself(bad: str) -> None:
    with pytest.raises(ValueError, match=f"CORRELATION_REFERENCE: '{bad}'"):
        parse_offsets(f"1d,{bad}")


def test_windows_shift_back_align_to_buckets_and_never_overlap_the_incident() -> None:
    context = incident(at=START + 137)  # not on a bucket boundary
    windows = {
        token: reference_contexts(context, {"CORRELATION_REFERENCE": token})
        for token in ("1d", "7d", "before", "10m")
    }
    bounds = {
        token: [
            (w.window_start.timestamp(), w.started_at.timestamp(), w.window_end.timestamp())
            for w in found
        ]
        for token, found in windows.items()
    }
    # Widened to whole 5-minute buckets: from the first one's start to the last one's end.
    assert bounds["1d"] == [(YESTERDAY - 1800, YESTERDAY, YESTERDAY + 1200)]
    assert bounds["7d"] == [(START - 7 * DAY - 1800, START - 7 * DAY, START - 7 * DAY + 1200)]
    # Just before the baseline, ending where the incident's window begins (at its bucket).
    assert bounds["before"] == [(START - 1800 - 2700, START - 2700, START - 1800)]
    # An offset shorter than the window is cut where the incident's window begins.
    [(_, _, end)] = bounds["10m"]
    assert end <= context.window_start.timestamp()
    assert all(w.services == context.services for found in windows.values() for w in found)


def test_incidents_minutes_apart_ask_for_the_same_windows() -> None:
    first = reference_contexts(incident(at=START + 10), ONE_DAY)
    second = reference_contexts(incident(at=START + 250), ONE_DAY)
    assert [(w.window_start, w.window_end) for w in first] == [
        (w.window_start, w.window_end) for w in second
    ]


def test_no_offsets_no_reference() -> None:
    source = LokiSource("http://127.0.0.1:1", timeout=0.5)
    assert fetch_reference(source, incident(), {"CORRELATION_REFERENCE": ""}) is None


# --- the cache ---------------------------------------------------------------------------


def key(service: str, start: float = 0.0) -> Key:
    return Key(
        ("loki", "logs", "http://loki"), (start, start, start + 60), 15, ServiceTarget(service)
    )


def logs(service: str, count: int) -> Telemetry:
    return Telemetry(logs=[LogRecord(float(i), service, "info", "ok") for i in range(count)])


def test_entries_expire_after_the_ttl() -> None:
    now = [1000.0]
    cache = ReferenceCache(ttl=3600, clock=lambda: now[0])
    cache.put({key("a"): logs("a", 2)})
    now[0] += 3599
    assert list(cache.get([key("a"), key("b")])) == [key("a")]
    now[0] += 2
    assert cache.get([key("a")]) == {} and len(cache) == 0


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = ReferenceCache(max_items=25)
    cache.put({key("a"): logs("a", 9), key("b"): logs("b", 9)})  # 10 items each
    cache.get([key("a")])  # a is used again: b is now the oldest
    cache.put({key("c"): logs("c", 9)})
    assert set(cache.get([key("a"), key("b"), key("c")])) == {key("a"), key("c")}


def test_the_cache_is_thread_safe() -> None:
    cache = ReferenceCache(max_items=500)
    errors: list[BaseException] = []

    def hammer(worker: int) -> None:
        try:
            for i in range(300):
                cache.put({key(f"s{worker}-{i % 7}", i): logs("x", i % 5)})
                cache.get([key(f"s{(worker + 1) % 8}-{i % 7}", i - 1)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 0 < cache._items <= 500
    assert cache._items == sum(size for _, size, _ in cache._entries.values())


def test_split_and_merge_give_back_the_same_telemetry() -> None:
    span = Span(5.0, "t1", "s1", "", "checkout", "GET /", 10.0, False)
    child = Span(5.1, "t1", "s2", "s1", "payments", "charge", 4.0, False)
    fetched = Telemetry(
        series=[Series("checkout", "error", ((1.0, 0.0),)), Series("payments", "error", ())],
        logs=[LogRecord(1.0, "payments", "info", "ok"), LogRecord(2.0, "checkout", "warn", "x")],
        spans=[span, child],
    )
    parts = split(fetched, [CHECKOUT, PAYMENTS])
    assert parts[CHECKOUT].spans == parts[PAYMENTS].spans == [span, child]  # whole traces
    assert parts[CHECKOUT].pods is None  # absent stays absent
    again = merge(parts.values())
    assert again.spans == [span, child]  # a trace shared by both parts counts once
    assert again.logs == sorted(fetched.logs or [], key=lambda r: r.time)
    assert again.series == fetched.series


# --- Loki --------------------------------------------------------------------------------

LINES = {  # selector -> [(unix seconds, line)]
    '{app="checkout"}': [(YESTERDAY - 600, "GET /cart 200 12ms"), (START + 60, "payment failed")],
    '{app="payments"}': [(YESTERDAY + 30, "charge ok"), (START + 61, "pool exhausted")],
    '{app="cart"}': [(YESTERDAY + 5, "cart ok")],
}


def loki(path: str, query: Query) -> tuple[int, Any]:
    selector = query["query"][0]
    start, end = int(query["start"][0]), int(query["end"][0])
    lines = LINES.get(selector, [])
    values = [[str(t * NS), line] for t, line in lines if start <= t * NS < end]
    result = [{"stream": {"app": selector[6:-2]}, "values": values}] if values else []
    return 200, {"status": "success", "data": {"resultType": "streams", "result": result}}


@pytest.fixture
def loki_server() -> Iterator[FakeHttpServer]:
    with FakeHttpServer({"/loki/api/v1/query_range": loki}) as fake:
        yield fake


def sent(server: FakeHttpServer) -> list[tuple[str, int, int]]:
    """(selector, start, end in seconds) of every Loki query so far."""
    return sorted(
        (q["query"][0], int(q["start"][0]) // NS, int(q["end"][0]) // NS) for _, q in server.seen
    )


def test_loki_is_asked_for_yesterdays_window(loki_server: FakeHttpServer) -> None:
    source = LokiSource(loki_server.url, timeout=2)
    got = fetch_reference(source, incident(), ONE_DAY, cache=ReferenceCache())
    assert got is not None and got.problems == {}
    assert [(r.time, r.service, r.message) for r in got.logs or []] == [
        (YESTERDAY - 600, "checkout", "GET /cart 200 12ms"),
        (YESTERDAY + 30, "payments", "charge ok"),
    ]
    # Each service's two halves, split at yesterday's start, to the end of the last bucket.
    halves = [(YESTERDAY - 1800, YESTERDAY), (YESTERDAY, YESTERDAY + 1200)]
    assert sent(loki_server) == sorted(
        (f'{{app="{name}"}}', lo, hi) for name in ("checkout", "payments") for lo, hi in halves
    )


def test_a_second_incident_asks_only_for_the_services_not_cached(
    loki_server: FakeHttpServer,
) -> None:
    source, cache = LokiSource(loki_server.url, timeout=2), ReferenceCache()
    first = fetch_reference(source, incident(CHECKOUT, PAYMENTS), ONE_DAY, cache=cache)
    asked = len(loki_server.seen)
    later = incident(CHECKOUT, PAYMENTS, CART, at=START + 120)  # same bucket, one more service
    second = fetch_reference(source, later, ONE_DAY, cache=cache)
    assert {q["query"][0] for _, q in loki_server.seen[asked:]} == {'{app="cart"}'}
    assert second is not None and first is not None
    assert [r.message for r in second.logs or []] == ["GET /cart 200 12ms", "cart ok", "charge ok"]
    asked = len(loki_server.seen)
    third = fetch_reference(source, later, ONE_DAY, cache=cache)
    assert len(loki_server.seen) == asked  # everything cached: no query at all
    assert third is not None and third.logs == second.logs


def test_a_services_role_in_the_incident_is_not_part_of_the_key(
    loki_server: FakeHttpServer,
) -> None:
    source, cache = LokiSource(loki_server.url, timeout=2), ReferenceCache()
    fetch_reference(
        source, incident(replace(CHECKOUT, impact_level="primary")), ONE_DAY, cache=cache
    )
    asked = len(loki_server.seen)
    other = replace(CHECKOUT, impact_level=None, depends_on=("payments",))
    fetch_reference(source, incident(other), ONE_DAY, cache=cache)
    assert len(loki_server.seen) == asked
    moved = replace(CHECKOUT, logs_selector='{app="checkout", env="prod"}')  # reads elsewhere
    fetch_reference(source, incident(moved), ONE_DAY, cache=cache)
    assert {q["query"][0] for _, q in loki_server.seen[asked:]} == {moved.logs_selector}


class Counting:
    """A source that counts its fetches; with a `location` it may be cached."""

    name, signal = "counting", Signal.logs

    def __init__(self, location: str = "") -> None:
        self.location = location
        self.windows: list[datetime] = []

    def fetch(self, context: AnalysisContext) -> Telemetry:
        self.windows.append(context.window_start)
        return Telemetry(logs=[])


def test_only_a_source_that_says_where_it_reads_is_cached() -> None:
    cache = ReferenceCache()
    for source, fetches in ((Counting(), 4), (Counting("memory://here"), 2)):
        for _ in range(2):
            fetch_reference(source, incident(), {"CORRELATION_REFERENCE": "1d,7d"}, cache=cache)
        assert len(source.windows) == fetches, source.location


def test_a_partial_answer_is_not_cached() -> None:
    def refusing(path: str, query: Query) -> tuple[int, Any]:
        return (400, "parse error") if query["query"][0] == "{app=" else loki(path, query)

    broken = ServiceTarget("broken", logs_selector="{app=")
    cache = ReferenceCache()
    with FakeHttpServer({"/loki/api/v1/query_range": refusing}) as fake:
        source = LokiSource(fake.url, timeout=2)
        got = fetch_reference(source, incident(CHECKOUT, broken), ONE_DAY, cache=cache)
    assert got is not None and "parse error" in got.problems["logs"]
    assert [r.message for r in got.logs or []] == ["GET /cart 200 12ms"]
    assert len(cache) == 0  # it cannot tell whose part is missing


# --- Tempo -------------------------------------------------------------------------------

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


def otlp_trace(start: float) -> dict[str, Any]:
    def batch(service: str, span_id: str, parent: str, offset: float) -> dict[str, Any]:
        begin = int((start + offset) * NS)
        return {
            "resource": {
                "attributes": [{"key": "service.name", "value": {"stringValue": service}}]
            },
            "scopeSpans": [
                {
                    "spans": [
                        {
                            "traceId": TRACE_ID,
                            "spanId": span_id,
                            "parentSpanId": parent,
                            "name": f"{service} call",
                            "startTimeUnixNano": str(begin),
                            "endTimeUnixNano": str(begin + 20_000_000),
                            "status": {},
                        }
                    ]
                }
            ],
        }

    return {
        "batches": [
            batch("checkout", "b7ad6b7169203331", "", 0),
            batch("payments", "00f067aa0ba902b7", "b7ad6b7169203331", 0.005),
        ]
    }


def tempo_routes() -> dict[str, Any]:
    def search(path: str, query: Query) -> tuple[int, Any]:
        start, end = int(query["start"][0]), int(query["end"][0])
        found = start <= YESTERDAY + 40 <= end
        return 200, {"traces": [{"traceID": TRACE_ID}] if found else []}

    def trace(path: str, query: Query) -> tuple[int, Any]:
        return 200, otlp_trace(YESTERDAY + 40)

    return {"/api/search": search, f"/api/traces/{TRACE_ID}": trace}


def test_tempo_is_searched_over_yesterdays_window() -> None:
    with FakeHttpServer(tempo_routes()) as fake:
        got = fetch_reference(
            TempoSource(fake.url, timeout=2), incident(), ONE_DAY, cache=ReferenceCache()
        )
    assert got is not None and got.problems == {}
    assert [(s.service, s.time) for s in got.spans or []] == [
        ("checkout", YESTERDAY + 40),
        ("payments", YESTERDAY + 40.005),
    ]
    windows = {(q["start"][0], q["end"][0]) for _, q in fake.seen}
    assert windows == {(str(YESTERDAY - 1800), str(YESTERDAY + 1200))}
    assert len([p for p in fake.paths() if p == "/api/search"]) == 4  # 2 services x 2 searches


# --- Kubernetes --------------------------------------------------------------------------


def k8s_event(name: str, pod: str, reason: str, at: float) -> dict[str, Any]:
    stamp = moment(at).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": stamp},
        "involvedObject": {"kind": "Pod", "name": pod, "namespace": "default"},
        "reason": reason,
        "message": reason,
        "type": "Normal",
        "lastTimestamp": stamp,
    }


CLUSTER = {
    "default": {
        "pods": [
            {
                "metadata": {"name": "checkout-7d9f8-abcde", "labels": {"app": "checkout"}},
                "status": {"phase": "Running", "containerStatuses": []},
            }
        ],
        "events": [
            k8s_event("e1", "checkout-7d9f8-abcde", "Pulled", YESTERDAY + 60),
            k8s_event("e2", "checkout-7d9f8-abcde", "BackOff", START + 60),
        ],
        "deployments": [],
        "replicasets": [],
    }
}


def test_kubernetes_events_come_from_yesterdays_window_and_pods_are_left_out() -> None:
    with FakeHttpServer(kubernetes_routes(CLUSTER)) as fake:
        source = KubernetesSource(api_url=fake.url, timeout=2)
        got = fetch_reference(source, incident(CHECKOUT), ONE_DAY, cache=ReferenceCache())
        today = source.fetch(incident(CHECKOUT))
    assert got is not None and got.problems == {}
    assert [(e.time, e.reason) for e in got.events or []] == [(YESTERDAY + 60, "Pulled")]
    assert got.pods is None  # the cluster as it is now says nothing about yesterday
    assert [e.reason for e in today.events or []] == ["BackOff"] and today.pods


# --- through the engine -------------------------------------------------------------------


class Spy:
    """An analyzer that keeps the reference it was given."""

    name, version, signals = "spy", "1", (Signal.logs,)

    def __init__(self) -> None:
        self.seen: list[Telemetry | None] = []

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Any]:
        self.seen.append(context.reference)
        return []


def test_the_engine_collects_the_reference_and_reuses_it(loki_server: FakeHttpServer) -> None:
    plugins = load_plugins(disabled=["metrics", "logs", "traces", "k8s"])
    spy = Spy()
    plugins.analyzers[spy.name] = AnalyzerEntry(spy, "test", "test")
    settings = {"LOKI_URL": loki_server.url, **ONE_DAY}

    def reference_queries() -> int:
        return sum(1 for *_, end in sent(loki_server) if end <= START - 1800)

    first = analyze(incident(), plugins, settings, source_timeout=5)
    assert not first.degraded, first.problems
    assert first.sources["logs"]["reference"]["status"] == "ok"
    assert reference_queries() == 4  # 2 services x 2 halves, a day earlier
    assert spy.seen[0] is not None
    assert [r.message for r in spy.seen[0].logs or []] == ["GET /cart 200 12ms", "charge ok"]

    # A second incident minutes later on the same services: only its own window is queried.
    second = analyze(incident(at=START + 180), plugins, settings, source_timeout=5)
    assert not second.degraded and reference_queries() == 4
    assert spy.seen[1] is not None and spy.seen[1].logs == spy.seen[0].logs


def test_a_failed_reference_degrades_the_run_and_the_rest_still_counts() -> None:
    def half_broken(path: str, query: Query) -> tuple[int, Any]:
        if int(query["end"][0]) // NS <= START - 1800:  # the day before is gone
            return 503, "no such day"
        return loki(path, query)

    with FakeHttpServer({"/loki/api/v1/query_range": half_broken}) as fake:
        result = analyze(
            incident(), load_plugins(), {"LOKI_URL": fake.url, **ONE_DAY}, source_timeout=5
        )
    assert result.degraded
    assert "HTTP 503" in result.problems["reference:logs"]
    assert "source:logs" not in result.problems
    assert result.sources["logs"]["status"] == "ok"
    assert result.sources["logs"]["reference"]["status"] == "error"
    assert len(reference.CACHE) == 0


def test_the_reference_shares_the_collection_deadline() -> None:
    def slow_yesterday(path: str, query: Query) -> tuple[int, Any]:
        if int(query["end"][0]) // NS <= START - 1800:
            threading.Event().wait(3)
        return loki(path, query)

    with FakeHttpServer({"/loki/api/v1/query_range": slow_yesterday}) as fake:
        started = datetime.now(UTC)
        result = analyze(
            incident(), load_plugins(), {"LOKI_URL": fake.url, **ONE_DAY}, source_timeout=1
        )
        took = datetime.now(UTC) - started
    assert result.sources["logs"]["reference"]["status"] == "timeout"
    assert "reference:logs" in result.problems and result.sources["logs"]["status"] == "ok"
    assert took < timedelta(seconds=3)
