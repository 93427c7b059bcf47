"""One case's random draw: the time grid, the fault and its root, how symptoms travel along
each call edge, which signals were not recorded, and the unrelated trouble around it.

Everything random about a case is drawn here (or by the emitters from the same generator), so a
seed and a case index always give the same bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from incident_app.rca.generate.topology import Topology

FAULTS = (
    "cpu",
    "mem",
    "disk",
    "delay",
    "loss",
    "socket",
    "exception",
    "return",
    "oom",
    "crashloop",
    "rollout",
    "pool-exhaustion",
    "config",
)
#: The "fault" of a reference period: nothing is wrong.
NO_FAULT = "none"
#: Probability that a case lacks each optional signal (the metrics are always there); beyond
#: that, some services' logs are not collected and some services are not instrumented.
MISSING = {"traces": 0.3, "logs": 0.2, "events": 0.3}
#: Metrics that an unrelated service's trouble may move.
DISTRACTOR_METRICS = ("cpu", "mem", "latency", "error", "diskio", "requests")


@dataclass(frozen=True)
class Edge:
    """How a callee's trouble reaches one caller: after `lag` steps, `fanout` times per call
    (batched or repeated calls), and `passing` of its failures not absorbed by retries."""

    lag: int
    fanout: float
    passing: float


@dataclass(frozen=True)
class Blip:
    """Unrelated trouble: `metric` of `service` moves by `size` (relative) for `length` steps."""

    service: str
    metric: str
    start: int
    length: int
    size: float


@dataclass(frozen=True)
class Scenario:
    topology: Topology
    fault: str
    root: str
    intensity: float  # 0..1: how hard the fault hits
    step: int  # seconds between samples
    start: float  # unix time of the first sample
    n: int  # samples
    onset: int  # index of the first sample after the fault began (the inject time)
    ramp: int  # steps until the fault is in full force
    edges: dict[tuple[str, str], Edge]
    missing: frozenset[str]
    blips: tuple[Blip, ...]
    surge: tuple[int, float] | None  # (start index, traffic factor) of a benign traffic rise
    benign_rollout: tuple[str, int] | None  # a release of another service, and when
    seed: int
    styles: dict[str, int] = field(default_factory=dict)  # per service: how it words upstream logs
    unlogged: frozenset[str] = frozenset()  # services whose logs were not collected
    untraced: frozenset[str] = frozenset()  # services without tracing instrumentation

    @property
    def inject_time(self) -> float:
        return self.start + self.onset * self.step

    def time(self, index: int | np.ndarray) -> np.ndarray:
        return self.start + np.asarray(index) * self.step


def eligible(topology: Topology, fault: str) -> list[str]:
    """Services this fault can hit: pools need a pool, releases and config need a deployment,
    a wrong answer needs someone to read it."""
    out = []
    for name, spec in topology.services.items():
        if fault == "pool-exhaustion" and not spec.pool_max:
            continue
        if fault in ("rollout", "config") and spec.stateful:
            continue
        if fault == "return" and not topology.callers[name]:
            continue
        out.append(name)
    return sorted(out)


def _blips(
    rng: np.random.Generator, topology: Topology, root: str, n: int, onset: int
) -> list[Blip]:
    """Short spikes anywhere, and often one sustained change on a service outside the fault's
    path (a batch job, a cache flush) that starts close to the fault."""
    others = sorted(set(topology.services) - {root} - topology.upstream(root))
    names = sorted(topology.services)
    blips = []
    for _ in range(int(rng.integers(1, 5))):
        blips.append(
            Blip(
                names[int(rng.integers(len(names)))],
                DISTRACTOR_METRICS[int(rng.integers(len(DISTRACTOR_METRICS)))],
                int(rng.integers(n // 3, n - 1)),
                int(rng.integers(1, 4)),
                float(rng.uniform(0.5, 3.0)),
            )
        )
    if others and rng.random() < 0.45:
        blips.append(
            Blip(
                others[int(rng.integers(len(others)))],
                DISTRACTOR_METRICS[int(rng.integers(len(DISTRACTOR_METRICS)))],
                onset + int(rng.integers(-3, 4)),
                n,
                float(rng.uniform(0.3, 1.5)),
            )
        )
    return blips


def draw(topology: Topology, fault: str, seed: int, start: float) -> Scenario:
    """A case of `fault` on a random eligible service of `topology`."""
    rng = np.random.default_rng(seed)
    candidates = eligible(topology, fault)
    root = candidates[int(rng.integers(len(candidates)))]
    step = int(rng.choice([10, 15, 15, 30]))
    before, after = int(rng.integers(20, 31)) * 60 // step, int(rng.integers(8, 13)) * 60 // step
    n = before + after
    edges = {
        (caller, callee): Edge(
            lag=int(rng.choice([0, 1, 1, 2])),
            fanout=float(rng.uniform(1.0, 2.5)),
            passing=float(rng.uniform(0.6, 1.0)),
        )
        for caller, spec in topology.services.items()
        for callee in spec.calls
    }
    missing = frozenset(s for s, p in MISSING.items() if rng.random() < p)
    names = sorted(topology.services)
    surge = (before + int(rng.integers(-4, 5)), float(rng.uniform(1.2, 1.6)))
    release = (names[int(rng.integers(len(names)))], before - int(rng.integers(1, before)))
    return Scenario(
        topology=topology,
        fault=fault,
        root=root,
        intensity=float(rng.uniform(0.35, 1.0)),
        step=step,
        start=start,
        n=n,
        onset=before,
        ramp=int(rng.integers(1, 4)),
        edges=edges,
        missing=missing,
        blips=tuple(_blips(rng, topology, root, n, before)),
        surge=surge if rng.random() < 0.15 else None,
        benign_rollout=release if release[0] != root and rng.random() < 0.35 else None,
        seed=seed,
        styles={name: int(rng.integers(4)) for name in names},
        unlogged=frozenset(n for n in names if rng.random() < 0.1),
        untraced=frozenset(n for n in names if rng.random() < 0.05),
    )


def quiet_before(sc: Scenario) -> Scenario:
    """The case's system over as long a stretch just before it, with nothing wrong: no fault,
    no unrelated trouble, surge or release; the same instrumentation (signals not recorded,
    services without logs or traces, how each words its logs)."""
    return replace(
        sc,
        fault=NO_FAULT,
        start=sc.start - sc.n * sc.step,
        onset=sc.n,
        blips=(),
        surge=None,
        benign_rollout=None,
    )
