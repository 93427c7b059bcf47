"""Log lines, drawn per service and sample from the model's state.

Access lines at a steady rate (500s as often as requests fail); each service's usual sporadic
exception; the root's own words for its fault (an exhausted pool, a full heap, a new bug, a
refused accept); callers' complaints about the callee that failed them, worded per service in
one of a few house styles, one of which never names the callee (and since a complaint names
only the direct callee, intermediate services are named too); slow-request warnings wherever
latency grew; and unrelated chatter such as a batch job starting. Some services' logs are
not collected at all.
"""

from __future__ import annotations

import numpy as np

from incident_app.rca.generate.model import State
from incident_app.rca.generate.scenario import Scenario
from incident_app.rca.generate.traits import Traits, trait

Line = tuple[float, str, str, str]  # time, service, level, message
USUAL = (
    "KeyError: 'sku'",
    "AttributeError: 'NoneType' object has no attribute 'amount'",
    "ValueError: invalid literal for int() with base 10: ''",
    "IndexError: list index out of range",
)
NEW_BUG = "TypeError: unsupported operand type(s) for +: 'Decimal' and 'float'"
CONFIG_KEY = ("UPSTREAM_URL", "DB_POOL_SIZE", "FEATURE_FLAGS_PATH", "TLS_CERT_FILE")
WHY = {
    "timeout": ("timed out after {t} ms", "context deadline exceeded after {t} ms"),
    "error": ("HTTP 500 Internal Server Error", "HTTP 503 Service Unavailable"),
    "refused": ("connect: connection refused", "dial tcp {ip}:8080: connect: connection refused"),
    "lost": ("read: connection reset by peer", "write: broken pipe"),
    "bad": ("invalid response: unexpected end of JSON input", "cannot decode response body"),
}


def _ip(rng: np.random.Generator) -> str:
    return f"10.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(2, 250)}"


def _complaint(style: int, callee: str, why: str, op: str) -> str:
    """A caller's line about a failed call, in its house style; some never say to whom."""
    if style == 0:
        return f"call to {callee} failed: {why}"
    if style == 1:
        return f"upstream {callee} error: {why}"
    if style == 2:
        return f"{op.split(' ')[0]} http://{callee}:8080/api failed: {why}"
    return f"upstream request failed: {why}"


class _Writer:
    def __init__(self, sc: Scenario, rng: np.random.Generator) -> None:
        self.sc, self.rng = sc, rng
        self.lines: list[Line] = []

    def times(self, i: int, rate: float) -> list[float]:
        """Moments of Poisson(rate) lines within sample `i`."""
        count = int(self.rng.poisson(max(0.0, min(rate, 6.0))))
        return [float(self.sc.start + (i + self.rng.random()) * self.sc.step) for _ in range(count)]

    def add(self, moment: float, name: str, level: str, message: str) -> None:
        self.lines.append((round(moment, 3), name, level, message))

    def pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(len(options)))]


def _own_words(w: _Writer, name: str, st: State, i: int) -> None:
    """The fault's own messages on the service it hit."""
    sc, rng = w.sc, w.rng
    spec, fx, lv = sc.topology.services[name], st.effects, i >= sc.onset
    op = w.pick(spec.operations)
    excess = max(0.0, st.own_error[i] - spec.error_rate) * st.rps[i] * sc.step
    fault, version = sc.fault, f"v2.{sc.seed % 17}.{sc.seed % 5}"
    limit = f"{spec.memory_limit_mb:.0f}Mi"
    if fault == "cpu" and lv:
        for t in w.times(i, 1.5):
            w.add(t, name, "warn", f"run queue saturated: {rng.integers(20, 400)} waiting for CPU")
    elif fault in ("mem", "oom") and st.mem[i] > 0.85:
        for t in w.times(i, 1.0):
            gc = rng.integers(80, 900)
            w.add(t, name, "warn", f"memory usage at {st.mem[i]:.0%} of {limit}, GC pause {gc} ms")
    elif fault == "disk" and lv:
        for t in w.times(i, 1.5):
            w.add(t, name, "warn", f"slow disk write: fsync took {rng.integers(200, 4000)} ms")
    elif fault == "loss" and lv:
        for t in w.times(i, 0.5):
            w.add(t, name, "warn", f"write to client {_ip(rng)}: broken pipe")
    elif fault == "socket" and lv:
        for t in w.times(i, 3.0):
            w.add(t, name, "error", "accept4: too many open files; retrying in 5ms")
    elif fault in ("exception", "rollout"):
        tag = f" (release {version})" if fault == "rollout" else ""
        for t in w.times(i, 0.2 * excess):
            w.add(t, name, "error", f"unhandled exception in {op}: {NEW_BUG}{tag}")
    elif fault == "config" and lv:
        key = CONFIG_KEY[sc.seed % len(CONFIG_KEY)]
        for t in w.times(i, 0.2 * excess):
            w.add(t, name, "error", f"unhandled exception in {op}: KeyError: '{key}'")
        for t in w.times(i, 0.4):
            w.add(t, name, "error", f"invalid configuration: {key} is not set")
    if i in fx.kills:
        if fault == "oom":
            for t in w.times(i, 2.0):
                size = rng.integers(1, 64)
                w.add(t, name, "error", f"fatal: out of memory allocating {size} MiB")
        elif fault == "crashloop":
            for t in w.times(i, 1.0):
                w.add(t, name, "error", "panic: runtime error: nil pointer dereference")
        for t in w.times(i, 1.0):
            w.add(t, name, "info", f"starting {name} {version}")


