"""Pure engine pieces: isolation of calls, and the dependency-aware merge."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from incident_app.correlation.isolation import run_all
from incident_app.correlation.merge import merge_findings
from incident_app.correlation.types import AnalysisContext, Finding, ServiceTarget, Signal

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _ctx(*services: ServiceTarget) -> AnalysisContext:
    return AnalysisContext(T0, T0 - timedelta(minutes=30), T0 + timedelta(minutes=10), services)


def _f(
    service: str,
    score: float,
    *,
    signal: Signal = Signal.metrics,
    kind: str = "metric_spike",
    fault: str | None = "exception",
    onset: float | None = None,
    **evidence: object,
) -> Finding:
    return Finding(
        "test", service, signal, kind, f"{service} anomaly", score, fault, dict(evidence), onset
    )


def test_run_all_isolates_errors_and_timeouts() -> None:
    def boom() -> int:
        raise ValueError("bad input")

    def slow() -> int:
        time.sleep(5)
        return 1

    started = time.perf_counter()
    out = run_all({"ok": lambda: 42, "boom": boom, "slow": slow}, timeout=0.3)
    assert time.perf_counter() - started < 1.0
    assert (out["ok"].status, out["ok"].value) == ("ok", 42)
    assert out["boom"].status == "error" and "ValueError: bad input" in out["boom"].error
    assert out["slow"].status == "timeout" and out["slow"].value is None


def test_run_all_is_parallel() -> None:
    started = time.perf_counter()
    out = run_all({str(i): lambda: time.sleep(0.2) for i in range(8)}, timeout=2)
    assert all(o.status == "ok" for o in out.values())
    assert time.perf_counter() - started < 0.6  # 8 x 0.2 s sequentially would be 1.6 s


def test_failing_dependency_outranks_its_callers() -> None:
    ctx = _ctx(
        ServiceTarget("frontend", depends_on=("checkout",)),
        ServiceTarget("checkout", depends_on=("payments",)),
        ServiceTarget("payments", depends_on=("postgres",)),
        ServiceTarget("postgres"),
    )
    t = T0.timestamp()
    findings = [
        _f("frontend", 0.9, onset=t + 60),
        _f("checkout", 0.9, onset=t + 30),
        _f("payments", 0.85, onset=t),
        _f(
            "payments",
            0.9,
            signal=Signal.logs,
            kind="log_pattern",
            fault="pool-exhaustion",
            onset=t,
        ),
    ]
    hypotheses = merge_findings(ctx, findings)
    assert [h.service for h in hypotheses][:3] == ["payments", "checkout", "frontend"]
    top = hypotheses[0]
    assert top.fault == "pool-exhaustion" and top.rank == 1
    assert top.summary == "Connection pool exhaustion in payments"
    assert 0.5 < top.confidence < 1.0
    assert sum(h.confidence for h in hypotheses) < 1.0  # room is kept for an unseen cause
    assert [f.score for f in top.findings] == sorted((f.score for f in top.findings), reverse=True)


def test_trace_call_edges_count_like_catalog_dependencies() -> None:
    ctx = _ctx(ServiceTarget("api"), ServiceTarget("cache"))  # the catalog knows no edge
    findings = [
        _f("api", 0.9),
        _f(
            "cache",
            0.8,
            signal=Signal.traces,
            kind="deepest_failing_span",
            calls=[["api", "cache"]],
        ),
    ]
    assert merge_findings(ctx, findings)[0].service == "cache"


def test_weak_evidence_gives_low_confidence_and_no_findings_gives_nothing() -> None:
    ctx = _ctx(ServiceTarget("a"), ServiceTarget("b"))
    assert merge_findings(ctx, []) == []
    weak = merge_findings(ctx, [_f("a", 0.15), _f("b", 0.1)])
    assert weak[0].confidence < 0.35
    strong = merge_findings(
        ctx, [_f("a", 0.95, fault="oom", kind="pod_oomkilled", signal=Signal.k8s)]
    )
    assert strong[0].confidence > 0.7 and strong[0].fault == "oom"


def test_a_caller_that_broke_first_is_not_blamed_on_a_later_dependency_symptom() -> None:
    ctx = _ctx(ServiceTarget("web", depends_on=("db",)), ServiceTarget("db"))
    t = T0.timestamp()
    ranked = merge_findings(
        ctx,
        [
            _f("web", 0.9, onset=t - 60, fault="rollout", kind="rollout", signal=Signal.k8s),
            _f("web", 0.8, onset=t),
            _f("db", 0.6, onset=t + 600),
        ],
    )
    assert ranked[0].service == "web" and ranked[0].fault == "rollout"


def test_a_rollout_is_a_change_not_an_anomaly() -> None:
    """A release raises the suspicion of a service that misbehaves; on its own it does not
    make a service a root cause (releases happen all day)."""
    ctx = _ctx(ServiceTarget("web", depends_on=("db",)), ServiceTarget("db"))
    t = T0.timestamp()
    rollout = _f("web", 0.9, onset=t - 60, fault="rollout", kind="rollout", signal=Signal.k8s)
    quiet = merge_findings(ctx, [rollout, _f("db", 0.6, onset=t)])
    assert quiet[0].service == "db"
    both = [_f("web", 0.5, onset=t), _f("api", 0.5, onset=t)]
    tie = merge_findings(_ctx(ServiceTarget("web"), ServiceTarget("api")), [rollout, *both])
    assert tie[0].service == "web" and tie[0].fault == "rollout"


def test_a_service_that_blames_a_callee_is_its_symptom() -> None:
    """api's errors are loud, but its callers' view of db (complaints naming it) and api's
    own words blame db: db ranks first, with api's lost mass flowing to it."""
    ctx = _ctx(ServiceTarget("api"), ServiceTarget("db"))
    complaint = _f(
        "db",
        0.9,
        signal=Signal.logs,
        kind="log_complaint",
        fault="return",
        caller="api",
        calls=[["api", "db"]],
    )
    ranked = merge_findings(ctx, [_f("api", 0.99), _f("api", 0.95, kind="trace_errors"), complaint])
    assert [h.service for h in ranked] == ["db", "api"]
    assert ranked[0].fault == "return"


def test_load_changes_do_not_explain_a_callers_trouble() -> None:
    """db's request rate fell because web stopped sending: that cannot explain web."""
    ctx = _ctx(ServiceTarget("web", depends_on=("db",)), ServiceTarget("db"))
    t = T0.timestamp()
    drop = _f("db", 0.95, kind="metric_drop", fault=None, onset=t, traffic=True)
    ranked = merge_findings(ctx, [_f("web", 0.9, onset=t), drop])
    assert ranked[0].service == "web" and ranked[0].confidence > 0.5


def test_unnamed_upstream_complaints_share_blame_among_callees() -> None:
    """api says "upstream request failed" without naming anyone: its callees become
    candidates, with api's complaint as their evidence."""
    ctx = _ctx(ServiceTarget("api", depends_on=("a", "b")), ServiceTarget("a"), ServiceTarget("b"))
    said = _f("api", 0.95, signal=Signal.logs, kind="log_pattern", fault="loss", upstream=True)
    ranked = merge_findings(ctx, [_f("api", 0.9), said])
    assert {h.service for h in ranked} == {"api", "a", "b"}
    callee = next(h for h in ranked if h.service == "a")
    assert callee.fault == "loss" and callee.findings == (said,)
