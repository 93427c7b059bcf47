"""What each fault does to the service it hits: the few vital signs it moves directly.

Everything else (callers' latency and errors, connection pools filling behind a slow database,
request rates, what the logs, traces and events say) follows from these numbers in the model
and the emitters, so a fault is a small change of a service's own behaviour, as in real
fault-injection benchmarks (stress, tc netem, code mutations, memory leaks, bad releases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from incident_app.rca.generate.scenario import NO_FAULT, Scenario


@dataclass
class Effects:
    """Changes to one service's own behaviour per sample (identity when healthy)."""

    n: int
    lat_mult: np.ndarray = field(init=False)  # own time per request x
    lat_add: np.ndarray = field(init=False)  # ms added to every response (network delay)
    err: np.ndarray = field(init=False)  # extra share of requests failing in its own code
    unreach: np.ndarray = field(init=False)  # share of calls to it that never get an answer
    refused: bool = False  # unreachable calls fail at once (refused) rather than time out
    bad: np.ndarray = field(init=False)  # share of answers its callers cannot use
    cpu: np.ndarray = field(init=False)  # added share of the CPU limit
    mem: np.ndarray = field(init=False)  # share of the memory limit; NaN = its usual level
    disk: np.ndarray = field(init=False)  # disk I/O x
    leak: np.ndarray = field(init=False)  # connections held and never returned (share of max)
    restarts: np.ndarray = field(init=False)  # container restarts in the step
    net: np.ndarray = field(init=False)  # bytes sent and received x
    fds: np.ndarray = field(init=False)  # share of the open-files limit in use; NaN = usual
    kills: list[int] = field(default_factory=list)  # samples with an OOMKill

    def __post_init__(self) -> None:
        ones, zeros, nans = np.ones(self.n), np.zeros(self.n), np.full(self.n, np.nan)
        self.lat_mult, self.lat_add, self.err = ones.copy(), zeros.copy(), zeros.copy()
        self.unreach, self.bad, self.cpu = zeros.copy(), zeros.copy(), zeros.copy()
        self.mem, self.disk, self.leak = nans.copy(), ones.copy(), zeros.copy()
        self.restarts, self.net, self.fds = zeros.copy(), ones.copy(), nans.copy()


def level(sc: Scenario, ramp: int | None = None) -> np.ndarray:
    """0 before the onset, rising linearly to 1 over `ramp` steps."""
    i = np.arange(sc.n, dtype=float)
    return np.clip((i - sc.onset + 1) / max(ramp or sc.ramp, 1), 0.0, 1.0)


def _oom(sc: Scenario, fx: Effects, base_mem: float, rng: np.random.Generator) -> None:
    """A leak fills memory to the limit in `period` steps; the kernel kills the container,
    memory falls back, the pod restarts (briefly unreachable), and it starts over."""
    period = max(2, round(rng.uniform(3, 9) * (1.3 - 0.6 * sc.intensity)))
    for i in range(sc.onset, sc.n):
        phase = (i - sc.onset) % period
        fx.mem[i] = base_mem + (1.0 - base_mem) * (phase + 1) / period
        if phase == period - 1:
            fx.kills.append(i)
            fx.restarts[i] += 1
            fx.unreach[i : i + 2] += 0.5 * sc.intensity
            fx.err[i : i + 2] += 0.05
    fx.lat_mult += 1.5 * np.clip(np.nan_to_num(fx.mem, nan=0.0) - 0.85, 0.0, None) / 0.15


def _backoff(sc: Scenario, fx: Effects, pods: int) -> None:
    """Crash-looping pods restart after 10 s, 20 s, 40 s, ... at most 5 min apart."""
    for pod in range(pods):
        t, delay = sc.inject_time + 5.0 * pod, 10.0
        while (i := int((t - sc.start) // sc.step)) < sc.n:
            fx.restarts[i] += 1
            fx.kills.append(i)
            t, delay = t + delay, min(2 * delay, 300.0)


def root_effects(sc: Scenario, base_mem: float, replicas: int, rng: np.random.Generator) -> Effects:
    """The fault's direct effects on its root service."""
    s, fx, lv = sc.intensity, Effects(sc.n), level(sc)
    if sc.fault == NO_FAULT:
        return fx
    if sc.fault == "cpu":
        fx.cpu = lv * (0.55 + 0.4 * s)
        fx.err = lv * 0.01 * s
    elif sc.fault == "mem":
        slow = level(sc, int(rng.integers(6, 20)))
        fx.mem = np.where(slow > 0, base_mem + slow * (0.9 + 0.07 * s - base_mem), np.nan)
        fx.lat_mult = 1.0 + 1.5 * np.clip(np.nan_to_num(fx.mem) - 0.8, 0.0, None) / 0.2
    elif sc.fault == "disk":
        fx.disk = 1.0 + lv * (4.0 + 12.0 * s)
        fx.lat_mult = 1.0 + lv * (0.8 + 2.5 * s)
    elif sc.fault == "delay":
        jitter = np.exp(0.15 * rng.standard_normal(sc.n))
        fx.lat_add = lv * (150.0 + 1200.0 * s) * jitter
    elif sc.fault == "loss":
        fx.unreach = lv * (0.08 + 0.35 * s)
        fx.lat_mult = 1.0 + 0.6 * fx.unreach
        fx.net = 1.0 - 0.5 * fx.unreach
    elif sc.fault == "socket":
        fx.unreach = lv * (0.15 + 0.55 * s)
        fx.refused = True
        fx.fds = np.where(lv > 0, 0.6 + 0.4 * lv, np.nan)
        fx.err = lv * 0.02
    elif sc.fault in ("exception", "rollout"):
        ramp = int(rng.integers(2, 7)) if sc.fault == "rollout" else sc.ramp
        fx.err = level(sc, ramp) * (0.06 + 0.5 * s)
        fx.lat_mult = 1.0 - 0.1 * level(sc, ramp)
    elif sc.fault == "return":
        fx.bad = lv * (0.1 + 0.6 * s)
        fx.net = 1.0 - 0.5 * fx.bad
    elif sc.fault == "oom":
        _oom(sc, fx, base_mem, rng)
    elif sc.fault == "crashloop":
        down = lv * (0.3 + 0.6 * s)
        fx.unreach, fx.refused = down, True
        fx.mem = np.where(lv > 0, base_mem * (1.0 - 0.5 * down), np.nan)
        _backoff(sc, fx, max(1, round((0.3 + 0.6 * s) * replicas)))
    elif sc.fault == "pool-exhaustion":
        fx.leak = level(sc, sc.ramp + 2) * (0.7 + 0.6 * s)
    elif sc.fault == "config":
        fx.err = lv * (0.1 + 0.6 * s)
        fx.restarts[sc.onset] = replicas
    else:
        raise ValueError(f"unknown fault {sc.fault}")
    return fx
