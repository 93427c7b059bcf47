"""Metrics analyzer: robust before/after scores over every series of every service."""

from __future__ import annotations

import numpy as np
import pytest
from analyzer_synth import (
    METRICS,
    SERVICES,
    START,
    assert_json,
    by_service,
    context,
    fleet,
    noisy,
    series,
    step_to,
    times,
)

from analyzers.metrics import MetricsAnalyzer
from analyzers.metrics.scoring import as_array, downsample, metric_kind
from incident_app.correlation.types import Series, Signal, Telemetry

ANALYZER = MetricsAnalyzer()


def run(series_list: list[Series] | None) -> list:
    return ANALYZER.analyze(context(), Telemetry(series=series_list))


@pytest.mark.parametrize(
    ("metric", "level", "fault", "at_least"),
    [
        ("cpu", 0.95, "cpu", 0.8),
        ("mem", 1900.0, "mem", 0.8),
        ("latency-90", 1.5, "delay", 0.8),
        ("error", 0.35, "exception", 0.8),
        ("db-connections", 50.0, "pool-exhaustion", 0.8),
        ("diskio", 25.0, "disk", 0.8),
        ("netrx", 3000.0, "loss", 0.6),  # network volume moves both ways normally: weighted 0.7
    ],
)
def test_injected_fault_ranks_first_with_its_hint(
    metric: str, level: float, fault: str, at_least: float
) -> None:
    findings = run(fleet(seed=7, faults={("payment", metric): step_to(level)}))
    top = findings[0]
    assert (top.service, top.evidence["metric"], top.fault) == ("payment", metric, fault)
    assert top.kind == "metric_spike" and top.signal is Signal.metrics
    assert top.score > at_least
    assert top.onset is not None and START <= top.onset <= START + 60
    others = [f.score for f in findings if f.service != "payment"]
    assert max(others, default=0.0) < 0.25


def test_a_climbing_restart_count_hints_a_crash_loop_a_single_jump_does_not() -> None:
    """Pods that keep restarting crash-loop; every pod restarting once at the same moment is a
    reload or a drain, which the restart count alone cannot name."""
    ts = times()
    climbing = np.where(ts >= START, np.floor((ts - START) / 60) + 1, 0.0)
    jump = np.where(ts >= START, 3.0, 0.0)
    [loop] = run([series("payment", "restarts", climbing)])
    [once] = run([series("payment", "restarts", jump)])
    assert loop.fault == "crashloop" and loop.score > 0.8
    assert once.fault is None and once.score > 0.8


def test_onset_slightly_before_the_start_is_found() -> None:
    """An incident is often opened after its anomaly began: the guard band keeps those first
    points out of the baseline and the onset search looks there too."""
    findings = run(fleet(seed=3, faults={("payment", "error"): step_to(0.3, at=START - 30)}))
    top = findings[0]
    assert (top.service, top.onset) == ("payment", START - 30)
    assert top.score > 0.9


@pytest.mark.parametrize("seed", range(8))
def test_normal_noisy_fleet_scores_near_zero(seed: int) -> None:
    findings = run(fleet(seed))
    assert max((f.score for f in findings), default=0.0) < 0.2


def test_slow_drift_is_not_an_incident() -> None:
    ts = times()
    drift = 0.35 + 0.02 * (ts - ts[0]) / (ts[-1] - ts[0])  # 0.35 -> 0.37 over 40 minutes
    values = drift + np.random.default_rng(1).normal(0, 0.02, len(ts))
    assert by_service(run([series("svc-01", "cpu", values)])).get("svc-01", 0.0) < 0.2


def test_sustained_shift_beats_a_short_blip() -> None:
    ts = times()
    base = noisy(np.random.default_rng(3), "latency-90")
    blip = np.where((ts >= START + 60) & (ts < START + 120), 1.5, base)  # 4 points
    sustained = np.where(ts >= START + 60, 1.5, base)
    scores = by_service(
        run([series("blip", "latency", blip), series("shift", "latency", sustained)])
    )
    assert scores["shift"] > 0.8
    assert scores.get("blip", 0.0) < 0.5 * scores["shift"]


