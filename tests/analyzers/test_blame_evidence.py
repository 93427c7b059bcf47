"""The analyzer rules that tell a cause from its symptoms: log lines naming the service that
failed the writer, load that moves CPU, moves too small to matter, and the callee a timed-out
span was waiting for."""

from __future__ import annotations

import numpy as np
from analyzer_synth import AFTER, BEFORE, START, context, series, times

from analyzers.logs import LogsAnalyzer
from analyzers.metrics import MetricsAnalyzer
from analyzers.traces import TracesAnalyzer
from incident_app.correlation.types import LogRecord, Span, Telemetry


def _lines(service: str, text: str, n: int, after: bool, seed: int) -> list[LogRecord]:
    rng = np.random.default_rng(seed)
    lo, hi = (START, START + AFTER) if after else (START - BEFORE, START)
    return [LogRecord(float(t), service, "ERROR", text) for t in rng.uniform(lo, hi, n)]


def test_a_complaint_names_the_failing_service_and_marks_the_writer_a_symptom() -> None:
    logs = (
        _lines("checkout", "GET /api/items 200", 300, False, 1)
        + _lines("checkout", "call to payments failed: HTTP 503", 120, True, 2)
        + _lines("cart", "POST /cart failed: invalid item", 60, True, 3)  # a path, not a peer
        + _lines("orders", "upstream request failed: connection refused", 60, True, 4)
    )
    ctx = context(("checkout", "payments", "cart", "orders"))
    findings = LogsAnalyzer().analyze(ctx, Telemetry(logs=logs))
    [complaint] = [f for f in findings if f.kind == "log_complaint"]
    assert complaint.service == "payments" and complaint.evidence["caller"] == "checkout"
    assert complaint.score > 0.8 and ["checkout", "payments"] in complaint.evidence["calls"]
    own = next(f for f in findings if f.service == "checkout" and f.kind == "log_pattern")
    assert own.score < 0.5 * complaint.score and own.evidence["upstream"]
    cart = next(f for f in findings if f.service == "cart")
    assert cart.evidence["names"] == [] and not cart.evidence["upstream"]
    anonymous = next(f for f in findings if f.service == "orders")
    assert anonymous.evidence["upstream"] and anonymous.fault == "socket"


def test_cpu_that_follows_the_request_rate_is_load_not_a_fault() -> None:
    rng = np.random.default_rng(5)
    ts = times()
    load = np.where(ts >= START, 1.5, 1.0)

    def jitter(values: np.ndarray) -> np.ndarray:
        return values * (1 + 0.02 * rng.standard_normal(len(ts)))

    telemetry = Telemetry(
        series=[
            series("web", "requests", jitter(200 * load)),
            series("web", "cpu", jitter(0.3 * load)),  # in step with its traffic
            series("api", "requests", jitter(200 * load)),
            series("api", "cpu", jitter(0.3 * load * load)),  # more than its traffic
            series("db", "requests", jitter(np.full(len(ts), 200.0))),
            series("db", "cpu", jitter(np.where(ts >= START, 0.9, 0.3))),  # a CPU fault
        ]
    )
    findings = MetricsAnalyzer().analyze(context(("web", "api", "db")), telemetry)
    cpu = {f.service: f for f in findings if f.evidence["metric"] == "cpu"}
    assert "web" not in cpu or cpu["web"].score < 0.1
    assert cpu["api"].evidence["per_request_score"] == cpu["api"].score < 0.9
    assert "per request" in cpu["api"].summary
    assert cpu["db"].score > 0.9  # per request, a CPU fault stays one
    assert all(f.evidence["traffic"] for f in findings if f.evidence["metric"] == "requests")


def test_small_moves_count_little_even_when_significant() -> None:
    ts = times()
    rng = np.random.default_rng(6)
    quiet = 100 + 0.2 * rng.standard_normal(len(ts))
    nudged = np.where(ts >= START, quiet * 1.03, quiet)  # 3%: 15 sigmas, but 3%
    tiny_errors = np.where(ts >= START, 0.004, 0.001) + 0.0001 * rng.standard_normal(len(ts))
    big_errors = np.where(ts >= START, 0.2, 0.001) + 0.0001 * rng.standard_normal(len(ts))
    scores = {
        f.service: f.score
        for f in MetricsAnalyzer().analyze(
            context(("a", "b", "c")),
            Telemetry(
                series=[
                    series("a", "latency", nudged),
                    series("b", "error", tiny_errors),
                    series("c", "error", big_errors),
                ]
            ),
        )
    }
    assert scores.get("a", 0.0) < 0.3 and scores.get("b", 0.0) < 0.3
    assert scores["c"] > 0.9


def _call(tid: str, t: float, reach_a: bool) -> list[Span]:
    """api calls a, then b; when a does not answer, api times out and never calls b."""
    if reach_a:
        a = Span(t + 0.001, tid, f"{tid}-a", f"{tid}-r", "a", "get", 5.0, False)
        b = Span(t + 0.007, tid, f"{tid}-b", f"{tid}-r", "b", "get", 5.0, False)
        return [Span(t, tid, f"{tid}-r", "", "api", "GET /", 12.0, False), a, b]
    return [Span(t, tid, f"{tid}-r", "", "api", "GET /", 3000.0, True)]


def test_a_timed_out_span_blames_the_callee_it_stopped_at_not_the_ones_after() -> None:
    rng = np.random.default_rng(7)
    spans = []
    for i, t in enumerate(rng.uniform(START - BEFORE, START, 200)):
        spans += _call(f"b{i}", float(t), True)
    for i, t in enumerate(rng.uniform(START, START + AFTER, 100)):
        spans += _call(f"a{i}", float(t), rng.random() < 0.6)
    findings = TracesAnalyzer().analyze(context(("api", "a", "b")), Telemetry(spans=spans))
    blamed = [f for f in findings if f.kind == "callee_timeout"]
    assert [(f.service, f.fault, f.evidence["caller"]) for f in blamed] == [("a", "loss", "api")]
