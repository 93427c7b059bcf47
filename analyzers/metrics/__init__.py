"""Built-in metrics analyzer: a robust before/after anomaly score for every series of every
service (see `scoring`), reported as metric_spike / metric_drop findings.

CPU and connection-pool use follow load: when a service also reports its request rate, they
are scored per request too (against the reference period's per-request values as well), and
the lower score counts, so a traffic rise is not mistaken for a CPU or pool fault (the traffic
itself is reported, as a load change)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from analyzers._shared import MIN_SCORE, VERSION, fmt_num, fmt_time, rnd
from analyzers.metrics.edges import Edge, call_edges, edge_of
from analyzers.metrics.scoring import (
    MetricKind,
    SeriesScore,
    as_array,
    downsample,
    end_to_end,
    metric_kind,
    score_series,
)
from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Series, Signal, Telemetry

#: A restart count whose rise is mostly one step restarted once, it does not crash-loop.
BURST_SHARE = 0.8
#: Resource kinds scored per request as well (see the module docstring).
PER_REQUEST = {"cpu", "pool-exhaustion"}


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


def _load(series: list[Series]) -> dict[str, np.ndarray]:
    """service -> its request-rate series (a traffic series that is not bytes)."""
    loads: dict[str, np.ndarray] = {}
    for s in series:
        kind = metric_kind(s.metric)
        if kind.traffic and kind.fault is None and s.service not in loads:
            loads[s.service] = as_array(s.points)
    return loads


def _reference(context: AnalysisContext) -> list[Series]:
    """The series of the reference period (see AnalysisContext), none without one."""
    return (context.reference.series if context.reference is not None else None) or []


def _values(data: np.ndarray | None) -> np.ndarray | None:
    return data[:, 1] if data is not None else None


def _per_request(data: np.ndarray | None, load: np.ndarray | None) -> np.ndarray | None:
    """The series divided by the request rate at its times; None without enough of both."""
    if data is None or load is None or len(load) < 2:
        return None
    rate = np.interp(data[:, 0], load[:, 0], load[:, 1])
    ok = rate > 0
    return np.column_stack((data[ok, 0], data[ok, 1] / rate[ok])) if ok.sum() >= 2 else None


def _one_burst(data: np.ndarray, start: float) -> bool:
    """Whether a rise after the start happened in one step (every pod restarted once: a
    config reload, a node drain) rather than climbing on (a crash loop, repeated OOM kills)."""
    t, v = data[:, 0], data[:, 1]
    post = v[max(int(np.searchsorted(t, start)) - 1, 0) :]
    if len(post) < 2:
        return False
    steps = np.diff(post)
    if (steps >= 0).all():  # a counter: most of the rise in one step
        return float(steps.max()) >= BURST_SHARE * float(post[-1] - post[0]) > 0
    return int((post[1:] > post[0]).sum()) <= 1  # restarts per interval: one busy interval


def _fault(kind: MetricKind, data: np.ndarray, start: float, s: SeriesScore) -> str | None:
    if kind.fault == "crashloop" and s.direction == "up" and _one_burst(data, start):
        return None
    return kind.fault


def _kind(s: SeriesScore, kind: MetricKind, edge: Edge | None) -> str:
    """`callee_latency` for a caller-measured edge that got slower (an accusation: see
    analyzers.metrics.edges), else a spike or a drop."""
    if edge is not None and edge.caller_side and kind.fault == "delay" and s.direction == "up":
        return "callee_latency"
    return "metric_spike" if s.direction == "up" else "metric_drop"


def _finding(
    context: AnalysisContext,
    series: Series,
    data: np.ndarray,
    s: SeriesScore,
    kind: MetricKind,
    per_request: float | None = None,
    edge: Edge | None = None,
    calls: list[list[str]] | None = None,
) -> Finding:
    lo, hi = context.window_start.timestamp(), context.window_end.timestamp()
    points = downsample(data, lo, hi) or downsample(data, -np.inf, np.inf)
    summary = _summary(series, s)
    if per_request is not None:
        summary = summary[:-1] + "; its request rate moved with it, so per request it barely did."
    if edge is not None:
        side = "as its caller" if edge.caller_side else "on calls from"
        summary = summary[:-1] + f" ({side} {edge.caller} measured it)."
    return Finding(
        analyzer="metrics",
        service=series.service,
        signal=Signal.metrics,
        kind=_kind(s, kind, edge),
        summary=summary,
        score=round(s.score, 4),
        fault=_fault(kind, data, context.started_at.timestamp(), s),
        onset=s.onset,
        evidence={
            "caller": edge.caller if edge is not None else None,
            "calls": calls or [],
            "metric": series.metric,
            "traffic": kind.traffic,
            "end_to_end": end_to_end(series.metric),
            "per_request_score": per_request,
            "query": series.query,
            "direction": s.direction,
            "baseline_median": rnd(s.baseline_median),
            "baseline_iqr": rnd(s.baseline_iqr),
            "robust_scale": rnd(s.scale),
            "after_median": rnd(s.after_median),
            "after_peak": rnd(s.after_peak),
            "episode_median": rnd(s.episode_median),
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
        loads, reference = _load(telemetry.series), _reference(context)
        normal = {(s.service, s.metric): as_array(s.points) for s in reference}
        normal_loads = _load(reference)
        services = {s.service for s in telemetry.series}
        calls = call_edges(telemetry.series)
        for series in telemetry.series:
            kind, data = metric_kind(series.metric), as_array(series.points)
            usual = normal.get((series.service, series.metric))
            scored = score_series(data, start, kind, _values(usual))
            if scored is None or scored.score < MIN_SCORE:
                continue
            per_request = None
            load = loads.get(series.service)
            if kind.fault in PER_REQUEST and load is not None:
                ratio = _per_request(data, load)
                usual_ratio = _per_request(usual, normal_loads.get(series.service))
                per = (
                    score_series(ratio, start, kind, _values(usual_ratio))
                    if ratio is not None
                    else None
                )
                if per is not None and per.score < scored.score:
                    per_request = round(per.score, 4)
                    scored = replace(scored, score=per.score)
            if scored.score >= MIN_SCORE:
                edge = edge_of(series, services)
                findings.append(
                    _finding(context, series, data, scored, kind, per_request, edge, calls)
                )
        return sorted(_starved_callers(findings), key=lambda f: -f.score)


def _starved_callers(findings: list[Finding]) -> list[Finding]:
    """A caller short of CPU measures its calls slower than they were (its own scheduling
    delay is inside the timer), so its accusations count less by its own CPU score."""
    cpu: dict[str, float] = {}
    for f in findings:
        if f.fault == "cpu" and f.kind == "metric_spike":
            cpu[f.service] = max(cpu.get(f.service, 0.0), f.score)
    out = []
    for f in findings:
        starved = cpu.get(str(f.evidence.get("caller")), 0.0) if f.kind == "callee_latency" else 0.0
        if starved:
            f = replace(f, score=round(f.score * (1.0 - starved), 4))
        if f.score >= MIN_SCORE:
            out.append(f)
    return out


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [MetricsAnalyzer()]
