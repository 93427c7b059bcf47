"""Scores for cluster evidence.

Pod trouble (events and pod states, grouped per service and rule): the rule's weight times
the strength of the count (1 - 0.35^n: one OOMKill already counts) times its novelty (the
rate around the start against the rate earlier in the window, so a chronic crash loop counts
less than a new one); evidence whose time is unknown counts 0.7 as much.
Rollouts: 0.95 · exp(-Δ/30 min) for a rollout Δ before the start (up to 2 min after still
counts, for clock skew), less for a bare "Scaled up" event that may be an autoscaler.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from analyzers.k8s.rules import Rule
from incident_app.correlation.types import ClusterEvent, Rollout

#: Evidence from this many seconds before the start on counts as "around the start".
RECENT = 300.0
ROLLOUT_TAU = 1800.0
ROLLOUT_AFTER = 120.0
#: A "Scaled up" with a "Scaled down" of another replica set this close is a rollout.
PAIR_WINDOW = 600.0

_SCALED = re.compile(r"scaled (up|down) replica set (\S+)", re.IGNORECASE)


@dataclass
class Group:
    """Everything one rule matched for one service."""

    rule: Rule
    recent: int = 0
    before: int = 0
    timed: bool = False
    pods: set[str] = field(default_factory=set)
    reasons: Counter[str] = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    restarts: dict[str, int] = field(default_factory=dict)

    def add(
        self, count: int, reason: str, when: float | None, recent: bool, message: str = ""
    ) -> None:
        if not recent:
            self.before += count
            return
        self.recent += count
        self.reasons[reason] += count
        if when is not None:
            self.timed = True
            self.times.append(when)
        if message and message not in self.messages:
            self.messages.append(message)

    def score(self, before_s: float, recent_s: float) -> float:
        rate_recent, rate_before = self.recent / recent_s, self.before / before_s
        novelty = rate_recent / (rate_recent + rate_before) if rate_recent else 0.0
        strength = 1 - 0.35**self.recent
        return self.rule.weight * strength * (0.3 + 0.7 * novelty) * (1.0 if self.timed else 0.7)


@dataclass(frozen=True)
class RolloutSeen:
    time: float
    workload: str
    revision: str
    image: str
    source: str  # "rollout" (a Deployment revision) or "event" (ScalingReplicaSet)
    weight: float


def proximity(seconds_before: float) -> float:
    """How much a rollout `seconds_before` the start looks like its cause (0 if well after)."""
    if seconds_before < -ROLLOUT_AFTER:
        return 0.0
    return math.exp(-max(seconds_before, 0.0) / ROLLOUT_TAU)


def rollout_score(seen: RolloutSeen, start: float) -> float:
    return 0.95 * seen.weight * proximity(start - seen.time)


def from_records(rollouts: list[Rollout]) -> list[RolloutSeen]:
    return [RolloutSeen(r.time, r.workload, r.revision, r.image, "rollout", 1.0) for r in rollouts]


def from_events(events: list[ClusterEvent]) -> list[RolloutSeen]:
    """Rollouts read from one service's ScalingReplicaSet events: the first "Scaled up" of
    each replica set, trusted fully when another replica set was scaled down close by."""
    ups: dict[str, float] = {}
    downs: list[tuple[float, str]] = []
    for e in events:
        m = _SCALED.search(e.message) if e.reason == "ScalingReplicaSet" else None
        if m and m.group(1).lower() == "up":
            ups[m.group(2)] = min(e.time, ups.get(m.group(2), e.time))
        elif m:
            downs.append((e.time, m.group(2)))
    return [
        RolloutSeen(
            time=t,
            workload=rs.rsplit("-", 1)[0],
            revision=rs,
            image="",
            source="event",
            weight=1.0 if any(rs != d and abs(t - td) <= PAIR_WINDOW for td, d in downs) else 0.6,
        )
        for rs, t in ups.items()
    ]