def _usual_lines(w: _Writer, name: str, st: State, i: int, usual: str) -> None:
    """Access lines, the service's sporadic exception, pool and slow-request warnings."""
    rng, spec = w.rng, w.sc.topology.services[name]
    ops = spec.operations
    for t in w.times(i, (1 - st.effects.unreach[i]) * min(2.5, 0.3 + st.rps[i] / 60)):
        code = 500 if rng.random() < st.error[i] else 200
        ms = st.latency[i] * np.exp(0.35 * rng.standard_normal())
        w.add(t, name, "info", f"{w.pick(ops)} {code} {ms:.0f}ms")
    for t in w.times(i, 0.03):
        w.add(t, name, "error", f"unhandled exception in {ops[0]}: {usual}")
    if st.pool_wait[i] > 0.05:
        waiting = int(st.pool_wait[i] * st.rps[i])
        for t in w.times(i, 4 * st.pool_wait[i]):
            w.add(
                t,
                name,
                "error",
                f"connection pool exhausted: {spec.pool_max}/"
                f"{spec.pool_max} connections in use, {waiting} requests waiting",
            )
    slow = st.latency[i] / st.latency[0]
    for t in w.times(i, 0.02 + (0.3 * (slow - 3) if slow > 3 else 0)):
        w.add(t, name, "warn", f"slow request: {ops[0]} took {st.latency[i] * 2:.0f} ms")


def _complaints(w: _Writer, name: str, states: dict[str, State], i: int) -> None:
    """A caller's lines about callees that failed it, by cause."""
    sc, rng, st = w.sc, w.rng, states[name]
    spec, style = sc.topology.services[name], sc.styles[name]
    for callee, causes in st.upstream.items():
        refused = states[callee].effects.refused
        for cause, share in causes.items():
            rate = 40 * share[i] * min(1.0, st.rps[i] / 5)
            if rate < 0.01:
                continue
            kind = cause if cause != "unreachable" else "refused" if refused else "lost"
            for t in w.times(i, rate):
                why = w.pick(WHY[kind]).format(t=int(spec.timeout_ms), ip=_ip(rng))
                w.add(t, name, "error", _complaint(style, callee, why, spec.operations[0]))


def log_lines(
    sc: Scenario, states: dict[str, State], rng: np.random.Generator, traits: Traits
) -> list[Line]:
    w = _Writer(sc, rng)
    names = sorted(states)
    usual = trait(traits, "usual", lambda: {n: w.pick(USUAL) for n in names})
    chatter = names[int(rng.integers(len(names)))] if rng.random() < 0.3 else None
    batch = next((b for b in sc.blips if b.length >= sc.n // 2), None)
    for name in names:
        for i in range(sc.n):
            _usual_lines(w, name, states[name], i, usual[name])
            if name == sc.root:
                _own_words(w, name, states[name], i)
            _complaints(w, name, states, i)
            if name == chatter and i >= sc.onset:
                for t in w.times(i, 0.5):
                    w.add(t, name, "info", f"cache refresh done in {rng.integers(50, 900)} ms")
            if batch is not None and name == batch.service and i >= batch.start:
                for t in w.times(i, 1.0):
                    items = rng.integers(1000, 90000)
                    w.add(t, name, "warn", f"batch job reindex running: {items} items processed")
    return sorted(line for line in w.lines if line[1] not in sc.unlogged)
