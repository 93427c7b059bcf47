"""Sampled traces: requests enter at the entry services and follow the call graph.

Each span's own time comes from its service's state at that moment; a call may be lost or
refused (no child span: the callee never saw it), time out (the caller gives up, the callee's
span runs on), fail, or return something the caller cannot use (the callee's span is fine,
the caller's fails). A caller passes a callee's failure on unless a retry or fallback absorbs
it, and stops calling further callees once it has failed. Services without instrumentation
leave gaps: their callees' spans point at parents that were never recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from incident_app.rca.generate.model import LOST_MS, REFUSED_MS, SIGMA, State
from incident_app.rca.generate.scenario import Scenario

#: Sampled traces per second, by system size (bigger systems sample less).
TRACES_PER_S = {"small": 0.4, "large": 0.25}

Row = tuple[float, str, str, str, str, str, float, str]


@dataclass
class _Trace:
    sc: Scenario
    states: dict[str, State]
    i: int
    rng: np.random.Generator
    trace_id: str
    rows: list[Row] = field(default_factory=list)

    def span(self, name: str, start: float, parent: str, operation: str) -> tuple[float, bool]:
        """Record `name`'s span and its subtree; (duration ms, failed)."""
        sc, st, rng, i = self.sc, self.states[name], self.rng, self.i
        spec = sc.topology.services[name]
        span_id = rng.bytes(8).hex()
        own = float(st.own_ms[i] * np.exp(SIGMA * rng.standard_normal()))
        cursor, failed = start + 0.3 * own / 1000, False
        for callee, share in spec.calls.items():
            if failed or rng.random() >= share:
                continue
            c = self.states[callee]
            c_spec = sc.topology.services[callee]
            if rng.random() < c.effects.unreach[i]:
                took = REFUSED_MS if c.effects.refused else min(spec.timeout_ms, LOST_MS)
                c_failed = True
            else:
                op = c_spec.operations[int(rng.integers(len(c_spec.operations)))]
                took, c_failed = self.span(callee, cursor, span_id, op)
                c_failed = c_failed or rng.random() < c.effects.bad[i]
                if took > spec.timeout_ms:
                    took, c_failed = spec.timeout_ms, True
            cursor += took / 1000
            if c_failed and rng.random() < sc.edges[(name, callee)].passing:
                failed = True
        if not failed:
            failed = rng.random() < st.own_error[i]
        duration = (cursor - start) * 1000 + 0.7 * own
        status = "error" if failed else "ok"
        self.rows.append((start, self.trace_id, span_id, parent, name, operation, duration, status))
        return duration, failed


def trace_rows(sc: Scenario, states: dict[str, State], rng: np.random.Generator) -> list[Row]:
    topo = sc.topology
    entries = [n for n in sorted(topo.services) if topo.services[n].entry_rps > 0]
    weights = np.array([topo.services[n].entry_rps for n in entries])
    rate = TRACES_PER_S["large" if len(topo.services) > 20 else "small"]
    count = int(rng.poisson(rate * sc.n * sc.step))
    rows: list[Row] = []
    for moment in np.sort(sc.start + rng.random(count) * sc.n * sc.step):
        i = min(int((moment - sc.start) // sc.step), sc.n - 1)
        name = entries[int(rng.choice(len(entries), p=weights / weights.sum()))]
        if rng.random() < states[name].effects.unreach[i]:
            continue  # the request never got in: no trace
        ops = topo.services[name].operations
        trace = _Trace(sc, states, i, rng, rng.bytes(16).hex())
        trace.span(name, float(moment), "", ops[int(rng.integers(len(ops)))])
        rows.extend(trace.rows)
    return [
        (round(r[0], 6), *r[1:6], round(r[6], 3), r[7]) for r in rows if r[4] not in sc.untraced
    ]
