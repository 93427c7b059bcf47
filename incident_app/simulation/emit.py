"""Logs and traces the simulated services write in one second, drawn from their state.

Log lines are templated with variable parts (counts, durations, ids), so they mine into the
patterns real services produce: access lines at a steady rate, and error lines whose words
say why (an exhausted connection pool, memory pressure, a slow request, an upstream failure),
at a rate that follows the error rate. Traces start at the entry services and follow the call
graph; a failing span's children show whether the failure began there or below it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from incident_app.correlation.types import LogRecord, Span
from incident_app.simulation.faults import POOL_SATURATED, Fault
from incident_app.simulation.model import PASS, SIGMA, Effect, Sample, slow_share
from incident_app.simulation.topology import ServiceSpec, Topology

ACCESS_PER_S = 0.3
ERROR_LINES_PER_FAILURE = 0.3
MAX_LINES_PER_S = 5.0
TRACES_PER_S = 2.0
POOL_TIMEOUT_MS = 3000.0
EXCEPTIONS = (
    "KeyError: 'sku'",
    "AttributeError: 'NoneType' object has no attribute 'amount'",
    "ValueError: invalid literal for int() with base 10: ''",
)
NEW_BUG = "TypeError: unsupported operand type(s) for +: 'Decimal' and 'float'"


def _lines(rng: np.random.Generator, rate: float) -> int:
    return int(rng.poisson(min(MAX_LINES_PER_S, max(rate, 0.0))))


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return options[int(rng.random() * len(options))]


def _ms(rng: np.random.Generator, median: float) -> float:
    return float(median * math.exp(SIGMA * rng.standard_normal()))


def logs(
    name: str,
    spec: ServiceSpec,
    effect: Effect,
    sample: Sample,
    callees: dict[str, Effect],
    fault: Fault | None,
    t: float,
    rng: np.random.Generator,
) -> list[LogRecord]:
    """One second of `name`'s log lines (time-ordered within the second)."""
    out: list[tuple[str, str]] = []
    ops = spec.operations
    for _ in range(_lines(rng, ACCESS_PER_S)):
        failed = rng.random() < sample.error
        code = 500 if failed else 404 if rng.random() < 0.01 else 200
        op = _pick(rng, ops)
        level = "error" if failed else "info"
        out.append((level, f"{op} {code} {_ms(rng, sample.median_ms):.0f}ms"))
    usual = min(sample.own_error, spec.error_rate * sample.own_error / max(effect.own_error, 1e-9))
    for share, cause in ((usual, None), (sample.own_error - usual, fault)):
        for _ in range(_lines(rng, sample.rps * share * ERROR_LINES_PER_FAILURE)):
            out.append(_failure(name, spec, sample, cause, rng))
    upstream = max(0.0, sample.error - sample.own_error)
    blamed = {
        c: e.error + (1 - e.error) * slow_share(e.latency_ms, spec.timeout_ms)
        for c, e in callees.items()
    }
    worst = max(blamed, key=lambda c: blamed[c] * spec.calls[c], default=None)
    for _ in range(_lines(rng, sample.rps * upstream * ERROR_LINES_PER_FAILURE)):
        if worst is None:
            break
        callee = callees[worst]
        if rng.random() < slow_share(callee.latency_ms, spec.timeout_ms) / max(blamed[worst], 1e-9):
            out.append(("error", f"call to {worst} timed out after {spec.timeout_ms:.0f} ms"))
        else:
            ms = _ms(rng, callee.latency_ms)
            out.append(("error", f"call to {worst} failed: HTTP 503 after {ms:.0f} ms"))
    memory = max(p.memory for p in effect.pods)
    if memory >= 0.9:
        for _ in range(_lines(rng, 0.5)):
            limit = spec.memory_limit_mb
            text = f"memory usage at {memory:.0%} of memory limit ({limit:.0f}Mi), GC thrashing"
            out.append(("warn", text))
    for pod in effect.pods:
        if pod.killed == "OOMKilled":
            size = (1 + int(63 * rng.random())) * 1024 * 1024
            text = f"fatal: out of memory allocating {size} bytes in {pod.name}"
            out.append(("error", text))
    if effect.cpu >= 0.85:
        for _ in range(_lines(rng, 0.5)):
            queued = int(sample.rps * effect.cpu)
            out.append(("warn", f"run queue saturated: {queued} requests waiting for CPU"))
    if effect.own_ms >= max(3 * spec.latency_ms, 200.0):
        for _ in range(_lines(rng, min(2.0, sample.rps * 0.05))):
            op = _pick(rng, ops)
            out.append(("warn", f"slow request: {op} took {_ms(rng, effect.own_ms):.0f} ms"))
    times = np.sort(t - 1.0 + rng.random(len(out)))
    return [LogRecord(float(s), name, lvl, msg) for s, (lvl, msg) in zip(times, out, strict=True)]


