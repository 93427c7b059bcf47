"""Methods for real telemetry: a reference period as the normal, per-edge metrics as call
edges and accusations, and fault hints that weigh how far a metric moved."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from analyzer_synth import START, context, series, times

from analyzers.metrics import MetricsAnalyzer
from analyzers.metrics.edges import call_edges, edge_of
from incident_app.correlation.faults import magnitude, name_fault
from incident_app.correlation.merge import merge_findings
from incident_app.correlation.types import Finding, Series, ServiceTarget, Signal, Telemetry

ANALYZER = MetricsAnalyzer()
#: One-minute samples with only three before the start, as real recordings have.
SHORT = np.arange(START - 3 * 60, START + 8 * 60, 60.0)


def short(service: str, metric: str, values: list[float]) -> Series:
    return series(service, metric, values, SHORT)


def calm(metric: str, values: np.ndarray) -> Telemetry:
    """A fault-free day earlier, one point a minute."""
    ts = START - 86_400 + 60.0 * np.arange(len(values))
    return Telemetry(series=[series("svc", metric, values, ts)])


def test_a_reference_period_tells_noise_from_a_fault_on_a_short_baseline() -> None:
    # Three calm points before the start make a wiggle look like a fault; thirty minutes of
    # the same series' normal show it is within its usual range.
    values = [10.0, 10.1, 10.0, 13.5, 7.0, 13.0, 7.5, 13.4, 6.9, 13.1, 7.2]
    normal = calm("latency-90", 10 + 3.5 * np.sin(np.arange(120)))
    alone = ANALYZER.analyze(
        context(("svc",)), Telemetry(series=[short("svc", "latency-90", values)])
    )
    ctx = replace(context(("svc",)), reference=normal)
    with_ref = ANALYZER.analyze(ctx, Telemetry(series=[short("svc", "latency-90", values)]))
    assert alone and alone[0].score > 0.4
    assert not with_ref or with_ref[0].score < 0.25 * alone[0].score


def test_the_reference_does_not_hide_a_real_shift() -> None:
    values = [10.0, 10.1, 10.0, 30.0, 31.0, 29.5, 30.2, 30.8, 29.9, 30.1, 30.4]
    normal = calm("latency-90", 10 + 0.3 * np.sin(np.arange(120)))
    ctx = replace(context(("svc",)), reference=normal)
    found = ANALYZER.analyze(ctx, Telemetry(series=[short("svc", "latency-90", values)]))
    assert found[0].score > 0.8 and found[0].evidence["baseline_points"] > 100


def test_cpu_per_request_is_judged_against_the_reference_too() -> None:
    # The window before the start still holds the previous fault's tail, so alone it says
    # CPU is usually high; the calm reference (CPU and requests alike) says it is not, for
    # the per-request view as much as for the raw series.
    cpu = [50.8, 15.0, 22.8, 84.0, 89.0, 87.0, 44.0, 12.0, 5.6, 5.8, 7.8]
    requests = [5.0] * 11
    ts = START - 86_400 + 60.0 * np.arange(40)
    normal = Telemetry(
        series=[
            series("svc", "cpu", 5 + np.sin(np.arange(40)), ts),
            series("svc", "requests", 5 + 0.2 * np.cos(np.arange(40)), ts),
        ]
    )
    ctx = replace(context(("svc",)), reference=normal)
    cols = [short("svc", "cpu", cpu), short("svc", "requests", requests)]
    found = {f.evidence["metric"]: f for f in ANALYZER.analyze(ctx, Telemetry(series=cols))}
    assert found["cpu"].score > 0.5 and found["cpu"].fault == "cpu"


def test_edge_metrics_name_the_call_graph_and_the_side_that_measured() -> None:
    cols = [
        short("cart", "caller-latency-50-from-frontend", [5.0] * 11),
        short("cart", "latency-50-from-frontend", [4.0] * 11),
        short("cart", "latency-50-from-nobody", [4.0] * 11),  # not a service of the case
        short("frontend", "cpu", [1.0] * 11),
    ]
    services = {"cart", "frontend"}
    caller_side = edge_of(cols[0], services)
    assert caller_side is not None and (caller_side.caller, caller_side.callee) == (
        "frontend",
        "cart",
    )
    assert caller_side.caller_side
    server_side = edge_of(cols[1], services)
    assert server_side is not None and not server_side.caller_side
    assert edge_of(cols[2], services) is None and edge_of(cols[3], services) is None
    assert call_edges(cols) == [["frontend", "cart"]]


def test_a_delay_seen_only_by_callers_blames_the_callee_not_the_caller() -> None:
    # A network delay on cart: the frontend measures it on its calls to cart and its own
    # latency grows with it, while cart's own (server-side) latency stays flat.
    flat = [4.0, 4.1, 3.9, 4.0, 4.1, 4.0, 3.9, 4.0, 4.1, 4.0, 4.0]
    slow = [5.0, 5.1, 4.9, 95.0, 96.0, 94.0, 95.5, 96.2, 95.1, 94.8, 95.3]
    cols = [
        short("cart", "caller-latency-50-from-frontend", slow),
        short("cart", "latency-50-from-frontend", flat),
        short("frontend", "latency-90", [x + 20 for x in slow]),
    ]
    ctx = context(("cart", "frontend"))
    findings = ANALYZER.analyze(ctx, Telemetry(series=cols))
    accusation = next(f for f in findings if f.kind == "callee_latency")
    assert (accusation.service, accusation.evidence["caller"]) == ("cart", "frontend")
    assert ["frontend", "cart"] in accusation.evidence["calls"]
    top = merge_findings(ctx, findings)[0]
    assert (top.service, top.fault) == ("cart", "delay")


def _metric(metric: str, fault: str, score: float, before: float, after: float) -> Finding:
    return Finding(
        "metrics",
        "svc",
        Signal.metrics,
        "metric_spike",
        f"{metric} rose",
        score,
        fault=fault,
        evidence={"metric": metric, "baseline_median": before, "after_median": after},
    )


def test_a_fiftyfold_cpu_rise_names_cpu_over_memory_that_doubled_beside_it() -> None:
    cpu = _metric("cpu", "cpu", 0.81, 0.8, 42.0)
    mem = _metric("mem", "mem", 0.94, 31.0, 60.0)
    assert magnitude(cpu) > magnitude(mem) > 1.0
    assert name_fault([cpu, mem]) == "cpu"
    # memory that quadrupled while CPU barely moved stays memory
    assert (
        name_fault([_metric("cpu", "cpu", 0.7, 6.7, 9.0), _metric("mem", "mem", 1.0, 34, 144)])
        == "mem"
    )
    assert magnitude(_metric("x", "cpu", 0.5, 0.0, 3.0)) == 1.0  # no level to compare with


def test_a_log_pattern_the_reference_holds_at_its_usual_rate_is_routine() -> None:
    # A short window before the start saw the nightly batch's warnings only a few times; a
    # fault-free day shows them at the same rate as after the start: routine, not new.
    from analyzers.logs import LogsAnalyzer, covered_seconds
    from incident_app.correlation.types import LogRecord

    def lines(t0: float, seconds: float, every: float, text: str) -> list[LogRecord]:
        return [
            LogRecord(t0 + k * every, "svc", "WARN", text) for k in range(int(seconds // every))
        ]

    batch = "batch job retrying chunk"
    now = [
        *lines(START - 180, 180, 90, batch),  # two before the start
        *lines(START, 480, 10, batch),  # then every 10 s: as on any busy day
        *lines(START, 480, 12, "pool exhausted: no connection available"),
    ]
    yesterday = lines(START - 86_400, 1800, 10, batch)
    analyzer = LogsAnalyzer()
    ctx = context(("svc",))
    alone = {f.evidence["template"]: f for f in analyzer.analyze(ctx, Telemetry(logs=now))}
    ref = Telemetry(logs=yesterday)
    seen = analyzer.analyze(replace(ctx, reference=ref), Telemetry(logs=now))
    with_ref = {f.evidence["template"]: f for f in seen}
    assert alone[batch].score > 0.5
    assert batch not in with_ref or with_ref[batch].score < 0.2 * alone[batch].score
    novel = next(f for t, f in with_ref.items() if "pool exhausted" in t)
    assert novel.evidence["count_reference"] == 0 and novel.score > 0.5
    # several windows (yesterday, last week) cover their own stretches, not the days between
    assert covered_seconds([0, 10, 20, 86_400, 86_410], 60) == 30


def test_a_caller_short_of_cpu_accuses_its_callees_less() -> None:
    # The frontend's CPU went from 5% to 80%: its own timers now include its scheduling delay,
    # so the calls it measures to cart look slow although cart's own latency is flat.
    slow = [5.0, 5.1, 4.9, 9.0, 9.5, 9.2, 9.4, 9.1, 9.6, 9.3, 9.2]
    cols = [
        short("cart", "caller-latency-50-from-frontend", slow),
        short("cart", "latency-50-from-frontend", [4.0] * 11),
        short("frontend", "cpu", [5.0, 5.2, 4.9, 80.0, 82.0, 79.0, 81.0, 80.5, 79.5, 80.2, 81.1]),
    ]
    ctx = context(("cart", "frontend"))
    found = ANALYZER.analyze(ctx, Telemetry(series=cols))
    calm = ANALYZER.analyze(
        ctx, Telemetry(series=[*cols[:2], short("frontend", "cpu", [5.0] * 11)])
    )
    accusation = [f for f in found if f.kind == "callee_latency"]
    unstarved = next(f for f in calm if f.kind == "callee_latency")
    assert not accusation or accusation[0].score < 0.5 * unstarved.score
    assert merge_findings(ctx, found)[0].service == "frontend"
    assert merge_findings(ctx, calm)[0].service == "cart"


def _latency(service: str, score: float) -> Finding:
    return Finding(
        "metrics",
        service,
        Signal.metrics,
        "metric_spike",
        f"latency-90 of {service} rose",
        score,
        fault="delay",
        evidence={"metric": "latency-90"},
    )


def test_a_dependency_without_telemetry_ranks_through_its_callers() -> None:
    # orders and payments both call the managed database, which sends nothing; both slowed.
    ctx = replace(
        context(("orders", "payments", "db")),
        services=(
            ServiceTarget("orders", depends_on=("db",)),
            ServiceTarget("payments", depends_on=("db",)),
            ServiceTarget("db"),
        ),
    )
    findings = [_latency("orders", 0.9), _latency("payments", 0.85)]
    assert merge_findings(ctx, findings)[0].service != "db"  # not told it is silent
    top = merge_findings(ctx, findings, silent={"db"})[0]
    assert (top.service, top.fault) == ("db", "delay")
    assert {f.evidence["caller"] for f in top.findings} == {"orders", "payments"}


def test_a_lone_caller_with_its_own_fault_keeps_it() -> None:
    ctx = replace(
        context(("orders", "db")),
        services=(ServiceTarget("orders", depends_on=("db",)), ServiceTarget("db")),
    )
    cpu = _metric("cpu", "cpu", 0.95, 5.0, 80.0)
    findings = [replace(cpu, service="orders"), _latency("orders", 0.9)]
    assert merge_findings(ctx, findings, silent={"db"})[0].service == "orders"


def test_the_engine_names_the_services_that_sent_nothing() -> None:
    from incident_app.correlation.engine import silent_services

    ctx = context(("orders", "db"))
    heard = Telemetry(series=[short("orders", "cpu", [1.0] * 11)])
    assert silent_services(ctx, heard) == {"db"}
    assert silent_services(ctx, Telemetry()) == set()  # nothing at all: no signal, not silence


def _scores(cols: list[Series], services: tuple[str, ...] = ("svc",)) -> dict[str, Finding]:
    found = ANALYZER.analyze(context(services), Telemetry(series=cols))
    return {f"{f.service}_{f.evidence['metric']}": f for f in found}


def test_a_fault_that_ended_inside_the_window_is_an_episode_not_a_blip() -> None:
    # One-minute samples: CPU saturated for four minutes, then back, in a ten-minute window;
    # the same rise for two minutes, or a series whose baseline had such runs, is not one.
    ts = np.arange(START - 30 * 60, START + 10 * 60, 60.0)
    rng = np.random.default_rng(5)
    calm = 6 + rng.normal(0, 1.0, len(ts))
    after = ts >= START
    episode = np.where(after & (ts < START + 240), 90.0, calm)
    blip = np.where(after & (ts < START + 120), 90.0, calm)
    habit = np.where(((ts - ts[0]) // 60) % 12 < 4, 90.0, calm)  # four hot minutes in twelve
    habit = np.where(after & (ts < START + 240), 90.0, habit)
    cols = [
        series("svc", "cpu", episode, ts),
        series("blip", "cpu", blip, ts),
        series("habit", "cpu", habit, ts),
    ]
    found = _scores(cols, ("svc", "blip", "habit"))
    assert found["svc_cpu"].score > 0.9
    assert found["svc_cpu"].evidence["episode_median"] == 90.0
    assert found["svc_cpu"].evidence["after_median"] < 10  # most of the window was calm
    assert found.get("blip_cpu") is None or found["blip_cpu"].score < 0.75
    assert found.get("habit_cpu") is None or found["habit_cpu"].score < 0.5


def test_a_success_rate_in_percent_that_drops_a_few_points_reads_as_failing_requests() -> None:
    flat = [100.0] * 11
    dropped = [100.0, 100.0, 100.0, 96.5, 95.2, 96.0, 97.1, 100.0, 100.0, 100.0, 100.0]
    found = _scores(
        [short("svc", "success-rate", dropped), short("ok", "success-rate", flat)],
        ("svc", "ok"),
    )
    drop = found["svc_success-rate"]
    assert (drop.kind, drop.fault) == ("metric_drop", "exception") and drop.score > 0.6
    assert "ok_success-rate" not in found
    # a rise of a success rate is good news, not a fault
    up = _scores([short("svc", "success-rate", [90.0] * 3 + [99.9] * 8)])
    assert not up or up["svc_success-rate"].score < 0.25


def test_failing_requests_at_the_entry_name_the_fault_of_the_service_that_explains_them() -> None:
    # Users see 20% of requests fail (end to end) and nothing else at the entry moves; cart,
    # which frontend calls, answers slower on its own side. No error counter anywhere: the
    # fault is named from what users saw, and cart, not the entry, ranks first.
    e2e = [100.0] * 3 + [80.0, 79.0, 81.0, 80.0, 80.5, 79.5, 80.0, 80.2]
    cols = [
        short("frontend", "e2e-success-rate", e2e),
        short("frontend", "cpu", [20.0, 21.0, 20.0] * 3 + [20.0, 21.0]),
        short("cart", "caller-latency-50-from-frontend", [4.0] * 3 + [9.0] * 8),
        short("cart", "latency-50-from-frontend", [3.0] * 3 + [8.0] * 8),
    ]
    ctx = context(("frontend", "cart"))
    findings = ANALYZER.analyze(ctx, Telemetry(series=cols))
    entry = next(f for f in findings if f.evidence["metric"] == "e2e-success-rate")
    assert entry.evidence["end_to_end"] and entry.fault == "exception"
    top = merge_findings(ctx, findings)[0]
    assert (top.service, top.fault) == ("cart", "exception")


def test_a_shift_that_holds_on_is_scored_by_its_level_not_as_an_episode() -> None:
    # Two error rates that jump and stay up: the one that was wrong from the start and all
    # window long scores above the one that joined a minute later. Were both read as
    # episodes, both would saturate and the order (who went first) would be lost.
    ts = times()
    calm = np.clip(0.001 + np.random.default_rng(9).normal(0, 0.0005, len(ts)), 0, None)
    first = np.where(ts >= START, 0.5, calm)
    later = np.where(ts >= START + 60, 0.7, calm)
    found = _scores(
        [series("first", "error", first, ts), series("later", "error", later, ts)],
        ("first", "later"),
    )
    assert found["first_error"].score > found["later_error"].score
    assert (
        found["later_error"].evidence["episode_median"]
        == found["later_error"].evidence["after_median"]
    )


def test_a_slow_callee_does_not_explain_away_its_callers_own_cpu() -> None:
    # frontend burns CPU (its own fault) and gets slower; cart, which it calls, got slower
    # too (it shares the node). cart may explain frontend's latency, not its CPU.
    def found(service: str, metric: str, fault: str, score: float) -> Finding:
        return replace(
            _metric(metric, fault, score, 1.0, 2.0),
            service=service,
            evidence={"metric": metric, "calls": [["frontend", "cart"]]},
        )

    findings = [
        found("frontend", "cpu", "cpu", 0.95),
        found("frontend", "latency-90", "delay", 0.95),
        found("cart", "latency-90", "delay", 0.9),
    ]
    ranked = merge_findings(context(("frontend", "cart")), findings)
    assert [h.service for h in ranked][:2] == ["frontend", "cart"]
    assert ranked[0].fault == "cpu"
