"""Built-in traces analyzer: per-service error and latency shifts, the deepest failing spans
(where errors originate), the callees failing spans were waiting on, and the observed call
graph, in every finding's evidence as `calls`: sorted [caller, callee] service pairs."""

from __future__ import annotations

from collections import Counter
from typing import Any

from analyzers._shared import MIN_SCORE, VERSION, fmt_ms, rnd
from analyzers.traces.graph import SLOW_FACTOR, SpanFacts, build
from analyzers.traces.scoring import ServiceTraces, collect, latency_shift, rate_shift
from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry

#: A failing span whose callee was slow or unreachable keeps this little of its blame.
BLAMED_KEEP = 0.4
#: Share of a timed-out caller's score handed to the callee it waited on.
CALLEE_SHARE = 0.9
#: What a callee did to the spans waiting on it: answered slowly, or never (lost packets).
CALLEE_FAULT = {"slow": "delay", "unreachable": "loss"}
CALLEE_TEXT = {
    "slow": "while waiting on a slow",
    "unreachable": "after timing out without reaching",
}
#: Callers whose latency grew only through a callee keep this share of the score.
WAITING_KEEP = 0.3


def _spans(facts: list[SpanFacts], limit: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "trace_id": f.span.trace_id,
            "span_id": f.span.span_id,
            "operation": f.span.operation,
            "duration_ms": rnd(f.span.duration_ms),
            "time": f.span.time,
        }
        for f in facts[:limit]
    ]


def _ops(facts: list[SpanFacts]) -> dict[str, int]:
    return dict(Counter(f.span.operation for f in facts).most_common(5))