def _failure(
    name: str, spec: ServiceSpec, sample: Sample, fault: Fault | None, rng: np.random.Generator
) -> tuple[str, str]:
    """A failed request in the service's own words: the fault's kind says why (an exhausted
    pool, memory, CPU starvation, a new release's bug); without a fault it is the service's
    usual sporadic exception."""
    op = _pick(rng, spec.operations)
    kind = fault.kind if fault is not None else ""
    pool = spec.db_pool
    if kind == "pool-exhaustion" and pool is not None:
        if rng.random() < 0.5:
            return "error", (
                f"connection pool exhausted: {sample.db_in_use or 0:.0f}/{pool.max} connections "
                f"in use, {int(sample.db_waiting or 0)} requests waiting"
            )
        return "warn", f"timeout acquiring connection from pool after {POOL_TIMEOUT_MS:.0f} ms"
    if kind in ("oom", "mem"):
        return "error", f"java.lang.OutOfMemoryError: Java heap space while handling {op}"
    if kind == "cpu":
        waited = _ms(rng, sample.median_ms)
        return "error", f"request {op} shed after {waited:.0f} ms in the run queue"
    if kind == "delay":
        return "error", f"request {op} timed out after {_ms(rng, sample.median_ms):.0f} ms"
    if fault is not None:
        release = f" (release {fault.version})" if fault.version else ""
        return "error", f"unhandled exception in {op}: {NEW_BUG}{release}"
    usual = EXCEPTIONS[sum(map(ord, name)) % len(EXCEPTIONS)]
    return "error", f"unhandled exception in {op}: {usual}"


@dataclass
class _Trace:
    topology: Topology
    effects: dict[str, Effect]
    rng: np.random.Generator
    trace_id: str
    spans: list[Span] = field(default_factory=list)

    def span(self, name: str, start: float, parent: str, operation: str) -> tuple[float, bool]:
        """Record the span of one call to `name` and its subtree: (duration ms, failed)."""
        spec, e, rng = self.topology.services[name], self.effects[name], self.rng
        span_id = rng.bytes(8).hex()
        pool = spec.db_pool
        saturated = pool is not None and e.db_in_use >= POOL_SATURATED * pool.max
        failed, wait = False, _ms(rng, 0.5)
        if saturated:
            # Time goes into waiting for a connection: the whole pool timeout when none comes.
            failed = rng.random() < e.own_error
            wait = POOL_TIMEOUT_MS if failed else _ms(rng, POOL_TIMEOUT_MS / 4)
        own = _ms(rng, spec.latency_ms if saturated else e.own_ms)
        cursor = start + 0.3 * own / 1000
        if pool is not None:
            self._add(cursor, span_id, name, "db.pool.acquire", wait, failed)
            cursor += wait / 1000
        for callee, share in spec.calls.items():
            if failed or rng.random() >= share:
                continue
            c_spec = self.topology.services[callee]
            c_op = _pick(rng, c_spec.operations)
            took, c_failed = self.span(callee, cursor, span_id, c_op)
            timed_out = took > spec.timeout_ms
            cursor += min(took, spec.timeout_ms) / 1000
            failed = (c_failed or timed_out) and rng.random() < PASS
        if not failed and not saturated:
            failed = rng.random() < e.own_error
        duration = (cursor - start) * 1000 + 0.7 * own
        self._add(start, parent, name, operation, duration, failed, span_id)
        return duration, failed

    def _add(
        self,
        start: float,
        parent: str,
        name: str,
        operation: str,
        ms: float,
        error: bool,
        span_id: str = "",
    ) -> None:
        span_id = span_id or self.rng.bytes(8).hex()
        self.spans.append(Span(start, self.trace_id, span_id, parent, name, operation, ms, error))


def traces(
    topology: Topology, effects: dict[str, Effect], t: float, rng: np.random.Generator
) -> list[Span]:
    """One second of sampled traces, rooted at the entry services by their traffic."""
    entries = topology.entries()
    total = sum(topology.services[n].entry_rps for n in entries)
    spans: list[Span] = []
    for name in entries:
        rate = TRACES_PER_S * topology.services[name].entry_rps / total
        for _ in range(int(rng.poisson(rate))):
            trace = _Trace(topology, effects, rng, rng.bytes(16).hex())
            ops = topology.services[name].operations
            trace.span(name, t - 1.0 + float(rng.random()), "", _pick(rng, ops))
            spans.extend(sorted(trace.spans, key=lambda s: s.time))
    return spans
