"""Traces analyzer: error and latency shifts, deepest failing spans, the call graph."""

from __future__ import annotations

import numpy as np
import pytest
from analyzer_synth import AFTER, BEFORE, START, assert_json, by_service, context, healthy_ms, trace

from analyzers.traces import TracesAnalyzer
from analyzers.traces.graph import build
from incident_app.correlation.merge import dependency_graph
from incident_app.correlation.types import Span, Telemetry

ANALYZER = TracesAnalyzer()


def traffic(
    mode: str = "healthy", seed: int = 1, n_before: int = 300, n_after: int = 100
) -> list[Span]:
    """frontend -> checkout -> (cart, payment) requests; after the start, `mode` breaks one."""
    rng = np.random.default_rng(seed)
    spans: list[Span] = []
    for i, t in enumerate(np.sort(rng.uniform(START - BEFORE, START, n_before))):
        spans += trace(f"b{i}", float(t), healthy_ms(rng))
    for i, t in enumerate(np.sort(rng.uniform(START, START + AFTER, n_after))):
        ms, errors, drop = healthy_ms(rng), frozenset[str](), frozenset[str]()
        hit = rng.random() < 0.4
        if mode == "payment-errors" and hit:
            errors = frozenset({"payment"})
        if mode == "payment-slow":
            ms["payment"] = float(rng.lognormal(np.log(300), 0.2))
        if mode == "payment-timeouts" and hit:  # checkout gives up on a slow payment
            ms["payment"], errors = 2500.0, frozenset({"checkout"})
        if mode == "payment-unreachable" and hit:
            ms["checkout"], drop = 3000.0, frozenset({"payment"})
        spans += trace(f"a{i}", float(t), ms, errors, drop)
    return spans


def run(spans: list[Span] | None) -> list:
    return ANALYZER.analyze(context(), Telemetry(spans=spans))


def test_deepest_failing_span_outranks_its_callers() -> None:
    findings = run(traffic("payment-errors"))
    scores = by_service(findings)
    assert scores["payment"] > 0.9
    assert scores["payment"] > scores["checkout"] + 0.3
    assert scores["payment"] > scores["frontend"] + 0.3
    deepest = [f for f in findings if f.kind == "deepest_failing_span"]
    assert [f.service for f in deepest] == ["payment"]
    ev = deepest[0].evidence
    assert ev["origins_before"] == 0 and ev["origins_after"] > 20
    assert ev["operations"] == {"charge": ev["origins_after"]}
    assert all(s["span_id"].endswith("-p") for s in ev["failing_spans"])
    callers = [f for f in findings if f.kind == "trace_errors" and f.service != "payment"]
    assert {f.service for f in callers} == {"checkout", "frontend"}
    assert all(f.evidence["origin_share"] == 0 and f.fault is None for f in callers)
    assert "none originate there" in callers[0].summary


def test_call_graph_is_in_the_evidence() -> None:
    findings = run(traffic("payment-errors"))
    calls = findings[0].evidence["calls"]
    assert calls == [["checkout", "cart"], ["checkout", "payment"], ["frontend", "checkout"]]
    assert all(f.evidence["calls"] == calls for f in findings)
    graph = dependency_graph(context(services=()), findings)  # what the merge reads
    assert graph == {"frontend": {"checkout"}, "checkout": {"cart", "payment"}}


def test_latency_goes_to_the_service_whose_own_time_grew() -> None:
    findings = run(traffic("payment-slow"))
    latency = {f.service: f for f in findings if f.kind == "trace_latency"}
    assert latency["payment"].fault == "delay" and latency["payment"].score > 0.9
    assert latency["payment"].evidence["own_growth_ms"] > 200
    assert latency["payment"].onset is not None and START <= latency["payment"].onset < START + 30
    assert (
        latency["payment"].evidence["p95_after_ms"]
        > 5 * latency["payment"].evidence["p95_before_ms"]
    )
    for caller in ("checkout", "frontend"):
        assert latency[caller].fault is None
        assert latency[caller].score < 0.4
    assert latency["checkout"].evidence["waiting_on"] == "payment"
    assert "mostly waiting on payment" in latency["checkout"].summary


def test_timeouts_on_a_slow_callee_blame_the_callee() -> None:
    findings = run(traffic("payment-timeouts"))
    blamed = [f for f in findings if f.kind == "callee_timeout"]
    assert [(f.service, f.fault, f.evidence["reason"]) for f in blamed] == [
        ("payment", "delay", "slow")
    ]
    scores = by_service(findings)
    assert max(scores, key=lambda s: scores[s]) == "payment"
    deepest = next(f for f in findings if f.kind == "deepest_failing_span")
    assert deepest.service == "checkout" and deepest.evidence["slow_callees"] == {
        "payment": deepest.evidence["origins_after"]
    }
    assert deepest.score < blamed[0].score


def test_unreached_callee_is_suspected_of_loss() -> None:
    findings = run(traffic("payment-unreachable"))
    blamed = [f for f in findings if f.kind == "callee_timeout"]
    assert [(f.service, f.fault) for f in blamed] == [("payment", "loss")]
    assert blamed[0].evidence["caller"] == "checkout" and blamed[0].score > 0.7
    scores = by_service(findings)
    assert max(scores, key=lambda s: scores[s]) == "payment"
    checkout_latency = next(
        f for f in findings if f.kind == "trace_latency" and f.service == "checkout"
    )
    assert checkout_latency.fault is None and checkout_latency.evidence["waiting_on"] == "payment"


@pytest.mark.parametrize("seed", range(5))
def test_healthy_traffic_scores_near_zero(seed: int) -> None:
    assert max((f.score for f in run(traffic(seed=seed))), default=0.0) < 0.15


def test_errors_that_were_already_there_count_less() -> None:
    rng = np.random.default_rng(5)
    chronic: list[Span] = []
    for i, t in enumerate(np.sort(rng.uniform(START - BEFORE, START + AFTER, 400))):
        errors = frozenset({"payment"}) if rng.random() < 0.3 else frozenset[str]()
        chronic += trace(f"c{i}", float(t), healthy_ms(rng), errors)
    assert max(by_service(run(chronic)).values(), default=0.0) < 0.2
    assert by_service(run(traffic("payment-errors")))["payment"] > 0.9


def test_exclusive_time_subtracts_children() -> None:
    graph = build(
        trace("t", START, {"frontend": 5, "checkout": 8, "cart": 4, "payment": 20}), START - 1
    )
    own = {f.span.service: f.exclusive_ms for f in graph.facts}
    # unix-second timestamps carry about a microsecond of float error
    assert own == pytest.approx({"frontend": 5, "checkout": 8, "cart": 4, "payment": 20}, abs=0.01)


def test_degenerate_spans_do_not_crash() -> None:
    assert run(None) == [] and run([]) == []
    lone = Span(START + 1, "t", "s", "", "solo", "op", 12.0, True)
    orphan = Span(START + 2, "t2", "c", "missing-parent", "child", "op", 5.0, True)
    skewed = Span(
        START + 9, "t2", "d", "c", "grandchild", "op", 1.0, False
    )  # starts after its parent ends
    findings = run([lone, orphan, skewed])
    assert {f.service for f in findings} <= {"solo", "child"}
    assert_json(findings)


def test_evidence_is_json() -> None:
    for mode in ("payment-errors", "payment-slow", "payment-timeouts", "payment-unreachable"):
        dumped = assert_json(run(traffic(mode)))
        assert dumped and all("calls" in d["evidence"] for d in dumped)