class _Builder:
    """Turns one analysis' per-service statistics into findings sharing the call graph."""

    def __init__(self, stats: dict[str, ServiceTraces], calls: dict[str, dict[str, int]]):
        self.calls = calls
        self.edges = sorted([caller, callee] for caller in calls for callee in calls[caller])
        self.total = {
            s: latency_shift(t.before.durations, t.after.durations) for s, t in stats.items()
        }

    def finding(
        self,
        service: str,
        kind: str,
        summary: str,
        score: float,
        *,
        fault: str | None = None,
        onset: float | None = None,
        **evidence: Any,
    ) -> Finding:
        return Finding(
            analyzer="traces",
            service=service,
            signal=Signal.traces,
            kind=kind,
            summary=summary,
            score=round(min(score, 1.0), 4),
            fault=fault,
            onset=onset,
            evidence={**evidence, "calls": self.edges},
        )

    def errors(self, service: str, st: ServiceTraces) -> Finding:
        b, a = st.before, st.after
        shift = rate_shift(b.errors, b.spans, a.errors, a.spans)
        own = sum(1 for f in st.origins if not f.blamed) / len(st.failing)
        total = self.total[service]
        where = (
            "all originate there"
            if own > 0.999
            else "none originate there (a callee failed or stalled)"
            if own < 0.001
            else f"{own:.0%} originate there, the rest come from callees"
        )
        return self.finding(
            service,
            "trace_errors",
            f"{service}: {a.errors:,} of {a.spans:,} spans failed after the start "
            f"({shift.rate_after:.1%}, was {shift.rate_before:.1%}); {where}.",
            shift.score * (0.5 + 0.5 * own),
            fault="exception" if own >= 0.5 else None,
            onset=st.failing[0].span.time,
            errors_before=b.errors,
            errors_after=a.errors,
            spans_before=b.spans,
            spans_after=a.spans,
            error_rate_before=rnd(shift.rate_before),
            error_rate_after=rnd(shift.rate_after),
            z=rnd(shift.z, 4),
            origin_share=rnd(own, 4),
            p95_before_ms=rnd(total.p95_before) if total else None,
            p95_after_ms=rnd(total.p95_after) if total else None,
            failing_spans=_spans(st.failing),
            operations=_ops(st.failing),
        )

    def deepest(self, service: str, st: ServiceTraces) -> list[Finding]:
        """The origin finding, plus one per callee that the origin spans were waiting on."""
        b, a, origins = st.before, st.after, st.origins
        shift = rate_shift(b.origins, b.spans, a.origins, a.spans)
        blamed: Counter[tuple[str, str]] = Counter()
        for f in origins:
            blamed.update((c, "slow") for c in f.slow_callees)
            blamed.update((c, "unreachable") for c in f.missing_callees)
        share = sum(1 for f in origins if f.blamed) / len(origins)
        first = origins[0].span
        found = [
            self.finding(
                service,
                "deepest_failing_span",
                f"Errors originate in {service}: {a.origins:,} failing spans with no failing "
                f"child after the start (was {b.origins:,} before), e.g. {first.operation} "
                f"failing after {fmt_ms(first.duration_ms)}.",
                shift.score * (1 - (1 - BLAMED_KEEP) * share),
                fault="exception",
                onset=first.time,
                origins_before=b.origins,
                origins_after=a.origins,
                spans_before=b.spans,
                spans_after=a.spans,
                z=rnd(shift.z, 4),
                waiting_share=rnd(share, 4),
                slow_callees={c: n for (c, why), n in blamed.items() if why == "slow"},
                missing_callees={c: n for (c, why), n in blamed.items() if why != "slow"},
                failing_spans=_spans(origins),
                operations=_ops(origins),
            )
        ]
        for (callee, why), n in blamed.most_common():
            found.append(
                self.finding(
                    callee,
                    "callee_timeout",
                    f"{service} spans fail {CALLEE_TEXT[why]} {callee} "
                    f"({n:,} of {len(origins):,} failing spans).",
                    CALLEE_SHARE * shift.score * n / len(origins),
                    fault=CALLEE_FAULT[why],
                    onset=first.time,
                    caller=service,
                    reason=why,
                    failing_caller_spans=n,
                    failing_spans=_spans([f for f in origins if callee in f.blamed]),
                )
            )
        return found

    def _waiting_on(self, service: str, st: ServiceTraces) -> str | None:
        """The callee most often slow or unreached under this service's spans, else the one
        whose latency grew most."""
        if st.waited_on:
            return st.waited_on.most_common(1)[0][0]
        grown = [(t.growth_ms, c) for c in self.calls.get(service, {}) if (t := self.total.get(c))]
        return max(grown)[1] if grown else None

    def latency(self, service: str, st: ServiceTraces) -> Finding | None:
        own = latency_shift(st.before.exclusive, st.after.exclusive)
        total = self.total[service]
        if own is None or total is None:
            return None
        waiting = own.score < WAITING_KEEP * total.score
        waiting_on = self._waiting_on(service, st) if waiting else None
        own_text = (
            f"its own median time per call {fmt_ms(own.p50_before)} to {fmt_ms(own.p50_after)}"
        )
        what = f"mostly waiting on {waiting_on}" if waiting_on else own_text
        after = zip(st.after.times, st.after.durations, strict=True)
        onset = next((t for t, d in after if d > SLOW_FACTOR * total.p95_before), None)
        return self.finding(
            service,
            "trace_latency",
            f"{service} p95 latency rose from {fmt_ms(total.p95_before)} to "
            f"{fmt_ms(total.p95_after)} after the start; {what}.",
            max(own.score, WAITING_KEEP * total.score),
            fault=None if waiting else "delay",
            onset=onset,
            p50_before_ms=rnd(total.p50_before),
            p50_after_ms=rnd(total.p50_after),
            p95_before_ms=rnd(total.p95_before),
            p95_after_ms=rnd(total.p95_after),
            own_p50_before_ms=rnd(own.p50_before),
            own_p50_after_ms=rnd(own.p50_after),
            own_p95_before_ms=rnd(own.p95_before),
            own_p95_after_ms=rnd(own.p95_after),
            own_growth_ms=rnd(own.growth_ms),
            z_own=rnd(own.z, 4),
            z_total=rnd(total.z, 4),
            waiting_on=waiting_on,
            spans_before=st.before.spans,
            spans_after=st.after.spans,
        )


class TracesAnalyzer:
    name = "traces"
    version = VERSION
    signals = (Signal.traces,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        """Error and latency findings per service, origin spans first in importance."""
        if not telemetry.spans:
            return []
        start = context.started_at.timestamp()
        graph = build(telemetry.spans, start)
        stats = collect(graph, start)
        builder = _Builder(stats, graph.calls)
        findings: list[Finding] = []
        for service, st in stats.items():
            if st.failing:
                findings.append(builder.errors(service, st))
            if st.origins:
                findings.extend(builder.deepest(service, st))
            latency = builder.latency(service, st)
            if latency is not None:
                findings.append(latency)
        return sorted((f for f in findings if f.score >= MIN_SCORE), key=lambda f: -f.score)


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [TracesAnalyzer()]