@pytest.mark.parametrize("seed", range(6))
def test_quantized_spiky_and_skewed_noise_scores_low(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = len(times())
    findings = run(
        [
            series("counts", "db-connections", 10.0 + rng.poisson(0.3, n)),  # IQR is 0
            series("sparse", "restarts", (rng.random(n) < 0.05).astype(float)),
            series("skewed", "latency", rng.lognormal(np.log(0.1), 0.6, n)),
            series("spiky", "cpu", 0.3 + 0.5 * (rng.random(n) < 0.08)),  # 8% of points spike
        ]
    )
    assert max((f.score for f in findings), default=0.0) < 0.15


def test_new_restarts_in_a_series_of_zeros_count() -> None:
    ts = times()
    scores = []
    for restarts in (3, 6, 12):  # spread over the 40 points after the start
        values = np.zeros(len(ts))
        values[np.flatnonzero(ts >= START)[:: 40 // restarts][:restarts]] = 1.0
        [finding] = run([series("a", "restarts", values)])
        assert finding.fault == "crashloop" and "spiked to 1 (usually 0)" in finding.summary
        scores.append(finding.score)
    assert 0.05 < scores[0] < scores[1] < scores[2]


def test_single_outlier_after_start_scores_low() -> None:
    ts = times()
    values = np.where(ts == START + 150, 50.0, noisy(np.random.default_rng(5), "cpu"))
    assert by_service(run([series("svc-02", "cpu", values)])).get("svc-02", 0.0) < 0.1


def test_drop_in_requests_matters_less_than_equal_rise_in_errors() -> None:
    rng = np.random.default_rng(11)
    ts = times()
    requests = np.where(ts >= START, 0.5, 1.0) * (220 + rng.normal(0, 5, len(ts)))
    errors = np.where(ts >= START, 2.0, 1.0) * (0.02 + rng.normal(0, 0.0005, len(ts)))
    findings = run([series("a", "requests", requests), series("b", "error", errors)])
    scores = by_service(findings)
    drop = next(f for f in findings if f.service == "a")
    assert drop.kind == "metric_drop" and drop.evidence["direction"] == "down"
    assert drop.fault is None
    assert scores["b"] > scores["a"] > 0.2


def test_constant_series_is_silent_but_a_flat_baseline_still_detects_a_rise() -> None:
    ts = times()
    flat = np.full(len(ts), 3.0)
    rises = np.where(ts >= START, 0.2, 0.0)  # error rate 0 -> 0.2
    findings = run([series("flat", "cpu", flat), series("rises", "error", rises)])
    assert [f.service for f in findings] == ["rises"]
    assert findings[0].score > 0.9
    assert findings[0].evidence["baseline_iqr"] == 0.0


def test_degenerate_inputs_do_not_crash() -> None:
    ts = times()
    weird = [
        Series("empty", "cpu", ()),
        Series("one", "cpu", ((START + 10, 1.0),)),
        Series("before-only", "cpu", tuple((t, 1.0) for t in ts[ts < START])),
        Series("after-only", "cpu", tuple((t, 1.0) for t in ts[ts >= START])),
        Series("nan", "cpu", tuple((t, float("nan")) for t in ts)),
        Series(
            "unsorted",
            "mem",
            tuple(reversed(series("x", "mem", noisy(np.random.default_rng(2), "mem")).points)),
        ),
    ]
    assert run(weird) == []
    assert run(None) == [] and run([]) == []


def test_unknown_suffix_is_scored_without_a_fault() -> None:
    ts = times()
    values = np.where(ts >= START, 40.0, 10.0 + np.random.default_rng(4).normal(0, 1, len(ts)))
    [finding] = run([series("svc-03", "gc-pause-seconds", values)])
    assert finding.fault is None and finding.kind == "metric_spike" and finding.score > 0.6
    assert metric_kind("gc-pause-seconds").fault is None


def test_metric_names_map_to_fault_hints() -> None:
    assert metric_kind("db_connections").fault == "pool-exhaustion"
    assert metric_kind("connection-pool-used").fault == "pool-exhaustion"
    assert metric_kind("memory").fault == "mem"
    assert metric_kind("latency-50").fault == "delay"
    assert metric_kind("nettx").fault == "loss"
    assert metric_kind("disk").fault == "disk"
    assert metric_kind("requests").fault is None


def test_evidence_has_the_chart_and_the_statistics() -> None:
    findings = run(fleet(seed=2, faults={("payment", "cpu"): step_to(0.9)}))
    [dumped, *_] = assert_json(findings)
    ev = dumped["evidence"]
    assert ev["metric"] == "cpu" and ev["direction"] == "up"
    assert abs(ev["baseline_median"] - METRICS["cpu"][0]) < 0.02
    assert abs(ev["after_median"] - 0.9) < 0.05
    assert ev["robust_z"] > 10 and ev["share_outside"] > 0.9
    assert 0 < len(ev["points"]) <= 120
    assert ev["points"][0][0] < START < ev["points"][-1][0]
    assert dumped["summary"].startswith("cpu of payment rose from 0.3")
    assert {f.service for f in findings} <= set(SERVICES)


def test_downsample_keeps_spikes_and_bounds() -> None:
    ts = np.arange(0, 10_000, 1.0)
    values = np.zeros(len(ts))
    values[5_555] = 99.0
    points = downsample(as_array(tuple(zip(ts.tolist(), values.tolist(), strict=True))), 100, 9_000)
    assert len(points) <= 120
    assert points[0][0] >= 100 and points[-1][0] <= 9_000
    assert [5_555.0, 99.0] in points
