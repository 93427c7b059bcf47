"""Structure of the traces: span trees, each span's own (exclusive) time, the deepest failing
spans, the service call graph, and which callee a failing span was waiting on.

A failing span none of whose children fail is where the error originated; its callers fail
only because it did. When such a span has a callee that became slow, or ran into a timeout
where its operation always used to call a callee next (no span of that callee: it was never
reached), the error was most likely caused by that callee (delay or loss), not by the span's
own code. Only the callee where the span stopped is suspected; the usual callees after it are
missing merely because a failed request calls nothing more. A span that fails at once where
it usually called a callee is not read this way: a refused connection, the previous callee's
unusable answer and the span's own bug look alike there.
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
    # After the start only: callees that were slow under this span, and the usual callee it
    # stopped at without reaching it while running far longer than usual (a timeout).
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
) -> tuple[dict[OpKey, float], dict[OpKey, list[str]]]:
    """Per operation, from healthy spans before the start: the p95 duration and the callees
    it normally calls, in the order it calls them (by their median start offset)."""
    durations: dict[OpKey, list[float]] = defaultdict(list)
    offsets: dict[OpKey, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for s in spans:
        if s.time < start and not s.error:
            key = (s.service, s.operation)
            durations[key].append(s.duration_ms)
            first: dict[str, float] = {}
            for c in kids[(s.trace_id, s.span_id)]:
                if c.service != s.service:
                    first[c.service] = min(first.get(c.service, inf), c.time - s.time)
            for callee, offset in first.items():
                offsets[key][callee].append(offset)
    p95 = {k: quantiles(v, 0.95)[0] for k, v in durations.items() if len(v) >= 3}
    usual = {}
    for key, by_callee in offsets.items():
        median = {c: quantiles(seen, 0.5)[0] for c, seen in by_callee.items()}
        often = [
            c for c, seen in by_callee.items() if len(seen) >= USUAL_SHARE * len(durations[key])
        ]
        usual[key] = sorted(often, key=lambda c: (median[c], c))
    return p95, usual


def _stopped_at(usual: list[str], present: set[str]) -> str | None:
    """The usual callee right after the last one that was reached (None if it was reached)."""
    reached = [i for i, c in enumerate(usual) if c in present]
    nxt = reached[-1] + 1 if reached else 0
    return usual[nxt] if nxt < len(usual) else None


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
                stopped = _stopped_at(usual.get((s.service, s.operation), []), present)
                fact.missing_callees = [stopped] if stopped else []
        facts.append(fact)
    return TraceGraph(facts, {k: dict(v) for k, v in calls.items()})
