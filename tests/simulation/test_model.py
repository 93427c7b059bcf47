"""The simulation model on a virtual clock: baseline, propagation up the call graph with a lag,
recovery, pod deaths and rollouts, determinism, and the topology file's validation."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incident_app.simulation.faults import RECOVER_S, SCENARIOS, Fault, classify
from incident_app.simulation.model import LAG_S, Simulator
from incident_app.simulation.topology import DEFAULT_TOPOLOGY, TopologyError, load_topology
from incident_app.simulation.world import World

T0 = 1_750_000_000.0
TOPOLOGY = load_topology()


def pool_fault(start: float = T0, ramp: float = 0.0) -> Fault:
    return Fault(
        "payment-processing",
        start,
        "pool-exhaustion",
        error_rate=0.95,
        cpu=0.92,
        latency_ms=3400.0,
        db_connections=45.0,
        ramp_s=ramp,
    )


def world(seed: int = 7, minutes: float = 3) -> World:
    w = World(Simulator(TOPOLOGY, seed), T0 - 60 * minutes)
    w.advance(T0)
    return w


def test_default_topology_is_the_twelve_service_shop() -> None:
    assert len(TOPOLOGY.services) == 12
    assert {"frontend", "checkout", "cart", "payment-processing", "postgres"} <= set(
        TOPOLOGY.services
    )
    assert TOPOLOGY.order.index("postgres") < TOPOLOGY.order.index("payment-processing")
    assert TOPOLOGY.upstream("payment-processing") == ["checkout", "frontend"]
    # Traffic flows along the call shares; latency adds callees' time to the service's own.
    assert TOPOLOGY.rps["checkout"] == pytest.approx(120 * 0.15)
    assert TOPOLOGY.base_latency_ms["payment-processing"] == pytest.approx(105 + 12)


def test_baseline_matches_the_topology() -> None:
    e = Simulator(TOPOLOGY).effects(T0)["payment-processing"]
    assert e.own_error == pytest.approx(0.005)
    assert e.own_error < e.error < 0.006  # plus what postgres fails, less retries
    assert e.cpu == pytest.approx(0.45)
    assert e.db_in_use == 20 and e.db_waiting == 0
    assert e.latency_ms == pytest.approx(117, rel=0.01)
    assert len(e.pods) == 3 and not any(p.down for p in e.pods)


def test_fault_reaches_its_targets_and_spreads_to_callers_with_a_lag() -> None:
    sim = Simulator(TOPOLOGY)
    sim.inject(pool_fault())
    at = {t: sim.effects(T0 + t) for t in (0.5, LAG_S + 0.5, 2 * LAG_S + 0.5)}
    payment = at[0.5]["payment-processing"]
    assert payment.error == pytest.approx(0.95, abs=0.01)
    assert payment.db_in_use == 45 and payment.db_waiting > 0
    assert payment.cpu == pytest.approx(0.92)
    assert payment.latency_ms == pytest.approx(3400, rel=0.01)
    # One hop up (checkout) only after LAG_S, two hops up (frontend) after twice that.
    assert at[0.5]["checkout"].error < 0.02
    assert at[LAG_S + 0.5]["checkout"].error > 0.8
    assert at[LAG_S + 0.5]["frontend"].error < 0.02
    assert at[2 * LAG_S + 0.5]["frontend"].error > 0.1
    # Amplified on the way up: checkout waits up to its timeout and retries failed calls.
    checkout = at[2 * LAG_S + 0.5]["checkout"]
    assert checkout.latency_ms - TOPOLOGY.base_latency_ms["checkout"] > 2000
    # Services the fault does not reach stay at their baseline.
    assert at[2 * LAG_S + 0.5]["postgres"].error == pytest.approx(0.0005, rel=0.01)
    assert at[2 * LAG_S + 0.5]["cart"].latency_ms == pytest.approx(13, rel=0.01)


def test_ramp_and_recovery() -> None:
    sim = Simulator(TOPOLOGY)
    sim.inject(pool_fault(ramp=10.0))
    halfway = sim.effects(T0 + 5)["payment-processing"]
    assert 0.4 < halfway.error < 0.6 and 30 < halfway.db_in_use < 35
    ended = sim.recover(T0 + 60)
    assert [f.end for f in ended] == [T0 + 60]
    assert sim.active(T0 + 61) == []
    back = sim.effects(T0 + 60 + RECOVER_S + 3 * LAG_S)
    baseline = Simulator(TOPOLOGY).effects(T0)
    for name in TOPOLOGY.order:
        assert back[name].error == pytest.approx(baseline[name].error), name
        assert back[name].latency_ms == pytest.approx(baseline[name].latency_ms), name
        assert back[name].db_in_use == baseline[name].db_in_use, name


def test_a_new_fault_on_the_same_service_replaces_the_active_one() -> None:
    sim = Simulator(TOPOLOGY)
    sim.inject(pool_fault())
    sim.inject(Fault("payment-processing", T0 + 30, "exception", error_rate=0.5, ramp_s=0))
    assert [f.end for f in sim.faults] == [T0 + 30, None]
    assert sim.effects(T0 + 31)["payment-processing"].error == pytest.approx(0.5, abs=0.01)


def test_same_seed_same_telemetry_and_another_seed_differs() -> None:
    def run(seed: int) -> World:
        w = world(seed, minutes=2)
        w.sim.inject(SCENARIOS["pool-exhaustion"].fault_at(T0 + 0.5))
        w.advance(T0 + 40)
        return w

    a, b, c = run(3), run(3), run(4)
    assert list(a.logs) == list(b.logs) and list(a.spans) == list(b.spans)
    assert list(a.cluster.events) == list(b.cluster.events)
    assert a.series(TOPOLOGY.order, 0, T0 + 40, 5) == b.series(TOPOLOGY.order, 0, T0 + 40, 5)
    assert list(a.logs) != list(c.logs)
    assert a.series(["frontend"], 0, T0 + 40, 5) != c.series(["frontend"], 0, T0 + 40, 5)


def test_pool_exhaustion_writes_matching_logs_failing_spans_and_restarts() -> None:
    w = world()
    w.sim.inject(pool_fault(T0 + 0.5, ramp=5))
    w.advance(T0 + 60)
    after = [r for r in w.logs if r.time > T0 and r.service == "payment-processing"]
    assert any(r.message.startswith("connection pool exhausted: 4") for r in after)
    assert any("timeout acquiring connection from pool" in r.message for r in after)
    failing = [s for s in w.spans if s.time > T0 + 6 and s.error]
    acquire = [s for s in failing if s.operation == "db.pool.acquire"]
    assert acquire and all(s.service == "payment-processing" for s in acquire)
    assert any(s.service == "checkout" for s in failing)  # callers fail because it does
    reasons = [e.reason for e in w.cluster.events if e.service == "payment-processing"]
    assert "Unhealthy" in reasons and "Killing" in reasons
    assert w.cluster.restarts("payment-processing") >= 1
    assert w.cluster.restarts("checkout") == 0


def test_memory_leak_ends_in_oomkills_with_sawtooth_memory() -> None:
    w = world()
    w.sim.inject(SCENARIOS["memory-leak"].fault_at(T0 + 0.5))
    w.advance(T0 + 90)
    states = w.cluster.states(["cart"], w.clock)
    assert sum(s.restarts for s in states) >= 3
    assert {s.last_termination_reason for s in states} == {"OOMKilled"}
    assert any(e.reason == "OOMKilled" for e in w.cluster.events)
    assert any("OutOfMemoryError" in r.message for r in w.logs if r.service == "cart")
    (mem,) = [s for s in w.series(["cart"], T0 - 60, T0 + 90, 1) if s.metric == "mem"]
    values = [v for t, v in mem.points if t > T0]
    assert max(values) > 1.3 * mem.points[0][1]  # grew towards the limit...
    assert any(b < a * 0.8 for a, b in itertools.pairwise(values))  # ...and dropped


def test_bad_rollout_replaces_pods_and_rolls_back() -> None:
    w = world()
    before = {p.name for p in w.sim.effects(T0)["checkout"].pods}
    w.sim.inject(SCENARIOS["bad-rollout"].fault_at(T0 + 0.5))
    w.advance(T0 + 30)
    during = w.sim.effects(T0 + 30)["checkout"]
    assert {p.revision for p in during.pods} == {"v2.14.0"}
    assert not before & {p.name for p in during.pods}
    assert during.own_error == pytest.approx(0.6, abs=0.02)
    (rollout,) = list(w.cluster.rollouts)
    assert rollout.service == "checkout" and rollout.image.endswith(":v2.14.0")
    scaled = [e.message for e in w.cluster.events if e.reason == "ScalingReplicaSet"]
    assert any(m.startswith("Scaled up replica set checkout-") for m in scaled)
    assert any(m.endswith(" to 0") and m.startswith("Scaled down") for m in scaled)
    w.sim.recover(T0 + 31)
    w.advance(T0 + 60)
    assert {p.name for p in w.sim.effects(T0 + 60)["checkout"].pods} == before


def test_scenarios_name_a_service_of_the_topology_and_their_fault() -> None:
    assert set(SCENARIOS) == {
        "pool-exhaustion",
        "memory-leak",
        "cpu-saturation",
        "bad-rollout",
        "downstream-latency",
        "dependency-errors",
    }
    for s in SCENARIOS.values():
        spec = TOPOLOGY.services[s.service]
        targets = {k: v for k, v in s.targets.items()}
        assert classify(spec, TOPOLOGY.base_latency_ms[s.service], **targets) == s.fault


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["services"]["postgres"].update(calls={"auth": 1.0}), "call cycle"),
        (lambda t: t["services"]["cart"].update(calls={"nope": 1.0}), "unknown services"),
        (lambda t: t["services"]["cart"].update(latency_ms=-1), "latency_ms"),
        (lambda t: t["services"]["frontend"].update(entry_rps=0), "entry_rps"),
    ],
)
def test_a_broken_topology_file_is_refused(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    data = json.loads(DEFAULT_TOPOLOGY.read_text())
    change(data)
    path = tmp_path / "topology.json"
    path.write_text(json.dumps(data))
    with pytest.raises(TopologyError, match=message):
        load_topology(path)
    with pytest.raises(TopologyError, match="cannot read"):
        load_topology(tmp_path / "missing.json")
