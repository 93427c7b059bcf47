"""The simulation run over time: one tick per second turns the model's state into telemetry
kept in bounded buffers (metrics, logs, spans, pods, events) and into the cumulative counters
`/simulation/metrics` exports.

The live ticker and `flask simulate record` both drive a World, one on the wall clock and one
on a virtual clock, so a recorded case is exactly what the live demo would have shown.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict, deque
from collections.abc import Iterable

import numpy as np

from incident_app.correlation.types import LogRecord, Series, Span
from incident_app.simulation import emit
from incident_app.simulation.kube import Cluster
from incident_app.simulation.model import CLIENT_ERRORS, SIGMA, Sample, Simulator

#: Per-service series, named like the Prometheus source names what it queries.
FIELDS = (
    "requests",
    "error",
    "latency",
    "cpu",
    "mem",
    "restarts",
    "db_connections_in_use",
    "db_connections_max",
    "db_connections_waiting",
)
#: Rates are averaged over a step (as rate() would); gauges keep their last value.
AVERAGED = frozenset({"requests", "error", "latency", "cpu"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class World:
    """A Simulator advanced second by second from `start`, remembering `retention_s`."""

    def __init__(self, sim: Simulator, start: float, retention_s: float = 7200.0) -> None:
        self.sim = sim
        self.topology = sim.topology
        self.lock = threading.RLock()
        self.clock = float(math.floor(start))
        self.retention_s = retention_s
        size = max(int(retention_s), 60)
        self.times = np.full(size, -np.inf)
        self.values = np.full((size, len(self.topology.order), len(FIELDS)), np.nan)
        self.cursor = 0
        self.logs: deque[LogRecord] = deque()
        self.spans: deque[Span] = deque()
        self.cluster = Cluster(self.topology)
        self.requests: dict[tuple[str, str], float] = defaultdict(float)
        self.buckets = {n: np.zeros(len(BUCKETS)) for n in self.topology.order}
        self.duration_sum: dict[str, float] = defaultdict(float)
        self.duration_count: dict[str, float] = defaultdict(float)
        self.cpu_seconds: dict[tuple[str, str], float] = defaultdict(float)
        self.samples: dict[str, Sample] = {}

    def advance(self, until: float) -> None:
        """Tick every whole second after the clock up to `until`."""
        with self.lock:
            while self.clock + 1 <= until:
                self.tick(self.clock + 1)

    def tick(self, t: float) -> None:
        sim, topo = self.sim, self.topology
        effects = sim.effects(t)
        samples = sim.sample(t, effects)
        rng = np.random.default_rng([sim.seed, int(t), 1])
        row = self.values[self.cursor]
        for i, name in enumerate(topo.order):
            spec, effect, sample = topo.services[name], effects[name], samples[name]
            self.cluster.observe(name, effect, t)
            self._count(name, sample)
            history = sim.history(name)
            fault = next((f for f in reversed(history) if f.start <= t), None)
            callees = {c: effects[c] for c in spec.calls}
            self.logs.extend(emit.logs(name, spec, effect, sample, callees, fault, t, rng))
            db = [sample.db_in_use, sample.db_max, sample.db_waiting]
            row[i] = [
                sample.rps,
                sample.error,
                sample.p95_ms,
                sum(sample.cpu_cores.values()),
                sum(sample.memory_bytes.values()),
                self.cluster.restarts(name),
                *(np.nan if v is None else v for v in db),
            ]
        self.spans.extend(emit.traces(topo, effects, t, rng))
        self.times[self.cursor] = t
        self.cursor = (self.cursor + 1) % len(self.times)
        self.samples = samples
        self.clock = t
        cutoff = t - self.retention_s
        for buffer in (self.logs, self.spans):
            while buffer and buffer[0].time < cutoff:
                buffer.popleft()
        self.cluster.prune(cutoff)

    def _count(self, name: str, s: Sample) -> None:
        """Grow the exported counters by one second of traffic."""
        upstream = max(0.0, s.error - s.own_error)
        client = (1.0 - s.error) * CLIENT_ERRORS
        for code, share in (
            ("200", 1.0 - s.error - client),
            ("404", client),
            ("500", s.own_error),
            ("503", upstream),
        ):
            self.requests[(name, code)] += s.rps * share
        median_s = s.median_ms / 1000
        z = (np.log(np.asarray(BUCKETS)) - math.log(median_s)) / SIGMA
        cdf = 0.5 * np.array([math.erfc(-v / math.sqrt(2)) for v in z])
        self.buckets[name] += s.rps * cdf
        self.duration_sum[name] += s.rps * median_s * math.exp(SIGMA**2 / 2)
        self.duration_count[name] += s.rps
        for pod, cores in s.cpu_cores.items():
            self.cpu_seconds[(name, pod)] += cores

    def series(self, services: Iterable[str], lo: float, hi: float, step: int) -> list[Series]:
        """Each service's FIELDS between `lo` and `hi`, one point per `step` seconds.

        Steps are aligned to multiples of `step` and only whole ones are kept, as every
        Prometheus rate covers a whole window: a step cut short by the window's end would
        average fewer seconds and look noisier than the rest."""
        with self.lock:
            keep = (self.times >= lo) & (self.times <= hi)
            times, values = self.times[keep], self.values[keep]
        order = np.argsort(times)
        times, values = times[order], values[order]
        step = max(step, 1)
        slots = np.floor((times - 1) / step).astype(np.int64)  # tick t covers (t - 1, t]
        edges = np.flatnonzero(np.diff(slots, prepend=slots[:1] - 1))
        sizes = np.diff(np.append(edges, len(times)))
        whole = sizes == step
        ends = edges + sizes - 1
        index = {name: i for i, name in enumerate(self.topology.order)}
        found = []
        for service in (s for s in services if s in index):
            for f, metric in enumerate(FIELDS):
                column = values[:, index[service], f]
                if len(column) == 0 or np.isnan(column).all():
                    continue
                if metric in AVERAGED:
                    points = np.add.reduceat(column, edges) / sizes
                else:
                    points = column[ends]
                pairs = tuple(
                    (float(t), float(v))
                    for t, v, ok in zip(times[ends], points, whole, strict=True)
                    if ok and not math.isnan(v)
                )
                found.append(Series(service, metric, pairs, f"simulation:{metric}"))
        return found
