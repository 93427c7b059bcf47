"""The simulation as a telemetry source: the same interface the Prometheus, Loki, Tempo and
Kubernetes clients implement, read from the running World's buffers, so the analyzers score a
simulated incident exactly as they would a live one."""

from __future__ import annotations

from typing import Any

from incident_app.correlation.types import AnalysisContext, Signal, Telemetry
from incident_app.simulation.world import World

#: The World keeps one sample per second; series are served at the analysis' step but never
#: coarser than this, so an analysis started soon after a fault still sees several points.
MAX_STEP_S = 5


class SimulationSource:
    name = "simulation"

    def __init__(self, world: World, signal: Signal) -> None:
        self.world = world
        self.signal = signal

    def check(self) -> dict[str, Any]:
        return {
            "status": "up",
            "topology": self.world.topology.name,
            "clock": self.world.clock,
            "active_faults": len(self.world.sim.active(self.world.clock)),
        }

    def fetch(self, context: AnalysisContext) -> Telemetry:
        lo, hi = context.window_start.timestamp(), context.window_end.timestamp()
        names = {s.name for s in context.services}
        world = self.world
        if self.signal is Signal.metrics:
            step = max(1, min(context.step_seconds, MAX_STEP_S))
            return Telemetry(series=world.series(sorted(names), lo, hi, step))
        with world.lock:
            if self.signal is Signal.logs:
                logs = [r for r in world.logs if lo <= r.time <= hi and r.service in names]
                return Telemetry(logs=sorted(logs, key=lambda r: r.time))
            if self.signal is Signal.traces:
                spans = [s for s in world.spans if lo <= s.time <= hi]
                # Whole traces that touch an analyzed service: callers and callees give the
                # call graph.
                wanted = {s.trace_id for s in spans if s.service in names}
                return Telemetry(spans=[s for s in spans if s.trace_id in wanted])
            cluster = world.cluster
            return Telemetry(
                pods=cluster.states(sorted(names), world.clock),
                events=[e for e in cluster.events if lo <= e.time <= hi and e.service in names],
                rollouts=[r for r in cluster.rollouts if lo <= r.time <= hi and r.service in names],
            )
