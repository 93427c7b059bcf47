"""Structure of the traces: span trees, each span's own (exclusive) time, the deepest failing
spans, the service call graph, and which callee a failing span was waiting on.

A failing span none of whose children fail is where the error originated; its callers fail
only because it did. When such a span has a callee that became slow, or lacks a callee its
operation always used to call while itself running far longer than usual (a timeout), the
error was most likely caused by that callee (delay or loss), not by the span's own code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import inf

from analyzers._shared import quantiles
from incident_app.correlation.types import Span

#: A child is "slow" beyond this multiple of its operation's usual p95 (and a timed-out
#: caller beyond this multiple of its own).
SLOW_FACTOR = 2.0
#: A callee is "usual" for an operation when it appears under this share of its healthy spans.
USUAL_SHARE = 0.5

OpKey = tuple[str, str]  # (service, operation)


@dataclass
class SpanFacts:
    span: Span
    exclusive_ms: float
    origin: bool  # fails, and none of its children fail
    # After the start only: callees that were slow under this span, and usual callees that
    # were never reached while this span ran far longer than usual.
    slow_callees: list[str] = field(default_factory=list)
    missing_callees: list[str] = field(default_factory=list)

    @property
    def blamed(self) -> list[str]:
        return self.slow_callees + self.missing_callees


@dataclass
class TraceGraph:
    facts: list[SpanFacts]
    calls: dict[str, dict[str, int]]  # caller service -> callee service -> number of calls


def _busy_ms(parent: Span, children: list[Span]) -> float:
    """Time the parent spent waiting on its children: the union of their intervals within the
    parent's, or (when timestamps are too coarse to place them) their summed durations."""
    if not children:
        return 0.0
    lo, hi = parent.time, parent.time + parent.duration_ms / 1000
    total = sum(c.duration_ms for c in children)
    if any(c.time < lo - 1e-3 or c.time > hi + 1e-3 for c in children):
        return min(total, parent.duration_ms)
    busy, end = 0.0, lo
    for s, e in sorted((c.time, min(c.time + c.duration_ms / 1000, hi)) for c in children):
        if e > end:
            busy += e - max(s, end)
            end = e
    return busy * 1000


def _usual(
    spans: Sequence[Span], kids: dict[tuple[str, str], list[Span]], start: float
) -> tuple[dict[OpKey, float], dict[OpKey, set[str]]]:
    """Per operation, from healthy spans before the start: the p95 duration and the callees
    it normally calls."""
    durations: dict[OpKey, list[float]] = defaultdict(list)
    callees: dict[OpKey, Counter[str]] = defaultdict(Counter)
    for s in spans:
        if s.time < start and not s.error:
            key = (s.service, s.operation)
            durations[key].append(s.duration_ms)
            callees[key].update({c.service for c in kids[(s.trace_id, s.span_id)]} - {s.service})
    p95 = {k: quantiles(v, 0.95)[0] for k, v in durations.items() if len(v) >= 3}
    usual = {
        k: {svc for svc, n in callees[k].items() if n >= USUAL_SHARE * len(durations[k])}
        for k in callees
    }
    return p95, usual


def build(spans: Sequence[Span], start: float) -> TraceGraph:
    by_id = {(s.trace_id, s.span_id): s for s in spans}
    kids: dict[tuple[str, str], list[Span]] = defaultdict(list)
    calls: dict[str, Counter[str]] = defaultdict(Counter)
    for s in spans:
        parent = by_id.get((s.trace_id, s.parent_span_id)) if s.parent_span_id else None
        if parent is not None:
            kids[(s.trace_id, parent.span_id)].append(s)
            if parent.service != s.service:
                calls[parent.service][s.service] += 1
    p95, usual = _usual(spans, kids, start)
    facts = []
    for s in spans:
        children = kids[(s.trace_id, s.span_id)]
        fact = SpanFacts(
            span=s,
            exclusive_ms=max(0.0, s.duration_ms - _busy_ms(s, children)),
            origin=s.error and not any(c.error for c in children),
        )
        if s.time >= start:
            fact.slow_callees = sorted(
                {
                    c.service
                    for c in children
                    if c.service != s.service
                    and c.duration_ms > SLOW_FACTOR * p95.get((c.service, c.operation), inf)
                }
            )
            if s.duration_ms > SLOW_FACTOR * p95.get((s.service, s.operation), inf):
                present = {c.service for c in children}
                fact.missing_callees = sorted(usual.get((s.service, s.operation), set()) - present)
        facts.append(fact)
    return TraceGraph(facts, {k: dict(v) for k, v in calls.items()})
