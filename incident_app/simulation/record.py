"""`flask simulate record`: a scenario run on a virtual clock (no waiting), written as a case
bundle (CASE_FORMAT.md) with its label, for replay, postmortems and the accuracy benchmark."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from incident_app.rca.casefiles import (
    Extras,
    extras_options,
    reference_folder,
    write_dependencies,
    write_json,
    write_table,
)
from incident_app.simulation.faults import SCENARIOS, Scenario
from incident_app.simulation.model import Simulator
from incident_app.simulation.topology import Topology, load_topology
from incident_app.simulation.world import World

#: World series -> case-bundle metric suffix (`<service>_<suffix>` columns).
CASE_SUFFIX = {
    "requests": "requests",
    "error": "error",
    "latency": "latency",
    "cpu": "cpu",
    "mem": "mem",
    "restarts": "restarts",
    "db_connections_in_use": "db-connections",
    "db_connections_max": "db-connections-max",
    "db_connections_waiting": "db-connections-waiting",
}
#: The series that shows each fault class best (label.json's optional "indicator").
INDICATOR = {
    "pool-exhaustion": "db-connections",
    "oom": "mem",
    "mem": "mem",
    "cpu": "cpu",
    "delay": "latency",
    "exception": "error",
    "rollout": "error",
}


def record_case(
    topology: Topology,
    scenario: Scenario,
    out_dir: Path,
    *,
    seed: int,
    start: float,
    before_s: float,
    after_s: float,
    step: int,
    extras: Extras = Extras(),
) -> dict[str, object]:
    """Simulate `before_s` of baseline, inject the scenario, simulate `after_s`, write the
    bundle into `out_dir`; returns the case's label. With `extras.reference`, as long a
    stretch just before it, with nothing injected, is its reference period."""
    sim = Simulator(topology, seed)
    world = World(sim, start, retention_s=before_s + after_s + 60)
    first = world.clock + 1
    inject_at = first + before_s
    world.advance(inject_at)
    fault = sim.inject(scenario.fault_at(inject_at))
    end = inject_at + after_s
    world.advance(end)
    out_dir.mkdir(parents=True, exist_ok=True)
    case: dict[str, object] = {"inject_time": inject_at, "system": topology.name}
    case.update(start=first, end=end, scenario=scenario.name, seed=seed)
    if extras.reference:
        folder, case["reference"] = reference_folder(out_dir)
        span = end - first  # as long as the case, ending the second before it begins
        quiet = World(Simulator(topology, seed), first - span - 2, retention_s=span + 60)
        quiet_first = quiet.clock + 1
        quiet.advance(first - 1)
        write_json(folder / "reference.json", {"start": quiet_first, "end": first - 1})
        _write_world(quiet, folder, quiet_first, first - 1, step, extras.gzip)
    if extras.dependencies:
        edges = [
            (name, callee) for name, spec in topology.services.items() for callee in spec.calls
        ]
        write_dependencies(out_dir, edges, compress=extras.gzip)
    label: dict[str, object] = {"service": fault.service, "fault": fault.kind}
    if fault.kind in INDICATOR:
        label["indicator"] = f"{fault.service}_{INDICATOR[fault.kind]}"
    write_json(out_dir / "case.json", case)
    write_json(out_dir / "label.json", label)
    _write_world(world, out_dir, first, end, step, extras.gzip)
    return label


def _write_world(
    world: World, folder: Path, first: float, end: float, step: int, compress: bool
) -> None:
    """What the world's monitoring saw from `first` to `end`, as a bundle's tables."""
    columns: dict[str, dict[float, float]] = {}
    for s in world.series(world.topology.order, first, end, step):
        columns[f"{s.service}_{CASE_SUFFIX[s.metric]}"] = dict(s.points)
    times = sorted({t for points in columns.values() for t in points})
    write_table(
        folder / "metrics.csv",
        ["time", *columns],
        ([int(t), *(_cell(columns[c].get(t)) for c in columns)] for t in times),
        compress=compress,
    )
    write_table(
        folder / "logs.csv",
        ["time", "service", "level", "message"],
        ([round(r.time, 3), r.service, r.level, r.message] for r in world.logs),
        compress=compress,
    )
    write_table(
        folder / "traces.csv",
        [
            "time",
            "trace_id",
            "span_id",
            "parent_span_id",
            "service",
            "operation",
            "duration_ms",
            "status",
        ],
        (
            [
                round(s.time, 6),
                s.trace_id,
                s.span_id,
                s.parent_span_id,
                s.service,
                s.operation,
                round(s.duration_ms, 3),
                "error" if s.error else "ok",
            ]
            for s in world.spans
        ),
        compress=compress,
    )
    write_table(
        folder / "events.csv",
        ["time", "service", "kind", "reason", "message"],
        ([e.time, e.service, e.kind, e.reason, e.message] for e in world.cluster.events),
        compress=compress,
    )


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


simulate_cli = AppGroup("simulate", help="Run the failure simulation offline.")


@simulate_cli.command("record")
@click.argument("scenario", type=click.Choice(sorted(SCENARIOS)))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=None, help="Noise seed (default: SIMULATION_SEED).")
@click.option("--before", type=click.IntRange(1, 240), default=30, help="Minutes of baseline.")
@click.option("--after", type=click.IntRange(1, 120), default=5, help="Minutes after the fault.")
@click.option("--step", type=click.IntRange(1, 60), default=5, help="Seconds between rows.")
@click.option("--start", type=float, default=None, help="Unix time the recording starts.")
@extras_options
def record(
    scenario: str,
    out_dir: Path,
    seed: int | None,
    before: int,
    after: int,
    step: int,
    start: float | None,
    extras: Extras,
) -> None:
    """Write SCENARIO's telemetry to OUT_DIR as a labelled case bundle (default: ending now)."""
    config = current_app.config
    topology = load_topology(config.get("SIMULATION_TOPOLOGY") or None)
    seed = int(config.get("SIMULATION_SEED", 0)) if seed is None else seed
    begin = time.time() - 60 * (before + after) if start is None else start
    label = record_case(
        topology,
        SCENARIOS[scenario],
        out_dir,
        seed=seed,
        start=begin,
        before_s=60.0 * before,
        after_s=60.0 * after,
        step=step,
        extras=extras,
    )
    click.echo(f"recorded {scenario} into {out_dir}: {json.dumps(label)}")
