"""Built-in metrics analyzer: a robust before/after anomaly score for every series of every
service (see `scoring`), reported as metric_spike / metric_drop findings."""

from __future__ import annotations

import numpy as np

from analyzers._shared import MIN_SCORE, VERSION, fmt_num, fmt_time, rnd
from analyzers.metrics.scoring import (
    MetricKind,
    SeriesScore,
    as_array,
    downsample,
    metric_kind,
    score_series,
)
from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Series, Signal, Telemetry


def _summary(series: Series, s: SeriesScore) -> str:
    usual = f"usually {fmt_num(s.baseline_median)}"
    share = f"{s.share_outside:.0%} of points after the start outside the usual band"
    when = f", from {fmt_time(s.onset)}" if s.onset is not None else ""
    moved = abs(s.robust_z) >= 3
    if moved:
        verb = "rose" if s.direction == "up" else "fell"
        what = f"{verb} from {fmt_num(s.baseline_median)} to {fmt_num(s.after_median)}"
    else:
        verb = "spiked to" if s.direction == "up" else "dipped to"
        what = f"{verb} {fmt_num(s.after_peak)} ({usual})"
    return f"{series.metric} of {series.service} {what}: {share}{when}."


def _finding(
    context: AnalysisContext, series: Series, data: np.ndarray, s: SeriesScore, kind: MetricKind
) -> Finding:
    lo, hi = context.window_start.timestamp(), context.window_end.timestamp()
    points = downsample(data, lo, hi) or downsample(data, -np.inf, np.inf)
    return Finding(
        analyzer="metrics",
        service=series.service,
        signal=Signal.metrics,
        kind="metric_spike" if s.direction == "up" else "metric_drop",
        summary=_summary(series, s),
        score=round(s.score, 4),
        fault=kind.fault,
        onset=s.onset,
        evidence={
            "metric": series.metric,
            "query": series.query,
            "direction": s.direction,
            "baseline_median": rnd(s.baseline_median),
            "baseline_iqr": rnd(s.baseline_iqr),
            "robust_scale": rnd(s.scale),
            "after_median": rnd(s.after_median),
            "after_peak": rnd(s.after_peak),
            "robust_z": rnd(s.robust_z, 4),
            "share_outside": round(s.share_outside, 4),
            "onset": s.onset,
            "baseline_points": s.baseline_points,
            "after_points": s.after_points,
            "started_at": context.started_at.timestamp(),
            "points": points,
        },
    )


class MetricsAnalyzer:
    name = "metrics"
    version = VERSION
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        """One finding per series that moved; strongest first."""
        if telemetry.series is None:
            return []
        start = context.started_at.timestamp()
        findings = []
        for series in telemetry.series:
            kind, data = metric_kind(series.metric), as_array(series.points)
            scored = score_series(data, start, kind)
            if scored is not None and scored.score >= MIN_SCORE:
                findings.append(_finding(context, series, data, scored, kind))
        return sorted(findings, key=lambda f: -f.score)


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [MetricsAnalyzer()]
