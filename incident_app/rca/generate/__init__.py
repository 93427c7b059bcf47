"""A labelled scenario generator: realistic case bundles (CASE_FORMAT.md) for measuring
root-cause accuracy, with the ground truth in label.json.

Each case draws a fault on one service (scenario.py), lets its effects travel along the call
graph (model.py) and records what monitoring would have seen: metrics, logs, traces and
Kubernetes events, each optional signal sometimes missing. The same seed gives the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from incident_app.rca.casefiles import (
    Extras,
    reference_folder,
    write_dependencies,
    write_json,
    write_table,
)
from incident_app.rca.generate.events import event_rows
from incident_app.rca.generate.logs import log_lines
from incident_app.rca.generate.metrics import metric_columns
from incident_app.rca.generate.model import simulate
from incident_app.rca.generate.scenario import FAULTS, Scenario, draw, quiet_before
from incident_app.rca.generate.topology import Topology, load
from incident_app.rca.generate.traces import trace_rows
from incident_app.rca.generate.traits import Traits

#: The series that shows each fault best (label.json's "indicator").
INDICATOR = {
    "cpu": "cpu",
    "mem": "mem",
    "oom": "mem",
    "disk": "diskio",
    "delay": "latency",
    "loss": "latency-90",
    "socket": "sockets",
    "exception": "error",
    "return": "nettx",
    "crashloop": "restarts",
    "rollout": "error",
    "pool-exhaustion": "db-connections",
    "config": "error",
}
TRACE_HEADER = [
    "time",
    "trace_id",
    "span_id",
    "parent_span_id",
    "service",
    "operation",
    "duration_ms",
    "status",
]
EPOCH = 1_700_000_000


def _cell(value: float) -> str:
    return "" if not np.isfinite(value) else f"{value:.6g}"


def _record(
    sc: Scenario, folder: Path, rng: np.random.Generator, traits: Traits, compress: bool
) -> None:
    """Simulate `sc` and write what monitoring saw into `folder`: the metrics and each
    optional signal the scenario recorded."""
    states = simulate(sc, rng)
    columns = metric_columns(sc, states, rng, traits)
    write_table(
        folder / "metrics.csv",
        ["time", *columns],
        (
            [int(sc.start + i * sc.step), *(_cell(v[i]) for v in columns.values())]
            for i in range(sc.n)
        ),
        compress=compress,
    )
    lines, spans = log_lines(sc, states, rng, traits), trace_rows(sc, states, rng)
    events = event_rows(sc, states, rng)
    if "logs" not in sc.missing:
        header = ["time", "service", "level", "message"]
        write_table(folder / "logs.csv", header, lines, compress=compress)
    if "traces" not in sc.missing:
        write_table(folder / "traces.csv", TRACE_HEADER, spans, compress=compress)
    if "events" not in sc.missing:
        header = ["time", "service", "kind", "reason", "message"]
        write_table(folder / "events.csv", header, events, compress=compress)


def write_case(sc: Scenario, case_dir: Path, extras: Extras = Extras()) -> dict[str, str]:
    """Simulate `sc` and write its bundle into `case_dir`; returns the label. `extras` adds
    gzip, the call graph, and a reference period from the same model with nothing wrong."""
    case_dir.mkdir(parents=True, exist_ok=True)
    end = sc.start + (sc.n - 1) * sc.step
    meta: dict[str, object] = {"inject_time": sc.inject_time, "system": sc.topology.system}
    meta.update(start=sc.start, end=end)
    traits: Traits = {}
    _record(sc, case_dir, np.random.default_rng(sc.seed + 1), traits, extras.gzip)
    if extras.reference:
        folder, meta["reference"] = reference_folder(case_dir)
        quiet = quiet_before(sc)
        write_json(folder / "reference.json", {"start": quiet.start, "end": sc.start - sc.step})
        _record(quiet, folder, np.random.default_rng([sc.seed, 2]), traits, extras.gzip)
    if extras.dependencies:
        calls = sc.topology.services.items()
        edges = [(caller, callee) for caller, spec in calls for callee in spec.calls]
        write_dependencies(case_dir, edges, compress=extras.gzip)
    write_json(case_dir / "case.json", meta)
    label = {"service": sc.root, "fault": sc.fault, "indicator": f"{sc.root}_{INDICATOR[sc.fault]}"}
    write_json(case_dir / "label.json", label)
    return label


def case_seed(seed: int, index: int) -> int:
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def generate(
    out_dir: Path, seed: int, cases: int, topology: str = "both", extras: Extras = Extras()
) -> list[Path]:
    """`cases` cases in `out_dir`/case-0000, ...: faults in turn, so every fault gets its
    share; with `both`, the shop and the large system alternate."""
    kinds = ["shop", "large"] if topology == "both" else [topology]
    systems: dict[str, Topology] = {kind: load(kind) for kind in kinds}
    written = []
    for index in range(cases):
        this = case_seed(seed, index)
        system = systems[kinds[index % len(kinds)]]
        start = float(EPOCH + 86_400 * index + this % 3600)
        sc = draw(system, FAULTS[index % len(FAULTS)], this, start)
        case_dir = out_dir / f"case-{index:04d}"
        write_case(sc, case_dir, extras)
        written.append(case_dir)
    return written
